/**
 * Which proxies the server trusts, and the client address behind them. As Express's `trust proxy`
 * (proxy-addr): the addresses are the socket peer, then the `X-Forwarded-For` entries right to
 * left; walking from the socket, every address a trusted proxy appended is skipped and the first
 * untrusted one is the client. The left-most entry is whatever the client wrote and is never
 * taken on trust, so a spoofed first hop changes nothing.
 */
import { TwofoldError } from '../../protocol/errors';
import { parseCidr, parseIp, type IpRange } from '../geo/ip';

/**
 * `trustProxy` as a site configures it: `false`/0 (default: the socket peer is the client), a hop
 * count (that many proxies in front of the server, e.g. 1 for one nginx), or addresses/CIDR ranges
 * of the proxies (`'10.0.0.0/8'`, `['loopback', '172.16.0.0/12']`, comma-separated text too).
 * `true` means ONE hop, not "believe the header" (which would take the client's own first entry).
 */
export type TrustProxy = boolean | number | string | readonly string[];

/** Is the address at `hop` (0 = the socket peer) a proxy the site runs? */
export type ProxyTrust = (address: string, hop: number) => boolean;

// Named ranges as proxy-addr knows them.
const NAMED: Record<string, readonly string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/** Most proxies a hop count may name (a longer chain is a configuration mistake). */
const MAX_HOPS = 32;

/** Compiles a `trustProxy` setting; a malformed one is a `bad_config` error naming the bad entry. */
export function compileTrustProxy(setting: TrustProxy | undefined): ProxyTrust {
  if (setting === undefined || setting === false || setting === 0) return () => false;
  if (setting === true) return (_address, hop) => hop < 1;
  if (typeof setting === 'number') {
    if (!Number.isInteger(setting) || setting < 0 || setting > MAX_HOPS) {
      throw new TwofoldError('bad_config', `trustProxy as a hop count must be a whole number from 0 to ${MAX_HOPS}, got ${setting}.`, { status: 500 });
    }
    return (_address, hop) => hop < setting;
  }
  const entries = (typeof setting === 'string' ? setting.split(',') : [...setting]).map((entry) => entry.trim()).filter((entry) => entry !== '');
  const ranges: IpRange[] = [];
  for (const entry of entries) {
    const named = NAMED[entry.toLowerCase()];
    const parsed = (named ?? [entry]).map((cidr) => parseCidr(cidr));
    if (parsed.some((range) => range === undefined)) {
      throw new TwofoldError(
        'bad_config',
        `trustProxy entry "${entry}" is not an IP address, a CIDR range (e.g. 10.0.0.0/8) or one of loopback, linklocal, uniquelocal.`,
        { status: 500 },
      );
    }
    ranges.push(...(parsed as IpRange[]));
  }
  return (address) => {
    const ip = parseIp(address);
    return ip !== undefined && ranges.some((r) => r.version === ip.version && ip.value >= r.first && ip.value <= r.last);
  };
}

/** The X-Forwarded-For entries, left to right (several header lines are joined, as RFC 7230 allows). */
export function forwardedFor(header: string | string[] | undefined): string[] {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/**
 * The client address: walking from the socket peer through the X-Forwarded-For entries right to
 * left, the first address that is not a trusted proxy (or the left-most, when all are trusted).
 * An entry that is not an IP address stops the walk there: nothing behind garbage is believed.
 */
export function clientAddress(socketAddress: string, forwarded: readonly string[], trust: ProxyTrust): string {
  const chain = [socketAddress, ...[...forwarded].reverse()];
  for (let hop = 0; hop < chain.length - 1; hop++) {
    if (!trust(chain[hop]!, hop)) return chain[hop]!;
    if (parseIp(chain[hop + 1]!) === undefined) return chain[hop]!;
  }
  return chain[chain.length - 1]!;
}
