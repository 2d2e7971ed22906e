/**
 * Every message between the extension's parts, each request paired with its response type, and
 * valibot schemas the background validates on receipt. A message's trust tier is part of its type:
 * ContentRequestSchema (what our content scripts, i.e. a web page's reach, may send) and
 * UiRequestSchema (the extension's own pages only) are separate unions, and the router's handler
 * maps are typed from them, so a content handler cannot be reached from a page's tier by mistake
 * and a missing handler fails to compile. Adding a message = one schema in the right union + one
 * response entry + one handler.
 */
import * as v from 'valibot';
import { AnnouncementSchema } from '../sdk/protocol/announce';
import { FingerprintBatchSchema, type FingerprintRecord } from './fp-report';
import type { LedgerListing, RightsLogEntry } from './ledger-view';

const MAX_TEXT = 5_000_000; // an import file; bigger than any real authenticator export
const passphrase = v.pipe(v.string(), v.minLength(8, 'The passphrase must be at least 8 characters long.'), v.maxLength(1024));
const accountId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/, 'an account id'));
const site = v.pipe(v.string(), v.minLength(1), v.maxLength(253));
const tabId = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
const ledgerOrigin = v.pipe(v.string(), v.maxLength(300), v.regex(/^https?:\/\/[^/\s]+$/, 'a site origin'));

/** Fields of a manually entered account; the background checks the secret decodes as base32. */
export const ManualAccountSchema = v.object({
  type: v.picklist(['totp', 'hotp']),
  secret: v.pipe(v.string(), v.minLength(1, 'The secret is empty.'), v.maxLength(1024)),
  algorithm: v.picklist(['SHA1', 'SHA256', 'SHA512']),
  digits: v.pipe(v.number(), v.integer(), v.minValue(6), v.maxValue(8)),
  period: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(3600))),
  counter: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER))),
  issuer: v.pipe(v.string(), v.maxLength(200)),
  label: v.pipe(v.string(), v.maxLength(200)),
  // Steam Guard: makeAccount then fixes digits/algorithm/period to Steam's.
  encoder: v.optional(v.picklist(['steam'])),
});

/**
 * Requests our content scripts may send (content tier): the only messages a web page can make us
 * send, so each answers for the sender's own frame URL (set by the browser), never a site or URL
 * in the message, and none binds, lists other sites' accounts, or touches the UI's data.
 */
export const ContentRequestSchema = v.variant('type', [
  // Names of the accounts bound to the sender tab's site (never secrets/codes).
  v.object({ type: v.literal('site.accounts') }),
  // OTP autofill (handlers in background/otp-handlers.ts). The site is the sender's.
  v.object({ type: v.literal('otp.suggest') }),
  v.object({ type: v.literal('otp.code'), id: accountId }),
  // "Use another account…" in the in-page box: opens the extension's bind window for the sender's
  // tab; the choice and the confirmation happen there, out of the page's reach.
  v.object({ type: v.literal('otp.openBindWindow') }),
  // Privacy ledger source 3 (background/fingerprint-ledger.ts): what the MAIN-world
  // detector saw on the sender's page. The site is the sender's, never anything in the batch.
  v.object({ type: v.literal('ledger.fingerprintObserved'), batch: FingerprintBatchSchema }),
  // Privacy ledger source 1 (background/ledger/): a Twofold SDK's announcement on the
  // sender's page, a claim keyed by the sender's real origin. The answer says whether to pass the
  // user's withdrawal to the page's SDK (`twofold:withdraw`).
  v.object({ type: v.literal('ledger.announce'), announcement: AnnouncementSchema }),
]);

