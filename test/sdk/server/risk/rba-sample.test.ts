import { describe, expect, it } from 'vitest';
import { parseCsv, readRbaSample } from '../../../../bench/rba-sample';

// Wiefling et al., ACM TOPS 2022, doi:10.1145/3546069 (CC BY 4.0): the sample the evaluation replays.
describe('RBA login data set sample reader', () => {
  it('parses quoted CSV fields with commas and doubled quotes', () => {
    expect(parseCsv('a,"b,c","d ""e"""\r\n1,2,3\n')).toEqual([
      ['a', 'b,c', 'd "e"'],
      ['1', '2', '3'],
    ]);
  });

  it('reads all 19 rows into attempts', () => {
    const rows = readRbaSample();
    expect(rows).toHaveLength(19);
    const third = rows[2]!;
    expect(third.attempt).toMatchObject({ userId: '-3284137479262433373', ip: '81.167.144.58', country: 'NO', asn: '29695' });
    expect(third.attempt.time).toBe(Date.UTC(2020, 1, 3, 12, 43, 55, 873));
    expect(third.attempt.userAgent).toContain('(KHTML, like Gecko Version/4.0 Mobile Safari/533.1 variation/277457');
    expect(third.success).toBe(true);
    expect(rows.filter((r) => r.attackIp)).toHaveLength(2);
    expect(rows[15]!.attempt.rttMs).toBe(1123);
  });
});
