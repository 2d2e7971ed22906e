/** Create-vault and unlock forms, shared by the popup and the options page. */
import { useState } from 'preact/hooks';
import { errorText, send } from '../api';
import { t } from '../i18n';

/** Form to create the vault with a repeated passphrase. */
export function CreateVault({ onDone }: { onDone: () => void }) {
  const [first, setFirst] = useState('');
  const [second, setSecond] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (first !== second) return setError(t('passphraseMismatch'));
    setBusy(true);
    try {
      await send({ type: 'vault.create', passphrase: first });
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
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
          value={first}
          onInput={(e) => setFirst(e.currentTarget.value)}
        />
      </label>
      <label>
        {t('repeatPassphrase')}
        <input type="password" name="repeat" autocomplete="new-password" required value={second} onInput={(e) => setSecond(e.currentTarget.value)} />
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {t('create')}
      </button>
    </form>
  );
}

/** Form to unlock the vault; shows the background's message on a wrong passphrase. */
export function UnlockVault({ onDone }: { onDone: () => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      await send({ type: 'vault.unlock', passphrase });
      setPassphrase('');
      onDone();
    } catch (e) {
      setError(errorText(e));
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
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {t('unlock')}
      </button>
    </form>
  );
}
