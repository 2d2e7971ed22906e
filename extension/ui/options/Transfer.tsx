/** Options: import a file, export an encrypted backup, export a plain otpauth list behind a warning. */
import { useState } from 'preact/hooks';
import { send } from '../api';
import { failure, type Notice, NoticeText, success } from '../components/Notice';
import { readFileForImport } from '../components/read-file';
import { StrengthHint } from '../components/StrengthHint';
import { t } from '../i18n';

function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: fileName.endsWith('.json') ? 'application/json' : 'text/plain' }));
  const anchor = Object.assign(document.createElement('a'), { href: url, download: fileName });
  anchor.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The import form. */
export function ImportForm({ onImported }: { onImported: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const [result, setResult] = useState<{ notice: Notice; skipped: { entry: string; reason: string }[] } | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!file) return;
    try {
      const data = await readFileForImport(file);
      const { imported, skipped } = await send({ type: 'accounts.import', fileName: file.name, data, ...(password ? { password } : {}) });
      setResult({ notice: success(t('imported', { n: imported })), skipped });
      onImported();
    } catch (e) {
      setResult({ notice: failure(e), skipped: [] });
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
        <div data-testid="import-result">
          <NoticeText notice={result.notice} />
          {result.skipped.length > 0 && (
            <>
              <p>{t('skipped')}</p>
              <ul>
                {result.skipped.map((s, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list shown once per import (never reordered), and entries may repeat
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
export function PassphraseAgain({ value, onInput }: { value: string; onInput: (value: string) => void }) {
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
  const [repeat, setRepeat] = useState('');
  const [backupPassphrase, setBackupPassphrase] = useState('');
  const [urisPassphrase, setUrisPassphrase] = useState('');
  const [acknowledged, setAcknowledged] = useState(false);
  const [status, setStatus] = useState<Notice>(null);
  /** Runs an export; after the download the passwords typed for it are cleared (nothing secret stays on screen). */
  const run = async (fn: () => Promise<{ fileName: string; text: string }>, clear: () => void) => {
    try {
      const { fileName, text } = await fn();
      download(fileName, text);
      clear();
      setStatus(success(t('exported', { file: fileName })));
    } catch (e) {
      setStatus(failure(e));
    }
  };
  return (
    <section>
      <h2>{t('exportTitle')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (password !== repeat) return setStatus(failure(new Error(t('backupPasswordMismatch'))));
          void run(
            () => send({ type: 'accounts.exportBackup', password, passphrase: backupPassphrase }),
            () => {
              setPassword('');
              setRepeat('');
              setBackupPassphrase('');
            },
          );
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
            aria-describedby="backup-strength"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
          <StrengthHint password={password} id="backup-strength" />
        </label>
        <label>
          {t('repeatBackupPassword')}
          <input type="password" name="repeat" autocomplete="new-password" required value={repeat} onInput={(e) => setRepeat(e.currentTarget.value)} />
        </label>
        <button type="submit">{t('exportBackup')}</button>
      </form>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (acknowledged)
            void run(
              () => send({ type: 'accounts.exportUris', acknowledgeUnencrypted: true, passphrase: urisPassphrase }),
              () => {
                setUrisPassphrase('');
                setAcknowledged(false);
              },
            );
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
      <NoticeText notice={status} testid="export-status" />
    </section>
  );
}