/** Requests only the extension's own pages may send (UI tier: popup, options, ledger, bind window). */
export const UiRequestSchema = v.variant('type', [
  v.object({ type: v.literal('vault.status') }),
  v.object({ type: v.literal('vault.create'), passphrase }),
  v.object({ type: v.literal('vault.unlock'), passphrase: v.pipe(v.string(), v.maxLength(1024)) }),
  v.object({ type: v.literal('vault.lock') }),
  v.object({ type: v.literal('vault.changePassphrase'), current: v.pipe(v.string(), v.maxLength(1024)), next: passphrase }),
  v.object({ type: v.literal('settings.set'), autoLockMinutes: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(24 * 60)) }),
  // `passive`: a timer refresh by an open popup, which must not count as user activity for auto-lock.
  v.object({ type: v.literal('accounts.list'), passive: v.optional(v.boolean()) }),
  v.object({ type: v.literal('accounts.addUri'), uri: v.pipe(v.string(), v.maxLength(4096)) }),
  v.object({ type: v.literal('accounts.addManual'), account: ManualAccountSchema }),
  // `windowId`: scan the active tab of that window (default: the sender's window, i.e. the popup's).
  v.object({ type: v.literal('accounts.scanQr'), windowId: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))) }),
  v.object({
    type: v.literal('accounts.update'),
    id: accountId,
    issuer: v.optional(v.pipe(v.string(), v.maxLength(200))),
    label: v.optional(v.pipe(v.string(), v.maxLength(200))),
    icon: v.optional(v.pipe(v.string(), v.maxLength(2))),
    sites: v.optional(v.pipe(v.array(site), v.maxLength(50))),
    pinned: v.optional(v.boolean()),
    tags: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(32))), v.maxLength(20))),
  }),
  v.object({ type: v.literal('accounts.delete'), id: accountId }),
  // Order: the user's drag order of account ids; a code was copied (for "most used").
  v.object({ type: v.literal('accounts.reorder'), ids: v.pipe(v.array(accountId), v.maxLength(5000)) }),
  v.object({ type: v.literal('accounts.used'), id: accountId }),
  // One account as an otpauth QR code to move it to a phone; asks for the passphrase again.
  v.object({ type: v.literal('backup.status') }),
  // Automatic encrypted backup (background/backup/): a new backup password needs the vault passphrase again.
  v.object({ type: v.literal('backup.settings') }),
  v.object({
    type: v.literal('backup.configure'),
    schedule: v.picklist(['off', 'daily', 'weekly']),
    password: v.optional(passphrase),
    passphrase: v.optional(v.pipe(v.string(), v.maxLength(1024))),
  }),
  v.object({ type: v.literal('backup.runNow') }),
  // Encrypted sync through storage.sync (background/sync/). `passphrase`: the synced vault's, to join it.
  v.object({ type: v.literal('sync.status') }),
  v.object({ type: v.literal('sync.enable'), passphrase: v.optional(v.pipe(v.string(), v.maxLength(1024))) }),
  v.object({ type: v.literal('sync.disable') }),
  v.object({ type: v.literal('accounts.exportQr'), id: accountId, passphrase: v.pipe(v.string(), v.maxLength(1024)) }),
  v.object({ type: v.literal('accounts.hotpNext'), id: accountId }),
  v.object({
    type: v.literal('accounts.import'),
    fileName: v.pipe(v.string(), v.maxLength(500)),
    data: v.variant('kind', [
      v.object({ kind: v.literal('text'), text: v.pipe(v.string(), v.maxLength(MAX_TEXT)) }),
      v.object({ kind: v.literal('base64'), base64: v.pipe(v.string(), v.maxLength(MAX_TEXT)) }),
    ]),
    password: v.optional(v.pipe(v.string(), v.maxLength(1024))),
  }),
  // `passphrase`: the vault's, asked again so an unlocked, unattended browser cannot export.
  v.object({ type: v.literal('accounts.exportBackup'), password: passphrase, passphrase: v.pipe(v.string(), v.maxLength(1024)) }),
  // The plain list is only produced when the UI passes the literal acknowledgement of the warning.
  v.object({ type: v.literal('accounts.exportUris'), acknowledgeUnencrypted: v.literal(true), passphrase: v.pipe(v.string(), v.maxLength(1024)) }),
  // Ask the background to clear the clipboard in 30 s (survives the popup closing).
  // `copied`: the code just copied; the clipboard is cleared only if it still holds it.
  v.object({ type: v.literal('clipboard.clearLater'), copied: v.pipe(v.string(), v.regex(/^[0-9]{6,8}$/, 'a one-time code')) }),
  // Binding an account to a page's site (UI tier only: the bind window and the popup). The tab is
  // named by id; the background reads the site from that tab's real URL, never from the message.
  // `site`: the site the user was shown; the bind is refused if the tab has navigated elsewhere since.
  v.object({ type: v.literal('otp.bindContext'), tabId }),
  v.object({ type: v.literal('otp.bindConfirm'), tabId, id: accountId, site }),
  // Ledger UI (UI tier): every fingerprinting observation; forget one site's (local only).
  v.object({ type: v.literal('ledger.fingerprintList') }),
  v.object({ type: v.literal('ledger.fingerprintForget'), site: v.pipe(v.string(), v.maxLength(300), v.regex(/^https?:\/\/[^/\s]+$/, 'a site origin')) }),
  // Ledger UI (UI tier): the merged ledger, rights requests to a site's endpoint, local forget, export.
  v.object({ type: v.literal('ledger.list') }),
  v.object({ type: v.literal('ledger.access'), origin: ledgerOrigin }),
  v.object({ type: v.literal('ledger.erase'), origin: ledgerOrigin }),
  v.object({ type: v.literal('ledger.withdraw'), origin: ledgerOrigin }),
  v.object({ type: v.literal('ledger.notMe'), origin: ledgerOrigin, loginId: v.pipe(v.string(), v.minLength(1), v.maxLength(200)) }),
  v.object({ type: v.literal('ledger.forget'), origin: ledgerOrigin }),
  v.object({ type: v.literal('ledger.exportAll'), format: v.picklist(['json', 'csv']) }),
]);

