/**
 * Font probing hooks: a family counts as measured when canvas measureText runs after ctx.font named
 * it, when offsetWidth/offsetHeight/getBoundingClientRect is read on an element whose inline style
 * names it (however it was set: style.fontFamily, cssText, setProperty or the style attribute), or
 * when document.fonts.check asks for it. A stack trace is taken only for a family not yet measured
 * in the current window. Not covered: families from stylesheets or inherited from a parent.
 */
import { createFontProbeTracker, familyFromFontShorthand, firstFontFamily } from './fp-heuristics';
import type { FingerprintApi } from './fp-kinds';
import { originalGetter, protoOf, type DetectorContext } from './fp-context';

/** Installs the font hooks; returns how many functions were wrapped. */
export function installFontHooks(ctx: DetectorContext): number {
  const { global, wrap } = ctx;
  const tracker = createFontProbeTracker();
  const apply = Reflect.apply;
  const contextFamilies = new WeakMap<object, string>();
  const styleOf = originalGetter(protoOf(global, 'HTMLElement'), 'style');
  let wrapped = 0;

  const measured = (family: string, api: FingerprintApi) => {
    if (!tracker.isNew(family, ctx.now())) return;
    const origin = ctx.attribute();
    if (tracker.countFor(origin)) ctx.record('font-probe', api, origin);
  };
  const remember = (key: unknown, family: string | null) => {
    if (typeof key !== 'object' || key === null) return;
    if (family === null) contextFamilies.delete(key);
    else contextFamilies.set(key, family);
  };

  // Canvas text measurement.
  for (const name of ['CanvasRenderingContext2D', 'OffscreenCanvasRenderingContext2D']) {
    const proto = protoOf(global, name);
    const onFont = (c: unknown, args: unknown[]) => {
      if (typeof args[0] === 'string') remember(c, familyFromFontShorthand(args[0]));
    };
    const onMeasure = (c: unknown) => {
      const family = contextFamilies.get(c as object);
      if (family !== undefined) measured(family, 'measureText');
    };
    if (wrap.accessor(proto, 'font', 'set', onFont)) wrapped++;
    if (wrap.method(proto, 'measureText', { before: onMeasure })) wrapped++;
  }

  // Element measurement: the inline font-family is read at measurement time, because Chromium
  // exposes CSS properties as per-instance data properties (style.fontFamily = … has no setter to
  // observe). The parsed family is cached per style object and only re-parsed when it changes.
  const declaration = protoOf(global, 'CSSStyleDeclaration');
  const getPropertyValue = declaration && (Object.getOwnPropertyDescriptor(declaration, 'getPropertyValue')?.value as unknown);
  const htmlElement = protoOf(global, 'HTMLElement');
  const objectIsPrototypeOf = Object.prototype.isPrototypeOf;
  const parsed = new WeakMap<object, { raw: string; family: string | null }>();
  const inlineFamily = (element: unknown): string | null => {
    if (styleOf === undefined || typeof getPropertyValue !== 'function') return null;
    // getBoundingClientRect is on Element: skip SVG/MathML elements (no HTMLElement style getter).
    if (!apply(objectIsPrototypeOf, htmlElement, [element])) return null;
    const style = styleOf(element);
    if (typeof style !== 'object' || style === null) return null;
    const raw = apply(getPropertyValue, style, ['font-family']);
    if (typeof raw !== 'string' || raw === '') return null;
    const cached = parsed.get(style);
    if (cached !== undefined && cached.raw === raw) return cached.family;
    const family = firstFontFamily(raw);
    parsed.set(style, { raw, family });
    return family;
  };
  const onElementMeasure = (api: FingerprintApi) => (element: unknown) => {
    const family = inlineFamily(element);
    if (family !== null) measured(family, api);
  };
  if (wrap.accessor(htmlElement, 'offsetWidth', 'get', onElementMeasure('offsetWidth'))) wrapped++;
  if (wrap.accessor(htmlElement, 'offsetHeight', 'get', onElementMeasure('offsetHeight'))) wrapped++;
  if (wrap.method(protoOf(global, 'Element'), 'getBoundingClientRect', { before: onElementMeasure('getBoundingClientRect') })) wrapped++;

  // document.fonts.check('12px "Some Font"'): true only when the font is available locally.
  if (
    wrap.method(protoOf(global, 'FontFaceSet'), 'check', {
      before: (_set, args) => {
        const family = typeof args[0] === 'string' ? familyFromFontShorthand(args[0]) : null;
        if (family !== null) measured(family, 'fonts.check');
      },
    })
  )
    wrapped++;
  return wrapped;
}
