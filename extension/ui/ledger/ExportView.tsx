/** A site's data export shown readably (fields in words, dates as dates), with the raw JSON one click away. */
import type { JSX } from 'preact';
import { type Readable, readable } from './readable';
import { lt, when } from './strings';

function Node({ node }: { node: Readable }): JSX.Element {
  if (node.kind === 'text') return node.date ? <time>{node.text}</time> : <span>{node.text}</span>;
  if (node.kind === 'list')
    return (
      <ol class="export-list">
        {node.items.map((item, i) => (
          // Export rows have no identity of their own; their place in the site's answer is it.
          // biome-ignore lint/suspicious/noArrayIndexKey: a static list rendered once
          <li key={i}>
            <Node node={item} />
          </li>
        ))}
        {node.more > 0 && <li>{lt('more', { n: node.more })}</li>}
      </ol>
    );
  return (
    <dl class="export-view">
      {node.fields.map((f) => (
        <div key={f.key}>
          <dt>{f.label}</dt>
          <dd>
            <Node node={f.value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The export `data` as the site sent it: readable first, the exact JSON below. */
export function ExportView({ data, json }: { data: unknown; json: string }) {
  return (
    <>
      <div data-testid="server-export-readable">
        <Node node={readable(data, { when, yes: lt('yes'), no: lt('no') })} />
      </div>
      <details>
        <summary>{lt('rawJson')}</summary>
        <pre data-testid="server-export">{json}</pre>
      </details>
    </>
  );
}
