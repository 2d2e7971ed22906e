/**
 * The one error base of Twofold. Every failure a caller may need to tell apart carries a stable
 * `code` (machine-readable, part of the API) and a message that says what was expected and what
 * came, so a site developer or user can act on it.
 */

/** Codes the browser SDK raises on the page: `collect()`, `seal()`, `init()`, the collector load. */
export type BrowserErrorCode = 'consent_required' | 'invalid_input' | 'collector_unavailable' | 'missing_public_key' | 'seal_bad_key';

/** Codes of sealing and opening a report (SealError's `code`; sdk/protocol/seal-envelope.ts names it SealErrorCode). */
export type SealingErrorCode =
  | 'seal_malformed'
  | 'seal_too_large'
  | 'seal_wrong_key'
  | 'seal_wrong_site'
  | 'seal_expired'
  | 'seal_replayed'
  | 'seal_tampered'
  | 'seal_invalid_report'
  | 'seal_bad_key';

/** Codes the server library and its HTTP handler raise (an HTTP error body carries one as `error.code`). */
export type ServerErrorCode =
  | 'invalid_input'
  | 'invalid_json'
  | 'unsupported_media_type'
  | 'body_too_large'
  | 'body_unreadable'
  | 'rate_limited'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'bad_config'
  | 'public_url_required'
  | 'user_required'
  | 'invalid_attempt'
  | 'invalid_outcome'
  | 'invalid_policy'
  | 'nonce_spent'
  | 'attempt_token_invalid'
  | 'attempt_token_used'
  | 'rights_token_missing'
  | 'rights_token_invalid'
  | 'rights_token_expired'
  | 'rights_token_used'
  | 'geo_data_missing'
  | 'geo_data_invalid'
  | 'invalid_geo_table'
  | 'store_migration_failed'
  | 'store_driver_missing'
  | 'store_busy'
  | 'totp_bad_account'
  | 'totp_bad_enrollment'
  | 'totp_bad_secret'
  | 'totp_busy'
  | 'totp_malformed'
  | 'totp_invalid'
  | 'totp_replayed'
  | 'totp_throttled'
  | 'totp_locked'
  | 'totp_not_enrolled';

/** Codes of the `twofold` command line (serve, inspect). */
export type CliErrorCode =
  | 'usage'
  | 'keys_file_invalid'
  | 'totp_secrets_invalid'
  | 'listen_failed'
  | 'no_browser'
  | 'no_playwright'
  | 'unreachable'
  | 'no_sdk'
  | 'no_instance'
  | 'no_banner'
  | 'consent_mode'
  | 'frame_site_differs'
  | 'login_not_found'
  | 'bad_form';

/** Codes the Twofold extension raises in its own pages and messages (not part of the SDK package's API). */
export type ExtensionErrorCode =
  | 'invalid_secret'
  | 'invalid_account'
  | 'invalid_otpauth_uri'
  | 'account_not_found'
  | 'account_corrupted'
  | 'not_hotp'
  | 'invalid_file'
  | 'file_too_large'
  | 'malformed_entry'
  | 'unsupported_format'
  | 'unrecognised_format'
  | 'unsupported_entry'
  | 'password_required'
  | 'wrong_password'
  | 'corrupt_file'
  | 'invalid_backup'
  | 'backup_off'
  | 'backup_password_needed'
  | 'backup_failed'
  | 'wrong_passphrase'
  | 'vault_locked'
  | 'vault_missing'
  | 'vault_exists'
  | 'weak_kdf'
  | 'qr_unavailable'
  | 'qr_not_found'
  | 'qr_tainted'
  | 'unknown_site'
  | 'not_a_page'
  | 'no_site'
  | 'tab_gone'
  | 'site_not_bound'
  | 'site_changed'
  | 'too_many_sites'
  | 'invalid_site'
  | 'no_rights_endpoint'
  | 'no_rights_token'
  | 'rights_token_refused'
  | 'unverified_endpoint'
  | 'sync_other_vault'
  | 'sync_item_too_big'
  | 'sync_quota'
  | 'sync_passphrase_needed';

/**
 * Every `TwofoldError.code`, a literal union so callers can `switch` on it (and the compiler flags
 * a misspelt case or a new code a switch does not handle). Raising a code not listed here does not
 * compile: add it to its group above first.
 */
export type TwofoldErrorCode = BrowserErrorCode | SealingErrorCode | ServerErrorCode | CliErrorCode | ExtensionErrorCode;

/** The base of every Twofold error: a stable `code`, an HTTP `status`, an actionable message. */
export class TwofoldError extends Error {
  // `declare`: set in the constructor only, so no class-field definitions are emitted (bytes on every page).
  /** Stable, machine-readable error code (snake_case), one of TwofoldErrorCode. */
  declare readonly code: TwofoldErrorCode;
  /** HTTP status to use when this error crosses the HTTP boundary (always 4xx for bad input). */
  declare readonly status: number;

  constructor(code: TwofoldErrorCode, message: string, options: { cause?: unknown; status?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TwofoldError';
    this.code = code;
    this.status = options.status ?? 400;
  }

  /** The JSON body sent at an HTTP boundary: code and message, never a stack. */
  toJSON(): { error: { code: TwofoldErrorCode; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

/** Thrown (rejected) by `collect()`, `inspect()` and `seal()` while consent is not granted. */
export class ConsentRequiredError extends TwofoldError {
  constructor(state: string) {
    super(
      'consent_required',
      `Twofold collects nothing without consent: consent is "${state}". ` +
        'Call tf.consent.grant() after the visitor agrees (or let the banner/TCF CMP record it) before collect().',
      { status: 403 },
    );
    this.name = 'ConsentRequiredError';
  }
}

/** Input that does not match a shared schema (the issues are listed in the message). */
export class ValidationError extends TwofoldError {
  declare readonly issues: string[];
  constructor(what: string, issues: string[]) {
    super('invalid_input', `${what} is not valid: ${issues.join('; ')}`, { status: 400 });
    this.name = 'ValidationError';
    this.issues = issues;
  }
}
