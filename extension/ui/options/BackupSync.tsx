/**
 * Options: automatic encrypted backup (schedule, backup password, back up now) and encrypted sync
 * (one switch; joining a vault another browser already syncs asks for that vault's passphrase).
 * Every decision is the background's (background/backup/, background/sync/); this only asks.
 */
import { useEffect, useState } from 'preact/hooks';
import type { AutoBackupView, SyncView } from '../../messages';
import { send, UiError } from '../api';
import { failure, type Notice, NoticeText, success } from '../components/Notice';
import { t } from '../i18n';
import { PassphraseAgain } from './Transfer';

const when = (ms: number | null) => (ms === null ? t('never') : new Date(ms).toLocaleString());

/** The automatic backup form. */
export function AutoBackup() {
  const [view, setView] = useState<AutoBackupView | null>(null);
  const [schedule, setSchedule] = useState<AutoBackupView['schedule']>('off');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [notice, setNotice] = useState<Notice>(null);
  const show = (next: AutoBackupView) => {
    setView(next);
    setSchedule(next.schedule);
  };
  useEffect(() => {
    send({ type: 'backup.settings' }).then(
      (first) => {
        setView(first);
        setSchedule(first.schedule);
      },
      (e) => setNotice(failure(e)),
    );
  }, []);
  const save = async (event: Event) => {
    event.preventDefault();
    if (password !== repeat) return setNotice(failure(new Error(t('backupPasswordMismatch'))));
    try {
      const next = await send({ type: 'backup.configure', schedule, ...(password ? { password, passphrase } : {}) });
      show(next);
      setPassword('');
      setRepeat('');
      setPassphrase('');
      setNotice(success(next.schedule === 'off' ? t('autoBackupOff') : t('autoBackupSaved', { file: next.fileName })));
    } catch (e) {
      setNotice(failure(e));
    }
  };
  const runNow = async () => {
    try {
      show(await send({ type: 'backup.runNow' }));
      setNotice(success(t('autoBackupWritten')));
    } catch (e) {
      setNotice(failure(e));
    }
  };
  if (!view) return <NoticeText notice={notice} />;
  return (
    <section data-testid="auto-backup">
      <h2>{t('autoBackupTitle')}</h2>
      <p class="help">{t('autoBackupHelp', { file: view.fileName })}</p>
      <form onSubmit={save}>
        <label>
          {t('autoBackupSchedule')}
          <select name="schedule" value={schedule} onChange={(e) => setSchedule(e.currentTarget.value as AutoBackupView['schedule'])}>
            <option value="off">{t('scheduleOff')}</option>
            <option value="daily">{t('scheduleDaily')}</option>
            <option value="weekly">{t('scheduleWeekly')}</option>
          </select>
        </label>
        <label>
          {view.hasPassword ? t('autoBackupNewPassword') : t('backupPassword')}
          <input
            type="password"
            name="backup-password"
            autocomplete="new-password"
            minLength={8}
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <label>
          {t('repeatBackupPassword')}
          <input type="password" name="backup-password-repeat" autocomplete="new-password" value={repeat} onInput={(e) => setRepeat(e.currentTarget.value)} />
        </label>
        {password && <PassphraseAgain value={passphrase} onInput={setPassphrase} />}
        <button type="submit">{t('save')}</button>
        {view.schedule !== 'off' && (
          <button type="button" onClick={runNow}>
            {t('backupNow')}
          </button>
        )}
      </form>
      <p class="help" data-testid="last-backup">
        {t('lastBackup', { when: when(view.lastBackupAt) })}
      </p>
      {view.lastError && <NoticeText notice={failure(new Error(view.lastError))} />}
      <NoticeText notice={notice} testid="auto-backup-result" />
    </section>
  );
}

/** The sync switch; on a browser with no vault (`join`), the way to join a synced one. */
export function SyncSwitch({ onJoined, join = false }: { onJoined: () => void; join?: boolean }) {
  const [view, setView] = useState<SyncView | null>(null);
  const [askPassphrase, setAskPassphrase] = useState(join);
  const [passphrase, setPassphrase] = useState('');
  const [notice, setNotice] = useState<Notice>(null);
  useEffect(() => void send({ type: 'sync.status' }).then(setView, (e) => setNotice(failure(e))), []);
  const enable = async (withPassphrase?: string) => {
    try {
      const next = await send({ type: 'sync.enable', ...(withPassphrase ? { passphrase: withPassphrase } : {}) });
      setView(next);
      setAskPassphrase(false);
      setPassphrase('');
      setNotice(success(t('syncOn', { n: next.accounts })));
      if (withPassphrase) onJoined();
    } catch (e) {
      if (e instanceof UiError && e.code === 'sync_passphrase_needed') setAskPassphrase(true);
      setNotice(failure(e));
    }
  };
  const toggle = async (on: boolean) => {
    if (on) return enable();
    try {
      setView(await send({ type: 'sync.disable' }));
      setAskPassphrase(false);
      setNotice(success(t('syncOff')));
    } catch (e) {
      setNotice(failure(e));
    }
  };
  if (!view) return <NoticeText notice={notice} />;
  if (join && !view.remoteVault) return null;
  return (
    <section data-testid="sync">
      <h2>{join ? t('syncJoinTitle') : t('syncTitle')}</h2>
      <p class="help">{t('syncHelp')}</p>
      {!join && (
        <label>
          <input type="checkbox" name="sync" checked={view.enabled} onChange={(e) => void toggle(e.currentTarget.checked)} /> {t('syncSwitch')}
        </label>
      )}
      {askPassphrase && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void enable(passphrase);
          }}
        >
          <label>
            {t('syncJoinPassphrase')}
            <input
              type="password"
              name="sync-passphrase"
              autocomplete="current-password"
              required
              value={passphrase}
              onInput={(e) => setPassphrase(e.currentTarget.value)}
            />
          </label>
          <button type="submit">{t('syncJoin')}</button>
        </form>
      )}
      {view.enabled && (
        <p class="help" data-testid="sync-status">
          {t('syncStatus', { n: view.accounts, kb: Math.ceil(view.bytesInUse / 1024), quota: view.quotaBytes / 1024, when: when(view.lastSyncAt) })}
        </p>
      )}
      {view.lastError && <NoticeText notice={failure(new Error(view.lastError))} />}
      <NoticeText notice={notice} testid="sync-result" />
    </section>
  );
}
