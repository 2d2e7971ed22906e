import type { ConsentMethod, ConsentReceipt, Controller } from '../../protocol/receipt';
import type { SignalMeta } from '../../protocol/signals';

/** The one purpose every Twofold signal serves; listed in every receipt. */
export const SECURITY_PURPOSE = {
  id: 'account-security',
  description: 'Protect the account: recognise known devices and detect unusual or automated sign-ins (risk-based authentication).',
  legalBasis: 'consent' as const,
};

/** Everything a receipt is made from; plain data so it is built the same in tests and pages. */
export interface ReceiptInput {
  receiptId: string;
  now: Date;
  site: string;
  origin: string;
  method: ConsentMethod;
  jurisdiction: string;
  controller?: Controller;
  signals: SignalMeta[];
  gpc: boolean | null;
  tcString?: string;
}

/** Builds a consent receipt (Kantara CR 1.1 / ISO/IEC 27560 fields) with one `given` event. */
export function buildReceipt(input: ReceiptInput): ConsentReceipt {
  const at = input.now.toISOString();
  return {
    version: 'twofold-receipt/1',
    receiptId: input.receiptId,
    timestamp: at,
    jurisdiction: input.jurisdiction,
    collectionMethod: input.method,
    site: input.site,
    origin: input.origin,
    ...(input.controller ? { controller: input.controller, policyUrl: input.controller.policyUrl } : {}),
    purposes: [SECURITY_PURPOSE],
    signals: input.signals.map((s) => ({ id: s.id, category: s.category, personalData: s.personalData })),
    gpc: input.gpc,
    ...(input.tcString !== undefined ? { tcString: input.tcString } : {}),
    events: [{ state: 'given', at }],
  };
}

/**
 * True when a stored receipt still covers this consent request: same site, origin and method, the
 * exact same signal list, and not withdrawn. A changed signal list means asking again.
 */
export function receiptCovers(receipt: ConsentReceipt, want: Pick<ReceiptInput, 'site' | 'origin' | 'method' | 'signals'>): boolean {
  const last = receipt.events[receipt.events.length - 1];
  const ids = (list: { id: string }[]) =>
    list
      .map((s) => s.id)
      .sort()
      .join(',');
  return (
    receipt.site === want.site &&
    receipt.origin === want.origin &&
    receipt.collectionMethod === want.method &&
    last?.state === 'given' &&
    ids(receipt.signals) === ids(want.signals)
  );
}

/** Reads Global Privacy Control: true/false as the browser sends it, null when it sends nothing (Chromium). */
export function readGpc(nav: Navigator | undefined = globalThis.navigator): boolean | null {
  const gpc = (nav as (Navigator & { globalPrivacyControl?: unknown }) | undefined)?.globalPrivacyControl;
  return typeof gpc === 'boolean' ? gpc : null;
}

/** A random receipt id (UUID v4 where available). */
export function newReceiptId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
