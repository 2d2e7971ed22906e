import type { Candidate } from './candidates';
import { hasRecoveryNeighbour, namesAuthenticatorApp, regionOf, regionText } from './context';
import { containerName, normalize, readEvidence, textAround, type TextEvidence } from './text';
import type { NegativeKind } from './lexicon/index';

/** A field (or a run of boxes) is reported at or above this score. */
export const OTP_THRESHOLD = 5;

/** autocomplete tokens that name something else; one of these rules a field out. */
const FOREIGN_AUTOCOMPLETE =
  /^(?:cc-|postal-code|tel|bday|email|username|current-password|new-password|name|given-name|family-name|additional-name|street-address|address-|country|organization|transaction-|impp|url|photo|sex|language)/;

/** Kinds of look-alike that veto a field when its own names say so. */
const OWN_VETO: readonly NegativeKind[] = ['card', 'booking', 'postal', 'phone', 'promo', 'captcha', 'date', 'search', 'identity', 'recovery'];

/** A pattern attribute that starts by asking for digits: [0-9]…, \d…, ^[0-9]+$, [0-9 ]*. */
const DIGITS_PATTERN = /^\^?\(?(?:\[0-9|\\d|\[\\d)/;

/** A placeholder that shows the code's shape: 4–8 digits or dots/dashes. */
const NUMERIC_PLACEHOLDER = /^(?:\d{4,8}|[0•·*_\- ]{4,11})$/;

/** Words for "key" that, alone with a short maxlength, name a code field (`name="key"`). */
const KEY_TOKENS = new Set(['key', 'schluessel', 'schlussel', 'nokkel', 'cle', 'chiave', 'chave', 'sleutel']);
/** Filler words a field's own names may add without changing what it is. */
const FILLER_TOKENS = new Set(['input', 'field', 'value', 'text', 'form', 'control', 'box', 'totp', 'otp', '2fa', 'mfa']);

/** Whether the field's own names are just "key" (and filler): with maxlength 6–8, a code field. */
function ownNameIsKey(ownText: string): boolean {
  const tokens = ownText.split(' ').filter(Boolean);
  // Single letters and digits (`id="k"`, `key_1`) say nothing either way.
  return tokens.some((t) => KEY_TOKENS.has(t)) && tokens.every((t) => KEY_TOKENS.has(t) || FILLER_TOKENS.has(t) || t.length === 1);
}

/** What the field's surroundings beyond the adjacent prompt say (context.ts). */
export interface Surroundings {
  /** The headings and paragraphs of its region name a one-time code, 2FA or an authenticator app. */
  regionOtp: boolean;
  /** Another field of the same form takes backup/recovery codes: this one is the primary code. */
  recoveryBeside: boolean;
}

/** The evidence for one target, exposed for tests and debugging. */
export interface Verdict {
  score: number;
  reasons: string[];
}

/** inputmode, pattern and type that ask for digits, capped so they never outweigh words. */
function numericHints(c: Candidate): number {
  const input = c.input;
  let s = 0;
  const mode = (input.getAttribute('inputmode') ?? '').toLowerCase();
  if (mode === 'numeric' || mode === 'decimal') s += 1;
  if (DIGITS_PATTERN.test(input.getAttribute('pattern') ?? '')) s += 1;
  if (input.type === 'tel' || input.type === 'number') s += 0.5;
  // "000000", "123456", "••••••": a sample of the digits to type.
  if (NUMERIC_PLACEHOLDER.test(input.placeholder.trim())) s += 1;
  return Math.min(s, 2);
}

/**
 * Weighs what the field's own names and the surrounding prompt say. Shared by single fields and
 * split boxes; `own` is the field's (or the boxes') own text, `near` the text around it.
 */
function weighText(
  own: TextEvidence,
  near: TextEvidence,
  title: TextEvidence,
  reasons: string[],
  around: Surroundings = { regionOtp: false, recoveryBeside: false },
): number | null {
  // "Security code" beside a card is the CVC; "confirmation code" beside a booking is its reference.
  const cardNearby = ['card', 'booking'].some((k) => near.negatives.includes(k as NegativeKind) || own.negatives.includes(k as NegativeKind));
  const ownStrong = own.otp || (own.ambiguous && !cardNearby);
  // "PIN" is a card or account PIN unless the page says it was sent to the user.
  const pinIsOtp = own.negatives.includes('pin') && (own.sent || near.sent) && !cardNearby;
  if (!ownStrong && !pinIsOtp) {
    const veto = OWN_VETO.find((k) => own.negatives.includes(k)) ?? (own.negatives.includes('pin') ? 'pin' : undefined);
    if (veto) {
      reasons.push(`own name says ${veto}`);
      return null;
    }
    if (own.ambiguous && cardNearby) {
      reasons.push('ambiguous code name beside a card, account or booking');
      return null;
    }
  }
  let s = 0;
  const add = (points: number, reason: string): void => {
    s += points;
    reasons.push(reason);
  };
  if (ownStrong) add(6, 'own name says one-time code');
  else if (pinIsOtp) add(4, 'PIN sent to the user');
  else if (own.code) add(2, 'own name says code');
  const nearStrong = near.otp || (near.ambiguous && !cardNearby);
  if (nearStrong) add(3, 'prompt says one-time code');
  else {
    // Headings and paragraphs of the form's region: "Two-factor authentication" above a long text.
    if (around.regionOtp && !cardNearby) add(2, 'region headings/paragraphs say one-time code or authenticator app');
    if (near.code) add(1, 'prompt says code');
    if (near.sent && near.code) add(1, 'prompt says a code was sent');
    // Without an OTP prompt, a prompt about a look-alike counts against the field.
    const against: [NegativeKind, number][] = [
      ['card', 2],
      ['booking', 2],
      ['captcha', 4],
      ['date', 3],
      ['pin', 3],
      ['promo', 2],
      ['postal', 1],
      ['recovery', 3],
    ];
    for (const [kind, weight] of against) {
      if (!near.negatives.includes(kind) || (kind === 'pin' && near.sent)) continue;
      // "or use a backup code" is about the field beside this one, not against it.
      if (kind === 'recovery' && around.recoveryBeside) continue;
      s -= weight;
      reasons.push(`prompt mentions ${kind}`);
    }
  }
  if (title.otp) add(1, 'page title says one-time code');
  if (around.recoveryBeside && (s > 0 || own.code)) add(2, 'a backup/recovery code field beside it');
  return s;
}

/** autocomplete decides alone when it is one-time-code (10) or names something else (null); else 0. */
function autocompleteVerdict(cs: readonly Candidate[], reasons: string[]): number | null {
  if (cs.some((c) => c.autocomplete.includes('one-time-code'))) {
    reasons.push('autocomplete=one-time-code');
    return 10;
  }
  const foreign = cs.flatMap((c) => c.autocomplete).find((t) => FOREIGN_AUTOCOMPLETE.test(t));
  if (foreign) {
    reasons.push(`autocomplete=${foreign}`);
    return null;
  }
  return 0;
}

/** Scores one input standing alone. */
export function scoreSingle(c: Candidate, title: TextEvidence): Verdict {
  const reasons: string[] = [];
  const ac = autocompleteVerdict([c], reasons);
  if (ac === null) return { score: -Infinity, reasons };
  const input = c.input;
  const role = input.getAttribute('role');
  if (role === 'combobox' || role === 'searchbox') return { score: -Infinity, reasons: [...reasons, `role=${role}`] };
  const own = readEvidence(c.ownText);
  const near = readEvidence(`${normalize(textAround(input, input, 260, 100, regionOf(input)))} ${c.describedBy}`);
  const max = input.maxLength;
  const shortMax = max >= 6 && max <= 8;
  const keyName = shortMax && ownNameIsKey(c.ownText);
  const ownEvidence = keyName ? { ...own, code: true } : own;
  if (keyName) reasons.push('own name is "key" with maxlength 6–8');
  const text = weighText(ownEvidence, near, title, reasons, surroundings(input, ownEvidence));
  if (text === null && ac === 0) return { score: -Infinity, reasons };
  let score = ac + (text ?? 0);
  const add = (points: number, reason: string): void => {
    score += points;
    reasons.push(reason);
  };
  // A password box is a login password unless it is plainly labelled a one-time code.
  if (input.type === 'password' && ac === 0 && !own.otp && !(own.ambiguous && !own.negatives.includes('card'))) {
    reasons.push('password field without a one-time-code name');
    return { score: -Infinity, reasons };
  }
  // An unnamed field right under "Enter the code from your app": that prompt is its label.
  if (!c.labelled && ac === 0 && readEvidence(normalize(textAround(input, input, 120, 0))).otp) {
    add(1.5, 'unnamed field right under a one-time-code prompt');
  }
  score += numericHints(c);
  if (max >= 4 && max <= 8) add(1.5, `maxlength ${max}`);
  else if (max > 0 && max < 4) add(-2, `maxlength ${max} is too short`);
  else if (max > 12 && max < 524288) add(-1, `maxlength ${max} is long`);
  return { score, reasons };
}

/**
 * Region and neighbours, read only for fields whose own names do not rule them out already (the
 * region walk is the costliest read) and that are not plainly named a one-time code.
 */
function surroundings(input: HTMLInputElement, own: TextEvidence): Surroundings {
  if (own.otp) return { regionOtp: false, recoveryBeside: false };
  const region = regionText(input);
  return {
    regionOtp: readEvidence(region).otp || namesAuthenticatorApp(region),
    recoveryBeside: hasRecoveryNeighbour(input, (other) =>
      readEvidence(normalize(`${other.name} ${other.id} ${other.placeholder} ${other.getAttribute('aria-label') ?? ''}`)).negatives.includes('recovery'),
    ),
  };
}

/** Placeholders such as D, M, Y, J, T, A, G mark the boxes of a split date. */
function dateLetters(cs: readonly Candidate[]): boolean {
  const letters = cs.filter((c) => /^[dmyjtaåg]$/i.test(c.input.placeholder.trim())).length;
  return letters * 2 >= cs.length;
}

/** Scores a run of boxes as one split code, judged by the run as a whole. */
export function scoreGroup(kind: 'box' | 'segment', run: readonly Candidate[], container: Element, title: TextEvidence): Verdict {
  const reasons: string[] = [`${run.length} adjacent ${kind === 'box' ? 'boxes' : 'segments'}`];
  const ac = autocompleteVerdict(run, reasons);
  if (ac === null) return { score: -Infinity, reasons };
  if (dateLetters(run)) return { score: -Infinity, reasons: [...reasons, 'placeholders spell a date'] };
  const first = run[0]!;
  const last = run[run.length - 1]!;
  const ownRaw = `${run.map((c) => c.ownText).join(' ')} ${normalize(containerName(container))}`;
  const own = readEvidence(ownRaw);
  const near = readEvidence(`${normalize(textAround(first.input, last.input))} ${run.map((c) => c.describedBy).join(' ')}`);
  const text = weighText(own, near, title, reasons);
  if (text === null && ac === 0) return { score: -Infinity, reasons };
  // Segments (123 – 456) are a weaker shape than one-character boxes: many forms split numbers.
  let score = (kind === 'box' ? 3 : 2) + ac + (text ?? 0);
  const length = run.reduce((n, c) => n + Math.max(1, c.input.maxLength), 0);
  if (length === 6) {
    score += kind === 'box' ? 1.5 : 1;
    reasons.push('six characters');
  } else if (length === 8) score += 0.5;
  score += Math.min(...run.map(numericHints));
  return { score, reasons };
}
