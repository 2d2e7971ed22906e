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

/** What a consent request is made of: a receipt from storage is reused only for exactly this. */
export type ReceiptRequest = Pick<ReceiptInput, 'site' | 'origin' | 'method' | 'jurisdiction' | 'controller' | 'signals'>;

/**
 * The stored value as a receipt when it is exactly the one this SDK writes for this request
 * (same site, origin, method, jurisdiction, controller and signal list, one `given` event); only
 * its id, time, GPC and TC string may differ. Anything else (another request, a withdrawn or
 * tampered receipt, an older format: storage is open to every script on the page) is null, and
 * consent is asked again. Rebuilding and comparing is the whole check, so the loader carries no
 * field-by-field validator; what passes is what buildReceipt writes, which the shared schema accepts.
 */
export function storedReceiptFor(stored: unknown, want: ReceiptRequest): ConsentReceipt | null {
  const r = stored as Partial<Record<keyof ConsentReceipt, unknown>> | null;
  try {
    const id = r?.receiptId;
    if (typeof id !== 'string' || id.length < 8 || id.length > 64 || !(r?.gpc === null || typeof r?.gpc === 'boolean')) return null;
    if (!(r.tcString === undefined || (typeof r.tcString === 'string' && r.tcString.length <= 8192))) return null;
    const rebuilt = buildReceipt({ ...want, receiptId: id, now: new Date(r.timestamp as string), gpc: r.gpc, tcString: r.tcString });
    return JSON.stringify(rebuilt) === JSON.stringify(stored) ? rebuilt : null;
  } catch {
    return null; // an invalid timestamp (toISOString throws), or a value JSON cannot hold
  }
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
