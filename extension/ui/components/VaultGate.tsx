/** Create-vault and unlock forms, shared by the popup and the options page. */
import { useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { errorText, send } from '../api';
import { t } from '../i18n';
import { failure, type Notice, NoticeText, success } from './Notice';
import { StrengthHint } from './StrengthHint';
import { readFileForImport } from './read-file';

/**
 * Form to create the vault with a repeated passphrase. `restore`: `inline` offers a backup file to
 * restore into the new vault (options page: file inputs close a popup in Firefox); `link` offers a
 * button that opens the options page there. `onDone` gets the restore's outcome, if there was one.
 */
export function CreateVault({ onDone, restore = 'link' }: { onDone: (notice?: Notice) => void; restore?: 'inline' | 'link' }) {
  const [first, setFirst] = useState('');
  const [second, setSecond] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [backupPassword, setBackupPassword] = useState('');
  const [error, setError] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (first !== second) return setError(failure(new Error(t('passphraseMismatch'))));
    setBusy(true);
    try {
      await send({ type: 'vault.create', passphrase: first });
    } catch (e) {
      setBusy(false);
      return setError(failure(e));
    }
    if (!file) return onDone();
    // The vault exists now; a restore that fails leaves it empty and says how to retry (nothing is lost: the file is untouched).
    try {
      const data = await readFileForImport(file);
      const { imported } = await send({ type: 'accounts.import', fileName: file.name, data, ...(backupPassword ? { password: backupPassword } : {}) });
      onDone(success(t('restored', { n: imported })));
    } catch (e) {
      onDone({ kind: 'error', text: t('restoreFailed', { reason: errorText(e) }) });
    }
  };
  return (
    <form class="gate" onSubmit={submit} data-testid="create-form">
      <h1>{t('createTitle')}</h1>
      <p class="help">{t('createHelp')}</p>
      <label>
        {t('passphrase')}
        <input
          type="password"
          name="passphrase"
          autocomplete="new-password"
          minLength={8}
          required
          aria-describedby="passphrase-strength"
          value={first}
          onInput={(e) => setFirst(e.currentTarget.value)}
        />
        <StrengthHint password={first} id="passphrase-strength" />
      </label>
      <label>
        {t('repeatPassphrase')}
        <input type="password" name="repeat" autocomplete="new-password" required value={second} onInput={(e) => setSecond(e.currentTarget.value)} />
      </label>
      {restore === 'inline' && (
        <details class="restore" open={location.hash === '#restore'} data-testid="restore">
          <summary>{t('restoreTitle')}</summary>
          <p class="help">{t('restoreHelp')}</p>
          <label>
            {t('backupFile')}
            <input type="file" name="backup" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
          </label>
          <label>
            {t('backupPassword')}
            <input type="password" name="backupPassword" autocomplete="off" value={backupPassword} onInput={(e) => setBackupPassword(e.currentTarget.value)} />
          </label>
        </details>
      )}
      <NoticeText notice={error} />
      <div class="bar">
        <button type="submit" class="primary" disabled={busy}>
          {file ? t('restoreSubmit') : t('create')}
        </button>
        {restore === 'link' && (
          <button type="button" class="link" data-testid="restore-link" onClick={() => void openRestore()}>
            {t('restoreOpen')}
          </button>
        )}
      </div>
    </form>
  );
}

/** Opens the options page at its restore section (the popup's entry point). */
async function openRestore(): Promise<void> {
  await browser.tabs.create({ url: browser.runtime.getURL('options.html#restore') });
  window.close();
}

/** Form to unlock the vault; shows the background's message on a wrong passphrase. */
export function UnlockVault({ onDone }: { onDone: () => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await send({ type: 'vault.unlock', passphrase });
      setPassphrase('');
      onDone();
    } catch (e) {
      setError(failure(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="gate" onSubmit={submit} data-testid="unlock-form">
      <h1>{t('unlockTitle')}</h1>
      <label>
        {t('passphrase')}
        <input
          type="password"
          name="passphrase"
          autocomplete="current-password"
          autofocus
          required
          value={passphrase}
          onInput={(e) => setPassphrase(e.currentTarget.value)}
        />
      </label>
      <NoticeText notice={error} />
      <button type="submit" class="primary" disabled={busy}>
        {t('unlock')}
      </button>
    </form>
  );
}
