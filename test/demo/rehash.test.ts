// The demo's sign-in upgrades a password hash stored at the old scrypt cost (N=2^14) to today's
// (demo/app/passwords.ts: "rehash it at the next sign-in"), and only when the password was right.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { scryptSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoginApp, type LoginApp } from '../../demo/app/index';
import { needsRehash, verifyPassword } from '../../demo/app/passwords';

let app: LoginApp;
let base: string;
const server = createServer((req, res) => {
  void app.handler(req, res, new URL(req.url ?? '/', 'http://127.0.0.1')).then((handled) => {
    if (!handled) res.writeHead(404).end();
  });
});

beforeAll(async () => {
  app = await createLoginApp({ databaseUrl: ':memory:' });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((ok) => server.close(ok));
  await app?.close();
});

const oldHash = (password: string) => {
  const salt = Buffer.from('0123456789abcdef');
  return `scrypt$16384$8$1$${salt.toString('base64url')}$${scryptSync(password, salt, 32, { N: 2 ** 14, r: 8, p: 1 }).toString('base64url')}`;
};
const signIn = (username: string, password: string) =>
  fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
  });

describe('demo sign-in rehash', () => {
  it("keeps the old hash after a wrong password and replaces it at today's cost after the right one", async () => {
    const stored = oldHash('old password');
    await app.users.create('olga', stored);
    expect((await signIn('olga', 'wrong password')).status).toBe(401);
    expect((await app.users.get('olga'))?.passwordHash).toBe(stored);
    expect((await signIn('olga', 'old password')).status).toBeLessThan(400);
    const upgraded = (await app.users.get('olga'))!.passwordHash;
    expect(upgraded).not.toBe(stored);
    expect(needsRehash(upgraded)).toBe(false);
    expect(await verifyPassword('old password', upgraded)).toBe(true);
  });
});
