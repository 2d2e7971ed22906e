import { greatCircleKm } from '../../geo/distance';
import type { RiskRule } from '../types';

/** Score factor for a login that would need faster-than-airliner travel since the last one. */
export const IMPOSSIBLE_TRAVEL_RATIO = 16;

/**
 * Impossible travel: great-circle distance from the last vouching login over the time between
 * them. The attempt's location uncertainty (`accuracyKm` from geo) is subtracted first, so two
 * fuzzy city-level fixes are not taken for a journey; within `travel.minKm` nothing is concluded.
 */
export const impossibleTravelRule: RiskRule = {
  id: 'impossible-travel',
  evaluate({ attempt, lastSuccess, policy }) {
    if (!lastSuccess || attempt.lat === undefined || attempt.lon === undefined || lastSuccess.lat === undefined || lastSuccess.lon === undefined) {
      return { reasons: [] };
    }
    const km = greatCircleKm(lastSuccess.lat, lastSuccess.lon, attempt.lat, attempt.lon);
    const distance = Math.max(0, km - (attempt.accuracyKm ?? 0));
    if (distance <= policy.travel.minKm) return { reasons: [] };
    const hours = (attempt.time - lastSuccess.time) / 3_600_000;
    const speed = hours > 0 ? distance / hours : Infinity;
    if (speed <= policy.travel.maxKmh) return { reasons: [] };
    const minutes = Math.max(0, Math.round(hours * 60));
    return {
      reasons: [
        {
          feature: 'travel',
          ratio: IMPOSSIBLE_TRAVEL_RATIO,
          detail: `Impossible travel: ${Math.round(km)} km from the last sign-in ${minutes} min earlier (${Number.isFinite(speed) ? `${Math.round(speed)} km/h` : 'no time between them'}; limit ${policy.travel.maxKmh} km/h).`,
        },
      ],
      floor: 'challenge',
    };
  },
};
