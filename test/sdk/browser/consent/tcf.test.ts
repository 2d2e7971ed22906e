// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { listenToCmp, tcfDecision, type TcData } from '../../../../sdk/browser/consent/tcf';

const tc = (eventStatus: string, p1?: boolean, sf2?: boolean): TcData => ({
  eventStatus,
  cmpStatus: 'loaded',
  tcString: 'TC',
  purpose: { consents: p1 === undefined ? {} : { 1: p1 } },
  specialFeatureOptins: sf2 === undefined ? {} : { 2: sf2 },
});

afterEach(() => {
  delete (window as unknown as Record<string, unknown>).__tcfapi;
});

describe('tcfDecision', () => {
  it.each([
    [tc('tcloaded', true, true), 'granted'],
    [tc('useractioncomplete', true, true), 'granted'],
    [tc('useractioncomplete', true, false), 'denied'],
    [tc('useractioncomplete', false, true), 'denied'],
    [tc('tcloaded'), 'denied'],
    [tc('cmpuishown', true, true), null],
    [{ ...tc('tcloaded', true, true), cmpStatus: 'error' }, null],
    [null, null],
  ] as const)('%j → %s', (data, expected) => {
    expect(tcfDecision(data)).toBe(expected);
  });
});

describe('listenToCmp', () => {
  it('subscribes with addEventListener v2 and reports decisions with the TC string', () => {
    let cb: ((d: TcData, ok: boolean) => void) | undefined;
    const api = vi.fn((cmd: string, _v: number, callback: (d: TcData, ok: boolean) => void) => {
      if (cmd === 'addEventListener') cb = callback;
    });
    (window as unknown as Record<string, unknown>).__tcfapi = api;
    const decisions: unknown[] = [];
    const stop = listenToCmp((d, s) => decisions.push([d, s]));
    expect(api).toHaveBeenCalledWith('addEventListener', 2, expect.any(Function));
    cb!({ ...tc('cmpuishown'), listenerId: 7 }, true);
    cb!(tc('useractioncomplete', true, true), true);
    cb!(tc('useractioncomplete', true, false), false); // unsuccessful calls are ignored
    expect(decisions).toEqual([['granted', 'TC']]);
    stop();
    expect(api).toHaveBeenCalledWith('removeEventListener', 2, expect.any(Function), 7);
    cb!(tc('useractioncomplete', false, false), true);
    expect(decisions).toHaveLength(1);
  });
  it('without a CMP it reports nothing', () => {
    const decisions: unknown[] = [];
    listenToCmp((d) => decisions.push(d));
    expect(decisions).toEqual([]);
  });
});
