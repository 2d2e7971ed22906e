/**
 * The Twofold browser SDK: `Twofold.init({...})` in a classic script (dist/sdk/twofold.js) or
 * `import { init } from 'dist/sdk/twofold.mjs'`. Nothing runs until a site calls init(), and no
 * signal is read until the visitor consents. This is the first stage (init, consent, banner,
 * receipt); the collector (collector.ts) is fetched from the same directory after consent.
 */
import { SIGNAL_INFOS, metaOf } from './signals/catalogue';

export { init } from './sdk';
export type { TwofoldInstance } from './sdk';
export type { InitOptions } from './options';
export type { SignalValues, SignalId } from './signals';
export type { ConsentApi, ConsentState } from './consent/controller';
export { TwofoldError, ConsentRequiredError, ValidationError } from '../protocol/errors';
export type { SignalReport, InspectReport } from '../protocol/report';
export type { ConsentReceipt } from '../protocol/receipt';
export type { SignalMeta } from '../protocol/signals';
export { CHOICE_KEY, RECEIPT_KEY } from './consent/storage';
export { DEVICE_DB_NAME } from './signals/device-db';

/** Every signal the SDK can collect (id, category, purpose, personal-data class), for sites and docs. */
export const signals = SIGNAL_INFOS.map(metaOf);

export { version } from './version';
