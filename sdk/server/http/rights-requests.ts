/**
 * Data-subject requests made with a rights token: access (export), erase, object, rectify ("this
 * wasn't me", which also unbinds the device key that signed the login). Bound device keys are part of
 * access and erase. A token names one account on one device; every request reaches only rows matching
 * both, so a token obtained under one user name reads, marks and erases nothing of another.
 */
import { randomUUID } from 'node:crypto';
import { TwofoldError } from '../../protocol/errors';
import type { RectifyResult, RightsResult } from '../../protocol/rights';
import { checkRightsToken, spendRightsToken, type Signer } from '../rights';
import type { Store, SubjectExport } from '../store/types';

/** The rights operations of the service. */
export interface RightsRequests {
  access(token: unknown): Promise<SubjectExport>;
  erase(token: unknown): Promise<RightsResult>;
  object(token: unknown): Promise<RightsResult>;
  rectify(token: unknown, loginId: string): Promise<RectifyResult>;
}

/** Builds the rights operations over a store and the site's signer. */
export function createRightsRequests(context: { store: Store; signer: () => Promise<Signer>; site: string; now: () => number }): RightsRequests {
  const { store, site, now } = context;
  /** A rights token's (account, device), checked and still unspent (not spending it). */
  const liveToken = async (token: unknown, at: number) => checkRightsToken(await context.signer(), store, token, { site, now: at, consume: false });

  async function remove(token: unknown, object: boolean): Promise<RightsResult> {
    const at = now();
    // Erase first, spend the token after: erasing is idempotent, so a crash (or a failed query) in
    // between leaves the token usable and the visitor's retry finishes the job, instead of a spent
    // token whose data was never erased. Of two racing requests both erase (harmless: the second
    // finds nothing) and the one that did not get the token is answered as a reuse.
    const { claims, subject } = await liveToken(token, at);
    const erased = (object ? await store.objectSubject(subject, at) : await store.eraseSubject(subject)) + (await store.eraseDeviceKeys(subject));
    await spendRightsToken(store, claims, at);
    const remainingRows = (await store.countRows(subject)) + (await store.listDeviceKeys(subject)).length;
    return { confirmationId: randomUUID(), erased, remainingRows, objected: object, at };
  }

  return {
    async access(token) {
      const { subject } = await liveToken(token, now());
      const [exported, deviceKeys] = await Promise.all([store.exportSubject(subject), store.listDeviceKeys(subject)]);
      return { ...exported, deviceKeys };
    },
    erase: (token) => remove(token, false),
    object: (token) => remove(token, true),
    async rectify(token, loginId) {
      const at = now();
      const { subject } = await liveToken(token, at);
      // Only logins of the token's own account on its own device can be marked.
      const login = (await store.exportSubject(subject)).logins.find((l) => l.id === loginId);
      if (!login)
        throw new TwofoldError(
          'login_not_found',
          'No login with this id is recorded for the account and device of this rights token; export your data to see its logins.',
          { status: 404 },
        );
      const rectified = await store.markNotMe(subject.userId, loginId);
      // "This wasn't me" also unbinds the device key that signed that login, so it is no longer remembered.
      for (const keyId of login.features.filter((f) => f.feature === 'device-key').map((f) => f.value)) await store.revokeDeviceKey(subject.userId, keyId);
      return { loginId, rectified, at };
    },
  };
}
