/**
 * Twofold's own encrypted backup (format defined and documented in ../backup.ts). Accounts keep
 * their `sites` and `icon` fields, so a backup round trip preserves bound sites.
 */
import { TwofoldError } from '../../../sdk/protocol/errors';
import { decryptBackup, isTwofoldBackup } from '../backup';
import { CorruptFileError, PasswordRequiredError, WrongPasswordError } from './errors';
import type { ImportResult, Importer } from './types';

const FORMAT = 'Twofold backup';

/** Twofold backup importer. */
export const twofoldBackupImporter: Importer = {
  id: 'twofold-backup',
  name: FORMAT,
  detect: (input) => input.text !== undefined && isTwofoldBackup(input.text),
  async read(input, password): Promise<ImportResult> {
    if (password === undefined || password === '') throw new PasswordRequiredError(FORMAT);
    try {
      return await decryptBackup(input.text ?? '', password);
    } catch (error) {
      if (error instanceof TwofoldError && error.code === 'wrong_password') throw new WrongPasswordError(FORMAT, ' (or the file was modified after export)');
      if (error instanceof TwofoldError) throw new CorruptFileError(FORMAT, error.message.replace(/\.$/, ''), { cause: error });
      throw error;
    }
  },
};