/** A content-tier request. */
export type ContentRequest = v.InferOutput<typeof ContentRequestSchema>;
/** A UI-tier request. */
export type UiRequest = v.InferOutput<typeof UiRequestSchema>;
/** The tags content scripts may send. */
export type ContentMessageType = ContentRequest['type'];
/** The tags only extension pages may send. */
export type UiMessageType = UiRequest['type'];
/** The content tier's tags, read from its schema (the router's only list of them). */
export const CONTENT_MESSAGE_TYPES: ReadonlySet<string> = new Set(ContentRequestSchema.options.map((o) => o.entries.type.literal));

/** Every request, typed. */
export type Request = ContentRequest | UiRequest;
/** The `type` tag of every request. */
export type MessageType = Request['type'];
/** The request whose tag is `T`. */
export type RequestOf<T extends MessageType> = Extract<Request, { type: T }>;

/** What the popup and options page see of an account: never the secret. */
export interface AccountView {
  id: string;
  type: 'totp' | 'hotp';
  issuer: string;
  label: string;
  icon: string;
  algorithm: 'SHA1' | 'SHA256' | 'SHA512';
  digits: number;
  period: number;
  sites: string[];
  /** Order and tags; the background always sets pinned, tags and useCount. */
  pinned?: boolean;
  tags?: string[];
  /** Drag-order place; absent until the user reorders. */
  position?: number;
  useCount?: number;
  lastUsedAt?: number;
  /** `steam` for Steam Guard accounts (5 characters from Steam's alphabet); absent for decimal codes. */
  encoder?: 'steam';
  /** Current TOTP code (absent for HOTP: those are generated on request only). */
  code?: string;
  /** Unix ms at which `code` expires. */
  validUntil?: number;
}

/** What a content script may learn of an account: its names, never the secret. */
export interface AccountName {
  id: string;
  issuer: string;
  label: string;
}

/** Why a page's site looks like another account's bound site (background/lookalike.ts). */
export type LookalikeKind = 'edit-distance' | 'homoglyph' | 'brand-in-subdomain';

/** One resemblance the bind window warns about. */
export interface LookalikeWarning {
  kind: LookalikeKind;
  /** The bound site the page resembles. */
  resembles: string;
  /** The account that site is bound to. */
  account: AccountName;
}

/** What the bind window shows for a tab: the page's site (from the tab's real URL), accounts, warnings. */
export interface BindContext {
  /** The registrable domain a binding would be stored under. */
  site: string;
  /** The page's full host name as the browser has it (punycode for IDN), e.g. `bank.test.evil.test`. */
  host: string;
  /** The host name with IDN labels decoded, when it differs from `host`. */
  unicodeHost?: string;
  /** Accounts not yet bound to `site`. */
  accounts: (AccountName & { sites: string[] })[];
  /** Accounts already bound to `site` (the window is also the fallback when an in-page fill was refused). */
  boundHere: AccountName[];
  warnings: LookalikeWarning[];
}

/** The automatic backup as the options page sees it (never the key or password). */
export interface AutoBackupView {
  schedule: 'off' | 'daily' | 'weekly';
  hasPassword: boolean;
  lastBackupAt: number | null;
  /** Where the file goes, relative to the downloads folder. */
  fileName: string;
  lastError?: string;
}

