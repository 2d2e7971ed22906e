// The whole journey in Chromium via playwright-core, with dist/chrome loaded; see
// helpers/whole-journey.ts for the steps. Writes the README screenshots to docs/screenshots/.
import { hasBrowser } from './helpers/extension';
import { launchChromiumJourney } from './helpers/journey-browsers';
import { describeWholeJourney } from './helpers/whole-journey';

describeWholeJourney('chromium', hasBrowser('chromium'), launchChromiumJourney);
