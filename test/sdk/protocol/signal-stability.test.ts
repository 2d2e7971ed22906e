// @vitest-environment jsdom
// The inspector's stability column sets aside fields that change by design (the device id's isNew,
// the local time) and still flags every other change, including a changed device id.
import { describe, expect, it } from 'vitest';
import { renderTable } from '../../../demo/inspector/view';
import { stabilityByRun, stabilityOf, stabilityText } from '../../../sdk/protocol/signal-stability';

const ok = (value: unknown) => ({ value, durationMs: 1 });

describe('signal stability', () => {
  it('device-id: isNew flipping is by design; a different id is not', () => {
    const first = ok({ id: 'a', createdAt: '2026-12-06T10:00:00Z', isNew: true });
    const again = ok({ id: 'a', createdAt: '2026-12-06T10:00:00Z', isNew: false });
    expect(stabilityOf('device-id', [first, again])).toEqual({ kind: 'by-design', runs: 2, why: 'isNew is true only on the first collection' });
    expect(stabilityOf('device-id', [again, again]).kind).toBe('stable');
    expect(stabilityOf('device-id', [first, ok({ id: 'b', createdAt: '2026-12-06T10:00:00Z', isNew: false })])).toEqual({
      kind: 'unstable',
      runs: 2,
      distinctValues: 2,
    });
  });

  it('local-time changes by design; an error among its runs is still flagged; other signals are compared whole', () => {
    expect(stabilityOf('local-time', [ok({ local: 'x', hour: 1 }), ok({ local: 'y', hour: 2 })]).kind).toBe('by-design');
    expect(stabilityOf('local-time', [ok({ local: 'x' }), { error: 'timeout', durationMs: 1000 }]).kind).toBe('unstable');
    expect(stabilityOf('screen', [ok({ w: 1 }), ok({ w: 2 })]).kind).toBe('unstable');
    expect(stabilityOf('screen', [ok({ isNew: true }), ok({ isNew: false })]).kind).toBe('unstable'); // isNew is by design only for device-id
    expect(stabilityText({ kind: 'unstable', runs: 3, distinctValues: 2 })).toBe('no: 2 values in 3 runs');
  });

  it('the demo inspector table uses it: device-id and local-time are not marked unstable, a real change is', () => {
    const reports = [
      { signals: { 'device-id': ok({ id: 'a', isNew: true }), 'local-time': ok({ local: '10:00' }), screen: ok({ w: 1 }) } },
      { signals: { 'device-id': ok({ id: 'a', isNew: false }), 'local-time': ok({ local: '10:01' }), screen: ok({ w: 2 }) } },
    ];
    const tbody = document.createElement('tbody');
    const row = (id: string) => ({
      id,
      category: 'device',
      purpose: '',
      personalData: 'technical',
      value: '',
      medianMs: 1,
      maxMs: 1,
      runs: 2,
      distinctValues: 2,
    });
    renderTable(tbody, [row('device-id'), row('local-time'), row('screen')], stabilityByRun(reports));
    const unstable = [...tbody.querySelectorAll('.unstable')].map((td) => td.closest('tr')!.dataset.signal);
    expect(unstable).toEqual(['screen']);
    expect(tbody.querySelector('tr[data-signal="local-time"]')!.children[5]!.textContent).toBe(
      'yes; changes by design (the local clock moves between collections)',
    );
  });
});