/** Encrypted sync as the options page sees it. */
export interface SyncView {
  enabled: boolean;
  /** Whether storage.sync already holds a synced vault (a new browser can join it with the passphrase). */
  remoteVault: boolean;
  lastSyncAt: number | null;
  /** Synced accounts (tombstones of deleted ones not counted), and storage.sync bytes in use of the quota. */
  accounts: number;
  bytesInUse: number;
  quotaBytes: number;
  lastError?: string;
}

/** Vault lifecycle state as the UI sees it. */
export type VaultState = 'none' | 'locked' | 'unlocked';

/** The response paired with each request type. */
export interface ResponseMap {
  'vault.status': { state: VaultState; autoLockMinutes: number; kdfIterations?: number };
  'vault.create': { state: 'unlocked' };
  'vault.unlock': { state: 'unlocked' };
  'vault.lock': { state: 'locked' };
  'vault.changePassphrase': { kdfIterations: number };
  'settings.set': { autoLockMinutes: number };
  'accounts.list': { accounts: AccountView[]; corrupted: { id: string; reason: string }[]; now: number };
  'accounts.addUri': { account: AccountView };
  'accounts.addManual': { account: AccountView };
  'accounts.scanQr': { account: AccountView };
  'accounts.update': { account: AccountView };
  'accounts.delete': { deleted: string };
  'accounts.reorder': { reordered: number };
  'accounts.used': { useCount: number };
  /** `modules`: the QR matrix row by row, "1" dark / "0" light, `size`² characters; `uri` holds the secret. */
  'accounts.exportQr': { uri: string; size: number; modules: string };
  /** When an encrypted backup was last exported (Unix ms), or null: the popup's reminder. */
  'backup.status': { lastBackupAt: number | null };
  'backup.settings': AutoBackupView;
  'backup.configure': AutoBackupView;
  'backup.runNow': AutoBackupView;
  'sync.status': SyncView;
  'sync.enable': SyncView;
  'sync.disable': SyncView;
  'accounts.hotpNext': { code: string; counter: number };
  'accounts.import': { imported: number; skipped: { entry: string; reason: string }[] };
  'accounts.exportBackup': { fileName: string; text: string };
  'accounts.exportUris': { fileName: string; text: string };
  'clipboard.clearLater': { inSeconds: number };
  'site.accounts': { site: string | null; accounts: { id: string; issuer: string; label: string }[] };
  /**
   * `lookalike`: no account is bound here, but the page's site resembles one bound to another
   * account (the bind window's check): the in-page box warns and offers no code.
   */
  'otp.suggest': { vault: VaultState; site: string | null; accounts: AccountName[]; lookalike?: { resembles: string; kind: LookalikeKind } };
  'otp.code': { code: string };
  'otp.openBindWindow': { opened: true };
  'otp.bindContext': BindContext;
  'otp.bindConfirm': { site: string; account: AccountName };
  'ledger.fingerprintObserved': { recorded: number };
  'ledger.fingerprintList': { records: FingerprintRecord[] };
  'ledger.fingerprintForget': { removed: number };
  'ledger.announce': { recorded: boolean; withdraw: boolean };
  'ledger.list': LedgerListing;
  /** `data`: the site's JSON export as it answered; `logins`: its recorded logins, for "This wasn't me". */
  'ledger.access': { log: RightsLogEntry; data?: unknown; logins: { id: string; time: number; ip?: string; outcome?: string }[] };
  'ledger.erase': { log: RightsLogEntry };
  'ledger.withdraw': { log: RightsLogEntry };
  'ledger.notMe': { log: RightsLogEntry };
  'ledger.forget': { removed: number };
  'ledger.exportAll': { fileName: string; mimeType: string; text: string };
}

/** Response for request type `T`. */
export type ResponseOf<T extends MessageType> = ResponseMap[T];

/** The envelope every answer travels in: a result, or a typed error the UI can show. */
export type Reply<T extends MessageType> = { ok: true; result: ResponseOf<T> } | { ok: false; error: { code: string; message: string } };

// Background → content script messages live in tab-messages.ts: the content script imports that
// schema alone, so content.js does not carry every request schema above.
export { TabMessageSchema, type TabMessage } from './tab-messages';
