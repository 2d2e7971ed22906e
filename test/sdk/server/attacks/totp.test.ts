// Attack: TOTP brute force over POST /twofold/totp/verify against two `twofold serve` instances
// (child processes) sharing one store, on SQLite and PostgreSQL. 1,000 wrong codes across 50
// sign-ins, alternating instances, the attacker waiting out every backoff it is told about
// (Retry-After up to 20 s): exactly 10 codes are ever checked, then the account is locked for 15
// minutes, and the valid code during the lock is refused. Never a 5xx.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTotp } from '../../../../sdk/server/totp';
import { DEFAULT_TOTP_LOCKOUT } from '../../../../sdk/server/totp-verifier';
import { seededRandom } from '../../../helpers/seeded-random';
import { bundleCli, type CliBundle } from '../helpers/serve-process';
import { ATTACK_API_KEY, attackBackends, serveOn } from './storage-backends';

const SIGN_INS = 50;
const CODES_PER_SIGN_IN = 20;
/** The longest wait the attacker sits out (the backoff's 1-16 s, not the 15-minute lock). */
const PATIENCE_S = 20;
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

let bundle: CliBundle;
let secretsDir: string;
let secretsFile: string;
beforeAll(async () => {
  bundle = await bundleCli();
  secretsDir = mkdtempSync(join(tmpdir(), 'twofold-totp-secrets-'));
  secretsFile = join(secretsDir, 'totp.json');
  writeFileSync(secretsFile, JSON.stringify({ alice: SECRET }));
});
afterAll(() => {
  bundle?.remove();
  rmSync(secretsDir, { recursive: true, force: true });
});

/** A 6-digit code that is none of the codes valid around now (so every guess is wrong). */
async function wrongCode(next: () => number): Promise<string> {
  const now = Date.now();
  const valid = new Set(await Promise.all([-1, 0, 1, 2].map((k) => generateTotp(SECRET, { now: now + k * 30_000 }))));
  for (;;) {
    const guess = String(Math.floor(next() * 1e6)).padStart(6, '0');
    if (!valid.has(guess)) return guess;
  }
}

describe.concurrent.each(attackBackends('twofold_attack_totp'))('TOTP brute force on $name', ({ setup }) => {
  it(`${SIGN_INS * CODES_PER_SIGN_IN} wrong codes across ${SIGN_INS} sign-ins on two instances end in lockout; the valid code is then refused`, async () => {
    const backend = await setup();
    const instances = [
      await serveOn(bundle.path, backend, ['--totp-secrets', secretsFile]),
      await serveOn(bundle.path, backend, ['--totp-secrets', secretsFile]),
    ];
    try {
      const verify = (instance: number, code: string) =>
        fetch(`${instances[instance]!.server.base}/twofold/totp/verify`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${ATTACK_API_KEY}` },
          body: JSON.stringify({ userId: 'alice', code }),
        });
      const rng = seededRandom(13);
      const codes: Record<string, number> = {};
      let waitedS = 0;
      for (let signIn = 0; signIn < SIGN_INS; signIn++) {
        for (let i = 0; i < CODES_PER_SIGN_IN; i++) {
          const response = await verify(signIn % 2, await wrongCode(rng));
          const body = (await response.json()) as { error?: { code: string } };
          const code = `${response.status} ${body.error?.code ?? 'accepted'}`;
          codes[code] = (codes[code] ?? 0) + 1;
          const retryAfter = Number(response.headers.get('retry-after') ?? 0);
          if (response.status === 429 && retryAfter > 0 && retryAfter <= PATIENCE_S) {
            waitedS += retryAfter;
            await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
          }
        }
      }
      console.info(`${backend.name}: ${SIGN_INS * CODES_PER_SIGN_IN} wrong codes → ${JSON.stringify(codes)}; the attacker waited ${waitedS} s of backoff`);
      expect(
        Object.keys(codes).every((c) => !c.startsWith('5')),
        JSON.stringify(codes),
      ).toBe(true);
      expect(codes['401 totp_invalid']).toBe(DEFAULT_TOTP_LOCKOUT.lockAfter);
      expect(codes['200 accepted']).toBeUndefined();
      expect(codes['429 totp_locked']).toBeGreaterThan(900);

      // The right code now, on either instance: refused, locked, with the lock's Retry-After.
      for (const instance of [0, 1]) {
        const valid = await verify(instance, await generateTotp(SECRET));
        expect(valid.status).toBe(429);
        expect(((await valid.json()) as { error: { code: string } }).error.code).toBe('totp_locked');
        expect(Number(valid.headers.get('retry-after'))).toBeGreaterThan(10 * 60);
      }
      const store = await backend.open();
      try {
        const state = await store.readTotpState('alice');
        expect(state.failures).toBe(DEFAULT_TOTP_LOCKOUT.lockAfter);
        expect(state.nextAllowedAt).toBeGreaterThan(Date.now() + 10 * 60_000);
      } finally {
        await store.close();
      }
      for (const { server } of instances) expect(server.output()).not.toMatch(/unexpected error/);
    } finally {
      for (const instance of instances) await instance.stop();
      await backend.cleanup();
    }
  }, 120_000);
});
