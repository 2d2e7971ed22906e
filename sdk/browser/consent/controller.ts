import type { ConsentMethod, ConsentReceipt, Controller } from '../../protocol/receipt';
import type { SignalMeta } from '../../protocol/signals';
import { buildReceipt, newReceiptId, readGpc, storedReceiptFor } from './receipt';
import type { ConsentStorage } from './storage';

/** The three consent states of the contract. */
export type ConsentState = 'pending' | 'granted' | 'denied';

/** Called on every state change with the new state and the receipt (with its withdrawn event after a withdrawal). */
export type ConsentListener = (state: ConsentState, receipt: ConsentReceipt | null) => void;

/** The public `tf.consent` object. */
export interface ConsentApi {
  readonly state: ConsentState;
  /** The current receipt: set on grant; after a withdrawal, kept in memory with its `withdrawn` event. */
  readonly receipt: ConsentReceipt | null;
  grant(): void;
  /** Refuse; after a grant this withdraws (wipes what was stored) and, in banner mode, remembers the refusal. */
  deny(): void;
  /** Withdraw and wipe everything the SDK stored (device id database, receipt, choice); state becomes denied. */
  revoke(): Promise<void>;
  onChange(listener: ConsentListener): () => void;
}

/** What the controller needs; all I/O is behind `storage`, time and ids are injectable for tests. */
export interface ConsentConfig {
  method: ConsentMethod;
  site: string;
  origin: string;
  jurisdiction: string;
  controller?: Controller;
  signals: SignalMeta[];
  storage: ConsentStorage;
  now?: () => Date;
  newId?: () => string;
  gpc?: () => boolean | null;
  /**
   * Called as consent is given (grant(), or a remembered grant restored), before the receipt is
   * read and written: the SDK starts fetching its collector here, so that network round trip runs
   * while the main thread waits on the page's first localStorage access (a synchronous round trip to
   * the browser, 2-10 ms in Chromium on a fresh profile) rather than after it.
   */
  onGrant: () => void;
}

/** The consent state machine the SDK instance drives (ConsentApi plus the SDK-internal steps). */
export interface ConsentController extends ConsentApi {
  /** Grants consent; `tcString` is recorded when consent came from a TCF CMP. */
  grant(detail?: { tcString?: string }): void;
  /** Banner mode only: applies a remembered choice. Returns true when no banner is needed. */
  restoreBannerChoice(): boolean;
  /**
   * Called when a collection that started under consent finishes after a withdrawal: it may have
   * written again (e.g. created the device id), so wipe once more, keeping a remembered refusal.
   */
  wipeLateWrites(): Promise<void>;
  /** The facade handed to sites as `tf.consent` (no internal methods). */
  api(): ConsentApi;
}

/**
 * The consent state machine. Before a grant it touches nothing, except that in banner mode
 * `deny()` writes the one choice entry and `restoreBannerChoice()` reads it. A closure rather than
 * a class: its private state then minifies to one-letter names in the loader every page pays for.
 */
export function createConsentController(config: ConsentConfig): ConsentController {
  const { storage } = config;
  const now = config.now ?? (() => new Date());
  let current: ConsentState = 'pending';
  let currentReceipt: ConsentReceipt | null = null;
  const listeners = new Set<ConsentListener>();
  /** True once anything may have been stored on this page (so a withdrawal knows to wipe). */
  let mayHaveStored = false;
  /** How consent last ended: a refusal to remember (banner deny) or a revoke that forgets everything. */
  let endedBy: 'deny' | 'revoke' | null = null;

  // The config is the receipt request itself (ReceiptRequest is a subset of it).
  const stored = () => storedReceiptFor(storage.readReceipt(), config);
  const rememberDenial = () => {
    if (config.method === 'banner') storage.writeChoice('denied');
  };
  const withdraw = () => {
    if (currentReceipt && currentReceipt.events[currentReceipt.events.length - 1]?.state === 'given') {
      currentReceipt = { ...currentReceipt, events: [...currentReceipt.events, { state: 'withdrawn', at: now().toISOString() }] };
    }
  };
  const set = (state: ConsentState) => {
    if (state === current) return;
    current = state;
    for (const listener of [...listeners]) {
      try {
        listener(state, currentReceipt);
      } catch (err) {
        // A site's listener must not break consent handling; surface it without throwing.
        setTimeout(() => {
          throw err;
        });
      }
    }
  };
  const grant = (detail: { tcString?: string } = {}) => {
    if (current === 'granted' && currentReceipt?.tcString === detail.tcString) return;
    config.onGrant();
    // Same consent asked again on a later page (manual/tcf sites call grant() per page): keep its receipt.
    const previous = stored();
    currentReceipt =
      previous && previous.tcString === detail.tcString
        ? previous
        : buildReceipt({
            ...config,
            receiptId: (config.newId ?? newReceiptId)(),
            now: now(),
            gpc: (config.gpc ?? readGpc)(),
            tcString: detail.tcString,
          });
    mayHaveStored = true;
    storage.writeReceipt(currentReceipt);
    if (config.method === 'banner') storage.writeChoice('granted');
    set('granted');
  };

  const self: ConsentController = {
    get state() {
      return current;
    },
    get receipt() {
      return currentReceipt;
    },
    grant,
    restoreBannerChoice() {
      const choice = storage.readChoice();
      if (choice === 'denied') {
        set('denied');
        return true;
      }
      const previous = choice === 'granted' && stored();
      if (previous) {
        config.onGrant();
        currentReceipt = previous;
        mayHaveStored = true;
        set('granted');
        return true;
      }
      return false; // nothing remembered, or the signal list changed since: ask again
    },
    deny() {
      endedBy = 'deny';
      if (current === 'granted' || mayHaveStored) {
        withdraw();
        // Wipe first, then remember the refusal (banner mode): the choice entry must survive the wipe.
        void storage.wipe().finally(rememberDenial);
      } else {
        rememberDenial();
      }
      set('denied');
    },
    async revoke() {
      endedBy = 'revoke';
      withdraw();
      set('denied');
      await storage.wipe();
      mayHaveStored = false;
    },
    async wipeLateWrites() {
      if (current === 'granted') return;
      await storage.wipe();
      if (endedBy === 'deny') rememberDenial();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    // A separate object with its own getters, not one the controller inherits from: what the page
    // does to tf.consent (redefine `state`, replace `deny`) must not reach the SDK's own consent gate.
    api: () => ({
      get state() {
        return current;
      },
      get receipt() {
        return currentReceipt;
      },
      grant: () => grant(),
      deny: self.deny,
      revoke: self.revoke,
      onChange: self.onChange,
    }),
  };
  return self;
}
