/**
 * What the page around a field says, beyond the few sentences next to it: many 2FA pages put
 * "Two-factor authentication" in a heading and "open your authenticator app" in a long paragraph
 * above a bare `code` or `key` input, and a field for backup codes beside it. Also which kind of
 * code the page asks for: one from an authenticator app, or one it sent by e-mail or SMS (which no
 * account in the vault can produce).
 *
 * The region is the field's nearest sectioning element (section, article, aside, main, dialog,
 * header/footer/nav), so a "turn on 2FA" sidebar never vouches for a team-code field in <main>.
 */
import { LEXICONS } from './lexicon/index';
import { normalize, readEvidence } from './text';

const SECTIONING = 'section, article, aside, main, dialog, nav, header, footer, [role=dialog], [role=main], [role=region], [role=complementary]';
const CONTEXT_TEXT = 'h1, h2, h3, h4, h5, h6, legend, [role=heading], p';
/** Characters of region text read (headings first): enough for a heading and a long paragraph. */
const MAX_CONTEXT = 900;
/** Elements looked at per region, so a huge page cannot make this slow. */
const MAX_ELEMENTS = 60;

/** The field's sectioning region, or null when it sits directly in the body (then: the whole page). */
export function regionOf(el: Element): Element | null {
  return el.parentElement?.closest(SECTIONING) ?? null;
}

/** Headings and paragraphs of the field's region (or of the page), normalised and capped. */
export function regionText(el: Element): string {
  const region = regionOf(el);
  const root: ParentNode = region ?? el.ownerDocument.body ?? el.ownerDocument;
  const nodes = root.querySelectorAll(CONTEXT_TEXT);
  const headings: string[] = [];
  const paragraphs: string[] = [];
  for (let i = 0; i < nodes.length && i < MAX_ELEMENTS; i++) {
    const node = nodes[i]!;
    // Skip text inside other sectioning elements nested in the region (a sidebar inside main).
    if (region && node.parentElement?.closest(SECTIONING) !== region) continue;
    (node.nodeName === 'P' ? paragraphs : headings).push(node.textContent ?? '');
  }
  return normalize([...headings, ...paragraphs].join(' ').slice(0, MAX_CONTEXT));
}

/** The form a field belongs to, else its region, else its document: where its sibling fields are. */
function fieldScope(input: HTMLInputElement): ParentNode {
  return input.form ?? regionOf(input) ?? input.ownerDocument;
}

/** True when another input of the same form is for backup/recovery codes (judged by `isRecovery`). */
export function hasRecoveryNeighbour(input: HTMLInputElement, isRecovery: (other: HTMLInputElement) => boolean): boolean {
  const others = fieldScope(input).querySelectorAll('input');
  for (let i = 0; i < others.length && i < 40; i++) {
    const other = others[i]!;
    if (other !== input && other.type !== 'hidden' && isRecovery(other)) return true;
  }
  return false;
}

/** Which code a field asks for, by the text around it. */
export type CodeDelivery = 'authenticator' | 'sent' | 'unknown';

interface DeliveryPatterns {
  app: RegExp;
  channel: RegExp;
}
let compiled: DeliveryPatterns | null = null;
function patterns(): DeliveryPatterns {
  if (compiled) return compiled;
  const join = (pick: (l: (typeof LEXICONS)[number]) => readonly string[]) =>
    new RegExp(
      LEXICONS.flatMap(pick)
        .map((s) => `(?:${s})`)
        .join('|'),
    );
  compiled = { app: join((l) => l.app), channel: join((l) => l.channel) };
  return compiled;
}

/** True when the (normalised) text names an authenticator app in one of the eight languages. */
export function namesAuthenticatorApp(text: string): boolean {
  return patterns().app.test(text);
}

/**
 * `authenticator` when the text names an authenticator app (that wins: "code from your app or the
 * one we texted you" takes either); `sent` when it says a code was sent and names the channel
 * (e-mail, SMS, phone, inbox) and no app; else `unknown` (offer codes as before).
 */
export function codeDelivery(text: string): CodeDelivery {
  const p = patterns();
  if (p.app.test(text)) return 'authenticator';
  const evidence = readEvidence(text);
  if (evidence.sent && p.channel.test(text)) return 'sent';
  return 'unknown';
}
