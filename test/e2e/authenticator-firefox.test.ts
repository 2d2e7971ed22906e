// Issue 17 (Steam Guard, phishing warning, ...) in Firefox ESR (WebDriver BiDi) with the built
// extension: see helpers/authenticator-journey.ts.
import { describeAuthenticator } from './helpers/authenticator-journey';
import { hasBrowser, launchFirefoxWithExtension } from './helpers/extension';

describeAuthenticator('firefox', hasBrowser('firefox'), launchFirefoxWithExtension);
