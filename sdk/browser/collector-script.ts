/**
 * The collector as a classic script (dist/sdk/twofold-collector.js) for pages using twofold.js. It
 * hands the collector to the loader through an event on its own <script> element, which the loader
 * created (with the build's Subresource Integrity hash) and listens on. A site may also include this
 * script itself, before the loader, to save the request after consent (it collects nothing until
 * the loader calls it): then it is published under PRELOADED_COLLECTOR for the loader to find.
 */
import { collector } from './collector';
import { COLLECTOR_READY_EVENT, PRELOADED_COLLECTOR } from './stages';

const script = document.currentScript;
if (script?.dispatchEvent(new CustomEvent(COLLECTOR_READY_EVENT, { detail: collector, cancelable: true })) !== false) {
  Object.defineProperty(window, PRELOADED_COLLECTOR, { value: collector, configurable: true });
}
