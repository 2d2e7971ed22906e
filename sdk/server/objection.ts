/**
 * Every objection check in one place. A data subject objects through a rights token (one account
 * on one device); older objections may name an account or a device alone. Processing of an
 * attempt (storing its collection, recording the login, issuing a rights token) stops when any of
 * the three applies to it.
 */
import type { LoginRecord, RecordOutcome, RiskStore, SpendNonce, Store, Subject, SubjectStore } from './store/types';

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
 * (so the same attempt cannot be replayed) and nothing is stored. One store call when the store
 * checks inside its write (RiskStore.recordLoginUnlessObjected), else the check, then the write.
 */
export async function recordUnlessObjected(
  store: Pick<RiskStore, 'recordLogin' | 'recordLoginUnlessObjected'> & Pick<SubjectStore, 'isObjectedAny'> & Pick<Store, 'consumeNonce' | 'markNonceSpent'>,
  login: LoginRecord,
  who: ProcessedSubject,
  spend?: SpendNonce,
): Promise<RecordOutcome> {
  if (store.recordLoginUnlessObjected) return store.recordLoginUnlessObjected(login, who, spend);
  if (await isObjecting(store, who)) {
    if (!spend) return 'objected';
    const used = spend.registered
      ? await store.consumeNonce(spend.nonce, spend.now)
      : spend.expiresAt > spend.now && (await store.markNonceSpent(spend.nonce, spend.expiresAt));
    return used ? 'objected' : 'spent';
  }
  return (await store.recordLogin(login, spend)) ? 'recorded' : 'spent';
}
