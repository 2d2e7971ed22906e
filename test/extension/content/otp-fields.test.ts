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

describe('context beyond the adjacent prompt', () => {
  const doc = (body: string, title = 'Page') => pageDocument(`<!DOCTYPE html><html><head><title>${title}</title></head><body>${body}</body></html>`);
  const LONG =
    'This text explains at length what happens next, why the step exists, how long it takes and what to do if something goes wrong, so that the heading above is far more than a few sentences away from the field below it. '.repeat(
      2,
    );

  it('a bare code/key field counts the region heading and paragraphs, but only with them', () => {
    for (const field of ['<input id="f" name="code" maxlength="6">', '<input id="f" name="key" maxlength="6">']) {
      expect(
        ids(findOtpFields(doc(`<section><h2>Two-factor authentication</h2><p>${LONG}</p><form>${field}<button>Login</button></form></section>`))),
        field,
      ).toEqual([['f']]);
      expect(ids(findOtpFields(doc(`<section><h2>Your profile</h2><p>${LONG}</p><form>${field}<button>Save</button></form></section>`))), field).toEqual([]);
    }
  });

  it('a sidebar about 2FA does not vouch for a field in another section', () => {
    const d = doc(`<main><h1>Join a team</h1><p>Ask the owner for the team code.</p><form><input id="t" name="code" maxlength="6"></form></main>
      <aside><h2>Two-factor authentication</h2><p>Use an authenticator app for a code at sign-in.</p></aside>`);
    expect(ids(findOtpFields(d))).toEqual([]);
  });

  it('a backup/recovery code field beside a bare code field makes it the primary code (and is never a target itself)', () => {
    const form = (extra: string) =>
      `<div><p>${LONG}</p><form><input id="c" name="code" maxlength="6" inputmode="numeric">${extra}<button>Login</button></form></div>`;
    expect(ids(findOtpFields(doc(form('<input id="b" name="backup_code" placeholder="Backup code">'))))).toEqual([['c']]);
    expect(ids(findOtpFields(doc(form(''))))).toEqual([]);
  });

  it('a numeric sample placeholder counts as a numeric hint', () => {
    const [withSample] = explainOtpFields(doc('<p>Enter the code</p><input id="c" name="code" maxlength="6" placeholder="000000">'));
    const [without] = explainOtpFields(doc('<p>Enter the code</p><input id="c" name="code" maxlength="6">'));
    expect(withSample!.verdict.score - without!.verdict.score).toBe(1);
  });

  it('tells authenticator prompts from codes sent by e-mail or SMS, in several languages', () => {
    const deliveryOn = (file: string) => findOtpFields(pageDocument(corpus.find((p) => p.file === file)!.html)).map((t) => t.delivery);
    for (const file of [
      'slack-email-code-split.html',
      'en-email-verification-split-context.html',
      'es-codigo-enviado-correo.html',
      'nb-bekreft-epost.html',
      'de-otp-email.html',
      'en-coinbase.html',
      'fr-banque-code-sms-split.html',
      'nl-digid-sms-code.html',
    ]) {
      expect(deliveryOn(file), file).toEqual(['sent']);
    }
    for (const file of [
      'github-2fa.html',
      'google-2sv.html',
      'en-2fa-plain-code-backup-field.html',
      'de-2fa-schluessel-kontext.html',
      'nb-tofaktor-kode-kontekst.html',
      'fr-code-application-contexte.html',
      'it-otp-app.html',
      'nl-otp-app.html',
    ]) {
      expect(deliveryOn(file), file).toEqual(['authenticator']);
    }
    // An app named beside an SMS fallback: the authenticator wins (the user may have either).
    expect(
      findOtpFields(
        doc('<p>Enter the code from your authenticator app, or the code we sent to your phone by SMS.</p><input id="c" autocomplete="one-time-code">'),
      ).map((t) => t.delivery),
    ).toEqual(['authenticator']);
    // Nothing said about either: unknown (codes are offered as before).
    expect(findOtpFields(doc('<input id="c" autocomplete="one-time-code">')).map((t) => t.delivery)).toEqual(['unknown']);
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
    const boxes = (n: number) =>
      `<p>Enter the verification code</p><div>${Array.from({ length: n }, (_, i) => `<input id="x${i}" maxlength="1">`).join('')}</div>`;
    expect(findOtpFields(doc(boxes(3)))).toEqual([]);
    expect(findOtpFields(doc(boxes(12)))).toEqual([]);
    expect(findOtpFields(doc(boxes(6)))).toHaveLength(1);
  });

  it('joins equal segments (123 – 456) into one target but never unequal ones (a 2+2+4 date, a 3+3+4 phone)', () => {
    const seg = (sizes: number[]) =>
      doc(
        `<p>Enter the code from your authenticator app</p><div>${sizes.map((n, i) => `<input id="s${i}" maxlength="${n}" inputmode="numeric">`).join(' - ')}</div>`,
      );
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
    const labels = [
      'Engangskode',
      'Bestätigungscode',
      'Code de vérification',
      'Código de verificación',
      'Codice di verifica',
      'Código de verificação',
      'Verificatiecode',
      'One-time code',
    ];
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
    const d = doc(
      '<input id="a" autocomplete="one-time-code"><div id="h"><input id="slotted" autocomplete="one-time-code"></div><input id="b" autocomplete="one-time-code">',
    );
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
