/**
 * The demo's login flow: sign-up (scrypt), sign-in with sealed signals → risk decision → allow,
 * or TOTP (enrolment on first challenge, then the 2FA page), or deny. Failed and successful
 * attempts are recorded so the risk engine learns this account's devices.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TwofoldError } from '../../sdk/protocol/errors';
import { clientIp } from '../../sdk/server/http/io';
import type { AssessOutcome, TwofoldService } from '../../sdk/server/http/service';
import { createTotpEnrollment } from '../../sdk/server/totp';
import { TotpRefusedError, createTotpVerifier } from '../../sdk/server/totp-verifier';
import { DUMMY_HASH, hashPassword, needsRehash, verifyPassword } from './passwords';
import { accountPage, deniedPage, enrollPage, errorPage, langOf, loginPage, signupPage, twoFactorPage, type PageLang, type SdkSettings } from './pages';
import type { SignInNotices } from './notices';
import type { DemoSession, PendingLogin, Sessions } from './sessions';
import type { DemoUserStore } from './users';

const MAX_FORM_BYTES = 128 * 1024;
const USERNAME = /^[A-Za-z0-9._@-]{1,64}$/;

/** Answers a request and returns true, or false to let the next handler try (demo/server.ts contract). */
export type AppHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

function html(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
}

