/** The complete handler map: typed as HandlerMap, so a message without a handler fails to compile. */
import { fingerprintLedgerHandlers } from '../fingerprint-ledger';
import { ledgerHandlers } from '../ledger';
import { otpHandlers } from '../otp-handlers';
import type { HandlerMap } from '../router';
import { autoBackupHandlers } from '../backup/handlers';
import { syncHandlers } from '../sync/handlers';
import { accountHandlers } from './account-handlers';
import { backupStatusHandlers } from './backup-status-handlers';
import { qrExportHandlers } from './qr-export-handlers';
import type { BackgroundDeps } from './deps';
import { siteHandlers } from './site-handlers';
import { tabBudget } from '../tab-budget';
import { transferHandlers } from './transfer-handlers';
import { vaultHandlers } from './vault-handlers';

export type { BackgroundDeps, ImportAccounts } from './deps';

/** Builds every handler over `deps`. */
export function createHandlers(deps: BackgroundDeps): HandlerMap {
  // One per-tab budget for every content-tier message that reads the vault: a tab cannot double it by mixing types.
  const tabs = tabBudget(deps.now);
  return {
    ...vaultHandlers(deps),
    ...accountHandlers(deps),
    ...qrExportHandlers(deps),
    ...backupStatusHandlers(deps),
    ...autoBackupHandlers(deps),
    ...syncHandlers(deps),
    ...transferHandlers(deps),
    ...siteHandlers(deps, tabs),
    ...otpHandlers(deps, tabs),
    ...fingerprintLedgerHandlers(deps),
    ...ledgerHandlers(deps),
  };
}
