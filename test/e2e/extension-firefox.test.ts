// The extension in headless Firefox ESR (puppeteer-core, WebDriver BiDi, temporary add-on from
// dist/firefox): see extension-journey.ts.
import { launchFirefoxWithExtension } from './helpers/extension';
import { extensionJourney } from './helpers/extension-journey';

extensionJourney(launchFirefoxWithExtension);
