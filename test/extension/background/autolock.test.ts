import { describe, expect, it } from 'vitest';
import { AUTO_LOCK_ALARM, CLIPBOARD_ALARM, onAlarm, rearmOnActivity, scheduleAutoLock } from '../../../extension/background/autolock';
import { POPUP, makeBackground } from './background-twin';

describe('auto-lock', () => {
  it('arms the alarm with the configured idle minutes and cancels it on lock', async () => {
    const calls: string[] = [];
    const alarms = {
      create: (name: string, info: { delayInMinutes?: number }) => void calls.push(`create ${name} ${info.delayInMinutes}`),
      clear: async (name: string) => {
        calls.push(`clear ${name}`);
        return true;
      },
    };
    await scheduleAutoLock(alarms, 15);
    await scheduleAutoLock(alarms, null);
    expect(calls).toEqual([`create ${AUTO_LOCK_ALARM} 15`, `clear ${AUTO_LOCK_ALARM}`]);
  });

  it('re-arms on user actions while unlocked, not on passive refreshes or while locked', async () => {
    const bg = makeBackground();
    await rearmOnActivity({ type: 'vault.status' }, bg.deps);
    expect(bg.alarms).toEqual([]); // no vault, nothing to lock
    await bg.send({ type: 'vault.create', passphrase: 'correct horse battery' });
    await bg.send({ type: 'settings.set', autoLockMinutes: 3 });
    bg.alarms.length = 0;
    await rearmOnActivity({ type: 'accounts.list', passive: true }, bg.deps);
    expect(bg.alarms).toEqual([]);
    await rearmOnActivity({ type: 'accounts.list' }, bg.deps);
    expect(bg.alarms).toEqual([3]);
    await bg.send({ type: 'vault.lock' });
    bg.alarms.length = 0;
    await rearmOnActivity({ type: 'accounts.list' }, bg.deps);
    expect(bg.alarms).toEqual([]);
  });

  it('locks the vault when the auto-lock alarm fires, and only then', async () => {
    const bg = makeBackground();
    await bg.send({ type: 'vault.create', passphrase: 'correct horse battery' });
    let cleared = 0;
    const actions = { lock: () => bg.deps.session.clear(), clearClipboard: async () => void cleared++ };
    await onAlarm('something-else', actions);
    expect(await bg.send({ type: 'vault.status' })).toMatchObject({ state: 'unlocked' });
    await onAlarm(CLIPBOARD_ALARM, actions);
    expect(cleared).toBe(1);
    expect(await bg.send({ type: 'vault.status' })).toMatchObject({ state: 'unlocked' });
    await onAlarm(AUTO_LOCK_ALARM, actions);
    expect(await bg.send({ type: 'vault.status' })).toMatchObject({ state: 'locked' });
    await expect(bg.send({ type: 'accounts.list' }, POPUP)).rejects.toMatchObject({ code: 'vault_locked' });
  });
});
