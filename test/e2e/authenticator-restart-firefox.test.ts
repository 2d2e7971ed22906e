// Pin, drag order and tags come back after a browser restart, here in Firefox ESR (the checks are
// helpers/restart-journey.ts, shared with Chromium). A temporary add-on (how the other Firefox tests
// load dist/firefox) is uninstalled at shutdown, so this file gives Firefox a profile directory of
// its own with the packed build (dist/twofold-firefox.zip) installed permanently in it, as a user's
// install is, and starts Firefox twice on that profile: the second start loads the add-on from the
// profile with the same UUID and storage, and the vault must be locked until the passphrase is given again.
import { describe } from 'vitest';
import { hasBrowser, launchFirefoxWithExtension } from './helpers/extension';
import { orderAcrossRestart } from './helpers/restart-journey';

describe.skipIf(!hasBrowser('firefox'))('order and tags across a browser restart (Firefox)', () => {
  orderAcrossRestart('firefox', (profile) => launchFirefoxWithExtension({ profile }));
});
