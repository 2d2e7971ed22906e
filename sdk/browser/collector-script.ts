/**
 * The collector as a classic script (dist/sdk/twofold-collector.js) for pages using twofold.js. It
 * defines no global: it hands the collector to the loader through an event on its own <script>
 * element, which the loader created (with the build's Subresource Integrity hash) and listens on.
 */
import { collector } from './collector';
import { COLLECTOR_READY_EVENT } from './stages';

document.currentScript?.dispatchEvent(new CustomEvent(COLLECTOR_READY_EVENT, { detail: collector }));
