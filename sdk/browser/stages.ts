/** Names the loader and the collector share (both stages import this; it holds no code). */

/** Event the classic-script collector dispatches on its own <script> element, with itself as `detail`. */
export const COLLECTOR_READY_EVENT = 'twofold:collector-ready';
