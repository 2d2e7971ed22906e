/**
 * How the inline suggestion looks: its fixed size, the shadow root's stylesheet, and the host's
 * pinned inline style (set through CSSOM with !important by suggestion.ts), kept apart from the
 * behaviour so a visual change never touches the gate or the listeners.
 */

/** The host's fixed size in CSS pixels (the same for every state: nothing to learn from it). */
export const BOX_WIDTH = 300;
/** See BOX_WIDTH. */
export const BOX_HEIGHT = 152;

/** The stylesheet inside the closed shadow root. */
export const SHADOW_CSS = `
:host { all: initial; }
.box:focus { outline: none; }
.box { box-sizing: border-box; width: ${BOX_WIDTH}px; height: ${BOX_HEIGHT}px; display: flex; flex-direction: column;
  font: 13px/1.35 system-ui, sans-serif; color: #1b1b1f; background: #fff; border: 1px solid #8a8a99;
  border-radius: 8px; box-shadow: 0 4px 16px rgba(0,0,0,.18); padding: 6px; overflow: hidden; }
.list { overflow-y: auto; flex: 1; }
.brand { font-size: 11px; color: #55556a; padding: 2px 6px 4px; display: flex; justify-content: space-between; gap: 8px; }
button { all: unset; box-sizing: border-box; display: flex; width: 100%; gap: 8px; justify-content: space-between;
  align-items: center; padding: 6px 8px; border-radius: 6px; cursor: pointer; }
button:hover, button:focus-visible { background: #e8ecff; outline: 2px solid #3355dd; outline-offset: -2px; }
.action { color: #2344c4; font-weight: 600; white-space: nowrap; }
.name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
p { margin: 4px 6px 8px; }
.error { color: #a01818; }
.warning { margin: 0 0 4px; padding: 4px 6px; border-left: 4px solid #b3261e; background: #fdecea; color: #5c0f0b; border-radius: 4px; }
.warning strong { display: block; }
`;

/** The host's inline style: every property a page stylesheet could use to hide, move or distort it. */
export const HOST_STYLE: Record<string, string> = {
  all: 'initial',
  position: 'fixed',
  inset: 'auto',
  'z-index': '2147483647',
  display: 'block',
  margin: '0',
  padding: '0',
  border: '0',
  width: `${BOX_WIDTH}px`,
  height: `${BOX_HEIGHT}px`,
  overflow: 'visible',
  background: 'transparent',
  transform: 'none',
  opacity: '1',
  visibility: 'visible',
  'pointer-events': 'auto',
  filter: 'none',
  'mix-blend-mode': 'normal',
};

/** A new element of `doc` with attributes and optional text (never HTML: a name or issuer is only ever text). */
export function el<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}
