/**
 * "Was this you?" in the demo: the engine's onNewDevice event (sdk/server/risk/events.ts) leaves a
 * notice for the account holder, shown on the account page of their other sessions ("New sign-in
 * from Chrome 140 on Linux near NO") with a "This wasn't me" action. In memory, like the sessions;
 * a real site would e-mail it as well.
 */
import type { RecordedEvent } from '../../sdk/server/risk/events';

/** One new-device sign-in awaiting the account holder's look. */
export interface SignInNotice {
  loginId: string;
  time: number;
  browser: string;
  os: string;
  country?: string;
  deviceKeyId?: string;
}

/** Notices per account. */
export interface SignInNotices {
  /** The engine hook: remembers a new-device sign-in. */
  onNewDevice(event: RecordedEvent): void;
  /** The account's notices, newest first, except the one for `ownLoginId` (the viewer's own sign-in). */
  pending(username: string, ownLoginId?: string): SignInNotice[];
  /** Removes and returns the notice of that login (acted on: "it was me" or "this wasn't me"). */
  take(username: string, loginId: string): SignInNotice | undefined;
}

/** Most notices kept per account (older ones drop off). */
const MAX_PER_ACCOUNT = 10;

/** An in-memory notice board. */
export function createSignInNotices(): SignInNotices {
  const byUser = new Map<string, SignInNotice[]>();
  return {
    onNewDevice(event) {
      const notice: SignInNotice = { loginId: event.loginId, time: event.time, browser: event.browser, os: event.os };
      if (event.country) notice.country = event.country;
      if (event.deviceKeyId) notice.deviceKeyId = event.deviceKeyId;
      byUser.set(event.userId, [notice, ...(byUser.get(event.userId) ?? [])].slice(0, MAX_PER_ACCOUNT));
    },
    pending(username, ownLoginId) {
      return (byUser.get(username) ?? []).filter((n) => n.loginId !== ownLoginId);
    },
    take(username, loginId) {
      const list = byUser.get(username) ?? [];
      const notice = list.find((n) => n.loginId === loginId);
      if (notice)
        byUser.set(
          username,
          list.filter((n) => n !== notice),
        );
      return notice;
    },
  };
}
