/**
 * e2e helper: a stub IAB TCF v2.2 CMP for `page.addInitScript`. It installs `window.__tcfapi`
 * (addEventListener / removeEventListener / ping) and `window.__cmpAnswer(tcData)`, which the test
 * calls to simulate the CMP loading or the visitor answering. Plain JS: it runs in the page.
 */
export function installStubCmp(): void {
  type Listener = { id: number; cb: (data: unknown, ok: boolean) => void };
  const listeners: Listener[] = [];
  let nextId = 1;
  let last: Record<string, unknown> | null = null;
  const api = (command: string, _version: number, cb: (data: unknown, ok: boolean) => void, param?: unknown) => {
    if (command === 'addEventListener') {
      const listener = { id: nextId++, cb };
      listeners.push(listener);
      cb(last ? { ...last, listenerId: listener.id } : { eventStatus: 'cmpuishown', cmpStatus: 'loaded', listenerId: listener.id }, true);
    } else if (command === 'removeEventListener') {
      const i = listeners.findIndex((l) => l.id === param);
      if (i >= 0) listeners.splice(i, 1);
      cb(i >= 0, true);
    } else if (command === 'ping') {
      cb({ gdprApplies: true, cmpLoaded: true, cmpStatus: 'loaded', apiVersion: '2.2' }, true);
    } else cb(null, false);
  };
  const w = window as unknown as Record<string, unknown>;
  w.__tcfapi = api;
  w.__cmpAnswer = (data: Record<string, unknown>) => {
    last = data;
    for (const l of listeners) l.cb({ ...data, listenerId: l.id }, true);
  };
}

/** The stub as a script string for `addInitScript({ content })`. */
export const STUB_CMP_SCRIPT = `(${installStubCmp.toString()})();`;

/** A TCData answer: `purpose1` = purpose 1 consent, `scan` = special feature 2 opt-in. */
export function tcData(
  eventStatus: 'tcloaded' | 'useractioncomplete',
  purpose1: boolean,
  scan: boolean,
  tcString = 'CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA',
) {
  return {
    eventStatus,
    cmpStatus: 'loaded',
    gdprApplies: true,
    tcString,
    purpose: { consents: { 1: purpose1, 2: purpose1 }, legitimateInterests: {} },
    specialFeatureOptins: { 1: false, 2: scan },
  };
}
