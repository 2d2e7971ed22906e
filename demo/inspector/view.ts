/**
 * DOM rendering of the demo inspector: the signal table and the diff list, from the
 * shared pure summaries (sdk/protocol/inspect-summary). Only textContent is used, never innerHTML:
 * signal values come from the browser and may hold anything.
 */
import type { SignalChange, SignalRow } from '../../sdk/protocol/inspect-summary';
import { type Stability, stabilityText } from '../../sdk/protocol/signal-stability';

function cell(doc: Document, text: string, className?: string): HTMLTableCellElement {
  const td = doc.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

/** Replaces the table body with one row per signal; `stability` (stabilityByRun) sets aside fields that change by design. */
export function renderTable(tbody: HTMLElement, rows: readonly SignalRow[], stability?: ReadonlyMap<string, Stability>): void {
  const doc = tbody.ownerDocument;
  tbody.replaceChildren(
    ...rows.map((row) => {
      const tr = doc.createElement('tr');
      tr.dataset['signal'] = row.id;
      const known = stability?.get(row.id);
      const s: Stability =
        known ?? (row.distinctValues === 1 ? { kind: 'stable', runs: row.runs } : { kind: 'unstable', runs: row.runs, distinctValues: row.distinctValues });
      tr.append(
        cell(doc, row.id),
        cell(doc, row.category),
        cell(doc, row.purpose),
        cell(doc, row.personalData),
        cell(doc, row.medianMs.toFixed(1), 'num'),
        cell(doc, stabilityText(s), s.kind === 'unstable' ? 'unstable' : s.kind === 'by-design' ? 'stable by-design' : 'stable'),
        cell(doc, row.value, 'value'),
      );
      return tr;
    }),
  );
}

/** One line of the diff in plain words. */
export function describeChange(change: SignalChange): string {
  if (change.kind === 'added') return `${change.id}: now collected (${change.after})`;
  if (change.kind === 'removed') return `${change.id}: no longer collected (was ${change.before})`;
  if (change.fields && change.fields.length > 0) return `${change.id}: ${change.fields.map((f) => `${f.path} ${f.before} → ${f.after}`).join('; ')}`;
  return `${change.id}: ${change.before} → ${change.after}`;
}

/** Replaces the diff list; `compared` is false until there are two collections. */
export function renderDiff(list: HTMLElement, empty: HTMLElement, changes: readonly SignalChange[], compared: boolean): void {
  const doc = list.ownerDocument;
  list.replaceChildren(
    ...changes.map((change) => {
      const li = doc.createElement('li');
      li.dataset['signal'] = change.id;
      li.dataset['kind'] = change.kind;
      li.textContent = describeChange(change);
      return li;
    }),
  );
  empty.textContent = !compared ? 'Collect at least twice to compare.' : changes.length === 0 ? 'Nothing changed: every signal has the same value.' : '';
  empty.hidden = compared && changes.length > 0;
}
