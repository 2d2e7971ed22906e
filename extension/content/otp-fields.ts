/**
 * Finds the one-time-code fields on a page: a single code input is one target, a code split over
 * N boxes is one target with its N inputs in fill order. Pure and synchronous: it reads the DOM
 * (and, in a real browser, layout) and changes nothing. Signals are weighed together — autocomplete,
 * the field's own names, the prompt around it in eight languages, numeric hints, box runs — and
 * look-alikes (CVC, postal code, phone, PIN, promo, captcha, split dates, search, passwords) are
 * ruled out by their own names. See extension/content/otp/ for the parts.
 */
import { allElements, collectCandidates, isTextualInput } from './otp/candidates';
import { codeDelivery, regionOf, regionText, type CodeDelivery } from './otp/context';
import { splitRuns } from './otp/groups';
import { OTP_THRESHOLD, scoreGroup, scoreSingle, type Verdict } from './otp/score';
import { normalize, readEvidence, textAround } from './otp/text';
import { renderInfo } from './otp/visibility';

/** One place to put a code: one input, or the boxes of a split code in fill order. */
export interface OtpTarget {
  inputs: HTMLInputElement[];
  /**
   * Which code the page asks for: `sent` when it says it sent one by e-mail/SMS and names no
   * authenticator app (the box then says so and offers no code), `authenticator`, or `unknown`.
   */
  delivery?: CodeDelivery;
}

/** A target with the score and reasons behind it, for tests and debugging. */
export interface ExplainedOtpTarget extends OtpTarget {
  verdict: Verdict;
}

/** Every candidate (reported or not) with its verdict; `findOtpFields` keeps those above threshold. */
export function explainOtpFields(root: Document): ExplainedOtpTarget[] {
  const info = renderInfo(root);
  const candidates = collectCandidates(root, info);
  if (candidates.length === 0) return [];
  const title = readEvidence(normalize(root.title ?? ''));
  const { runs, singles } = splitRuns(candidates);
  const scored: (ExplainedOtpTarget & { order: number })[] = [];
  for (const run of runs) {
    scored.push({ inputs: run.boxes.map((c) => c.input), order: run.boxes[0]!.order, verdict: scoreGroup(run.kind, run.boxes, run.container, title) });
  }
  for (const c of singles) scored.push({ inputs: [c.input], order: c.order, verdict: scoreSingle(c, title) });
  scored.sort((a, b) => a.order - b.order);
  return scored.map(({ inputs, verdict }) => ({ inputs, verdict }));
}

/** The one-time-code fields of `root` (open shadow roots included), in page order, each with its `delivery`. */
export function findOtpFields(root: Document): { inputs: HTMLInputElement[]; delivery: CodeDelivery }[] {
  return explainOtpFields(root)
    .filter((t) => t.verdict.score >= OTP_THRESHOLD)
    .map((t) => ({ inputs: t.inputs, delivery: deliveryOf(t.inputs, root.title ?? '') }));
}

/** Reads the prompt, the region's headings and paragraphs, and the title for which code is asked. */
export function deliveryOf(inputs: readonly HTMLInputElement[], title: string): CodeDelivery {
  const first = inputs[0];
  const last = inputs[inputs.length - 1];
  if (!first || !last) return 'unknown';
  const text = `${[textAround(first, last, 260, 100, regionOf(first)), title].map(normalize).join(' ')} ${regionText(first)}`;
  return codeDelivery(text);
}

/**
 * Cheap pre-check for the content script: false means "no input a code could go into", so the page
 * can be left alone until it changes. Reads attributes only (no style, no layout); walks the
 * elements once to look for open shadow roots only when the light DOM has no textual input.
 */
export function mayContainOtpField(root: Document | ShadowRoot | Element): boolean {
  const inputs = root.querySelectorAll('input');
  for (let i = 0; i < inputs.length; i++) if (isTextualInput(inputs[i]!)) return true;
  const all = allElements(root);
  for (let i = 0; i < all.length; i++) {
    const shadow = all[i]!.shadowRoot;
    if (shadow && mayContainOtpField(shadow)) return true;
  }
  return false;
}
