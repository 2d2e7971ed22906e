import { isNarrow, isVisible, type RenderInfo } from './visibility';
import { enclosingGroupName, normalize, textOfIdRefs } from './text';

/** Input types a one-time code can be typed into; everything else (email, search, date…) never is. */
const TEXTUAL_TYPES = new Set(['text', 'tel', 'number', 'password']);

/** A visible, enabled, editable input that might take a code, with the facts scoring needs. */
export interface Candidate {
  readonly input: HTMLInputElement;
  /** Position in shadow-including tree order. */
  readonly order: number;
  /** autocomplete tokens, lower case. */
  readonly autocomplete: readonly string[];
  /**
   * Part of a split code: a `box` holds one character (maxlength 1, or narrow with no maxlength),
   * a `segment` a few (maxlength 2–4, as in "123 – 456"); null for an ordinary field.
   */
  readonly part: 'box' | 'segment' | null;
  /** The field's own names, normalised: name, id, class, placeholder, title, aria-label(ledby), labels. */
  readonly ownText: string;
  /** Whether the page named the field at all (name, label, placeholder, aria-label, title). */
  readonly labelled: boolean;
  /** aria-describedby text, normalised: help the page attached to this very field. */
  readonly describedBy: string;
}

/** Cheap attribute test: could this element be a code input at all? No style or layout is read. */
export function isTextualInput(el: Element): el is HTMLInputElement {
  if (el.nodeName !== 'INPUT') return false;
  const input = el as HTMLInputElement;
  return TEXTUAL_TYPES.has(input.type) && !input.disabled && !input.readOnly && !input.matches(':disabled');
}

/**
 * Every element under `root`. Documents and elements give a live collection, so no 10,000-entry
 * static list is allocated per call; shadow roots (usually small) only offer querySelectorAll.
 */
export function allElements(root: Document | ShadowRoot | Element): ArrayLike<Element> {
  return 'getElementsByTagName' in root ? root.getElementsByTagName('*') : root.querySelectorAll('*');
}

/** Node.DOCUMENT_POSITION_FOLLOWING, spelled out so the module needs no DOM globals. */
const FOLLOWING = 4;

/**
 * Every textual input under `root`, in tree order, with the inputs of each open shadow root placed
 * where its host stands. Inputs come from the native `getElementsByTagName('input')`; the walk over
 * all elements reads only `shadowRoot`, the one thing no selector can find.
 */
export function textualInputs(root: Document | ShadowRoot): HTMLInputElement[] {
  const light = 'getElementsByTagName' in root ? root.getElementsByTagName('input') : root.querySelectorAll('input');
  const hosts: Element[] = [];
  const all = allElements(root);
  for (let i = 0; i < all.length; i++) if (all[i]!.shadowRoot) hosts.push(all[i]!);
  const out: HTMLInputElement[] = [];
  const addShadow = (host: Element) => {
    for (const inner of textualInputs(host.shadowRoot!)) out.push(inner);
  };
  let h = 0;
  for (let i = 0; i < light.length; i++) {
    const input = light[i]!;
    while (h < hosts.length && hosts[h]!.compareDocumentPosition(input) & FOLLOWING) addShadow(hosts[h++]!);
    if (isTextualInput(input)) out.push(input);
  }
  while (h < hosts.length) addShadow(hosts[h++]!);
  return out;
}

/** A placeholder that is a sample phone number ("+47 912 34 567", "(555) 555-0100"). */
const PHONE_SAMPLE = /^\+\d[\d\s().-]{6,}$|^\(\d{2,4}\)[\d\s.-]{6,}$/;

function ownText(input: HTMLInputElement): string {
  // Words that fold structural facts into the text the lexicon reads.
  const facts = (PHONE_SAMPLE.test(input.placeholder.trim()) ? ' phone' : '') + (input.closest('[role=search]') ? ' search' : '');
  let raw = `${facts} ${input.name} ${input.id} ${input.className} ${input.placeholder} ${input.title} ${input.getAttribute('aria-label') ?? ''}`;
  raw += `${textOfIdRefs(input, 'aria-labelledby')} ${enclosingGroupName(input)}`;
  const labels = input.labels;
  if (labels) for (const label of Array.from(labels)) raw += ` ${label.textContent ?? ''}`;
  return normalize(raw);
}

/** Builds the candidate list: textual, visible inputs with their own names read once. */
export function collectCandidates(root: Document, info: RenderInfo): Candidate[] {
  const out: Candidate[] = [];
  const inputs = textualInputs(root);
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i]!;
    if (!isVisible(input, info)) continue;
    const autocomplete = (input.getAttribute('autocomplete') ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const max = input.maxLength;
    out.push({
      input,
      order: i,
      autocomplete,
      part: max === 1 || ((max < 0 || max > 524287) && input.type !== 'password' && isNarrow(input, info)) ? 'box' : max >= 2 && max <= 4 ? 'segment' : null,
      ownText: ownText(input),
      labelled: !!(
        input.name ||
        input.placeholder ||
        input.title ||
        input.getAttribute('aria-label') ||
        input.getAttribute('aria-labelledby') ||
        input.labels?.length
      ),
      describedBy: normalize(textOfIdRefs(input, 'aria-describedby')),
    });
  }
  return out;
}
