import { TwofoldError } from '../../protocol/errors';
import { parseCidr, parseIp, type IpRange } from './ip';
import type { GeoInfo, GeoResolver } from './types';

/**
 * A fixed-table resolver for tests and small deployments: keys are exact IPs or CIDR ranges
 * (IPv4 or IPv6). The most specific matching range wins, so `10.0.0.0/8` can be overridden by
 * `10.1.2.3`. A malformed key is a configuration error and throws at creation.
 */
export function createTableGeo(table: Record<string, GeoInfo>): GeoResolver {
  const entries: { range: IpRange; size: bigint; info: GeoInfo }[] = [];
  for (const [key, info] of Object.entries(table)) {
    const range = parseCidr(key);
    if (!range) throw new TwofoldError('invalid_geo_table', `Geo table key "${key}" is not an IP address or CIDR range (e.g. 192.0.2.0/24).`);
    entries.push({ range, size: range.last - range.first, info });
  }
  entries.sort((a, b) => (a.size < b.size ? -1 : a.size > b.size ? 1 : 0));
  return (ip: string) => {
    const parsed = parseIp(ip);
    if (!parsed) return undefined;
    for (const { range, info } of entries) {
      if (range.version === parsed.version && parsed.value >= range.first && parsed.value <= range.last) return { ...info };
    }
    return undefined;
  };
}
