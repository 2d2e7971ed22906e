/** Options: import a file, export an encrypted backup, export a plain otpauth list behind a warning. */
import { base64 } from '@scure/base';
import { useState } from 'preact/hooks';
import { errorText, send } from '../api';
import { t } from '../i18n';

function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: fileName.endsWith('.json') ? 'application/json' : 'text/plain' }));
  const anchor = Object.assign(document.createElement('a'), { href: url, download: fileName });
  anchor.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function readFileForImport(file: File): Promise<{ kind: 'text'; text: string } | { kind: 'base64'; base64: string }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    return { kind: 'text', text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { kind: 'base64', base64: base64.encode(bytes) }; // binary files travel as base64: messages are JSON in Chrome
  }
}

/** The import form. */
export function ImportForm({ onImported }: { onImported: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const [result, setResult] = useState<{ text: string; skipped: { entry: string; reason: string }[] } | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!file) return;
    try {
      const data = await readFileForImport(file);
      const { imported, skipped } = await send({ type: 'accounts.import', fileName: file.name, data, ...(password ? { password } : {}) });
      setResult({ text: t('imported', { n: imported }), skipped });
      onImported();
    } catch (e) {
      setResult({ text: errorText(e), skipped: [] });
    }
  };
  return (
    <section>
      <h2>{t('importTitle')}</h2>
      <p class="help">{t('importHelp')}</p>
      <form onSubmit={submit} data-testid="import">
        <label>
          {t('file')}
          <input type="file" name="file" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
        </label>
        <label>
          {t('filePassword')}
          <input type="password" name="password" autocomplete="off" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled={!file}>
          {t('import')}
        </button>
      </form>
      {result && (
        <div class="status" role="status" data-testid="import-result">
          <p>{result.text}</p>
          {result.skipped.length > 0 && (
            <>
              <p>{t('skipped')}</p>
              <ul>
                {result.skipped.map((s, i) => (
                  <li key={i}>
                    {s.entry}: {s.reason}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}

/** The vault passphrase field each export form asks for again (the background checks it). */
function PassphraseAgain({ value, onInput }: { value: string; onInput: (value: string) => void }) {
  return (
    <label>
      {t('exportPassphrase')}
      <input type="password" name="passphrase" autocomplete="current-password" required value={value} onInput={(e) => onInput(e.currentTarget.value)} />
    </label>
  );
}

/**
 * The export forms: encrypted backup, and the plain list only after ticking the warning. Both ask
 * for the vault passphrase again, so an unlocked browser left alone does not hand out every secret.
 */
export function ExportForm() {
  const [password, setPassword] = useState('');
  const [backupPassphrase, setBackupPassphrase] = useState('');
  const [urisPassphrase, setUrisPassphrase] = useState('');
  const [acknowledged, setAcknowledged] = useState(false);
  const [status, setStatus] = useState('');
  const run = async (fn: () => Promise<{ fileName: string; text: string }>) => {
    try {
      const { fileName, text } = await fn();
      download(fileName, text);
      setStatus(t('exported', { file: fileName }));
    } catch (e) {
      setStatus(errorText(e));
    }
  };
  return (
    <section>
      <h2>{t('exportTitle')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => send({ type: 'accounts.exportBackup', password, passphrase: backupPassphrase }));
        }}
        data-testid="export-backup"
      >
        <PassphraseAgain value={backupPassphrase} onInput={setBackupPassphrase} />
        <label>
          {t('backupPassword')}
          <input
            type="password"
            name="password"
            autocomplete="new-password"
            minLength={8}
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <button type="submit">{t('exportBackup')}</button>
      </form>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (acknowledged) void run(() => send({ type: 'accounts.exportUris', acknowledgeUnencrypted: true, passphrase: urisPassphrase }));
        }}
        data-testid="export-uris"
      >
        <PassphraseAgain value={urisPassphrase} onInput={setUrisPassphrase} />
        <label class="warning">
          <input type="checkbox" checked={acknowledged} onChange={(e) => setAcknowledged(e.currentTarget.checked)} /> {t('exportWarning')}
        </label>
        <button type="submit" disabled={!acknowledged}>
          {t('exportUris')}
        </button>
      </form>
      {status && (
        <p class="status" role="status">
          {status}
        </p>
      )}
    </section>
  );
}
