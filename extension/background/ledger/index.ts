/** The privacy ledger's public boundary: handlers, store, verification and the pure views. */
export { defaultLedgerIo, ledgerHandlers, type LedgerIo } from './handlers';
export { LEDGER_DB_NAME, openLedgerStore, type LedgerStore } from './store';
export { fetchWellKnown, isTrustedTransport, verifyAnnouncement, wellKnownUrl, type FetchLike, type VerificationOutcome } from './verify';
export { applyAnnouncement, needsVerification, offersNewToken, tokenVerdict } from './entry';
export { buildLedgerSites, type BoundAccount } from './view';
export { csvCell, ledgerCsv, ledgerJson } from './export';
export { loginsOf, logEntryFor, sendRightsRequest, type RightsAction, type RightsAnswer } from './rights';
