// examples/in-process/login-route.ts, the README's "existing app" sample, run as a site would run it:
// keys persisted and reused, the client IP taken behind one proxy, a bad seal refused with a 4xx
// message, a wrong password recorded as a failure, a replay refused. The README must show the file.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealReport } from '../../sdk/protocol/seal';
import { sampleReport } from '../sdk/server/helpers/report';

type Example = typeof import('../../examples/in-process/login-route');

const EXAMPLE = join(import.meta.dirname, '../../examples/in-process/login-route.ts');
const dir = mkdtempSync(join(tmpdir(), 'twofold-in-process-'));
let example: Example;

beforeAll(async () => {
  process.env['TWOFOLD_KEYS'] = join(dir, 'keys.json');
  process.env['TWOFOLD_STORE'] = join(dir, 'twofold.sqlite');
  example = await import('../../examples/in-process/login-route');
});

afterAll(async () => {
  example.twofold.close();
  await example.twofold.service.options.store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A request that came through one proxy (10.0.0.1) for the client 203.0.113.9. */
function request(): IncomingMessage {
  return {
    headers: { 'user-agent': 'Mozilla/5.0 test', 'x-forwarded-for': '198.51.100.1, 203.0.113.9' },
    socket: { remoteAddress: '10.0.0.1' },
  } as unknown as IncomingMessage;
}

async function sealedForm(username: string): Promise<URLSearchParams> {
  const { publicKey } = example.twofold.service.options.keys;
  const { nonce } = await example.twofold.service.issueNonce();
  const sealed = await sealReport(sampleReport(), { publicKey, nonce, site: 'example.com', origin: 'https://example.com' });
  return new URLSearchParams({ username, twofold_sealed: sealed });
}

describe('the in-process login route example', () => {
  it('persists its site keys and reads the same set back', async () => {
    const onDisk = JSON.parse(readFileSync(join(dir, 'keys.json'), 'utf8')) as { kid: string };
    expect(onDisk.kid).toBe(example.twofold.service.options.keys.kid);
    expect((await example.loadOrCreateSiteKeys(join(dir, 'keys.json'))).kid).toBe(onDisk.kid);
  });

  it('assesses without a sealed field (no consent): a second factor, with the client IP from behind the proxy', async () => {
    const step = await example.assessLogin(request(), new URLSearchParams({ username: 'alice' }), true);
    expect(step.kind).toBe('second-factor');
    if (step.kind !== 'second-factor') return;
    expect(step.pending.attempt.ip).toBe('203.0.113.9');
    expect(step.pending.assessment.reasons.map((r) => r.feature)).toContain('consent');
  });

  it('refuses a malformed seal with a 4xx and a message saying what is wrong', async () => {
    const step = await example.assessLogin(request(), new URLSearchParams({ username: 'alice', twofold_sealed: 'tf1.not-a-seal' }), true);
    expect(step).toMatchObject({ kind: 'refused', status: 400 });
    if (step.kind === 'refused') expect(step.message).toMatch(/4 dot-separated parts/);
  });

  it('records a wrong password as a failure and refuses the same sealed field sent again', async () => {
    const form = await sealedForm('bob');
    expect(await example.assessLogin(request(), form, false)).toMatchObject({ kind: 'refused', status: 401 });
    expect(await example.twofold.service.options.store.lastSuccess('bob')).toBeUndefined();
    const replay = await example.assessLogin(request(), form, true);
    expect(replay).toMatchObject({ kind: 'refused', status: 400 });
  });

  it('is the code the README shows, with the package import', () => {
    const code = readFileSync(EXAMPLE, 'utf8')
      .split('\n')
      .filter((line) => !line.startsWith('//'))
      .join('\n')
      .replace("from '../../sdk/server/index'", "from 'twofold/server'")
      .trim();
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    expect(readme).toContain(code);
  });
});
