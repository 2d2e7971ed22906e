/*
 * Reader for the RBA login data set sample in /work/shared/fixtures/rba-login-sample:
 * Wiefling, Jørgensen, Thunem, Lo Iacono, "Pump Up Password Security! Evaluating and Enhancing
 * Risk-Based Authentication on a Real-World Large-Scale Online Service", ACM TOPS 2022,
 * doi:10.1145/3546069. Data licensed CC BY 4.0 (synthetic values from a real service's distributions).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LoginAttempt } from '../sdk/server/risk/types';

/** Default location of the sample (override with RBA_SAMPLE=/path/to.csv, e.g. the full data set). */
export const RBA_SAMPLE_PATH =
  process.env['RBA_SAMPLE'] ?? fileURLToPath(new URL('../../shared/fixtures/rba-login-sample/rba-dataset-head19.csv', import.meta.url));

/** One row of the data set, as the engine needs it. */
export interface RbaRow {
  index: number;
  attempt: LoginAttempt;
  success: boolean;
  attackIp: boolean;
  takeover: boolean;
}

/** Splits CSV text into records (RFC 4180 quoting: "a,b" and "" for a quote). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

/** Reads the sample into attempts (time from "Login Timestamp" as UTC; country and ASN given, so no geo lookup). */
export function readRbaSample(path = RBA_SAMPLE_PATH): RbaRow[] {
  const [header, ...records] = parseCsv(readFileSync(path, 'utf8'));
  if (!header) return [];
  const col = (name: string) => {
    const at = header.indexOf(name);
    if (at < 0) throw new Error(`RBA sample: column "${name}" missing`);
    return at;
  };
  const c = {
    index: col('index'),
    time: col('Login Timestamp'),
    user: col('User ID'),
    rtt: col('Round-Trip Time [ms]'),
    ip: col('IP Address'),
    country: col('Country'),
    asn: col('ASN'),
    ua: col('User Agent String'),
    success: col('Login Successful'),
    attackIp: col('Is Attack IP'),
    ato: col('Is Account Takeover'),
  };
  return records.map((r) => {
    const get = (i: number) => r[i] ?? '';
    const attempt: LoginAttempt = {
      userId: get(c.user),
      time: Date.parse(`${get(c.time).replace(' ', 'T')}Z`),
      ip: get(c.ip),
      userAgent: get(c.ua),
      country: get(c.country),
      asn: get(c.asn),
    };
    const rtt = Number(get(c.rtt));
    if (get(c.rtt) !== '' && Number.isFinite(rtt)) attempt.rttMs = rtt;
    return { index: Number(get(c.index)), attempt, success: get(c.success) === 'True', attackIp: get(c.attackIp) === 'True', takeover: get(c.ato) === 'True' };
  });
}
