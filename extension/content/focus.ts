/**
 * The focused element through open shadow roots: a leaf module, so the content script's first stage
 * (index.ts) and its lazily loaded second stage (otp-session.ts) share it without the first stage
 * pulling in the second.
 */

/** The focused element, looking through open shadow roots (fields inside web components). */
export function deepActiveElement(doc: Document = document): Element | null {
  let active = doc.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}
