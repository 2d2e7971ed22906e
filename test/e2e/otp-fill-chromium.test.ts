// OTP autofill with the extension in headless Chromium (playwright-core): see helpers/otp-fill-journey.ts.
import { hasBrowser, launchChromiumWithExtension } from './helpers/extension';
import { describeOtpFill } from './helpers/otp-fill-journey';

describeOtpFill('chromium', hasBrowser('chromium'), launchChromiumWithExtension);
