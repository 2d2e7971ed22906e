// Twofold inside an existing app's own login route: the sealed field is assessed in the POST handler
// you already have, and the outcome is recorded there, with no HTTP round trip to /twofold/assess.
// README "Adding Twofold to an existing app" shows this file; `npm test` type-checks it (tsconfig
// includes examples/in-process) and test/examples/in-process.test.ts keeps the README copy identical.
import { readFile, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import {
  type AssessOutcome,
  type SiteKeys,
  TwofoldError,
  clientIp,
  compileTrustProxy,
  createTwofoldHandler,
  generateSiteKeys,
  openStore,
} from '../../sdk/server/index';

/** The site keys from `path`, made there on first start (mode 0600): every instance and restart must share one set. */
export async function loadOrCreateSiteKeys(path: string): Promise<SiteKeys> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as SiteKeys;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const keys = await generateSiteKeys();
  await writeFile(path, JSON.stringify(keys), { mode: 0o600, flag: 'wx' }); // 'wx': never overwrite a key set
  return keys;
}

const keys = await loadOrCreateSiteKeys(process.env['TWOFOLD_KEYS'] ?? 'twofold-keys.json');
const store = await openStore(process.env['TWOFOLD_STORE'] ?? 'twofold.sqlite'); // a SQLite file or a postgres:// URL
const TRUST_PROXY = 1; // one reverse proxy in front: the client is the last X-Forwarded-For hop it added
// The handler serves the page's endpoints (nonce, rights, well-known); its service is what this route calls.
export const twofold = createTwofoldHandler({ site: 'example.com', store, keys, trustProxy: TRUST_PROXY, publicUrl: 'https://example.com' });
const trust = compileTrustProxy(TRUST_PROXY);

/** What the login route does next. */
export type LoginStep =
  | { kind: 'signed-in'; rightsToken?: string | undefined; receipt?: string | undefined } // give both to tf.setRightsToken
  | { kind: 'second-factor'; pending: AssessOutcome } // keep `pending` in the session; record after the code
  | { kind: 'refused'; status: number; message: string };

/** Your POST /login, after you checked the password (`passwordOk`) the way you always have. */
export async function assessLogin(req: IncomingMessage, form: URLSearchParams, passwordOk: boolean): Promise<LoginStep> {
  const userId = form.get('username') ?? '';
  let outcome: AssessOutcome;
  try {
    outcome = await twofold.service.assess({
      userId,
      sealed: form.get('twofold_sealed') ?? undefined, // the hidden field Twofold.attach(form) filled
      ip: clientIp(req, trust),
      userAgent: String(req.headers['user-agent'] ?? ''),
    });
  } catch (error) {
    // A tampered, replayed, expired or wrong-site seal: a 4xx TwofoldError whose message says what to fix.
    if (error instanceof TwofoldError && error.status < 500) return { kind: 'refused', status: error.status, message: error.message };
    throw error;
  }
  if (!passwordOk || outcome.assessment.decision === 'deny') {
    await twofold.service.record(outcome, 'failure'); // failures teach the engine too
    if (!passwordOk) return { kind: 'refused', status: 401, message: 'Wrong username or password.' };
    return { kind: 'refused', status: 403, message: `Sign-in refused: ${outcome.assessment.reasons[0]?.detail ?? 'too risky'}` };
  }
  if (outcome.assessment.decision === 'challenge') return { kind: 'second-factor', pending: outcome };
  const recorded = await twofold.service.record(outcome, 'success');
  return { kind: 'signed-in', rightsToken: recorded.rightsToken, receipt: recorded.receipt };
}
