/**
 * The one error base of Twofold. Every failure a caller may need to tell apart carries a stable
 * `code` (machine-readable, part of the API) and a message that says what was expected and what
 * came, so a site developer or user can act on it.
 */
export class TwofoldError extends Error {
  /** Stable, machine-readable error code (snake_case). */
  readonly code: string;
  /** HTTP status to use when this error crosses the HTTP boundary (always 4xx for bad input). */
  readonly status: number;

  constructor(code: string, message: string, options: { cause?: unknown; status?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TwofoldError';
    this.code = code;
    this.status = options.status ?? 400;
  }

  /** The JSON body sent at an HTTP boundary: code and message, never a stack. */
  toJSON(): { error: { code: string; message: string } } {
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
  readonly issues: string[];
  constructor(what: string, issues: string[]) {
    super('invalid_input', `${what} is not valid: ${issues.join('; ')}`, { status: 400 });
    this.name = 'ValidationError';
    this.issues = issues;
  }
}
