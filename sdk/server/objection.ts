/**
 * Every objection check in one place. A data subject objects through a rights token (one account
 * on one device); older objections may name an account or a device alone. Processing of an
 * attempt (storing its collection, recording the login, issuing a rights token) stops when any of
 * the three applies to it.
 */
import type { DeviceKeyRecord, IssueNonce, LoginRecord, RecordOutcome, RiskStore, SpendNonce, Store, Subject, SubjectStore } from './store/types';

/** Who an attempt is about: the account, and the device when the SDK sent one. */
export interface ProcessedSubject {
  userId: string;
  deviceId?: string | undefined;
}

/** True when the account, the device, or the account on that device objected to processing (one store read). */
export function isObjecting(store: Pick<SubjectStore, 'isObjectedAny'>, who: ProcessedSubject): Promise<boolean> {
  return store.isObjectedAny(who.deviceId === undefined ? { userId: who.userId } : { userId: who.userId, deviceId: who.deviceId });
}

/** The objection keys (Subject forms) an attempt of `who` falls under: the account, and with a device, the device and the pair. */
export function subjectsOf(who: ProcessedSubject): Subject[] {
  if (who.deviceId === undefined) return [{ userId: who.userId }];
  return [{ userId: who.userId }, { deviceId: who.deviceId }, { userId: who.userId, deviceId: who.deviceId }];
}

/**
 * Records `login` unless `who` objected; objecting, the single-use id in `spend` is still used up
 * (so the same attempt cannot be replayed) and nothing is stored. With `issue` (a rights token's id),
 * that id is registered exactly when the login is stored; with `bind` (the device key a successful
 * sign-in proved, for the same account), that key is bound exactly then too. One store call when the
 * store checks inside its write (RiskStore.recordLoginUnlessObjected) and takes `issue` and `bind`
 * there (registersIssueWithLogin, bindsDeviceKeyWithLogin), else the check, the write, then what the
 * store could not take with it.
 */
export async function recordUnlessObjected(
  store: Pick<RiskStore, 'recordLogin' | 'recordLoginUnlessObjected' | 'registersIssueWithLogin' | 'bindsDeviceKeyWithLogin'> &
    Pick<SubjectStore, 'isObjectedAny'> &
    Pick<Store, 'consumeNonce' | 'markNonceSpent' | 'issueNonce' | 'bindDeviceKey'>,
  login: LoginRecord,
  who: ProcessedSubject,
  spend?: SpendNonce,
  issue?: IssueNonce,
  bind?: DeviceKeyRecord,
): Promise<RecordOutcome> {
  // A key is bound to the account that proved it: a caller binding it to another is a bug, stopped before any write.
  if (bind && bind.userId !== login.userId)
    throw new TypeError(`recordUnlessObjected: the device key's account (${bind.userId}) is not the login's (${login.userId}).`);
  const withLogin = store.recordLoginUnlessObjected !== undefined;
  const issueWith = withLogin && store.registersIssueWithLogin ? issue : undefined;
  const bindWith = withLogin && store.bindsDeviceKeyWithLogin ? bind : undefined;
  // A store that cannot take `issue` or `bind` with the login gets them after the write, as before
  // (a crash in between leaves a login whose token id was never registered, so the token acts
  // nowhere, or whose key was never bound, so the device is asked for the second factor again).
  const outcome = store.recordLoginUnlessObjected
    ? await store.recordLoginUnlessObjected(login, who, spend, issueWith, bindWith)
    : await checkThenRecord(store, login, who, spend);
  if (outcome !== 'recorded') return outcome;
  if (issue && !issueWith) await store.issueNonce(issue.nonce, issue.expiresAt);
  if (bind && !bindWith) await store.bindDeviceKey(bind);
  return outcome;
}

/** The objection check, then the write: for a store without recordLoginUnlessObjected. */
async function checkThenRecord(
  store: Pick<RiskStore, 'recordLogin'> & Pick<SubjectStore, 'isObjectedAny'> & Pick<Store, 'consumeNonce' | 'markNonceSpent'>,
  login: LoginRecord,
  who: ProcessedSubject,
  spend?: SpendNonce,
): Promise<RecordOutcome> {
  if (await isObjecting(store, who)) {
    if (!spend) return 'objected';
    const used = spend.registered
      ? await store.consumeNonce(spend.nonce, spend.now)
      : spend.expiresAt > spend.now && (await store.markNonceSpent(spend.nonce, spend.expiresAt));
    return used ? 'objected' : 'spent';
  }
  return (await store.recordLogin(login, spend)) ? 'recorded' : 'spent';
}
