import type { ConsentReceipt } from '../../protocol/receipt';
import { DEVICE_DB_NAME } from '../signals/device-db';

/** localStorage key of the visitor's choice; written in banner mode only, so a refusal is not asked again. */
export const CHOICE_KEY = 'twofold.choice';
/** localStorage key of the consent receipt; written only after consent. */
export const RECEIPT_KEY = 'twofold.receipt';

/** The remembered banner choice. */
export type StoredChoice = 'granted' | 'denied';

/** Everything the consent logic may store; the page implementation is the only one touching storage. */
export interface ConsentStorage {
  readChoice(): StoredChoice | null;
  writeChoice(choice: StoredChoice): void;
  /** The stored receipt as parsed JSON, unchecked (any script can write it): the controller matches it to its request (storedReceiptFor). */
  readReceipt(): unknown;
  writeReceipt(receipt: ConsentReceipt): void;
  /** Removes everything the SDK ever stored: choice, receipt, the device-id database. */
  wipe(): Promise<void>;
}

function local(): Storage | null {
  // Throws in sandboxed iframes and when storage is blocked; the SDK then just remembers nothing.
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/**
 * Deletes an IndexedDB database and resolves once it is gone (as idb's deleteDB, which the loader
 * does not bundle; while another tab holds it open the deletion waits for that tab). Never rejects.
 */
function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    try {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = request.onerror = () => resolve();
    } catch {
      resolve();
    }
  });
}

/** ConsentStorage over the page's localStorage and IndexedDB. */
export function pageStorage(): ConsentStorage {
  return {
    readChoice() {
      const value = local()?.getItem(CHOICE_KEY);
      return value === 'granted' || value === 'denied' ? value : null;
    },
    writeChoice(choice) {
      try {
        local()?.setItem(CHOICE_KEY, choice);
      } catch {
        /* quota or blocked storage: the banner will ask again next time */
      }
    },
    readReceipt() {
      const raw = local()?.getItem(RECEIPT_KEY);
      if (!raw) return null;
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        return null;
      }
    },
    writeReceipt(receipt) {
      try {
        local()?.setItem(RECEIPT_KEY, JSON.stringify(receipt));
      } catch {
        /* the receipt still travels in every report */
      }
    },
    async wipe() {
      const ls = local();
      ls?.removeItem(CHOICE_KEY);
      ls?.removeItem(RECEIPT_KEY);
      if (typeof indexedDB !== 'undefined') await deleteDatabase(DEVICE_DB_NAME);
    },
  };
}

/** An in-memory ConsentStorage (tests, and pages where storage is unavailable). */
export function memoryStorage(): ConsentStorage & { data: Map<string, string>; wiped: number } {
  const data = new Map<string, string>();
  const store = {
    data,
    wiped: 0,
    readChoice: () => (data.get(CHOICE_KEY) as StoredChoice | undefined) ?? null,
    writeChoice: (choice: StoredChoice) => void data.set(CHOICE_KEY, choice),
    readReceipt: (): unknown => {
      const raw = data.get(RECEIPT_KEY);
      return raw ? JSON.parse(raw) : null;
    },
    writeReceipt: (receipt: ConsentReceipt) => void data.set(RECEIPT_KEY, JSON.stringify(receipt)),
    async wipe() {
      data.clear();
      store.wiped++;
    },
  };
  return store;
}
