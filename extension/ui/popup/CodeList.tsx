/** The popup's account list: code, countdown ring, click to copy, HOTP "next code", pin and reorder. */
import { useState } from 'preact/hooks';
import { shouldClear } from '../../clipboard-clear';
import type { AccountView } from '../../messages';
import { send } from '../api';
import { failure, type Notice, success } from '../components/Notice';
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
  /** Moves `id` to where `target` is (drag and drop), or one step (-1 / +1) from the row menu. */
  move(id: string, target: string | -1 | 1): void;
  /** A code was copied (counts towards "most used"). */
  used(id: string): void;
  /** Rows can be dragged only in "my order" (elsewhere the order is computed). */
  reorderable: boolean;
}

/** Row texts that do not depend on the account, worded once rather than per row (the language is fixed at load). */
const COPY_TITLE = t('copy');
const ROW_MENU_LABEL = t('rowMenu');
const NEXT_CODE = t('nextCode');

/** The account being dragged (one drag at a time in a popup). */
let dragging: string | null = null;

async function copyCode(code: string): Promise<void> {
  await navigator.clipboard.writeText(code);
  // The background clears it by alarm (survives the popup closing); the local timer covers a
  // browser where that is not possible while the popup stays open. Both clear only if the
  // clipboard still holds this code: something the user copied since is not ours to erase.
  await send({ type: 'clipboard.clearLater', copied: code }).catch(() => undefined);
  setTimeout(() => {
    void navigator.clipboard
      .readText()
      .then((current) => (shouldClear(current, code) ? navigator.clipboard.writeText('') : undefined))
      .catch(() => undefined);
  }, CLIPBOARD_CLEAR_MS);
}

/**
 * Pin and move for one row, opened from its "⋮" button (one button per row keeps the 200-row popup
 * light; dragging a row works without it). Move up/down are the keyboard way to reorder.
 */
function RowMenu({ account, actions, close }: { account: AccountView; actions: RowActions; close: () => void }) {
  const run = (fn: () => void) => () => {
    fn();
    close();
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: toggle buttons grouped for assistive technology; no form data and no legend, so not a fieldset
    <div class="row-actions" role="group" aria-label={t('rowMenu')}>
      <button type="button" data-action="pin" aria-pressed={account.pinned === true} onClick={run(() => actions.pin(account.id, !account.pinned))}>
        {account.pinned ? t('unpin') : t('pin')}
      </button>
      <button type="button" data-action="up" disabled={!actions.reorderable} onClick={run(() => actions.move(account.id, -1))}>
        {t('moveUp')}
      </button>
      <button type="button" data-action="down" disabled={!actions.reorderable} onClick={run(() => actions.move(account.id, 1))}>
        {t('moveDown')}
      </button>
    </div>
  );
}

function CodeRow({
  account,
  now,
  onStatus,
  actions,
  menuOpen,
  onMenu,
}: {
  account: AccountView;
  now: number;
  onStatus: (notice: Notice) => void;
  actions?: RowActions;
  menuOpen: boolean;
  onMenu: (id: string | null) => void;
}) {
  const [hotp, setHotp] = useState<string | null>(null);
  const code = account.type === 'totp' ? account.code : hotp;
  const copy = async () => {
    if (!code) return;
    try {
      await copyCode(code);
      onStatus(success(t('copied')));
      actions?.used(account.id);
    } catch (e) {
      onStatus(failure(e));
    }
  };
  const next = async () => {
    try {
      setHotp((await send({ type: 'accounts.hotpNext', id: account.id })).code);
    } catch (e) {
      onStatus(failure(e));
    }
  };
  const seconds = account.validUntil ? Math.max(0, Math.ceil((account.validUntil - now) / 1000)) : 0;
  return (
    <li
      class={`account${account.pinned ? ' pinned' : ''}${menuOpen ? ' menu-open' : ''}`}
      data-account-id={account.id}
      data-pinned={account.pinned ? 'true' : undefined}
      // Absent rather than draggable="false" on every row when the order is computed (one attribute fewer per row).
      draggable={actions?.reorderable === true ? true : undefined}
    >
      <ServiceIcon account={account} />
      <button type="button" class="code-button" onClick={copy} title={COPY_TITLE} disabled={!code}>
        <span class="names">
          <span class="issuer">{account.issuer || account.label}</span>
          {account.issuer && <span class="label">{account.label}</span>}
          {account.sites.length > 0 && (
            <span class="bound-sites" data-testid="bound-sites">
              {t('boundTo', { sites: account.sites.join(', ') })}
            </span>
          )}
        </span>
        <span class="code" data-code={code ?? ''}>
          {code ? groupCode(code) : '••• •••'}
        </span>
      </button>
      {account.type === 'totp' && account.validUntil ? (
        <Ring fraction={remainingFraction(account.validUntil, account.period, now)} seconds={seconds} label={t('secondsLeft', { n: seconds })} />
      ) : (
        <button type="button" class="next" onClick={next}>
          {NEXT_CODE}
        </button>
      )}
      {actions && (
        <button
          type="button"
          class="row-menu icon-button"
          aria-haspopup="true"
          aria-expanded={menuOpen}
          aria-label={ROW_MENU_LABEL}
          title={ROW_MENU_LABEL}
          onClick={() => onMenu(menuOpen ? null : account.id)}
        >
          ⋮
        </button>
      )}
      {actions && menuOpen && <RowMenu account={account} actions={actions} close={() => onMenu(null)} />}
    </li>
  );
}

/** The list of accounts (already filtered). */
export function CodeList({
  accounts,
  now,
  onStatus,
  actions,
}: {
  accounts: AccountView[];
  now: number;
  onStatus: (notice: Notice) => void;
  actions?: RowActions;
}) {
  const [menuFor, setMenuFor] = useState<string | null>(null);
  // Drag and drop delegated to the list: four listeners in all, not four per row.
  const rowId = (e: Event) => ((e.target as Element | null)?.closest?.('li[data-account-id]') as HTMLElement | null)?.dataset.accountId ?? null;
  const drag = actions?.reorderable
    ? {
        onDragStart: (e: DragEvent) => {
          dragging = rowId(e);
          if (dragging) e.dataTransfer?.setData('text/plain', dragging);
        },
        onDragOver: (e: DragEvent) => {
          const over = rowId(e);
          if (dragging && over && over !== dragging) e.preventDefault();
        },
        onDrop: (e: DragEvent) => {
          e.preventDefault();
          const over = rowId(e);
          if (dragging && over && over !== dragging) actions.move(dragging, over);
          dragging = null;
        },
        onDragEnd: () => {
          dragging = null;
        },
      }
    : {};
  return (
    <ul class="accounts" data-testid="accounts" {...drag}>
      {accounts.map((a) => (
        <CodeRow key={a.id} account={a} now={now} onStatus={onStatus} actions={actions} menuOpen={menuFor === a.id} onMenu={setMenuFor} />
      ))}
    </ul>
  );
}
