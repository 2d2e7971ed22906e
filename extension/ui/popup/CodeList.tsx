/** The popup's account list: code, countdown ring, click to copy, HOTP "next code", pin and reorder. */
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

/** What a row can ask the popup to do with its account's place in the list. */
export interface RowActions {
  /** Pins or unpins the account. */
  pin(id: string, pinned: boolean): void;
  /** Moves `id` to where `target` is (drag and drop), or one step (-1 / +1) from the keyboard. */
  move(id: string, target: string | -1 | 1): void;
  /** A code was copied (counts towards "most used"). */
  used(id: string): void;
  /** Rows can be dragged only in "my order" (elsewhere the order is computed). */
  reorderable: boolean;
}

/** The account being dragged (one drag at a time in a popup). */
let dragging: string | null = null;

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

function CodeRow({ account, now, onStatus, actions }: { account: AccountView; now: number; onStatus: (text: string) => void; actions?: RowActions }) {
  const [hotp, setHotp] = useState<string | null>(null);
  const code = account.type === 'totp' ? account.code : hotp;
  const copy = async () => {
    if (!code) return;
    try {
      await copyCode(code);
      onStatus(t('copied'));
      actions?.used(account.id);
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
  const reorderable = actions?.reorderable === true;
  const dragProps = reorderable && actions
    ? {
        draggable: true,
        onDragStart: (e: DragEvent) => { dragging = account.id; e.dataTransfer?.setData('text/plain', account.id); },
        onDragOver: (e: DragEvent) => { if (dragging && dragging !== account.id) e.preventDefault(); },
        onDrop: (e: DragEvent) => { e.preventDefault(); if (dragging && dragging !== account.id) actions.move(dragging, account.id); dragging = null; },
        onDragEnd: () => { dragging = null; },
      }
    : {};
  return (
    <li class={`account${account.pinned ? ' pinned' : ''}`} data-account-id={account.id} data-pinned={account.pinned ? 'true' : undefined} {...dragProps}>
      {reorderable && actions && (
        <button type="button" class="handle" aria-label={`${t('moveUp')} / ${t('moveDown')}`} title={`${t('moveUp')} / ${t('moveDown')} (↑ ↓)`}
          onKeyDown={(e) => { if (e.key === 'ArrowUp' || e.key === 'ArrowDown') { e.preventDefault(); actions.move(account.id, e.key === 'ArrowUp' ? -1 : 1); } }}>⋮⋮</button>
      )}
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
      {actions && (
        <button type="button" class="pin" aria-pressed={account.pinned === true} aria-label={account.pinned ? t('unpin') : t('pin')} title={account.pinned ? t('unpin') : t('pin')}
          onClick={() => actions.pin(account.id, !account.pinned)}>{account.pinned ? '★' : '☆'}</button>
      )}
    </li>
  );
}

/** The list of accounts (already filtered). */
export function CodeList({ accounts, now, onStatus, actions }: { accounts: AccountView[]; now: number; onStatus: (text: string) => void; actions?: RowActions }) {
  return (
    <ul class="accounts" data-testid="accounts">
      {accounts.map((a) => <CodeRow key={a.id} account={a} now={now} onStatus={onStatus} actions={actions} />)}
    </ul>
  );
}
