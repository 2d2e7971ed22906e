/**
 * Every objection check in one place. A data subject objects through a rights token (one account
 * on one device); older objections may name an account or a device alone. Processing of an
 * attempt (storing its collection, recording the login, issuing a rights token) stops when any of
 * the three applies to it.
 */
import type { SubjectStore } from './store/types';

/** Who an attempt is about: the account, and the device when the SDK sent one. */
export interface ProcessedSubject {
  userId: string;
  deviceId?: string | undefined;
}

/** True when the account, the device, or the account on that device objected to processing. */
export async function isObjecting(store: Pick<SubjectStore, 'isObjected'>, who: ProcessedSubject): Promise<boolean> {
  const checks = [store.isObjected({ userId: who.userId })];
  if (who.deviceId !== undefined) {
    checks.push(store.isObjected({ deviceId: who.deviceId }), store.isObjected({ userId: who.userId, deviceId: who.deviceId }));
  }
  return (await Promise.all(checks)).some(Boolean);
}
