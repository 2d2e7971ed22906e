/** The popup's account list: code, countdown ring, click to copy, HOTP "next code". */
import { useState } from 'preact/hooks';
import { shouldClear } from '../../clipboard-clear';
import type { AccountView } from '../../messages';
import { errorText, send } from '../api';
import { Ring, remainingFraction } from '../components/Ring';
import { ServiceIcon } from '../components/ServiceIcon';
import { t } from '../i18n';
import { groupCode } from './format';

/** How long a copied code stays on the clipboard before the popup clears it (if still open). */
export const CLIPBOARD_CLEAR_MS = 30_000;

async function copyCode(code: string): Promise<void> {
  await navigator.clipboard.writeText(code);
  // The background clears it by alarm (survives the popup closing); the local timer covers a
  // browser where that is not possible while the popup stays open. Both clear only if the
  // clipboard still holds this code: something the user copied since is not ours to erase.
  await send({ type: 'clipboard.clearLater', copied: code }).catch(() => undefined);
  setTimeout(() => {
    void navigator.clipboard.readText().then((current) => (shouldClear(current, code) ? navigator.clipboard.writeText('') : undefined)).catch(() => undefined);
  }, CLIPBOARD_CLEAR_MS);
}

function CodeRow({ account, now, onStatus }: { account: AccountView; now: number; onStatus: (text: string) => void }) {
  const [hotp, setHotp] = useState<string | null>(null);
  const code = account.type === 'totp' ? account.code : hotp;
  const copy = async () => {
    if (!code) return;
    try {
      await copyCode(code);
      onStatus(t('copied'));
    } catch (e) {
      onStatus(errorText(e));
    }
  };
  const next = async () => {
    try {
      setHotp((await send({ type: 'accounts.hotpNext', id: account.id })).code);
    } catch (e) {
      onStatus(errorText(e));
    }
  };
  const seconds = account.validUntil ? Math.max(0, Math.ceil((account.validUntil - now) / 1000)) : 0;
  return (
    <li class="account" data-account-id={account.id}>
      <ServiceIcon account={account} />
      <button type="button" class="code-button" onClick={copy} title={t('copy')} disabled={!code}>
        <span class="names"><span class="issuer">{account.issuer || account.label}</span>{account.issuer && <span class="label">{account.label}</span>}</span>
        <span class="code" data-code={code ?? ''}>{code ? groupCode(code) : '••• •••'}</span>
      </button>
      {account.type === 'totp' && account.validUntil ? (
        <Ring fraction={remainingFraction(account.validUntil, account.period, now)} seconds={seconds} label={t('secondsLeft', { n: seconds })} />
      ) : (
        <button type="button" class="next" onClick={next}>{t('nextCode')}</button>
      )}
    </li>
  );
}

/** The list of accounts (already filtered). */
export function CodeList({ accounts, now, onStatus }: { accounts: AccountView[]; now: number; onStatus: (text: string) => void }) {
  return (
    <ul class="accounts" data-testid="accounts">
      {accounts.map((a) => <CodeRow key={a.id} account={a} now={now} onStatus={onStatus} />)}
    </ul>
  );
}
