import { LEXICONS, NEGATIVE_KINDS, type NegativeKind } from './lexicon/index';

const FOLD: Record<string, string> = { ø: 'o', æ: 'ae', ß: 'ss', œ: 'oe', đ: 'd', ł: 'l' };

/**
 * Lower-cases and strips diacritics, splits camelCase and identifier punctuation into spaces so
 * `verificationCode`, `verification_code` and "Verification code" all read "verification code".
 */
export function normalize(raw: string): string {
  return raw
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f\u00ad]/g, '')
    .replace(/[øæßœđł]/g, (c) => FOLD[c] ?? c)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function compile(sources: readonly string[]): RegExp {
  return new RegExp(sources.map((s) => `(?:${s})`).join('|'));
}

const collect = (pick: (l: (typeof LEXICONS)[number]) => readonly string[] | undefined) => compile(LEXICONS.flatMap((l) => pick(l) ?? []));

/** The lexicons compiled into one pattern per kind of evidence. */
interface Patterns {
  otp: RegExp;
  ambiguous: RegExp;
  code: RegExp;
  sent: RegExp;
  /** "we sent you a code", "la clave que te enviamos", "vi har sendt deg en kode": a code and its sending within a few words. */
  codeNearSent: RegExp;
  negative: Record<NegativeKind, RegExp>;
}

let compiled: Patterns | null = null;

/**
 * Compiled on first use, not at module load: the content script bundles this module but most
 * pages never run detection, so they should not pay for building the patterns.
 */
function patterns(): Patterns {
  if (compiled) return compiled;
  const code = LEXICONS.flatMap((l) => l.code)
    .map((c) => `(?:${c})`)
    .join('|');
  const sent = LEXICONS.flatMap((l) => l.sent)
    .map((c) => `(?:${c})`)
    .join('|');
  compiled = {
    otp: collect((l) => l.otp),
    ambiguous: collect((l) => l.ambiguous),
    code: collect((l) => l.code),
    sent: collect((l) => l.sent),
    codeNearSent: new RegExp(`(?:${code})[a-z]*(?: [a-z0-9]+){0,5}? (?:${sent})|(?:${sent})[a-z]*(?: [a-z0-9]+){0,5}? (?:${code})`),
    negative: Object.fromEntries(NEGATIVE_KINDS.map((k) => [k, collect((l) => l.negative[k])])) as Record<NegativeKind, RegExp>,
  };
  return compiled;
}

/** What a piece of normalised text says about a field. */
export interface TextEvidence {
  otp: boolean;
  ambiguous: boolean;
  code: boolean;
  sent: boolean;
  negatives: NegativeKind[];
}

/** Reads all evidence kinds from already-normalised text. */
export function readEvidence(text: string): TextEvidence {
  if (text.trim() === '') return { otp: false, ambiguous: false, code: false, sent: false, negatives: [] };
  const p = patterns();
  return {
    otp: p.otp.test(text) || p.codeNearSent.test(text),
    ambiguous: p.ambiguous.test(text),
    code: p.code.test(text),
    sent: p.sent.test(text),
    negatives: NEGATIVE_KINDS.filter((kind) => p.negative[kind].test(text)),
  };
}

const SKIPPED_TEXT_PARENTS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'OPTION', 'SELECT', 'TEXTAREA']);

/** Text of the elements named by an id-list attribute (aria-labelledby, aria-describedby). */
export function textOfIdRefs(el: Element, attr: string): string {
  const ids = el.getAttribute(attr);
  if (!ids) return '';
  const scope = el.getRootNode() as Document | ShadowRoot;
  let out = '';
  for (const id of ids.split(/\s+/)) {
    const ref = id ? scope.getElementById?.(id) : null;
    if (ref) out += ` ${ref.textContent ?? ''}`;
  }
  return out;
}

/**
 * The visible-ish text just before and after `first`…`last` in tree order (crossing out of shadow
 * roots), capped: the prompt ("Enter the 6-digit code we sent…") and heading a user reads beside a
 * field. Text of script/style and of other inputs' option lists is skipped.
 */
export function textAround(first: Element, last: Element, before = 260, after = 100, within: Element | null = null): string {
  return `${walkText(first, 'back', before, within)} ${walkText(last, 'forward', after, within)}`;
}

/** `within`: stay inside this element (the field's section), so a neighbouring sidebar is not its prompt. */
function walkText(start: Element, direction: 'back' | 'forward', cap: number, within: Element | null = null): string {
  const parts: string[] = [];
  let length = 0;
  let budget = 400; // nodes visited, so a text-poor DOM cannot make this walk long
  let from: Node = start;
  let scope: Node = within?.contains(start) ? within : start.getRootNode();
  const doc = start.ownerDocument;
  while (doc) {
    const walker = doc.createTreeWalker(scope, 5 /* SHOW_ELEMENT | SHOW_TEXT */);
    walker.currentNode = from;
    while (length < cap && budget-- > 0) {
      const n = direction === 'back' ? walker.previousNode() : walker.nextNode();
      if (!n) break;
      if (n.nodeType !== 3 || skipped(n)) continue;
      const value = n.nodeValue ?? '';
      if (direction === 'back') parts.unshift(value);
      else parts.push(value);
      length += value.length;
    }
    // Leave a shadow root through its host and keep reading the light DOM around it.
    const host = scope.nodeType === 11 ? ((scope as ShadowRoot).host as Element | undefined) : undefined;
    if (!host || length >= cap || budget <= 0) break;
    from = host;
    scope = host.getRootNode();
  }
  const joined = parts.join(' ').replace(/\s+/g, ' ');
  return direction === 'back' ? joined.slice(-cap) : joined.slice(0, cap);
}

function skipped(text: Node): boolean {
  const parent = text.parentNode as Element | null;
  return !!parent && SKIPPED_TEXT_PARENTS.has(parent.nodeName);
}

/**
 * The accessible name of a box group or of the group a field sits in: aria-label, aria-labelledby,
 * or the legend of the enclosing fieldset ("Phone number", "Date of birth", "Verification code").
 */
export function containerName(container: Element): string {
  let out = (container.getAttribute('aria-label') ?? '') + textOfIdRefs(container, 'aria-labelledby');
  for (let e: Element | null = container; e && e.nodeName !== 'FORM'; e = e.parentElement) {
    if (e.nodeName === 'FIELDSET') {
      out += ` ${e.querySelector('legend')?.textContent ?? ''}`;
      break;
    }
  }
  return out;
}

/** The name of the nearest labelled group (role=group or fieldset) within a few levels above `el`. */
export function enclosingGroupName(el: Element): string {
  let e = el.parentElement;
  for (let depth = 0; e && depth < 4; depth++, e = e.parentElement) {
    if (e.nodeName === 'FIELDSET' || e.getAttribute('role') === 'group') return containerName(e);
    if (e.nodeName === 'FORM') break;
  }
  return '';
}
