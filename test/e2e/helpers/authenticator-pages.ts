/** Test data and small reference functions for authenticator-journey.ts. */
import { createHmac } from 'node:crypto';

/** A sign-in step that e-mails the code (no authenticator app named): no account can make it. */
export const EMAIL_CODE_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Check your inbox</title></head><body>
<main><h1>Check your inbox</h1><p>We emailed a 6-digit code to d***@example.test. Enter it to continue.</p>
<form><label for="code">Verification code</label><input id="code" name="code" type="text" autocomplete="one-time-code" inputmode="numeric" maxlength="6"></form></main></body></html>`;

/** Steam Guard code written independently of the extension: RFC 4226 truncation, Steam alphabet. */
export function referenceSteamCode(base32: string, unixSeconds: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of base32) {
    buffer = (buffer << 5) | alphabet.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
  const mac = createHmac('sha1', Buffer.from(bytes)).update(counter).digest();
  let value = mac.readUInt32BE(mac[19]! & 0x0f) & 0x7fffffff;
  let code = '';
  for (let i = 0; i < 5; i++) {
    code += '23456789BCDFGHJKMNPQRTVWXY'[value % 26];
    value = Math.floor(value / 26);
  }
  return code;
}

/** Runs of dark modules per row, summed: what QrCode draws as one path segment each. */
export function countRuns(size: number, modules: string): number {
  let runs = 0;
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if (modules[y * size + x] === '1' && (x === 0 || modules[y * size + x - 1] !== '1')) runs++;
  return runs;
}
