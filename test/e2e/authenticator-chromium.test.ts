// Issue 17 (Steam Guard, phishing warning, ...) in headless Chromium with the built extension: see
// helpers/authenticator-journey.ts.
import { describeAuthenticator } from './helpers/authenticator-journey';
import { hasBrowser, launchChromiumWithExtension } from './helpers/extension';

describeAuthenticator('chromium', hasBrowser('chromium'), launchChromiumWithExtension);
