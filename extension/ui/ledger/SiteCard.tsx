/** One site of the ledger: text header (no favicons), who holds what since when, consent, verification, actions. */
import { useState } from 'preact/hooks';
import { rightsSummary } from './rights-words';
import type { LedgerSite, RightsLogEntry } from '../../ledger-view';
import { send } from '../api';
import { failure, info, type Notice, NoticeText } from '../components/Notice';
import { ExportView } from './ExportView';
import { heldNow } from './held-now';
import { actionWords, categoryWords, consentWords, kindWords, lt, reasonWords, when } from './strings';

type Confirmable = 'erase' | 'withdraw' | 'forget';
type Login = { id: string; time: number; ip?: string; outcome?: string };

/** Offers a JSON or CSV text as a file download. */
export function download(fileName: string, mimeType: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function RequestLog({ requests }: { requests: RightsLogEntry[] }) {
  if (requests.length === 0) return null;
  return (
    <details class="requests">
      <summary>
        {lt('requests')} ({requests.length})
      </summary>
      <ul data-testid="request-log">
        {[...requests].reverse().map((r) => (
          <li key={r.id ?? r.at} class={r.ok ? '' : 'error'}>
            <time dateTime={new Date(r.at).toISOString()}>{when(r.at)}</time> · {actionWords(r.action)} · {rightsSummary(r)}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** The card of `site`; `onChanged` reloads the ledger after an action. */
export function SiteCard({ site, onChanged }: { site: LedgerSite; onChanged: () => void }) {
  const [confirming, setConfirming] = useState<Confirmable | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Notice>(null);
  const [exported, setExported] = useState<{ data: unknown; json: string; logins: Login[] } | null>(null);
  const t = site.twofold;
  const origin = site.origin;

  // A request the site refused (log.ok false) is an error too, not a grey line.
  const run = async (action: () => Promise<{ text: string; ok: boolean }>) => {
    setBusy(true);
    setConfirming(null);
    try {
      const outcome = await action();
      setStatus(outcome.ok ? info(outcome.text) : { kind: 'error', text: outcome.text });
    } catch (error) {
      setStatus(failure(error));
    } finally {
      setBusy(false);
      onChanged();
    }
  };
  const exportData = () =>
    run(async () => {
      const r = await send({ type: 'ledger.access', origin: origin! });
      if (r.data !== undefined) setExported({ data: r.data, json: JSON.stringify(r.data, null, 2), logins: r.logins });
      return { text: rightsSummary(r.log), ok: r.log.ok };
    });
  const confirmed = (what: Confirmable) =>
    run(async () => {
      if (what === 'forget') {
        await send({ type: 'ledger.forget', origin: origin! });
        return { text: lt('forgotten'), ok: true };
      }
      const r = await send({ type: what === 'erase' ? 'ledger.erase' : 'ledger.withdraw', origin: origin! });
      if (what === 'erase' && r.log.ok) setExported(null);
      return { text: rightsSummary(r.log), ok: r.log.ok };
    });
  const notMe = (loginId: string) =>
    run(async () => {
      const { log } = await send({ type: 'ledger.notMe', origin: origin!, loginId });
      return { text: rightsSummary(log), ok: log.ok };
    });

  const categories = [...new Set((t?.signals ?? []).map((s) => s.category))];
  const held = heldNow(site);
  // Verified: the controller the site publishes; otherwise only what the page claimed.
  const controller = t?.verification.verified ? (t.verification.controller ?? t.controller) : t?.controller;
  return (
    <article class="site" data-testid="ledger-site" data-origin={origin ?? ''} data-key={site.key}>
      <header>
        <h2>{site.title}</h2>
        {t && (
          <span
            class={`badge ${t.verification.verified ? 'ok' : 'warn'}`}
            data-testid="verified"
            data-verified={String(t.verification.verified)}
            title={reasonWords(t.verification.reason)}
          >
            {t.verification.verified ? lt('verified') : lt('unverified')}
          </span>
        )}
        {held.state === 'erased' && (
          <span class="badge erased" data-testid="erased-badge">
            {lt('erasedBadge')}
          </span>
        )}
      </header>
      {held.state === 'erased' && (
        <p class="erased-note" data-testid="erased" data-erased-at={held.erasedAt}>
          {lt('erasedNote', { date: when(held.erasedAt), summary: rightsSummary(held) })}
        </p>
      )}
      {t && !t.verification.verified && (
        <p class="help" data-testid="unverified-reason">
          {lt('unverified')}: {reasonWords(t.verification.reason)}.
        </p>
      )}
      {t && (
        <dl>
          <dt>{lt('holder')}</dt>
          <dd>
            {t.verification.verified
              ? controller
                ? `${controller.name} (${controller.contact})`
                : t.site
              : lt('claims', { name: controller ? `${controller.name} / ${t.site}` : t.site })}
            {(t.verification.processors ?? []).length > 0 && (
              <>
                {' '}
                · {lt('processors')}: {t.verification.processors!.map((p) => `${p.name} (${p.purpose})`).join(', ')}
              </>
            )}
          </dd>
          <dt>{lt('what')}</dt>
          <dd data-testid="holds" data-state={held.state}>
            {held.state === 'erased' ? (
              <p class="holds-nothing">{lt('erasedHolds', { date: when(held.erasedAt) })}</p>
            ) : (
              <ul class="categories">
                {categories.map((c) => (
                  <li key={c ?? 'other'}>{categoryWords(c)}</li>
                ))}
              </ul>
            )}
            <details>
              <summary>{held.state === 'erased' ? lt('heldBefore', { n: t.signals.length }) : lt('signals', { n: t.signals.length })}</summary>
              <ul class="signals" data-testid="signals">
                {t.signals.map((s) => (
                  <li key={s.id}>
                    <code>{s.id}</code>
                  </li>
                ))}
              </ul>
            </details>
          </dd>
          <dt>
            {lt('firstSeen')} / {lt('lastSeen')}
          </dt>
          <dd>
            {when(t.firstSeen)} / {when(t.lastSeen)}
          </dd>
          <dt>{lt('consent')}</dt>
          <dd data-testid="consent">
            {consentWords(t.consent.state)} · {lt('receipt')} <code>{t.consent.receiptId}</code> ({when(t.consent.receiptTime)})
            {!t.hasRightsToken && <> · {lt('noRightsToken')}</>}
          </dd>
        </dl>
      )}
      {site.accounts.length > 0 && (
        <p class="accounts-held" data-testid="accounts">
          {lt('accountsHeld')} {site.accounts.map((a) => (a.label ? `${a.issuer} (${a.label})` : a.issuer)).join(', ')}
        </p>
      )}
      {site.fingerprinting.length > 0 && (
        <div class="fingerprinting" data-testid="fingerprinting">
          <strong>{lt('fingerprinting')}</strong>
          <ul>
            {site.fingerprinting.map((f) => (
              <li key={f.scriptOrigin}>
                <code>{f.scriptOrigin}</code> ({f.party === 'first-party' ? lt('firstParty') : lt('thirdParty')}):{' '}
                {Object.keys(f.kinds)
                  .map((k) => kindWords(k as keyof typeof f.kinds))
                  .join(', ')}{' '}
                · {when(f.firstSeen)}–{when(f.lastSeen)}
                {f.insideOf && f.insideOf.length > 0 && (
                  <span data-testid="inside-of"> · {lt('insideOf', { site: f.insideOf.map((o) => new URL(o).host).join(', ') })}</span>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {origin && (
        <div class="actions">
          {t && (
            <button type="button" disabled={busy} onClick={exportData} data-testid="export-data">
              {lt('exportData')}
            </button>
          )}
          {t && (
            <button type="button" disabled={busy} onClick={() => setConfirming('erase')} data-testid="erase-data">
              {lt('eraseData')}
            </button>
          )}
          {t && t.consent.state === 'granted' && (
            <button type="button" disabled={busy} onClick={() => setConfirming('withdraw')} data-testid="withdraw">
              {lt('withdraw')}
            </button>
          )}
          <button type="button" disabled={busy} onClick={() => setConfirming('forget')} data-testid="forget">
            {lt('forget')}
          </button>
        </div>
      )}
      {confirming && (
        <div class="confirm" role="alertdialog" aria-labelledby={`confirm-${site.key}`}>
          <p id={`confirm-${site.key}`}>
            {lt(confirming === 'erase' ? 'confirmErase' : confirming === 'withdraw' ? 'confirmWithdraw' : 'confirmForget', { site: site.title })}
          </p>
          <button type="button" class="danger solid" onClick={() => confirmed(confirming)} data-testid="confirm">
            {lt(confirming === 'erase' ? 'confirmEraseButton' : confirming === 'withdraw' ? 'confirmWithdrawButton' : 'confirmForgetButton')}
          </button>
          <button type="button" onClick={() => setConfirming(null)} data-testid="cancel">
            {lt('cancel')}
          </button>
        </div>
      )}
      {busy && <p class="status">{lt('working')}</p>}
      <NoticeText notice={status} testid="site-status" />
      {exported && (
        <div class="server-export">
          {exported.logins.length > 0 && (
            <>
              <strong>{lt('logins')}</strong>
              <ul data-testid="logins">
                {exported.logins.map((l) => (
                  <li key={l.id}>
                    {when(l.time)} {l.ip ?? ''} {l.outcome ?? ''}{' '}
                    <button type="button" disabled={busy} onClick={() => notMe(l.id)} data-testid="not-me">
                      {lt('notMe')}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
          <h3 class="export-title">
            {lt('serverExport')}{' '}
            <button type="button" onClick={() => download(`${site.title.replace(/[^A-Za-z0-9.-]/g, '_')}-export.json`, 'application/json', exported.json)}>
              {lt('download')}
            </button>
          </h3>
          <ExportView data={exported.data} json={exported.json} />
        </div>
      )}
      <RequestLog requests={site.requests} />
    </article>
  );
}
