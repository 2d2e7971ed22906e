/**
 * Entry of the classic-script loader (dist/sdk/twofold.js): publishes the public API (index.ts) as
 * the global `Twofold`. A plain object rather than esbuild's `globalName`, whose module-namespace
 * helpers cost every page ~0.2 KB gzip; test/sdk/browser/build-sdk.test.ts checks that the global
 * holds exactly the runtime exports of the module loader (twofold.mjs).
 */
import { CHOICE_KEY, ConsentRequiredError, DEVICE_DB_NAME, init, RECEIPT_KEY, signals, TwofoldError, ValidationError, version } from './index';

(window as unknown as { Twofold: unknown }).Twofold = {
  init,
  signals,
  version,
  TwofoldError,
  ConsentRequiredError,
  ValidationError,
  CHOICE_KEY,
  RECEIPT_KEY,
  DEVICE_DB_NAME,
};
