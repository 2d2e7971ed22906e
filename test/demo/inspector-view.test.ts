// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { describeChange, renderDiff, renderTable } from '../../demo/inspector/view';

describe('demo inspector view', () => {
  it('renders one row per signal as text (a value can never become markup)', () => {
    const tbody = document.createElement('tbody');
    renderTable(tbody, [
      {
        id: 'user-agent',
        category: 'browser',
        purpose: 'why',
        personalData: 'technical',
        value: '<img src=x onerror=alert(1)>',
        medianMs: 1.25,
        maxMs: 2,
        runs: 2,
        distinctValues: 1,
      },
      {
        id: 'device-id',
        category: 'device',
        purpose: 'why',
        personalData: 'online-identifier',
        value: '{"id":"a"}',
        medianMs: 3,
        maxMs: 3,
        runs: 2,
        distinctValues: 2,
      },
    ]);
    expect(tbody.querySelectorAll('img')).toHaveLength(0);
    const cells = [...tbody.querySelectorAll('tr')].map((tr) => [...tr.children].map((td) => td.textContent));
    expect(cells[0]).toEqual(['user-agent', 'browser', 'why', 'technical', '1.3', 'yes (2/2)', '<img src=x onerror=alert(1)>']);
    expect(cells[1]![5]).toBe('no: 2 values in 2 runs');
    expect(tbody.querySelector('tr[data-signal="device-id"] .unstable')).not.toBeNull();
  });

  it('describes changes in plain words, naming changed fields', () => {
    expect(describeChange({ id: 'device-id', kind: 'changed', before: '{…}', after: '{…}', fields: [{ path: 'isNew', before: 'true', after: 'false' }] })).toBe(
      'device-id: isNew true → false',
    );
    expect(describeChange({ id: 'screen', kind: 'changed', before: '1', after: '2' })).toBe('screen: 1 → 2');
    expect(describeChange({ id: 'location', kind: 'added', after: '{"lat":59.9}' })).toBe('location: now collected ({"lat":59.9})');
    expect(describeChange({ id: 'touch', kind: 'removed', before: 'x' })).toBe('touch: no longer collected (was x)');
  });

  it('the diff list says when there is nothing to compare or nothing changed', () => {
    const list = document.createElement('ul');
    const empty = document.createElement('p');
    renderDiff(list, empty, [], false);
    expect(empty.textContent).toMatch(/Collect at least twice/);
    renderDiff(list, empty, [], true);
    expect(empty.textContent).toMatch(/Nothing changed/);
    renderDiff(list, empty, [{ id: 'a', kind: 'removed', before: '1' }], true);
    expect(empty.hidden).toBe(true);
    expect(list.querySelector('li[data-kind="removed"]')!.textContent).toBe('a: no longer collected (was 1)');
  });
});
