/**
 * The vocabulary of fingerprinting observations, shared by the MAIN-world detector (which must stay
 * dependency-free and small) and the validating schema in extension/fp-report.ts.
 */

/** What a script did: read canvas pixels, asked for the GPU, rendered audio offline, probed fonts. */
export const FINGERPRINT_KINDS = ['canvas-readback', 'webgl-renderer', 'audio-render', 'font-probe'] as const;
/** One fingerprinting technique. */
export type FingerprintKind = (typeof FINGERPRINT_KINDS)[number];

/** The web APIs whose calls are observed (shown to the user as evidence). */
export const FINGERPRINT_APIS = [
  'toDataURL',
  'toBlob',
  'getImageData',
  'convertToBlob',
  'readPixels',
  'getParameter',
  'startRendering',
  'measureText',
  'offsetWidth',
  'offsetHeight',
  'getBoundingClientRect',
  'fonts.check',
] as const;
/** One observed API. */
export type FingerprintApi = (typeof FINGERPRINT_APIS)[number];
