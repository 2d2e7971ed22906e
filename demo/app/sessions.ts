/**
 * In-memory cookie sessions for the demo (one process): an opaque random id in an HttpOnly,
 * SameSite=Lax cookie; the state lives server-side.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Assessment, LoginAttempt } from '../../sdk/server/risk/index';
import type { CollectedReceipt } from '../../sdk/server/rights';

const COOKIE = 'tf_demo_sid';
const TTL_MS = 30 * 60 * 1000;

/** A sign-in waiting for its second factor. */
export interface PendingLogin {
  username: string;
  attempt: LoginAttempt;
  assessment: Assessment;
  /** What the sealed report said was collected; record turns it into the signed receipt at success. */
  collected?: CollectedReceipt;
  /** Secret being enrolled (shown once as QR), when the user has no TOTP yet. */
  enrolSecret?: string;
  enrolUri?: string;
  enrolQr?: string;
  /**
   * Set only when the password was right and the risk check passed: the decision was `allow`, or
   * the account has never signed in successfully (its first sign-in is where it enrols). A challenged
   * sign-in of an account with history cannot enrol a new authenticator: that is what a thief with
   * the password would do.
   */
  mayEnrol: boolean;
}

/** What the demo remembers per browser. */
export interface DemoSession {
  username?: string;
  pending?: PendingLogin;
  /** The login this session signed in with (a "this wasn't me" on it ends the session). */
  loginId?: string;
  /** The last decision with its reasons, shown on the account page. */
  last?: { assessment: Assessment; via: 'allow' | 'totp'; rightsToken?: string; receipt?: string };
  expiresAt: number;
}

/** The session store. */
export interface Sessions {
  /** The request's session, creating one (and setting the cookie) when absent or expired. */
  get(req: IncomingMessage, res: ServerResponse): DemoSession;
  /** Ends the request's session. */
  end(req: IncomingMessage, res: ServerResponse): void;
  /**
   * Moves the request's session to a fresh id (new cookie) and forgets the old id: called when the
   * privilege changes (password passed, signed in), so an id planted or seen before sign-in is worthless.
   */
  rotate(req: IncomingMessage, res: ServerResponse): DemoSession;
  /** Ends every session signed in with that login ("this wasn't me"); returns how many. */
  endLogin(loginId: string): number;
}

function cookieId(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === COOKIE && value && /^[A-Za-z0-9_-]{20,64}$/.test(value)) return value;
  }
  return undefined;
}

/** Creates an in-memory session store. */
export function createSessions(): Sessions {
  const sessions = new Map<string, DemoSession>();
  const issue = (res: ServerResponse, session: DemoSession) => {
    const newId = randomBytes(24).toString('base64url');
    sessions.set(newId, session);
    res.setHeader('set-cookie', `${COOKIE}=${newId}; Path=/; HttpOnly; SameSite=Lax`);
  };
  return {
    get(req, res) {
      const now = Date.now();
      const id = cookieId(req);
      const existing = id ? sessions.get(id) : undefined;
      if (existing && existing.expiresAt > now) {
        existing.expiresAt = now + TTL_MS;
        return existing;
      }
      if (id) sessions.delete(id);
      for (const [key, s] of sessions) if (s.expiresAt <= now) sessions.delete(key);
      const fresh: DemoSession = { expiresAt: now + TTL_MS };
      issue(res, fresh);
      return fresh;
    },
    rotate(req, res) {
      const id = cookieId(req);
      const current = (id ? sessions.get(id) : undefined) ?? { expiresAt: 0 };
      if (id) sessions.delete(id);
      const moved: DemoSession = { ...current, expiresAt: Date.now() + TTL_MS };
      issue(res, moved);
      return moved;
    },
    endLogin(loginId) {
      let ended = 0;
      for (const [key, s] of sessions) {
        if (s.loginId !== loginId) continue;
        sessions.delete(key);
        ended++;
      }
      return ended;
    },
    end(req, res) {
      const id = cookieId(req);
      if (id) sessions.delete(id);
      res.setHeader('set-cookie', `${COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
    },
  };
}
