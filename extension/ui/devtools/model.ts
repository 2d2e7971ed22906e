/**
 * The devtools panel's logic, free of UI: probe the inspected page (is the SDK there, consent
 * state, the SDK's own announcement with the receipt), and collect once with `tf.inspect()`.
 * Everything the page returns is a claim: the announcement goes through the shared valibot
 * validator and reports through the InspectReport schema before the panel shows them.
 */
import * as v from 'valibot';
import { parseAnnouncement, type Announcement } from '../../../sdk/protocol/announce';
import { PROBE_EXPRESSION, READ_INSPECT_EXPRESSION, START_INSPECT_EXPRESSION, type PageProbe } from '../../../sdk/protocol/inspect-probe';
import { InspectReportSchema, type InspectReport } from '../../../sdk/protocol/report';
import type { InspectedWindow } from './inspected-window';

/** What the panel knows about the inspected page. */
export interface PageState {
  sdk: boolean;
  instance: boolean;
  site?: string;
  consentMode?: string;
  consentState?: string;
  /** The validated announcement (after a consented collection on the page), if any. */
  announcement?: Announcement;
  /** Why the page's announcement was rejected, if it was. */
  announcementError?: string;
}

const ProbeSchema = v.object({
  sdk: v.boolean(),
  instance: v.boolean(),
  site: v.optional(v.pipe(v.string(), v.maxLength(253))),
  consentMode: v.optional(v.pipe(v.string(), v.maxLength(32))),
  consentState: v.optional(v.pipe(v.string(), v.maxLength(32))),
  announcement: v.nullable(v.string()),
});

/** Reads the page's SDK state through the announcement channel. */
export async function probePage(win: InspectedWindow): Promise<PageState> {
  const probe: PageProbe = v.parse(ProbeSchema, await win.eval(PROBE_EXPRESSION));
  const state: PageState = {
    sdk: probe.sdk,
    instance: probe.instance,
    ...(probe.site !== undefined ? { site: probe.site } : {}),
    ...(probe.consentMode !== undefined ? { consentMode: probe.consentMode } : {}),
    ...(probe.consentState !== undefined ? { consentState: probe.consentState } : {}),
  };
  if (probe.announcement !== null) {
    try {
      state.announcement = parseAnnouncement(probe.announcement);
    } catch (error) {
      state.announcementError = error instanceof Error ? error.message : String(error);
    }
  }
  return state;
}

/** Collects once in the page with `tf.inspect()` (consent-gated by the SDK itself) and validates the report. */
export async function collectOnce(win: InspectedWindow, options: { timeoutMs?: number; pollMs?: number } = {}): Promise<InspectReport> {
  if ((await win.eval(START_INSPECT_EXPRESSION)) !== true) throw new Error('No Twofold instance on this page (expected window.tf).');
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  for (;;) {
    const slot = (await win.eval(READ_INSPECT_EXPRESSION)) as { done?: boolean; report?: unknown; error?: unknown } | null;
    if (slot?.done) {
      if (typeof slot.error === 'string') {
        throw new Error(
          slot.error === 'consent_required' ? 'Consent is not granted on this page: the SDK collects nothing.' : `The collection failed: ${slot.error}`,
        );
      }
      if (typeof slot.report !== 'string' || slot.report.length > 512 * 1024) throw new Error('The page returned no usable report.');
      return v.parse(InspectReportSchema, JSON.parse(slot.report));
    }
    if (Date.now() > deadline) throw new Error('The collection did not finish in time.');
    await new Promise((r) => setTimeout(r, options.pollMs ?? 100));
  }
}
