// Pin, drag order and tags come back after a browser restart, here in Chromium relaunched on the
// same profile directory (the checks are helpers/restart-journey.ts, shared with
// authenticator-restart-firefox): the vault is locked after the restart and the popup shows the
// same order, pin and tags once unlocked.
import { describe } from 'vitest';
import { hasBrowser, launchChromiumWithExtension } from './helpers/extension';
import { orderAcrossRestart } from './helpers/restart-journey';

describe.skipIf(!hasBrowser('chromium'))('order and tags across a browser restart (Chromium)', () => {
  orderAcrossRestart('chromium', (profile) => launchChromiumWithExtension({ profile }));
});
