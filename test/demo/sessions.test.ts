// Demo sessions: the id changes when privilege changes (rotate), the old id is dead, state moves.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createSessions } from '../../demo/app/sessions';

function exchange(cookie?: string) {
  const headers: Record<string, string> = {};
  const req = { headers: cookie ? { cookie } : {} } as unknown as IncomingMessage;
  const res = {
    setHeader: (name: string, value: string) => {
      headers[name] = value;
    },
  } as unknown as ServerResponse;
  const set = () => /tf_demo_sid=([^;]+)/.exec(headers['set-cookie'] ?? '')?.[1];
  return { req, res, set };
}

describe('demo sessions', () => {
  it('rotates the id at sign-in: the state moves to a new id and the old id no longer finds it', () => {
    const sessions = createSessions();
    const first = exchange();
    const session = sessions.get(first.req, first.res);
    const before = first.set()!;
    session.username = 'planted-before-sign-in';
    const rotating = exchange(`tf_demo_sid=${before}`);
    const moved = sessions.rotate(rotating.req, rotating.res);
    const after = rotating.set()!;
    expect(after).not.toBe(before);
    expect(moved.username).toBe('planted-before-sign-in');
    const withOld = exchange(`tf_demo_sid=${before}`);
    expect(sessions.get(withOld.req, withOld.res).username).toBeUndefined();
    const withNew = exchange(`tf_demo_sid=${after}`);
    expect(sessions.get(withNew.req, withNew.res)).toBe(moved);
  });
});
