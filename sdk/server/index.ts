/**
 * The Twofold server library: unseal SDK reports, score logins, verify TOTP, store with retention,
 * answer data-subject rights — and a ready HTTP handler for all of it.
 */
export { generateSiteKeys, unseal, unsealWithHeader, issueNonce, parseEnvelope, NONCE_TTL_MS, type SiteKeys, type UnsealOptions, type Unsealed } from './seal';
export { importRecipientKey } from './keys';
export { createSigner, issueRightsToken, checkRightsToken, signReceipt, RightsError, type Signer } from './rights';
export {
  createTotpEnrollment, verifyTotp, generateTotp, createTotpVerifier, createMemoryTotpReplayStore,
  type TotpEnrollment, type TotpVerifyResult, type TotpRefusal, type TotpReplayStore, type VerifyTotpOptions, type TotpParams, type TotpAlgorithm,
} from './totp';
export * from './store/index';
export * from './risk/index';
export * from './geo/index';
export * from './http/index';
export { SealError, sealReport, type SealErrorCode } from '../protocol/seal';
export { TwofoldError } from '../protocol/errors';
