// Derives the Chrome and Firefox manifests from the one root manifest.json. Pure (no I/O) so it is
// unit-tested and used by build.mjs; the only place manifest differences between browsers live.

/** The two browsers the extension is built for. @typedef {'chrome' | 'firefox'} BuildTarget */

/** Permissions only Chrome knows (Firefox's linter flags them): offscreen documents (Chrome 109+). */
export const CHROME_ONLY_PERMISSIONS = ['offscreen'];

/**
 * Returns the manifest for `target`, derived from the root manifest without mutating it.
 * Chrome runs the background as a service worker and rejects Gecko settings; Firefox (142+) runs
 * it as an event page from `background.scripts` and needs `browser_specific_settings.gecko`.
 * @param {Record<string, unknown>} source the parsed root manifest.json
 * @param {BuildTarget} target
 * @returns {Record<string, unknown>}
 */
export function manifestFor(source, target) {
  if (target !== 'chrome' && target !== 'firefox') throw new Error(`manifestFor: unknown target "${String(target)}" (expected "chrome" or "firefox")`);
  /** @type {Record<string, any>} */
  const manifest = structuredClone(source);
  if (manifest.manifest_version !== 3) throw new Error('manifestFor: the root manifest must be Manifest V3');
  const background = manifest.background ?? {};
  const script = background.service_worker ?? background.scripts?.[0];
  if (typeof script !== 'string') throw new Error('manifestFor: background.service_worker (or background.scripts) is required');
  if (target === 'chrome') {
    manifest.background = { service_worker: script, type: background.type ?? undefined };
    if (manifest.background.type === undefined) delete manifest.background.type;
    delete manifest.browser_specific_settings;
  } else {
    const gecko = manifest.browser_specific_settings?.gecko;
    if (!gecko?.id) throw new Error('manifestFor: browser_specific_settings.gecko.id is required for Firefox');
    manifest.background = { scripts: background.scripts ?? [script] };
    if (background.type) manifest.background.type = background.type;
    if (Array.isArray(manifest.permissions)) manifest.permissions = manifest.permissions.filter((p) => !CHROME_ONLY_PERMISSIONS.includes(p));
  }
  return manifest;
}
