import type { ConsentMethod, ConsentReceipt, Controller } from '../../protocol/receipt';
import type { SignalMeta } from '../../protocol/signals';
import { buildReceipt, newReceiptId, readGpc, storedReceiptFor, type ReceiptRequest } from './receipt';
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
}

/**
 * The consent state machine. Before a grant it touches nothing, except that in banner mode
 * `deny()` writes the one choice entry and `restoreBannerChoice()` reads it.
 */
export class ConsentController {
  private current: ConsentState = 'pending';
  private currentReceipt: ConsentReceipt | null = null;
  private readonly listeners = new Set<ConsentListener>();
  private readonly config: ConsentConfig;
  /** True once anything may have been stored on this page (so a withdrawal knows to wipe). */
  private mayHaveStored = false;
  /** How consent last ended: a refusal to remember (banner deny) or a revoke that forgets everything. */
  private endedBy: 'deny' | 'revoke' | null = null;

  constructor(config: ConsentConfig) {
    this.config = config;
  }

  get state(): ConsentState {
    return this.current;
  }

  get receipt(): ConsentReceipt | null {
    return this.currentReceipt;
  }

  /** Banner mode only: applies a remembered choice. Returns true when no banner is needed. */
  restoreBannerChoice(): boolean {
    const choice = this.config.storage.readChoice();
    if (choice === 'denied') {
      this.set('denied');
      return true;
    }
    if (choice === 'granted') {
      const stored = storedReceiptFor(this.config.storage.readReceipt(), this.want());
      if (stored) {
        this.currentReceipt = stored;
        this.mayHaveStored = true;
        this.set('granted');
        return true;
      }
    }
    return false; // nothing remembered, or the signal list changed since: ask again
  }

  /** Grants consent; `tcString` is recorded when consent came from a TCF CMP. */
  grant(detail: { tcString?: string } = {}): void {
    if (this.current === 'granted' && this.currentReceipt?.tcString === detail.tcString) return;
    const { storage } = this.config;
    // Same consent asked again on a later page (manual/tcf sites call grant() per page): keep its receipt.
    const stored = storedReceiptFor(storage.readReceipt(), this.want());
    this.currentReceipt =
      stored && stored.tcString === detail.tcString
        ? stored
        : buildReceipt({
            ...this.want(),
            receiptId: (this.config.newId ?? newReceiptId)(),
            now: (this.config.now ?? (() => new Date()))(),
            gpc: (this.config.gpc ?? readGpc)(),
            tcString: detail.tcString,
          });
    this.mayHaveStored = true;
    storage.writeReceipt(this.currentReceipt);
    if (this.config.method === 'banner') storage.writeChoice('granted');
    this.set('granted');
  }

  deny(): void {
    this.endedBy = 'deny';
    if (this.current === 'granted' || this.mayHaveStored) {
      this.withdraw();
      // Wipe first, then remember the refusal (banner mode): the choice entry must survive the wipe.
      void this.config.storage.wipe().finally(() => this.rememberDenial());
    } else {
      this.rememberDenial();
    }
    this.set('denied');
  }

  async revoke(): Promise<void> {
    this.endedBy = 'revoke';
    this.withdraw();
    this.set('denied');
    await this.config.storage.wipe();
    this.mayHaveStored = false;
  }

  /**
   * Called when a collection that started under consent finishes after a withdrawal: it may have
   * written again (e.g. created the device id), so wipe once more, keeping a remembered refusal.
   */
  async wipeLateWrites(): Promise<void> {
    if (this.current === 'granted') return;
    await this.config.storage.wipe();
    if (this.endedBy === 'deny') this.rememberDenial();
  }

  onChange(listener: ConsentListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** The facade handed to sites as `tf.consent` (no internal methods). */
  api(): ConsentApi {
    const self = this;
    return {
      get state() {
        return self.state;
      },
      get receipt() {
        return self.receipt;
      },
      grant: () => self.grant(),
      deny: () => self.deny(),
      revoke: () => self.revoke(),
      onChange: (listener) => self.onChange(listener),
    };
  }

  private rememberDenial(): void {
    if (this.config.method === 'banner') this.config.storage.writeChoice('denied');
  }

  private withdraw(): void {
    if (this.currentReceipt && this.currentReceipt.events[this.currentReceipt.events.length - 1]?.state === 'given') {
      const at = (this.config.now ?? (() => new Date()))().toISOString();
      this.currentReceipt = { ...this.currentReceipt, events: [...this.currentReceipt.events, { state: 'withdrawn', at }] };
    }
  }

  private want(): ReceiptRequest {
    const { site, origin, method, jurisdiction, controller, signals } = this.config;
    return { site, origin, method, jurisdiction, controller, signals };
  }

  private set(state: ConsentState): void {
    const changed = state !== this.current;
    this.current = state;
    if (!changed) return;
    for (const listener of [...this.listeners]) {
      try {
        listener(state, this.currentReceipt);
      } catch (err) {
        // A site's listener must not break consent handling; surface it without throwing.
        setTimeout(() => {
          throw err;
        });
      }
    }
  }
}
