// The extension under attack in Firefox ESR (WebDriver BiDi) with the built extension:
// see helpers/attack-journey.ts. What Firefox cannot do: it has no IntersectionObserver v2
// (`trackVisibility` / `isVisible`), so occlusion is not measured there; the fill still refuses on
// every case here through the other checks (top layer: the suggestion is a popover shown last and
// re-checked at click time; opacity, filter, transform and blend of the host and every ancestor;
// armed, unmoved; tampering with the host blocks the page).
import { describeAttacks } from './helpers/attack-journey';
import { hasBrowser, launchFirefoxWithExtension } from './helpers/extension';

describeAttacks('firefox', hasBrowser('firefox'), launchFirefoxWithExtension);
