// The ledger attacks in Chromium with dist/chrome: token swap on a verified site,
// iframe forge of fingerprinting records, detector stealth. See helpers/ledger-attacks.ts.
import { hasBrowser, launchChromiumWithExtension } from './helpers/extension';
import { describeLedgerAttacks } from './helpers/ledger-attacks';

describeLedgerAttacks('chromium', hasBrowser('chromium'), () => launchChromiumWithExtension());
