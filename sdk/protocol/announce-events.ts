/**
 * Wire constants of the announcement protocol (docs/announce-protocol.md), with no schema library
 * attached so the page bundle can import them; the schema lives in announce.ts.
 */

/** Dispatched on `document` by the extension's content script: "SDK, announce yourself". */
export const ANNOUNCE_REQUEST_EVENT = 'twofold:request';
/** Dispatched on `document` by the SDK; `detail` is the announcement as a JSON string. */
export const ANNOUNCE_EVENT = 'twofold:announce';
/** Dispatched on `document` by the extension's content script: the user withdrew consent in the ledger. */
export const WITHDRAW_EVENT = 'twofold:withdraw';
/** Version of the announcement payload (`v`). */
export const ANNOUNCEMENT_VERSION = 1;
/** Longest announcement JSON accepted (characters); a receiving side drops anything longer unparsed. */
export const MAX_ANNOUNCEMENT_LENGTH = 32 * 1024;
/** Longest rights token / receipt signature the SDK holds or a receiver accepts (characters). */
export const MAX_TOKEN_LENGTH = 4096;
