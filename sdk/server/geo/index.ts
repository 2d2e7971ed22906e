/** sdk/server/geo: IP → country / ASN / coordinates, behind one small `GeoResolver` function type. */
export type { GeoInfo, GeoResolver } from './types';
export { createTableGeo } from './table';
export { createOfflineGeo, lookupAsn, type OfflineGeoOptions } from './offline';
export { parseIp, parseCidr, isPublicIp, canonicalIp, type ParsedIp, type IpRange } from './ip';
export { greatCircleKm } from './distance';
