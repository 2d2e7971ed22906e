/** The parts of an IAB TCF v2.2 TCData object the SDK reads. */
export interface TcData {
  eventStatus?: string;
  cmpStatus?: string;
  tcString?: string;
  listenerId?: number;
  purpose?: { consents?: Record<string, boolean | undefined> };
  specialFeatureOptins?: Record<string, boolean | undefined>;
}

/** The `__tcfapi` function a CMP installs on the page. */
export type TcfApi = (command: string, version: number, callback: (data: TcData | null, success: boolean) => void, parameter?: unknown) => void;

/** TCF purpose 1: store and/or access information on a device. */
export const TCF_PURPOSE_STORE_ACCESS = 1;
/** TCF special feature 2: actively scan device characteristics for identification. */
export const TCF_SPECIAL_FEATURE_SCAN = 2;

/**
 * What a TCData event means for Twofold: 'granted' only when purpose 1 consent AND special feature 2
 * opt-in are both present; 'denied' once the visitor's choice is known without them; null while
 * the CMP is still loading or showing its UI (keep waiting). `gdprApplies: false` is not consent.
 */
export function tcfDecision(data: TcData | null): 'granted' | 'denied' | null {
  if (!data || data.cmpStatus === 'error') return null;
  if (data.eventStatus !== 'tcloaded' && data.eventStatus !== 'useractioncomplete') return null;
  const purpose1 = data.purpose?.consents?.[TCF_PURPOSE_STORE_ACCESS] === true;
  const scan = data.specialFeatureOptins?.[TCF_SPECIAL_FEATURE_SCAN] === true;
  return purpose1 && scan ? 'granted' : 'denied';
}

/** Reads the CMP's `__tcfapi` from the page, if one is installed. */
export function findTcfApi(win: Window = window): TcfApi | undefined {
  const api = (win as Window & { __tcfapi?: unknown }).__tcfapi;
  return typeof api === 'function' ? (api as TcfApi) : undefined;
}

/**
 * Subscribes to the page's CMP and reports each decision. If no CMP is on the page yet, looks once
 * more after the `load` event (CMPs are often loaded async); without a CMP consent stays pending.
 * Returns a function that stops listening.
 */
export function listenToCmp(onDecision: (decision: 'granted' | 'denied', tcString: string | undefined) => void, win: Window = window): () => void {
  let listenerId: number | undefined;
  let stopped = false;
  const subscribe = (api: TcfApi) =>
    api('addEventListener', 2, (data, success) => {
      if (stopped || !success || !data) return;
      if (typeof data.listenerId === 'number') listenerId = data.listenerId;
      const decision = tcfDecision(data);
      if (decision) onDecision(decision, data.tcString);
    });
  const tryNow = () => {
    const api = findTcfApi(win);
    if (api && !stopped) subscribe(api);
    return api !== undefined;
  };
  if (!tryNow() && win.document.readyState !== 'complete') win.addEventListener('load', () => void tryNow(), { once: true });
  return () => {
    stopped = true;
    const api = findTcfApi(win);
    if (api && listenerId !== undefined) api('removeEventListener', 2, () => {}, listenerId);
  };
}
