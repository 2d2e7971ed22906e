/**
 * Options: one account as an otpauth QR code to move it to a phone. Behind the vault
 * passphrase, typed again; the passphrase field is cleared at once and the code hides on request
 * or when the account form closes.
 */
import { useState } from 'preact/hooks';
import { accountDisplayName } from '../../account';
import type { AccountView, ResponseOf } from '../../messages';
import { send } from '../api';
import { failure, type Notice, NoticeText } from '../components/Notice';
import { QrCode } from '../components/QrCode';
import { t } from '../i18n';

/** The QR block inside one account's form. */
export function AccountQr({ account }: { account: AccountView }) {
  const [passphrase, setPassphrase] = useState('');
  const [qr, setQr] = useState<ResponseOf<'accounts.exportQr'> | null>(null);
  const [status, setStatus] = useState<Notice>(null);
  const show = async (event: Event) => {
    event.preventDefault();
    setStatus(null);
    try {
      setQr(await send({ type: 'accounts.exportQr', id: account.id, passphrase }));
    } catch (e) {
      setStatus(failure(e));
    } finally {
      setPassphrase('');
    }
  };
  return (
    <details
      class="account-qr"
      data-testid="account-qr"
      onToggle={(e) => {
        if (!e.currentTarget.open) setQr(null);
      }}
    >
      <summary>{t('showQr')}</summary>
      {qr ? (
        <div class="qr-shown">
          <p class="warning" role="alert">
            {t('qrWarning')}
          </p>
          <QrCode size={qr.size} modules={qr.modules} label={t('qrLabel', { name: accountDisplayName(account) })} />
          <button type="button" onClick={() => setQr(null)} data-testid="qr-hide">
            {t('qrHide')}
          </button>
        </div>
      ) : (
        <form class="qr-ask" onSubmit={show}>
          <p>{t('qrHelp')}</p>
          <label>
            {t('passphrase')}
            <input type="password" autocomplete="current-password" required value={passphrase} onInput={(e) => setPassphrase(e.currentTarget.value)} />
          </label>
          <button type="submit">{t('qrShow')}</button>
          <NoticeText notice={status} />
        </form>
      )}
    </details>
  );
}
