/**
 * Every message between the extension's parts: ONE discriminated union on `type`, each request
 * paired with its response type, and valibot schemas the background validates on receipt.
 * Adding a message = one schema here + one response entry + one handler (the router's handler map
 * is typed from this file, so a missing handler fails to compile).
 */
import * as v from 'valibot';
import { AnnouncementSchema } from '../sdk/protocol/announce';
import { FingerprintBatchSchema, type FingerprintRecord } from './fp-report';
import type { LedgerListing, RightsLogEntry } from './ledger-view';

const MAX_TEXT = 5_000_000; // an import file; bigger than any real authenticator export
const passphrase = v.pipe(v.string(), v.minLength(8, 'The passphrase must be at least 8 characters long.'), v.maxLength(1024));
const accountId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/, 'an account id'));
const site = v.pipe(v.string(), v.minLength(1), v.maxLength(253));
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
});

/** Every request a part of the extension may send to the background. */
export const RequestSchema = v.variant('type', [
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
  }),
  v.object({ type: v.literal('accounts.delete'), id: accountId }),
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
  // `passphrase`: the vault's, asked again so an unlocked, unattended browser cannot export (issue 12).
  v.object({ type: v.literal('accounts.exportBackup'), password: passphrase, passphrase: v.pipe(v.string(), v.maxLength(1024)) }),
  // The plain list is only produced when the UI passes the literal acknowledgement of the warning.
  v.object({ type: v.literal('accounts.exportUris'), acknowledgeUnencrypted: v.literal(true), passphrase: v.pipe(v.string(), v.maxLength(1024)) }),
  // Ask the background to clear the clipboard in 30 s (survives the popup closing).
  // `copied`: the code just copied; the clipboard is cleared only if it still holds it (issue 12).
  v.object({ type: v.literal('clipboard.clearLater'), copied: v.pipe(v.string(), v.regex(/^[0-9]{6,8}$/, 'a one-time code')) }),
  // Content-script tier: names of the accounts bound to the sender tab's site (never secrets/codes).
  v.object({ type: v.literal('site.accounts') }),
  // OTP autofill (content tier; handlers in background/otp-handlers.ts). The site is the sender's.
  v.object({ type: v.literal('otp.suggest') }),
  v.object({ type: v.literal('otp.code'), id: accountId }),
  v.object({ type: v.literal('otp.bindCandidates') }),
  v.object({ type: v.literal('otp.bindConfirm'), id: accountId }),
  // Privacy ledger source 3 (content tier; background/fingerprint-ledger.ts): what the MAIN-world
  // detector saw on the sender's page. The site is the sender's, never anything in the batch.
  v.object({ type: v.literal('ledger.fingerprintObserved'), batch: FingerprintBatchSchema }),
  // Ledger UI (UI tier): every fingerprinting observation; forget one site's (local only).
  v.object({ type: v.literal('ledger.fingerprintList') }),
  v.object({ type: v.literal('ledger.fingerprintForget'), site: v.pipe(v.string(), v.maxLength(300), v.regex(/^https?:\/\/[^/\s]+$/, 'a site origin')) }),
  // Privacy ledger source 1 (content tier; background/ledger/): a Twofold SDK's announcement on the
  // sender's page, a claim keyed by the sender's real origin. The answer says whether to pass the
  // user's withdrawal to the page's SDK (`twofold:withdraw`).
  v.object({ type: v.literal('ledger.announce'), announcement: AnnouncementSchema }),
  // Ledger UI (UI tier): the merged ledger, rights requests to a site's endpoint, local forget, export.
  v.object({ type: v.literal('ledger.list') }),
  v.object({ type: v.literal('ledger.access'), origin: ledgerOrigin }),
  v.object({ type: v.literal('ledger.erase'), origin: ledgerOrigin }),
  v.object({ type: v.literal('ledger.withdraw'), origin: ledgerOrigin }),
  v.object({ type: v.literal('ledger.notMe'), origin: ledgerOrigin, loginId: v.pipe(v.string(), v.minLength(1), v.maxLength(200)) }),
  v.object({ type: v.literal('ledger.forget'), origin: ledgerOrigin }),
  v.object({ type: v.literal('ledger.exportAll'), format: v.picklist(['json', 'csv']) }),
]);

/** Every request, typed. */
export type Request = v.InferOutput<typeof RequestSchema>;
/** The `type` tag of every request. */
export type MessageType = Request['type'];
/** The request whose tag is `T`. */
export type RequestOf<T extends MessageType> = Extract<Request, { type: T }>;

/** Messages a content script may send; everything else needs an extension page as sender. */
export const CONTENT_SCRIPT_MESSAGES = ['site.accounts', 'otp.suggest', 'otp.code', 'otp.bindCandidates', 'otp.bindConfirm', 'ledger.fingerprintObserved', 'ledger.announce'] as const satisfies readonly MessageType[];

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
  'accounts.hotpNext': { code: string; counter: number };
  'accounts.import': { imported: number; skipped: { entry: string; reason: string }[] };
  'accounts.exportBackup': { fileName: string; text: string };
  'accounts.exportUris': { fileName: string; text: string };
  'clipboard.clearLater': { inSeconds: number };
  'site.accounts': { site: string | null; accounts: { id: string; issuer: string; label: string }[] };
  'otp.suggest': { vault: VaultState; site: string | null; accounts: AccountName[] };
  'otp.code': { code: string };
  'otp.bindCandidates': { site: string; accounts: AccountName[] };
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

/**
 * Background → content script (tabs.sendMessage), validated by the content script on receipt:
 * `otp.fillShortcut` is sent when the user presses the fill shortcut (commands API), which is the
 * keyboard user gesture that allows a fill.
 */
export const TabMessageSchema = v.variant('type', [v.object({ type: v.literal('otp.fillShortcut') })]);

/** A message the background sends to a tab's content script. */
export type TabMessage = v.InferOutput<typeof TabMessageSchema>;
