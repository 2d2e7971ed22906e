/**
 * The "Twofold" devtools panel: for the inspected page, whether the SDK is present, its consent
 * state and receipt (from the SDK's announcement), the signal table of the collections made from
 * here, and the diff between the last two. It talks only to the inspected page; never to the vault.
 */
import { useEffect, useState } from 'preact/hooks';
import { diffReports, summarizeRuns, type SignalChange } from '../../../sdk/protocol/inspect-summary';
import type { InspectReport } from '../../../sdk/protocol/report';
import { type Stability, stabilityByRun, stabilityText } from '../../../sdk/protocol/signal-stability';
import type { InspectedWindow } from './inspected-window';
import { collectOnce, probePage, type PageState } from './model';

function change(c: SignalChange): string {
  if (c.kind === 'added') return `${c.id}: now collected (${c.after})`;
  if (c.kind === 'removed') return `${c.id}: no longer collected (was ${c.before})`;
  if (c.fields && c.fields.length > 0) return `${c.id}: ${c.fields.map((f) => `${f.path} ${f.before} → ${f.after}`).join('; ')}`;
  return `${c.id}: ${c.before} → ${c.after}`;
}

function Status({ page }: { page: PageState }) {
  if (!page.sdk) return <p data-testid="sdk-state">No Twofold SDK on this page.</p>;
  if (!page.instance)
    return (
      <p data-testid="sdk-state">
        The Twofold SDK is loaded, but no instance was found (keep the object <code>Twofold.init()</code> returns in <code>window.tf</code>).
      </p>
    );
  const a = page.announcement;
  return (
    <section>
      <p data-testid="sdk-state">
        Twofold SDK present · site <code>{page.site}</code> · consent mode {page.consentMode}
      </p>
      <p>
        Consent: <strong data-testid="consent-state">{page.consentState}</strong>
      </p>
      {a ? (
        <dl data-testid="receipt">
          <dt>Receipt</dt>
          <dd>
            <code>{a.receiptId}</code> given {a.receiptTime}
          </dd>
          <dt>Announced signals</dt>
          <dd>{a.signals.map((s) => `${s.id} (${s.category})`).join(', ')}</dd>
          <dt>Last collected</dt>
          <dd>{a.collectedAt ?? 'not on this page'}</dd>
          {a.policyUrl ? (
            <>
              <dt>Policy</dt>
              <dd>{a.policyUrl}</dd>
            </>
          ) : null}
        </dl>
      ) : (
        <p data-testid="receipt">
          {page.announcementError
            ? `The page's announcement was rejected: ${page.announcementError}`
            : 'No announcement yet: the page has not collected under consent.'}
        </p>
      )}
    </section>
  );
}

/** A signal's stability; fields that change by design (device id's isNew, local time) are named, not flagged. */
function StabilityCell({ stability }: { stability: Stability | undefined }) {
  if (!stability) return <td />;
  return (
    <td class={stability.kind === 'unstable' ? 'unstable' : stability.kind === 'by-design' ? 'stable by-design' : 'stable'}>{stabilityText(stability)}</td>
  );
}

/** The panel; `win` is the inspected page (devtools API, or a fake in tests). */
export function Panel({ win }: { win: InspectedWindow | undefined }) {
  const [page, setPage] = useState<PageState | undefined>();
  const [runs, setRuns] = useState<InspectReport[]>([]);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  const refresh = async () => {
    if (!win) return;
    try {
      setPage(await probePage(win));
    } catch (error) {
      setMessage(`Could not read the page: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  useEffect(() => void refresh(), [win]);

  if (!win)
    return (
      <main>
        <h1>Twofold</h1>
        <p data-testid="sdk-state">Open this panel from the browser's developer tools (the "Twofold" tab) to inspect a page.</p>
      </main>
    );

  const collect = async () => {
    setBusy(true);
    setMessage('');
    try {
      const report = await collectOnce(win);
      setRuns((r) => [...r, report]);
      await refresh();
    } catch (error) {
      setMessage(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  const rows = summarizeRuns(runs);
  const stability = stabilityByRun(runs);
  const [previous, latest] = runs.slice(-2);
  const changes = previous && latest ? diffReports(previous, latest) : [];
  return (
    <main>
      <h1>Twofold</h1>
      {page ? <Status page={page} /> : <p>Reading the page…</p>}
      <p>
        <button type="button" onClick={() => void refresh()}>
          Refresh
        </button>{' '}
        <button type="button" data-testid="collect" disabled={busy || !page?.instance} onClick={() => void collect()}>
          {runs.length ? 'Collect again' : 'Collect'}
        </button>{' '}
        {message && (
          <span class="error" role="alert" data-testid="message">
            {message}
          </span>
        )}
      </p>
      <h2>
        Signals{' '}
        <small data-testid="runs">
          ({runs.length} collection{runs.length === 1 ? '' : 's'})
        </small>
      </h2>
      <table data-testid="signals">
        <thead>
          <tr>
            <th>Signal</th>
            <th>Category</th>
            <th>Personal data</th>
            <th>ms</th>
            <th>Stable</th>
            <th>Value</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-signal={r.id}>
              <td>{r.id}</td>
              <td>{r.category}</td>
              <td>{r.personalData}</td>
              <td class="num">{r.medianMs.toFixed(1)}</td>
              <StabilityCell stability={stability.get(r.id)} />
              <td class="value">{r.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>What changed since the previous collection</h2>
      {runs.length < 2 ? (
        <p data-testid="diff-empty">Collect twice to compare.</p>
      ) : changes.length === 0 ? (
        <p data-testid="diff-empty">Nothing changed.</p>
      ) : (
        <ul data-testid="diff">
          {changes.map((c) => (
            <li key={c.id} data-signal={c.id}>
              {change(c)}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
