/**
 * Is an input something a person can see and type into? Two answers from one question: with layout
 * (a real browser) the rendered box decides; without layout (jsdom, happy-dom, a DOMParser
 * document, where every box is 0×0) the styles and attributes that hide things decide.
 */

/** What the page can tell us about rendering, measured once per detection run. */
export interface RenderInfo {
  readonly layout: boolean;
  readonly view: (Window & typeof globalThis) | null;
}

/** Finds out whether `doc` has layout: a rendered document element is never 0×0. */
export function renderInfo(doc: Document): RenderInfo {
  const view = doc.defaultView as (Window & typeof globalThis) | null;
  const rect = doc.documentElement?.getBoundingClientRect();
  return { view, layout: !!view && !!rect && (rect.width > 0 || rect.height > 0) };
}

/** Hidden by markup whatever the renderer: hidden, inert, aria-hidden, or a closed <details>. */
function hiddenByMarkup(el: Element): boolean {
  let child: Element | null = null;
  for (let e: Element | null = el; e; child = e, e = parentAcrossShadow(e)) {
    if (e.hasAttribute('hidden') || e.hasAttribute('inert') || e.getAttribute('aria-hidden') === 'true') return true;
    // A closed <details> shows only its <summary>.
    if (e.nodeName === 'DETAILS' && !e.hasAttribute('open') && child?.nodeName !== 'SUMMARY') return true;
  }
  return false;
}

/** The parent element, or the shadow host when `el` is a shadow root's top-level child. */
export function parentAcrossShadow(el: Element): Element | null {
  if (el.parentElement) return el.parentElement;
  const root = el.parentNode as ShadowRoot | null;
  return root && 'host' in root ? root.host : null;
}

const px = (v: string | undefined) => (v?.endsWith('px') ? parseFloat(v) : NaN);

/** A clip or clip-path that leaves nothing visible (the "visually hidden" idiom). */
function clippedAway(style: CSSStyleDeclaration): boolean {
  const clip = style.clip ?? '';
  const clipPath = style.clipPath ?? '';
  return /^rect\(\s*0(px)?[\s,]+0(px)?[\s,]+0(px)?[\s,]+0(px)?\s*\)$/.test(clip) || /inset\(\s*50%|circle\(\s*0/.test(clipPath);
}

/** Visible with real layout: a box of usable size, on the page, not transparent or clipped away. */
function visibleWithLayout(input: HTMLInputElement, info: RenderInfo): boolean {
  const rect = input.getBoundingClientRect();
  if (rect.width < 4 || rect.height < 4) return false;
  const view = info.view!;
  if (rect.right + view.scrollX <= 0 || rect.bottom + view.scrollY <= 0) return false; // parked off-screen
  const style = view.getComputedStyle(input);
  if (clippedAway(style)) return false;
  if (clippedByAncestor(input, rect, view)) return false;
  // checkVisibility covers display, visibility and opacity of every ancestor (Chromium 121+, Firefox 125+).
  const check = (input as { checkVisibility?: (o: object) => boolean }).checkVisibility;
  if (check) return check.call(input, { opacityProperty: true, visibilityProperty: true, checkOpacity: true, checkVisibilityCSS: true });
  return visibleByStyle(input, info);
}

/** Inside a scroll or overflow:hidden box that shows none of it (the zero-height honeypot wrapper). */
function clippedByAncestor(input: Element, rect: DOMRect, view: Window): boolean {
  for (let e = parentAcrossShadow(input); e && e.nodeName !== 'BODY' && e.nodeName !== 'HTML'; e = parentAcrossShadow(e)) {
    const style = view.getComputedStyle(e);
    // Only boxes that cut content off; a scrollable box (auto/scroll) lets the user reach the field.
    const cuts = (v: string) => v === 'hidden' || v === 'clip';
    if (!cuts(style.overflowX) && !cuts(style.overflowY)) continue;
    const box = e.getBoundingClientRect();
    const width = Math.min(rect.right, box.right) - Math.max(rect.left, box.left);
    const height = Math.min(rect.bottom, box.bottom) - Math.max(rect.top, box.top);
    if (width < 4 || height < 4) return true;
  }
  return false;
}

/** Visible judged by styles only, for documents without layout. */
function visibleByStyle(input: HTMLInputElement, info: RenderInfo): boolean {
  const view = info.view;
  const styleOf = (e: Element): CSSStyleDeclaration | null => (view ? view.getComputedStyle(e) : ((e as HTMLElement).style ?? null));
  const own = styleOf(input);
  if (own) {
    if (own.visibility === 'hidden' || own.visibility === 'collapse') return false;
    if (clippedAway(own)) return false;
    const w = px(own.width);
    const h = px(own.height);
    if (w <= 1 || h <= 1) return false;
    if ((own.position === 'absolute' || own.position === 'fixed') && (px(own.left) <= -500 || px(own.top) <= -500)) return false;
    if (/scale\(\s*0(\.0+)?\s*[,)]/.test(own.transform ?? '')) return false;
  }
  for (let e: Element | null = input; e; e = parentAcrossShadow(e)) {
    const style = e === input ? own : styleOf(e);
    if (!style) continue;
    if (style.display === 'none' || style.opacity === '0' || style.visibility === 'hidden') return false;
    if (e !== input && (style.position === 'absolute' || style.position === 'fixed') && (px(style.left) <= -500 || px(style.top) <= -500)) return false;
    if (e !== input && style.overflow === 'hidden' && (px(style.height) <= 1 || px(style.width) <= 1)) return false;
  }
  return true;
}

/** True when a person could see `input`: the single visibility rule for both kinds of document. */
export function isVisible(input: HTMLInputElement, info: RenderInfo): boolean {
  if (hiddenByMarkup(input)) return false;
  return info.layout ? visibleWithLayout(input, info) : visibleByStyle(input, info);
}

/** Narrow enough to be one box of a split code, judged by layout or, without it, by declared width. */
export function isNarrow(input: HTMLInputElement, info: RenderInfo): boolean {
  if (info.layout) {
    const w = input.getBoundingClientRect().width;
    return w > 0 && w <= 64;
  }
  const width = info.view ? info.view.getComputedStyle(input).width : input.style.width;
  const m = /^([\d.]+)(px|em|rem|ch)$/.exec(width ?? '');
  if (!m) return input.size > 0 && input.size <= 2 && input.hasAttribute('size');
  const n = parseFloat(m[1]!);
  return m[2] === 'px' ? n <= 64 : m[2] === 'ch' ? n <= 4 : n <= 3.5;
}
