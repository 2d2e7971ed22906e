/**
 * Expressions developer tools evaluate in a page to reach its Twofold SDK: the CLI
 * (playwright `page.evaluate`) and the extension's devtools panel (`devtools.inspectedWindow.eval`)
 * share them, so both find the instance the same way. Plain strings: they run in the page, which
 * has no imports. Convention: the instance is `window.tf`, else the first global holding an object
 * with `inspect()` and `consent.grant()`.
 */
import { ANNOUNCE_EVENT, ANNOUNCE_REQUEST_EVENT } from './announce-events';

/** Evaluates to the page's Twofold instance, or undefined. */
export const FIND_INSTANCE_EXPRESSION = `(() => {
  const looks = (x) => !!x && typeof x === 'object' && typeof x.inspect === 'function' && !!x.consent && typeof x.consent.grant === 'function';
  if (looks(window.tf)) return window.tf;
  for (const key of Object.keys(window)) { try { if (looks(window[key])) return window[key]; } catch (e) {} }
  return undefined;
})()`;

/** What PROBE_EXPRESSION returns (JSON-safe). */
export interface PageProbe {
  /** The SDK script is loaded (the global `Twofold`). */
  sdk: boolean;
  /** A Twofold instance was found (see FIND_INSTANCE_EXPRESSION). */
  instance: boolean;
  site?: string;
  consentMode?: string;
  consentState?: string;
  /** The SDK's answer to `twofold:request` (a JSON string, parse with parseAnnouncement), or null. */
  announcement: string | null;
}

/**
 * Evaluates to a PageProbe. It asks for the announcement exactly as the extension's content script
 * does (`twofold:request` → `twofold:announce`, answered synchronously by the SDK) and reads the
 * consent state from the instance; it reads nothing the SDK would not announce and collects nothing.
 */
export const PROBE_EXPRESSION = `(() => {
  const tf = ${FIND_INSTANCE_EXPRESSION};
  let announcement = null;
  const heard = (e) => { if (typeof e.detail === 'string') announcement = e.detail; };
  document.addEventListener(${JSON.stringify(ANNOUNCE_EVENT)}, heard);
  try { document.dispatchEvent(new CustomEvent(${JSON.stringify(ANNOUNCE_REQUEST_EVENT)})); } finally { document.removeEventListener(${JSON.stringify(ANNOUNCE_EVENT)}, heard); }
  return {
    sdk: typeof window.Twofold === 'object' || typeof window.Twofold === 'function',
    instance: !!tf,
    site: tf && tf.options ? tf.options.site : undefined,
    consentMode: tf && tf.options ? tf.options.consent : undefined,
    consentState: tf ? tf.consent.state : undefined,
    announcement,
  };
})()`;

/** Where a started collection leaves its result in the page (devtools eval cannot await). */
const SLOT = '__twofoldDevtoolsInspect';

/** Starts `tf.inspect()` in the page; evaluates to false when there is no instance. */
export const START_INSPECT_EXPRESSION = `(() => {
  const tf = ${FIND_INSTANCE_EXPRESSION};
  if (!tf) return false;
  window.${SLOT} = { done: false };
  tf.inspect().then(
    (report) => { window.${SLOT} = { done: true, report: JSON.stringify(report) }; },
    (error) => { window.${SLOT} = { done: true, error: String((error && (error.code || error.message)) || error) }; },
  );
  return true;
})()`;

/** Evaluates to `{ done, report?: JSON string, error? }` for the collection START_INSPECT_EXPRESSION began. */
export const READ_INSPECT_EXPRESSION = `(() => { const s = window.${SLOT}; if (s && s.done) delete window.${SLOT}; return s || { done: true, error: 'no collection started' }; })()`;
