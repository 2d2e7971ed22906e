/** The options page: vault gate, auto-lock setting, account editor, manual add, import and export. */
import { useEffect, useState } from 'preact/hooks';
import type { AccountView, ResponseOf } from '../../messages';
import { errorText, send } from '../api';
import { failure, type Notice, NoticeText, success } from '../components/Notice';
import { CreateVault, UnlockVault } from '../components/VaultGate';
import { t } from '../i18n';
import { AccountEditor } from './AccountEditor';
import { AddManual } from './AddManual';
import { AutoBackup, SyncSwitch } from './BackupSync';
import { ExportForm, ImportForm } from './Transfer';

function AutoLock({ minutes }: { minutes: number }) {
  const [value, setValue] = useState(minutes);
  const [status, setStatus] = useState<Notice>(null);
  const save = async (event: Event) => {
    event.preventDefault();
    try {
      await send({ type: 'settings.set', autoLockMinutes: value });
      setStatus(success(t('saved')));
    } catch (e) {
      setStatus(failure(e));
    }
  };
  return (
    <form class="row" onSubmit={save} data-testid="autolock">
      <label>
        {t('autoLock')}
        <input type="number" min={1} max={1440} value={value} onInput={(e) => setValue(Number(e.currentTarget.value))} />
      </label>
      <button type="submit">{t('save')}</button>
      <NoticeText notice={status} inline />
    </form>
  );
}

function ChangePassphrase() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [status, setStatus] = useState<Notice>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      const { kdfIterations } = await send({ type: 'vault.changePassphrase', current, next });
      setCurrent('');
      setNext('');
      setStatus(success(t('passphraseChanged', { n: kdfIterations })));
    } catch (e) {
      setStatus(failure(e));
    }
  };
  return (
    <form class="row" onSubmit={submit} data-testid="change-passphrase">
      <label>
        {t('currentPassphrase')}
        <input type="password" autocomplete="current-password" required value={current} onInput={(e) => setCurrent(e.currentTarget.value)} />
      </label>
      <label>
        {t('newPassphrase')}
        <input type="password" autocomplete="new-password" minLength={8} required value={next} onInput={(e) => setNext(e.currentTarget.value)} />
      </label>
      <button type="submit">{t('changePassphrase')}</button>
      <NoticeText notice={status} inline />
    </form>
  );
}

/** The options page's root. */
export function Options() {
  const [status, setStatus] = useState<ResponseOf<'vault.status'> | null>(null);
  const [accounts, setAccounts] = useState<AccountView[]>([]);
  const [error, setError] = useState('');
  const [restored, setRestored] = useState<Notice>(null);
  const refresh = async () => {
    try {
      const s = await send({ type: 'vault.status' });
      setStatus(s);
      if (s.state === 'unlocked') setAccounts((await send({ type: 'accounts.list' })).accounts);
    } catch (e) {
      setError(errorText(e));
    }
  };
  useEffect(() => void refresh(), []);
  if (error)
    return (
      <p class="error" role="alert">
        {error}
      </p>
    );
  if (!status) return <p>{t('loading')}</p>;
  return (
    <main class="options">
      <h1>{t('optionsTitle')}</h1>
      {status.state === 'none' && (
        <CreateVault
          restore="inline"
          onDone={(notice) => {
            setRestored(notice ?? null);
            void refresh();
          }}
        />
      )}
      {status.state === 'none' && <SyncSwitch join onJoined={refresh} />}
      <NoticeText notice={restored} testid="restore-result" />
      {status.state === 'locked' && <UnlockVault onDone={refresh} />}
      {status.state === 'unlocked' && (
        <>
          <AutoLock minutes={status.autoLockMinutes} />
          <ChangePassphrase />
          <AccountEditor accounts={accounts} onChanged={refresh} />
          <AddManual onAdded={refresh} />
          <ImportForm onImported={refresh} />
          <ExportForm />
          <AutoBackup />
          <SyncSwitch onJoined={refresh} />
        </>
      )}
    </main>
  );
}
