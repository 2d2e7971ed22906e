import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../../../sdk/server/cli/args';
import { formatTable } from '../../../../sdk/server/cli/format';
import { runCli } from '../../../../sdk/server/cli/index';
import { TwofoldError } from '../../../../sdk/protocol/errors';
import type { InspectReport } from '../../../../sdk/protocol/report';

describe('twofold CLI arguments', () => {
  it('parses inspect with defaults and flags in any order', () => {
    expect(parseArgs(['inspect', 'http://127.0.0.1:8080'])).toEqual({ command: 'inspect', url: 'http://127.0.0.1:8080/', json: false, runs: 3 });
    expect(parseArgs(['inspect', '--runs', '5', '--json', 'https://x.test/a'])).toEqual({ command: 'inspect', url: 'https://x.test/a', json: true, runs: 5 });
    expect(parseArgs(['inspect', 'https://x.test/', '--runs=1'])).toMatchObject({ runs: 1 });
    expect(parseArgs([])).toEqual({ command: 'help' });
    expect(parseArgs(['inspect', '--help'])).toEqual({ command: 'help' });
  });

  it.each([
    [['inspect'], /Give the URL/],
    [['inspect', 'nope'], /not a URL/],
    [['inspect', 'file:///etc/passwd'], /Only http and https/],
    [['inspect', 'http://a.test', 'http://b.test'], /one URL/],
    [['inspect', 'http://a.test', '--runs'], /whole number.*got nothing/],
    [['inspect', 'http://a.test', '--runs', '-1'], /whole number/],
    [['inspect', 'http://a.test', '--runs', '51'], /from 1 to 50/],
    [['inspect', 'http://a.test', '--runs', '0'], /from 1 to 50/],
    [['inspect', 'http://a.test', '--verbose'], /Unknown option "--verbose"/],
    [['collect', 'http://a.test'], /Unknown command "collect"/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});

describe('runCli', () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) } };
  };
  const inspection = {
    url: 'http://a.test/',
    site: 'a.test',
    consentMode: 'manual',
    consentVia: 'manual-grant' as const,
    sealedBytes: 1234,
    reports: [1, 2].map((n) => ({
      signals: { clock: { value: n, durationMs: n } },
      meta: { clock: { id: 'clock', category: 'time', purpose: 'p', personalData: 'quasi-identifier' } },
    })) as unknown as InspectReport[],
  };

  it('exit 2 on usage errors, nothing inspected', async () => {
    const s = io();
    let called = false;
    expect(
      await runCli(['inspect', '--runs', 'x'], s.io, async () => {
        called = true;
        return inspection;
      }),
    ).toBe(2);
    expect(called).toBe(false);
    expect(s.err.join('')).toMatch(/^twofold: .*\n\nUsage:/);
  });

  it('exit 1 with the error code on a TwofoldError from the page', async () => {
    const s = io();
    expect(
      await runCli(['inspect', 'http://a.test'], s.io, async () => {
        throw new TwofoldError('no_sdk', 'No Twofold SDK on this page.');
      }),
    ).toBe(1);
    expect(s.err.join('')).toBe('twofold: No Twofold SDK on this page. (no_sdk)\n');
  });

  it('prints the table with stability and the sealed size; --json carries rows and reports', async () => {
    const s = io();
    expect(
      await runCli(['inspect', 'http://a.test', '--runs', '2'], s.io, async (_u, runs) => ({ ...inspection, reports: inspection.reports.slice(0, runs) })),
    ).toBe(0);
    const text = s.out.join('');
    expect(text).toContain('site "a.test", consent manual (manual-grant), 2 runs, sealed payload 1234 bytes');
    expect(text).toMatch(/clock\s+time\s+quasi-identifier\s+1\.5\s+no: 2 values in 2 runs\s+2\n/);
    expect(text).toContain('Between the last two runs:\n  clock: 1 → 2\n');
    const j = io();
    expect(await runCli(['inspect', 'http://a.test', '--json'], j.io, async () => inspection)).toBe(0);
    const json = JSON.parse(j.out.join('')) as { signals: { id: string; distinctValues: number }[]; reports: unknown[]; sealedBytes: number };
    expect(json).toMatchObject({
      sealedBytes: 1234,
      signals: [{ id: 'clock', distinctValues: 2 }],
      changes: [{ id: 'clock', kind: 'changed', before: '1', after: '2' }],
    });
    expect(json.reports).toHaveLength(2);
  });

  it("names the device id's isNew as changing by design instead of flagging it; another change is still flagged", async () => {
    const meta = { 'device-id': { id: 'device-id', category: 'device', purpose: 'p', personalData: 'pseudonymous-identifier' } };
    const reportsWith = (ids: string[]) =>
      ids.map((id, n) => ({ signals: { 'device-id': { value: { id, isNew: n === 0 }, durationMs: 1 } }, meta })) as unknown as InspectReport[];
    const same = io();
    expect(await runCli(['inspect', 'http://a.test'], same.io, async () => ({ ...inspection, reports: reportsWith(['d1', 'd1', 'd1']) }))).toBe(0);
    expect(same.out.join('')).toMatch(/device-id .* yes; changes by design \(isNew is true only on the first collection\) /);
    const other = io();
    expect(await runCli(['inspect', 'http://a.test'], other.io, async () => ({ ...inspection, reports: reportsWith(['d1', 'd2', 'd2']) }))).toBe(0);
    expect(other.out.join('')).toMatch(/device-id .* no: 2 values in 3 runs /);
    const json = io();
    expect(await runCli(['inspect', 'http://a.test', '--json'], json.io, async () => ({ ...inspection, reports: reportsWith(['d1', 'd1']) }))).toBe(0);
    expect(JSON.parse(json.out.join('')).signals[0].stability).toMatchObject({ kind: 'by-design', runs: 2 });
  });

  it('formatTable aligns columns under the header', () => {
    const table = formatTable([
      { id: 'x', category: 'device', purpose: '', personalData: 'technical', value: 'v', medianMs: 2, maxMs: 2, runs: 1, distinctValues: 1 },
    ]);
    const [header, rule, row] = table.split('\n');
    expect(rule!.length).toBe(header!.length);
    expect(row!.indexOf('device')).toBe(header!.indexOf('category'));
  });
});
