// @vitest-environment jsdom
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { explainOtpFields, findOtpFields, mayContainOtpField } from '../../../extension/content/otp-fields';
import { compareTargets, loadCorpus, summarize } from './otp-corpus';

const corpus = loadCorpus();

/** Parses a page the way jsdom users do (scripts on, so custom elements build their shadow roots). */
function pageDocument(html: string): Document {
  return new JSDOM(html, { runScripts: 'dangerously' }).window.document;
}

const ids = (targets: { inputs: HTMLInputElement[] }[]) => targets.map((t) => t.inputs.map((i) => i.id));

describe('findOtpFields on the fixture corpus (jsdom, no layout)', () => {
  const results = corpus.map((page) => {
    const found = ids(findOtpFields(pageDocument(page.html)));
    return { page, found, tally: compareTargets(page.targets, found) };
  });

  it('has a corpus of at least 40 pages in all eight languages', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(40);
    expect(new Set(corpus.map((p) => p.lang))).toEqual(new Set(['en', 'nb', 'de', 'fr', 'es', 'it', 'pt', 'nl']));
    expect(corpus.some((p) => p.targets.length === 0)).toBe(true);
    expect(corpus.some((p) => p.targets.some((t) => t.length > 1))).toBe(true);
  });

  it('reaches precision ≥ 0.95 and recall ≥ 0.95 over targets', () => {
    const { table, precision, recall } = summarize(results.map((r) => ({ lang: r.page.lang, tally: r.tally })));
    const wrong = results.filter((r) => r.tally.fp + r.tally.fn > 0);
    console.log(`\nOTP field detection, jsdom (${corpus.length} pages)\n${table}`);
    for (const r of wrong) console.log(`  ${r.page.file}: missed [${r.tally.missed.join(' | ')}] extra [${r.tally.extra.join(' | ')}]`);
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });
});

