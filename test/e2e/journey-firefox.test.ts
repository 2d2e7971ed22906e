// The whole journey in Firefox ESR via puppeteer-core (WebDriver BiDi), with
// dist/firefox installed; see helpers/whole-journey.ts for the steps.
import { hasBrowser } from './helpers/extension';
import { launchFirefoxJourney } from './helpers/journey-browsers';
import { describeWholeJourney } from './helpers/whole-journey';

describeWholeJourney('firefox', hasBrowser('firefox'), launchFirefoxJourney);
