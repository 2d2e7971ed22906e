import type { Candidate } from './candidates';

/** A run of adjacent boxes (or segments) and the element holding them all. */
export interface BoxRun {
  readonly kind: 'box' | 'segment';
  readonly boxes: Candidate[];
  readonly container: Element;
}

/** Split codes have at least 4 boxes; fewer is a date part or a CVC. */
export const MIN_BOXES = 4;
/** …and at most 8; more is a card number, a recovery phrase or something else. */
export const MAX_BOXES = 8;

/**
 * Whether a run can hold one code: 4–8 one-character boxes, or 2–4 segments of equal length adding
 * up to 4–8 characters (3+3, 4+4, 2+2+2). Unequal segments are a date (2+2+4) or a phone (3+3+4).
 */
function isCodeShaped(kind: 'box' | 'segment', run: readonly Candidate[]): boolean {
  if (kind === 'box') return run.length >= MIN_BOXES && run.length <= MAX_BOXES;
  const size = run[0]!.input.maxLength;
  const total = size * run.length;
  return run.length >= 2 && run.length <= 4 && run.every((c) => c.input.maxLength === size) && total >= 4 && total <= 8;
}

/** How far up the boxes may sit from their shared container (input → cell → row → container). */
const MAX_DEPTH_TO_SHARED = 3;

/** Text allowed between two boxes of one code: nothing, or a separator like "-" or "·". */
const SEPARATOR = /^[\s\-–—·•|_]*$/;
/** A visually hidden per-box counter between boxes ("Digit 2 of 6", "Ziffer 2"): part of the box. */
const BOX_COUNTER =
  /(?:digit|character|char|number|ziffer|zeichen|siffer|tegn|chiffre|caractere|digito|cifra|caracter|carattere|cijfer|teken)?\s*\d+(?:\s*(?:of|von|av|sur|de|di|van|\/)\s*\d+)?/giu;

function ancestors(el: Element, limit: number): Element[] {
  const out: Element[] = [];
  for (let e = el.parentElement; e && out.length < limit; e = e.parentElement) out.push(e);
  return out;
}

/** The nearest element holding both boxes within a few levels, or null when they are not neighbours. */
function sharedContainer(a: Element, b: Element): Element | null {
  if (a.getRootNode() !== b.getRootNode()) return null;
  const up = ancestors(a, MAX_DEPTH_TO_SHARED);
  const fromB = ancestors(b, MAX_DEPTH_TO_SHARED);
  for (const e of up) if (fromB.includes(e)) return e;
  return null;
}

/** The text between two elements in tree order, up to a few characters: is there a label between? */
function textBetween(a: Element, b: Element, container: Element): string {
  const doc = a.ownerDocument;
  const walker = doc.createTreeWalker(container, 5 /* SHOW_ELEMENT | SHOW_TEXT */);
  walker.currentNode = a;
  let text = '';
  for (let n = walker.nextNode(); n && n !== b && text.length < 24; n = walker.nextNode()) {
    if (n.nodeType === 3) {
      // A per-box label ("Digit 2") belongs to the box, not between codes.
      if (!n.parentElement?.closest('label')) text += n.nodeValue ?? '';
    } else if (n.nodeName === 'SELECT' || n.nodeName === 'BUTTON' || n.nodeName === 'TEXTAREA') return '\0';
  }
  return text;
}

/**
 * Splits the candidates into runs of adjacent boxes (consecutive in tree order, close under one
 * container, nothing but separators between) and the inputs standing alone. Parts of a run that is
 * not code-shaped are dropped, and one maxlength=1 input is never a code on its own.
 */
export function splitRuns(candidates: readonly Candidate[]): { runs: BoxRun[]; singles: Candidate[] } {
  const runs: BoxRun[] = [];
  const singles: Candidate[] = [];
  let current: Candidate[] = [];
  let container: Element | null = null;
  let kind: 'box' | 'segment' = 'box';
  const close = () => {
    if (current.length > 0 && container && isCodeShaped(kind, current)) runs.push({ kind, boxes: current, container });
    // A lone part may still be an ordinary field; parts of a longer split (a date, a phone number,
    // a card number) are parts of that, never a code of their own.
    else if (current.length === 1 && current[0]!.input.maxLength !== 1) singles.push(current[0]!);
    current = [];
    container = null;
  };
  for (const c of candidates) {
    if (!c.part) {
      close();
      singles.push(c);
      continue;
    }
    if (c.part !== kind) close();
    kind = c.part;
    const prev = current[current.length - 1];
    if (prev) {
      const shared = sharedContainer(prev.input, c.input);
      const between = shared ? textBetween(prev.input, c.input, shared) : '\0';
      const joined =
        shared &&
        SEPARATOR.test(
          between
            .normalize('NFD')
            .replace(/[\u0300-\u036f]/g, '')
            .replace(BOX_COUNTER, ''),
        );
      if (!joined) close();
      else if (!container || shared.contains(container)) container = shared;
    }
    current.push(c);
  }
  close();
  return { runs, singles };
}
