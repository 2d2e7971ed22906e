/** Names the loader and the collector share (both stages import this; it holds no code). */

/**
 * Event the classic-script collector dispatches on its own <script> element, with itself as
 * `detail`; the loader that created the element cancels it (the collector is then not published).
 */
export const COLLECTOR_READY_EVENT = 'twofold:collector-ready';

/** Where a collector the site included itself (not fetched by the loader) waits for the loader. */
export const PRELOADED_COLLECTOR = Symbol.for('twofold.collector');