describe('findOtpFields rules', () => {
  const doc = (body: string, title = 'Page') => pageDocument(`<!DOCTYPE html><html><head><title>${title}</title></head><body>${body}</body></html>`);

  it('returns one target per single field and one per run of boxes, boxes in DOM order', () => {
    const d = doc(`<h1>Two-factor authentication</h1>
      <input id="one" autocomplete="one-time-code">
      <p>or type the code from the SMS</p>
      <div>${[0, 1, 2, 3, 4, 5].map((i) => `<input id="b${i}" maxlength="1" inputmode="numeric">`).join('')}</div>`);
    expect(ids(findOtpFields(d))).toEqual([['one'], ['b0', 'b1', 'b2', 'b3', 'b4', 'b5']]);
  });

  it('never reports hidden, disabled or read-only inputs even with autocomplete=one-time-code', () => {
    const d = doc(`<input type="hidden" id="h" autocomplete="one-time-code">
      <input id="dis" disabled autocomplete="one-time-code"><input id="ro" readonly autocomplete="one-time-code">
      <div style="display:none"><input id="dn" autocomplete="one-time-code"></div>
      <input id="vh" style="visibility:hidden" autocomplete="one-time-code"><input id="op" style="opacity:0" autocomplete="one-time-code">
      <details><summary>More</summary><input id="closed" autocomplete="one-time-code"></details>`);
    expect(findOtpFields(d)).toEqual([]);
  });

  it('rules out card security codes, postal codes, phones, promo codes and search boxes by their own names', () => {
    const d = doc(`<h1>Verification code</h1><p>Enter the code we sent you</p>
      <input id="a" autocomplete="cc-csc" maxlength="4" inputmode="numeric">
      <label for="b">ZIP</label><input id="b" maxlength="5" inputmode="numeric">
      <label for="c">Phone</label><input id="c" type="tel" maxlength="8">
      <label for="d">Promo code</label><input id="d" maxlength="6">
      <input id="e" type="search" maxlength="6">`);
    expect(findOtpFields(d)).toEqual([]);
  });

  it('treats a PIN as an OTP only when the page says it was sent', () => {
    const sent = doc('<p>We sent you a PIN by SMS.</p><label for="p">PIN</label><input id="p" inputmode="numeric" maxlength="6">');
    const chosen = doc('<p>Enter the PIN you chose.</p><label for="p">PIN</label><input id="p" inputmode="numeric" maxlength="6">');
    expect(ids(findOtpFields(sent))).toEqual([['p']]);
    expect(findOtpFields(chosen)).toEqual([]);
  });

  it('accepts a password box only with strong one-time-code evidence', () => {
    const login = doc('<h1>Two-step verification</h1><label for="p">Password</label><input id="p" type="password">');
    const otp = doc('<label for="p">One-time code</label><input id="p" type="password" maxlength="6">');
    expect(findOtpFields(login)).toEqual([]);
    expect(ids(findOtpFields(otp))).toEqual([['p']]);
  });

  it('ignores runs of boxes too short or too long for a code', () => {
    const boxes = (n: number) => `<p>Enter the verification code</p><div>${Array.from({ length: n }, (_, i) => `<input id="x${i}" maxlength="1">`).join('')}</div>`;
    expect(findOtpFields(doc(boxes(3)))).toEqual([]);
    expect(findOtpFields(doc(boxes(12)))).toEqual([]);
    expect(findOtpFields(doc(boxes(6)))).toHaveLength(1);
  });

  it('joins equal segments (123 – 456) into one target but never unequal ones (a 2+2+4 date, a 3+3+4 phone)', () => {
    const seg = (sizes: number[]) =>
      doc(`<p>Enter the code from your authenticator app</p><div>${sizes.map((n, i) => `<input id="s${i}" maxlength="${n}" inputmode="numeric">`).join(' - ')}</div>`);
    expect(ids(findOtpFields(seg([3, 3])))).toEqual([['s0', 's1']]);
    expect(ids(findOtpFields(seg([4, 4])))).toEqual([['s0', 's1']]);
    expect(ids(findOtpFields(seg([2, 2, 4])))).toEqual([]);
    expect(ids(findOtpFields(seg([3, 3, 4])))).toEqual([]);
  });

  it('reads "confirmation code" as a booking reference beside a booking, and as an OTP beside a sent code', () => {
    const trip = doc('<h1>Find your trip</h1><label for="c">Confirmation code</label><input id="c" maxlength="6">');
    const mail = doc('<p>We emailed you a code.</p><label for="c">Confirmation code</label><input id="c" maxlength="6">');
    expect(ids(findOtpFields(trip))).toEqual([]);
    expect(ids(findOtpFields(mail))).toEqual([['c']]);
  });

  it('reads every language of the lexicon', () => {
    const labels = ['Engangskode', 'Bestätigungscode', 'Code de vérification', 'Código de verificación', 'Codice di verifica', 'Código de verificação', 'Verificatiecode', 'One-time code'];
    for (const label of labels) {
      expect(ids(findOtpFields(doc(`<label for="f">${label}</label><input id="f">`))), label).toEqual([['f']]);
    }
  });

  it('finds fields inside open shadow roots', () => {
    const d = doc('<div id="host"></div>');
    const root = d.getElementById('host')!.attachShadow({ mode: 'open' });
    root.innerHTML = '<label for="s">Authentication code</label><input id="s" inputmode="numeric" maxlength="6">';
    expect(ids(findOtpFields(d))).toEqual([['s']]);
  });

  it('puts shadow-root fields where their host stands in page order', () => {
    const d = doc('<input id="a" autocomplete="one-time-code"><div id="h"><input id="slotted" autocomplete="one-time-code"></div><input id="b" autocomplete="one-time-code">');
    d.getElementById('h')!.attachShadow({ mode: 'open' }).innerHTML = '<input id="s" autocomplete="one-time-code"><slot></slot>';
    expect(ids(findOtpFields(d))).toEqual([['a'], ['s'], ['slotted'], ['b']]);
  });

  it('explains its verdicts', () => {
    const d = doc('<label for="z">Postal code</label><input id="z" maxlength="5">');
    const [only] = explainOtpFields(d);
    expect(only?.verdict.reasons.join(' ')).toMatch(/postal/);
  });

  it('does not touch the document', () => {
    const page = corpus.find((p) => p.file === 'apple-split-boxes.html')!;
    const d = pageDocument(page.html);
    const before = d.documentElement.outerHTML;
    findOtpFields(d);
    expect(d.documentElement.outerHTML).toBe(before);
  });
});

describe('mayContainOtpField', () => {
  it('is false for pages with no textual input and true when one exists, including in shadow roots', () => {
    const none = pageDocument('<p>Hello</p><input type="checkbox"><input type="email"><button>Go</button>');
    expect(mayContainOtpField(none)).toBe(false);
    const shadow = pageDocument('<div id="h"></div>');
    shadow.getElementById('h')!.attachShadow({ mode: 'open' }).innerHTML = '<input>';
    expect(mayContainOtpField(shadow)).toBe(true);
  });

  it('is true on every corpus page that has a target', () => {
    for (const page of corpus.filter((p) => p.targets.length > 0)) expect(mayContainOtpField(pageDocument(page.html)), page.file).toBe(true);
  });
});
