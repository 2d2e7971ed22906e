/**
 * The Twofold server library: unseal SDK reports, score logins, verify TOTP, store with retention,
 * answer data-subject rights — and a ready HTTP handler for all of it.
 */
export { generateSiteKeys, unseal, unsealWithHeader, issueNonce, parseEnvelope, NONCE_TTL_MS, type SiteKeys, type UnsealOptions, type Unsealed } from './seal';
export { importRecipientKey } from './keys';
export {
  createSigner,
  issueRightsGrant,
  checkRightsToken,
  signReceipt,
  RightsError,
  type Signer,
  type RightsGrant,
  type CollectedReceipt,
  type CheckedRightsToken,
} from './rights';
export { isObjecting, type ProcessedSubject } from './objection';
export { createTotpEnrollment, generateTotp, type TotpEnrollment, type TotpParams, type TotpAlgorithm } from './totp';
export {
  createTotpVerifier,
  TotpRefusedError,
  DEFAULT_TOTP_LOCKOUT,
  type TotpVerifier,
  type TotpVerifierOptions,
  type TotpLockoutPolicy,
  type TotpRefusalReason,
} from './totp-verifier';
export * from './store/index';
export * from './risk/index';
export * from './geo/index';
export * from './http/index';
export { createTwofoldFetchHandler, type TwofoldFetchContext, type TwofoldFetchHandler } from './http/fetch';
export { SealError, sealReport, type SealErrorCode } from '../protocol/seal';
export { TwofoldError } from '../protocol/errors';
