// The ledger attacks in Firefox ESR with dist/firefox (WebDriver BiDi): token swap on
// a verified site, iframe forge of fingerprinting records, detector stealth. See helpers/ledger-attacks.ts.
import { hasBrowser, launchFirefoxWithExtension } from './helpers/extension';
import { describeLedgerAttacks } from './helpers/ledger-attacks';

describeLedgerAttacks('firefox', hasBrowser('firefox'), launchFirefoxWithExtension);
