/**
 * The fingerprint detector: a MAIN-world content script injected at document_start in every frame,
 * before the page's own scripts. It records (never blocks or alters) calls that fingerprint the
 * device: canvas read-back of drawn text/shapes, WebGL unmasked renderer/vendor queries, offline
 * audio rendering and mass font probing; attributes each to the calling script's origin from a
 * stack trace; and reports deduplicated counts every second (and on pagehide) to the isolated-world
 * bridge (fp-bridge.ts) over a per-load random event name (see fp-channel.ts). Heuristics are in
 * fp-heuristics.ts, the behaviour-preserving wrappers in fp-wrap.ts.
 *
 * Manifest (root manifest.json): `"world": "MAIN"`, `"run_at": "document_start"`, `"all_frames":
 * true`, `"match_origin_as_fallback": true` (about:blank/srcdoc/blob frames, where scripts like
 * FingerprintJS run their font probes). `world` in manifest content_scripts is supported by Chrome
 * 111+ and Firefox 128+ (Bug 1736575); the manifest requires Firefox 142, so both targets run it,
 * verified by test/e2e/fp-detector-extension.test.ts in Chromium and Firefox ESR.
 * Not observed: workers (no content scripts there, so OffscreenCanvas in a worker goes unseen).
 * A cross-origin frame's own fingerprinting is observed in that frame and filed under the frame's
 * own origin, "inside" the tab's site (background/fingerprint-ledger.ts).
 * Stealth: wrapped functions keep the originals' name, length and native-code toString() (fp-wrap.ts);
 * what can still reveal the detector is listed in docs/threat-model.md.
 */
import type { PageGlobal } from './fp-context';
import { installFingerprintDetector } from './fp-install';

try {
  installFingerprintDetector(globalThis as unknown as PageGlobal);
} catch {
  // The detector must never break a page; without it the page simply goes unobserved.
}
