// The extension in headless Chromium (playwright-core, unpacked dist/chrome): see extension-journey.ts.
import { launchChromiumWithExtension } from './helpers/extension';
import { extensionJourney } from './helpers/extension-journey';

extensionJourney(launchChromiumWithExtension);
