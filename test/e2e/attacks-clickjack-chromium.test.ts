// The extension under attack in headless Chromium with the built extension: see
// helpers/attack-journey.ts. Chromium also checks IntersectionObserver v2 `isVisible` at fill time.
import { describeAttacks } from './helpers/attack-journey';
import { hasBrowser, launchChromiumWithExtension } from './helpers/extension';

describeAttacks('chromium', hasBrowser('chromium'), launchChromiumWithExtension);
