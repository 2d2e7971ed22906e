/** Bitwarden CSV export: a header row naming `name`, `login_username` and `login_totp` columns. */
import { bitwardenTotpToAccount } from './bitwarden';
import { parseCsv } from './csv';
import { convertEntries, describeEntry } from './entries';
import { CorruptFileError } from './errors';
import type { ImportResult, Importer } from './types';

const FORMAT = 'Bitwarden CSV';

function header(text: string | undefined): string[] | undefined {
  const first = text?.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0];
  return first?.includes('login_totp') ? first.split(',').map((h) => h.trim()) : undefined;
}

/** Bitwarden CSV export importer. */
export const bitwardenCsvImporter: Importer = {
  id: 'bitwarden-csv',
  name: FORMAT,
  detect: (input) => input.json === undefined && header(input.text)?.includes('login_totp') === true,
  async read(input): Promise<ImportResult> {
    const [head, ...rows] = parseCsv(input.text ?? '');
    const column = (name: string) => head?.indexOf(name) ?? -1;
    const totpAt = column('login_totp');
    if (totpAt < 0) throw new CorruptFileError(FORMAT, 'the header has no login_totp column');
    const nameAt = column('name');
    const userAt = column('login_username');
    const withTotp = rows.filter((row) => (row[totpAt] ?? '').trim() !== '');
    return convertEntries(
      withTotp,
      (row, i) => describeEntry(i, row[nameAt], row[userAt]),
      (row) => bitwardenTotpToAccount(row[totpAt] ?? '', row[nameAt] ?? '', row[userAt] ?? ''),
    );
  },
};
