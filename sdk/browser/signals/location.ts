import { defineCollector } from './types';

/** Degrees are rounded to 2 decimals: ~1.1 km north-south, less east-west away from the equator. */
export function roundCoordinate(degrees: number): number {
  return Math.round(degrees * 100) / 100;
}

/**
 * Location, only when the site opted in (`location: true`) AND the visitor already granted the
 * geolocation permission to this site. It never prompts: the permission state is checked first and
 * anything but 'granted' yields 'not-permitted' (a prompt in the middle of sign-in would be a dark pattern).
 */
export const locationSignal = defineCollector({
  id: 'location',
  budgetMs: 4_000,
  async collect() {
    if (!('geolocation' in navigator) || !navigator.permissions?.query) return 'unsupported';
    const status = await navigator.permissions.query({ name: 'geolocation' });
    if (status.state !== 'granted') return 'not-permitted';
    const position = await new Promise<GeolocationPosition>((resolve, reject) =>
      navigator.geolocation.getCurrentPosition(resolve, reject, { enableHighAccuracy: false, maximumAge: 600_000, timeout: 3_500 }),
    );
    return {
      lat: roundCoordinate(position.coords.latitude),
      lon: roundCoordinate(position.coords.longitude),
      accuracyKm: Math.max(1, Math.round(position.coords.accuracy / 1000)),
    };
  },
});
