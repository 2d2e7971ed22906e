/** Options: edit each account's issuer, label, icon letter, bound sites and tags, or delete it. */
import { useState } from 'preact/hooks';
import type { AccountView } from '../../messages';
import { send } from '../api';
import { failure, type Notice, NoticeText, success } from '../components/Notice';
import { t } from '../i18n';
import { AccountQr } from './AccountQr';

function AccountForm({ account, onChanged }: { account: AccountView; onChanged: () => void }) {
  const [issuer, setIssuer] = useState(account.issuer);
  const [label, setLabel] = useState(account.label);
  const [icon, setIcon] = useState(account.icon);
  const [sites, setSites] = useState(account.sites.join('\n'));
  const [tags, setTags] = useState((account.tags ?? []).join(', '));
  const [status, setStatus] = useState<Notice>(null);
  const save = async (event: Event) => {
    event.preventDefault();
    try {
      const { account: saved } = await send({
        type: 'accounts.update',
        id: account.id,
        issuer,
        label,
        icon,
        sites: sites
          .split(/[\n,]+/)
          .map((s) => s.trim())
          .filter(Boolean),
        tags: tags
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .slice(0, 20)
          .map((s) => s.slice(0, 32)),
      });
      setSites(saved.sites.join('\n'));
      setTags((saved.tags ?? []).join(', '));
      setStatus(success(t('saved')));
      onChanged();
    } catch (e) {
      setStatus(failure(e));
    }
  };
  const remove = async () => {
    if (!confirm(t('confirmDelete'))) return;
    await send({ type: 'accounts.delete', id: account.id }).catch((e) => setStatus(failure(e)));
    onChanged();
  };
  // Collapsed by default: a vault can hold hundreds of accounts; the summary shows what matters.
  return (
    <details class="account-entry" data-account-id={account.id}>
      <summary>
        <span class="icon" aria-hidden="true">
          {icon}
        </span>
        <span class="issuer">{account.issuer || account.label}</span>
        {account.issuer && <span class="label">{account.label}</span>}
        <span class="sites">{account.sites.join(', ')}</span>
      </summary>
      <form class="account-form" onSubmit={save}>
        <label>
          {t('issuer')}
          <input value={issuer} onInput={(e) => setIssuer(e.currentTarget.value)} />
        </label>
        <label>
          {t('label')}
          <input value={label} onInput={(e) => setLabel(e.currentTarget.value)} />
        </label>
        <label>
          {t('icon')}
          <input value={icon} maxLength={2} size={2} onInput={(e) => setIcon(e.currentTarget.value)} />
        </label>
        <label>
          {t('sites')}
          <textarea rows={2} value={sites} onInput={(e) => setSites(e.currentTarget.value)} />
        </label>
        <label>
          {t('tags')}
          <input name="tags" value={tags} onInput={(e) => setTags(e.currentTarget.value)} />
        </label>
        <div class="row">
          <button type="submit">{t('save')}</button>
          <button type="button" class="danger" onClick={remove}>
            {t('delete')}
          </button>
          <NoticeText notice={status} inline />
        </div>
      </form>
      <AccountQr account={account} />
    </details>
  );
}

/** The editable list of all accounts. */
export function AccountEditor({ accounts, onChanged }: { accounts: AccountView[]; onChanged: () => void }) {
  return (
    <section>
      <h2>{t('accounts')}</h2>
      {accounts.length === 0 ? <p>{t('noAccounts')}</p> : accounts.map((a) => <AccountForm key={a.id} account={a} onChanged={onChanged} />)}
    </section>
  );
}
