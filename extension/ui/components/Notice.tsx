/**
 * The one way UI pages report an outcome: a success or neutral note is a polite status, an error is
 * an alert styled as one (screen readers announce it at once; it never looks like grey help text).
 * Keeps the `status` class on both so existing selectors find the message either way.
 */
import type { JSX } from 'preact';
import { errorText } from '../api';

/** An outcome to show, or null for nothing. */
export type Notice = { kind: 'ok' | 'info' | 'error'; text: string } | null;

/** A success note. */
export const success = (text: string): Notice => ({ kind: 'ok', text });
/** A neutral note (e.g. "working…"). */
export const info = (text: string): Notice => ({ kind: 'info', text });
/** The notice for a failure: the error's text in the UI language. */
export const failure = (error: unknown): Notice => ({ kind: 'error', text: errorText(error) });

/** Renders `notice` (nothing when null); `inline` uses a span for use inside a form row. */
export function NoticeText({ notice, testid, inline = false }: { notice: Notice; testid?: string; inline?: boolean }): JSX.Element | null {
  if (!notice) return null;
  const Tag = inline ? 'span' : 'p';
  const error = notice.kind === 'error';
  return (
    <Tag class={`status${error ? ' error' : notice.kind === 'ok' ? ' ok' : ''}`} role={error ? 'alert' : 'status'} data-testid={testid} data-kind={notice.kind}>
      {notice.text}
    </Tag>
  );
}