function redirect(res: ServerResponse, to: string): void {
  res.writeHead(303, { location: to, 'cache-control': 'no-store' });
  res.end();
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim();
  if (type !== 'application/x-www-form-urlencoded') throw new TwofoldError('bad_form', 'Submit the form from the page.', { status: 415 });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new TwofoldError('body_too_large', 'The form is too large.', { status: 413 });
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Dependencies of the login routes. */
export interface LoginRoutesOptions {
  service: TwofoldService;
  users: DemoUserStore;
  sessions: Sessions;
  sdk: SdkSettings;
  issuer: string;
  /** "Was this you?" notices, fed by the engine's onNewDevice hook. */
  notices?: SignInNotices;
}

/** Builds the demo's login routes as one handler. */
export function loginRoutes(options: LoginRoutesOptions): AppHandler {
  const { service, users, sessions, sdk } = options;
  // The library's verifier: replay, failures across sign-ins, backoff and lockout live in the
  // Twofold store. Enrolment checks the first code against the secret still in the session.
  const totpFor = (secretOf: (username: string) => Promise<string | undefined>) => createTotpVerifier({ store: service.options.store, secretOf, window: 1 });
  const enrolledTotp = totpFor(async (username) => (await users.get(username))?.totpSecret);

  async function finish(req: IncomingMessage, res: ServerResponse, pending: PendingLogin, via: 'allow' | 'totp'): Promise<void> {
    // The rights token (this account on this device) and the receipt covering it exist only now,
    // after the password and, when challenged, the second factor: record hands them out on success.
    const recorded = await service.record(pending.attempt, 'success', pending.collected);
    // Signed in: a fresh session id, so an id planted or seen before sign-in is worthless.
    const session = sessions.rotate(req, res);
    session.username = pending.username;
    if (recorded.loginId) session.loginId = recorded.loginId;
    delete session.pending;
    session.last = {
      assessment: pending.assessment,
      via,
      ...(recorded.rightsToken ? { rightsToken: recorded.rightsToken } : {}),
      ...(recorded.receipt ? { receipt: recorded.receipt } : {}),
    };
    redirect(res, '/account');
  }

  async function signIn(req: IncomingMessage, res: ServerResponse, lang: PageLang): Promise<void> {
    const form = await readForm(req);
    const username = form.get('username') ?? '';
    const password = form.get('password') ?? '';
    const sealed = form.get('twofold_sealed') ?? undefined;
    const user = USERNAME.test(username) ? await users.get(username) : undefined;
    const passwordOk = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user) return html(res, 401, loginPage(sdk, { error: 'Wrong username or password.', username, lang }));
    let outcome: AssessOutcome;
    try {
      outcome = await service.assess({ userId: username, sealed, ip: clientIp(req, false), userAgent: String(req.headers['user-agent'] ?? '') });
    } catch (error) {
      if (error instanceof TwofoldError && error.status < 500) {
        return html(res, error.status, loginPage(sdk, { error: `Your sign-in could not be verified (${error.code}): ${error.message}`, username, lang }));
      }
      throw error;
    }
    if (!passwordOk) {
      await service.record(outcome.attempt, 'failure');
      return html(res, 401, loginPage(sdk, { error: 'Wrong username or password.', username, lang }));
    }
    if (needsRehash(user.passwordHash)) await users.setPasswordHash(username, await hashPassword(password));
    // A first sign-in (no successful one before) may enrol; later, only an unchallenged one.
    const firstSignIn = (await service.options.store.lastSuccess(username)) === undefined;
    const pending: PendingLogin = {
      username,
      attempt: outcome.attempt,
      assessment: outcome.assessment,
      mayEnrol: outcome.assessment.decision === 'allow' || (outcome.assessment.decision === 'challenge' && firstSignIn),
      ...(outcome.collected ? { collected: outcome.collected } : {}),
    };
    if (outcome.assessment.decision === 'deny') {
      await service.record(outcome.attempt, 'failure');
      return html(res, 403, deniedPage(outcome.assessment));
    }
    if (outcome.assessment.decision === 'allow') return finish(req, res, pending, 'allow');
    if (!user.totpSecret && !pending.mayEnrol) {
      await service.record(outcome.attempt, 'failure');
      return html(
        res,
        403,
        errorPage(
          'Sign-in needs a device you used before',
          'This sign-in looks unusual and the account has no authenticator app yet, so one cannot be added now. Sign in from a device you have used before and add it there.',
        ),
      );
    }
    // The password passed: a fresh session id for the second step.
    const session = sessions.rotate(req, res);
    session.pending = pending;
    delete session.username;
    redirect(res, user.totpSecret ? '/2fa' : '/enroll');
  }

  async function checkCode(req: IncomingMessage, res: ServerResponse, session: DemoSession, enrolling: boolean): Promise<void> {
    const pending = session.pending;
    if (!pending) return redirect(res, '/login');
    const user = await users.get(pending.username);
    if (!user || (enrolling ? !pending.mayEnrol || user.totpSecret || !pending.enrolSecret : !user.totpSecret)) return redirect(res, '/login');
    const code = (await readForm(req)).get('code') ?? '';
    const verifier = enrolling ? totpFor(async () => pending.enrolSecret) : enrolledTotp;
    try {
      await verifier.verify(pending.username, code);
    } catch (error) {
      if (!(error instanceof TotpRefusedError)) throw error;
      if (error.reason !== 'malformed') await service.record(pending.attempt, 'failure');
      if (error.reason === 'locked') {
        delete session.pending;
        return html(res, 429, errorPage('Too many wrong codes', error.message));
      }
      const page = enrolling
        ? enrollPage(pending.assessment, { uri: pending.enrolUri ?? '', qrSvg: pending.enrolQr ?? '' }, error.message)
        : twoFactorPage(pending.assessment, error.message);
      return html(res, error.status, page);
    }
    if (enrolling) await users.setTotpSecret(pending.username, pending.enrolSecret!);
    return finish(req, res, pending, 'totp');
  }

  return async (req, res, url) => {
    const method = req.method ?? 'GET';
    const route = `${method} ${url.pathname}`;
    const known = ['/login', '/signup', '/2fa', '/enroll', '/account', '/account/not-me', '/account/was-me', '/logout'];
    if (!known.includes(url.pathname)) return false;
    const session = sessions.get(req, res);
    const lang = langOf(url);
    try {
      switch (route) {
        case 'GET /login':
          html(res, 200, loginPage(sdk, { lang, ...(url.searchParams.has('registered') ? { notice: 'Account created. Sign in below.' } : {}) }));
          return true;
        case 'POST /login':
          await signIn(req, res, lang);
          return true;
        case 'GET /signup':
          html(res, 200, signupPage({ lang }));
          return true;
        case 'POST /signup': {
          const form = await readForm(req);
          const username = form.get('username') ?? '';
          const password = form.get('password') ?? '';
          if (!USERNAME.test(username)) html(res, 400, signupPage({ error: 'Use 1-64 letters, digits or . _ @ - for the username.', username, lang }));
          else if (password.length < 8 || password.length > 1024)
            html(res, 400, signupPage({ error: 'Use a password of at least 8 characters.', username, lang }));
          else if (!(await users.create(username, await hashPassword(password))))
            html(res, 409, signupPage({ error: 'That username is taken.', username, lang }));
          else redirect(res, lang === 'en' ? '/login?registered=1' : `/login?registered=1&lang=${lang}`);
          return true;
        }
        case 'GET /2fa':
          if (!session.pending) redirect(res, '/login');
          else html(res, 200, twoFactorPage(session.pending.assessment));
          return true;
        case 'POST /2fa':
          await checkCode(req, res, session, false);
          return true;
        case 'GET /enroll': {
          const pending = session.pending;
          if (!pending?.mayEnrol) {
            redirect(res, '/login');
            return true;
          }
          if (!pending.enrolSecret) {
            const enrolment = await createTotpEnrollment({ issuer: options.issuer, account: pending.username });
            Object.assign(pending, { enrolSecret: enrolment.secret, enrolUri: enrolment.uri, enrolQr: enrolment.qrSvg });
          }
          html(res, 200, enrollPage(pending.assessment, { uri: pending.enrolUri!, qrSvg: pending.enrolQr! }));
          return true;
        }
        case 'POST /enroll':
          await checkCode(req, res, session, true);
          return true;
        case 'GET /account': {
          if (!session.username) {
            redirect(res, '/login');
            return true;
          }
          const user = await users.get(session.username);
          const notices = options.notices?.pending(session.username, session.loginId) ?? [];
          html(res, 200, accountPage(session.username, session.last, Boolean(user?.totpSecret), sdk, notices));
          return true;
        }
        case 'POST /account/not-me':
        case 'POST /account/was-me': {
          const loginId = (await readForm(req)).get('loginId') ?? '';
          const notice = session.username ? options.notices?.take(session.username, loginId) : undefined;
          if (session.username && notice && url.pathname === '/account/not-me') {
            // "This wasn't me": the login stops vouching, its device key is unbound, its sessions end.
            await service.options.store.markNotMe(session.username, notice.loginId);
            if (notice.deviceKeyId) await service.revokeDeviceKey(session.username, notice.deviceKeyId);
            sessions.endLogin(notice.loginId);
          }
          redirect(res, session.username ? '/account' : '/login');
          return true;
        }
        case 'POST /logout':
          sessions.end(req, res);
          redirect(res, '/login');
          return true;
        default:
          html(res, 405, errorPage('Not allowed', `${method} is not supported on ${url.pathname}.`));
          return true;
      }
    } catch (error) {
      if (error instanceof TwofoldError && error.status < 500) {
        html(res, error.status, errorPage('Bad request', error.message));
        return true;
      }
      throw error;
    }
  };
}
