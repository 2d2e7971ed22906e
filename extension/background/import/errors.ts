/**
 * Typed failures of an import. A whole-file failure (wrong password, corrupt or unknown file)
 * rejects `importAccounts` with one of these and yields zero accounts; a problem with a single
 * entry is not an error but a `skipped` item with a reason.
 */
import { TwofoldError } from '../../../sdk/protocol/errors';

/** The file was recognised as format `format`, which Twofold cannot import (e.g. Authy, Steam). */
export class UnsupportedFormatError extends TwofoldError {
  readonly format: string;
  constructor(format: string, advice: string) {
    super('unsupported_format', `This file looks like an export of ${format}, which Twofold cannot import. ${advice}`);
    this.name = 'UnsupportedFormatError';
    this.format = format;
  }
}

/** No importer recognised the content. */
export class UnrecognisedFormatError extends TwofoldError {
  constructor(what: string) {
    super(
      'unrecognised_format',
      `Twofold could not recognise ${what}. Expected an export from Google Authenticator, Aegis, 2FAS, andOTP, ` +
        'Bitwarden (JSON, password-protected JSON or CSV), FreeOTP+, Proton Authenticator, Stratum, a Twofold backup, or a list of otpauth:// URIs.',
    );
    this.name = 'UnrecognisedFormatError';
  }
}

/** The file is encrypted and no password was given. */
export class PasswordRequiredError extends TwofoldError {
  readonly format: string;
  constructor(format: string) {
    super('password_required', `This ${format} export is encrypted: enter the password it was exported with.`, { status: 401 });
    this.name = 'PasswordRequiredError';
    this.format = format;
  }
}

/** The password does not open the file (authentication of the key or data failed). */
export class WrongPasswordError extends TwofoldError {
  readonly format: string;
  constructor(format: string, detail = '') {
    super('wrong_password', `The password does not open this ${format} export${detail}. Check the password and try again; nothing was imported.`, {
      status: 401,
    });
    this.name = 'WrongPasswordError';
    this.format = format;
  }
}

/** The file is recognised but damaged or structurally invalid; nothing was imported. */
export class CorruptFileError extends TwofoldError {
  readonly format: string;
  constructor(format: string, problem: string, options: { cause?: unknown } = {}) {
    super('corrupt_file', `This ${format} export is damaged or incomplete: ${problem}. Nothing was imported.`, options);
    this.name = 'CorruptFileError';
    this.format = format;
  }
}

/** One entry cannot become an Account (e.g. Steam or MD5); importers turn it into a `skipped` item. */
export class UnsupportedEntryError extends TwofoldError {
  constructor(message: string) {
    super('unsupported_entry', message);
    this.name = 'UnsupportedEntryError';
  }
}
