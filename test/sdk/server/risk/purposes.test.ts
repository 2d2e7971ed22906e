// "Say only true purposes": what a signal tells the visitor it is collected for must be something a
// risk rule does with it. Rules declare the report signals they read (`signals`); each signal's
// stated purpose is checked against the rules that read it, and no signal is collected unread.
import { describe, expect, it } from 'vitest';
import { SIGNAL_INFOS } from '../../../../sdk/browser/signals/catalogue';
import { RISK_RULES } from '../../../../sdk/server/risk/rules/index';

const readers = (signal: string) => RISK_RULES.filter((rule) => rule.signals?.includes(signal)).map((rule) => rule.id);
const purposeOf = (id: string) => SIGNAL_INFOS.find((s) => s.id === id)?.purpose ?? '';

/** Each signal: what its purpose promises (a pattern of its text) and the rules that keep the promise. */
const PROMISES: { signal: string; says: RegExp; rules: string[] }[] = [
  { signal: 'visitor-id', says: /recognise this browser/, rules: ['new-device'] },
  { signal: 'device-id', says: /Remember this device/, rules: ['new-device'] },
  { signal: 'location', says: /where the network says/, rules: ['reported-location'] },
  { signal: 'user-agent', says: /match the browser that sends the sign-in/, rules: ['report-browser'] },
  { signal: 'device-type', says: /against the browser that sends the sign-in/, rules: ['device-kind'] },
  { signal: 'languages', says: /earlier sign-ins/, rules: ['locale'] },
  { signal: 'time-zone', says: /earlier sign-ins.*network location.*local clock/, rules: ['locale', 'time-zone-location', 'local-clock'] },
  { signal: 'local-time', says: /local clock agrees with the time zone/, rules: ['local-clock'] },
  { signal: 'screen', says: /earlier sign-ins/, rules: ['device-traits'] },
  { signal: 'hardware', says: /earlier sign-ins/, rules: ['device-traits'] },
  { signal: 'touch', says: /earlier sign-ins.*phone or tablet browser without touch/, rules: ['device-traits', 'device-kind'] },
  { signal: 'automation', says: /driven by scripts/, rules: ['automation'] },
];

describe('signal purposes against the rules', () => {
  it('every signal the SDK collects is read by a rule (none is collected for a purpose nothing fulfils)', () => {
    const unread = SIGNAL_INFOS.map((s) => s.id).filter((id) => readers(id).length === 0);
    expect(unread).toEqual([]);
  });

  it.each(PROMISES)('$signal: its purpose says what $rules do with it', ({ signal, says, rules }) => {
    expect(purposeOf(signal)).toMatch(says);
    expect(readers(signal)).toEqual(expect.arrayContaining(rules));
  });

  it('every signal has its promise checked above', () => {
    expect(PROMISES.map((p) => p.signal).sort()).toEqual(SIGNAL_INFOS.map((s) => s.id).sort());
  });

  it('a rule declares only signals the SDK has', () => {
    const known = new Set<string>(SIGNAL_INFOS.map((s) => s.id));
    for (const rule of RISK_RULES) for (const id of rule.signals ?? []) expect(known.has(id), `${rule.id} reads ${id}`).toBe(true);
  });
});
