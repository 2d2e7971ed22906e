/** What an IP address tells about where a login comes from. */
export interface GeoInfo {
  /** ISO 3166-1 alpha-2 country code, e.g. `NO`. */
  country: string;
  /** Autonomous system number, e.g. `2119` (no `AS` prefix). */
  asn?: string;
  lat?: number;
  lon?: number;
  /** Radius of the location's uncertainty in km (city-level databases say 1–1000). */
  accuracyKm?: number;
}

/** Resolves an IP address to its location; `undefined` when unknown (private, reserved, not in the data). */
export type GeoResolver = (ip: string) => GeoInfo | undefined | Promise<GeoInfo | undefined>;
