/**
 * The bind window: the one place an account is bound to a new site. Opened by the
 * background for a tab (`bind.html?tab=<id>`) when the in-page box's "Use another account…" is
 * chosen, or from the toolbar popup. The page's site comes from the background, which reads the
 * tab's URL; nothing here comes from the page. The site is shown large, lookalikes of other
 * accounts' sites are warned about, and binding needs an explicit choice and click here (plus a
 * checkbox when there is a warning), where the page can neither overlay nor click for the user.
 */
import { useEffect, useState } from 'preact/hooks';
import type { BindContext } from '../../messages';
import { errorText, send } from '../api';
import { UnlockVault } from '../components/VaultGate';
import { fill, s } from './strings';

const names = (a: { issuer: string; label: string }) => (a.issuer && a.label ? `${a.issuer} (${a.label})` : a.issuer || a.label || '—');

/** The window's root for tab `tabId` (null: opened without one). */
export function Bind({ tabId }: { tabId: number | null }) {
  const [context, setContext] = useState<BindContext | null>(null);
  const [locked, setLocked] = useState(false);
  const [chosen, setChosen] = useState<string | null>(null);
  const [acknowledged, setAcknowledged] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const load = async () => {
    if (tabId === null) return setError(s.noTab);
    try {
      setContext(await send({ type: 'otp.bindContext', tabId }));
      setLocked(false);
    } catch (e) {
      if ((e as { code?: string }).code === 'vault_locked') setLocked(true);
      else setError(errorText(e));
    }
  };
  useEffect(() => void load(), []);

  if (locked)
    return (
      <main>
        <p>{s.locked}</p>
        <UnlockVault onDone={() => void load()} />
      </main>
    );
  if (error)
    return (
      <main>
        <p class="error" role="alert" data-testid="bind-error">
          {error}
        </p>
      </main>
    );
  if (!context)
    return (
      <main>
        <p class="status">…</p>
      </main>
    );
  const warned = context.warnings.length > 0;
  const account = context.accounts.find((a) => a.id === chosen);

  const confirm = async () => {
    if (!account || tabId === null) return;
    setBusy(true);
    setError('');
    try {
      const result = await send({ type: 'otp.bindConfirm', tabId, id: account.id, site: context.site });
      setStatus(fill(s.bound, { account: names(result.account), site: result.site }));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="bind">
      <h1>{s.title}</h1>
      <p class="help">{s.siteIntro}</p>
      <p class="bind-site" data-testid="bind-site">
        {context.site}
      </p>
      <p class="help" data-testid="bind-host">
        {fill(s.fullAddress, { host: context.host })}
      </p>
      {context.unicodeHost && (
        <p class="error" data-testid="bind-idn">
          {fill(s.idnAddress, { unicode: context.unicodeHost })}
        </p>
      )}
      {warned && (
        <section class="bind-warning" role="alert" data-testid="bind-warning">
          <h2>{s.warningTitle}</h2>
          <ul>
            {context.warnings.map((w) => (
              <li key={`${w.kind}:${w.resembles}:${w.account.id}`} data-kind={w.kind}>
                {fill(s.warnings[w.kind], { host: context.host, site: context.site, resembles: w.resembles, account: names(w.account) })}
              </li>
            ))}
          </ul>
        </section>
      )}
      {context.boundHere.length > 0 && (
        <p class="help" data-testid="bind-bound-here">
          {fill(s.alreadyBound, { names: context.boundHere.map(names).join(', ') })}
        </p>
      )}
      <h2>{fill(s.choose, { site: context.site })}</h2>
      {context.accounts.length === 0 ? (
        <p class="help">{s.none}</p>
      ) : (
        <ul class="bind-accounts">
          {context.accounts.map((a) => (
            <li key={a.id}>
              <label class="bind-choice">
                <input type="radio" name="account" value={a.id} checked={chosen === a.id} onChange={() => setChosen(a.id)} data-testid="bind-account" />
                <span>
                  {names(a)}
                  {a.sites.length > 0 && <span class="label"> · {a.sites.join(', ')}</span>}
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
      {warned && (
        <label class="warning">
          <input type="checkbox" checked={acknowledged} onChange={(e) => setAcknowledged(e.currentTarget.checked)} data-testid="bind-ack" />
          {s.acknowledge}
        </label>
      )}
      <button
        type="button"
        class="primary"
        disabled={busy || !account || (warned && !acknowledged) || status !== ''}
        onClick={() => void confirm()}
        data-testid="bind-confirm"
      >
        {fill(s.confirm, { site: context.site })}
      </button>
      {status && (
        <p class="status" role="status" data-testid="bind-status">
          {status}
        </p>
      )}
    </main>
  );
}
