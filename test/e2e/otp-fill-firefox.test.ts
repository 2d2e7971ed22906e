// OTP autofill with the extension in headless Firefox ESR (puppeteer-core, WebDriver BiDi): see helpers/otp-fill-journey.ts.
import { hasBrowser, launchFirefoxWithExtension } from './helpers/extension';
import { describeOtpFill } from './helpers/otp-fill-journey';

describeOtpFill('firefox', hasBrowser('firefox'), launchFirefoxWithExtension);
