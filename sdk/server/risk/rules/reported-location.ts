import { greatCircleKm } from '../../geo/distance';
import type { RiskRule } from '../types';

/** Score factor when the browser's own location is far from where the network says the sign-in comes from. */
export const LOCATION_MISMATCH_RATIO = 4;
/** Distance (km) beyond both locations' uncertainty above which they disagree. */
export const LOCATION_TOLERANCE_KM = 500;

/*
 * The browser's geolocation (only sent when the site asked for it and the visitor had already
 * allowed it) against the IP's location: hundreds of kilometres apart, beyond both uncertainties,
 * means the network hop is elsewhere than the device — a proxy or VPN, or a report made on another
 * device than the one signing in. Mobile networks geolocate coarsely; their accuracy widens the slack.
 */
export const reportedLocationRule: RiskRule = {
  id: 'reported-location',
  signals: ['location'],
  evaluate({ attempt }) {
    const here = attempt.reported?.location;
    if (!here || attempt.lat === undefined || attempt.lon === undefined) return { reasons: [] };
    const km = greatCircleKm(here.lat, here.lon, attempt.lat, attempt.lon);
    const apart = km - here.accuracyKm - (attempt.accuracyKm ?? 0);
    if (apart <= LOCATION_TOLERANCE_KM) return { reasons: [] };
    return {
      reasons: [
        {
          feature: 'reported-location',
          ratio: LOCATION_MISMATCH_RATIO,
          detail: `The browser's location is ${Math.round(km)} km from the network location${attempt.country ? ` (${attempt.country})` : ''}: often a proxy or VPN.`,
        },
      ],
    };
  },
};
