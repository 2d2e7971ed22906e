import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { TwofoldError } from '../../protocol/errors';
import { type CompactGeoData, compactAsn, compactLookup, decodeCompactGeo } from './compact';
import { isPublicIp, parseIp } from './ip';
import type { GeoResolver } from './types';

/*
 * The offline default resolver: the package's own compact data file (dist/geo/ip-geo.bin.gz, ~9 MB,
 * built from GeoLite2 City via geoip-lite and from @ip-location-db/asn by build-geo-data.mjs; no
 * download at run time). Country, coordinates to 0.1° with the accuracy radius, and the ASN, per IP
 * range, binary-searched. Decoded on first lookup (0.7–2.7 s measured on a loaded 2-core machine;
 * ~40 MB of typed arrays), or at startup with `preload`. Refresh the data by updating those two
 * devDependencies and rebuilding.
 */

/** The package subpath of the data file (package.json `exports`), found through the package's own name. */
const DATA_SPECIFIER = 'twofold/geo-data';

/** Options of `createOfflineGeo`. */
export interface OfflineGeoOptions {
  /**
   * Load the data right after startup instead of on the first public-IP lookup (which then blocks
   * the event loop for about a second while the file is decoded). Servers should set it.
   */
  preload?: boolean;
  /** Path of the data file, when it is not where the package keeps it (e.g. after bundling the server yourself). */
  dataFile?: string;
}

// Resolved once: every lookup asks for the file, and resolving walks the file system (the load
// bench had it at ~4 % of a server's CPU). Only a found file is kept, so a later build is still seen.
let resolvedDataFile: string | undefined;

function defaultDataFile(): string {
  if (resolvedDataFile !== undefined) return resolvedDataFile;
  // The package resolves its own name from its files (in the repository and when installed); a copy
  // bundled into an application's own build resolves it from the application's directory instead.
  let cause: unknown;
  for (const from of [import.meta.url, join(process.cwd(), 'noop.js')]) {
    try {
      resolvedDataFile = createRequire(from).resolve(DATA_SPECIFIER);
      return resolvedDataFile;
    } catch (error) {
      cause = error;
    }
  }
  throw new TwofoldError(
    'geo_data_missing',
    `Twofold's offline geo data (${DATA_SPECIFIER}) was not found. In the Twofold repository run \`npm run build\`; ` +
      'after bundling the server yourself pass createOfflineGeo({ dataFile }), or give createRiskEngine your own `geo` resolver.',
    { cause, status: 500 },
  );
}

const loaded = new Map<string, CompactGeoData>();
function load(file: string): CompactGeoData {
  let data = loaded.get(file);
  if (!data) {
    if (!existsSync(file)) {
      throw new TwofoldError('geo_data_missing', `Twofold's offline geo data file ${file} does not exist; run \`npm run build\` or pass another dataFile.`, {
        status: 500,
      });
    }
    data = decodeCompactGeo(readFileSync(file));
    loaded.set(file, data);
  }
  return data;
}

/** The ASN announcing `ip` per the offline data, or undefined. */
export function lookupAsn(ip: string, options: Pick<OfflineGeoOptions, 'dataFile'> = {}): string | undefined {
  const parsed = parseIp(ip);
  if (!parsed) return undefined;
  return compactAsn(load(options.dataFile ?? defaultDataFile()), parsed.version, parsed.value);
}

/** The offline default `GeoResolver`: country, coordinates, accuracy and ASN from the package's compact data file. */
export function createOfflineGeo(options: OfflineGeoOptions = {}): GeoResolver {
  // Found on first use, so a risk engine given this default can be created before the file exists.
  const data = () => load(options.dataFile ?? defaultDataFile());
  if (options.preload) {
    const timer = setTimeout(() => {
      try {
        data();
      } catch {
        // A missing or damaged file must not crash the process from a timer: the first lookup throws the same error.
      }
    }, 0);
    // Preloading must not keep a process alive that has nothing else to do.
    timer.unref?.();
  }
  return (ip: string) => {
    const parsed = parseIp(ip);
    // Loopback and private addresses are never in the data: answer without loading it.
    if (!parsed || !isPublicIp(parsed)) return undefined;
    return compactLookup(data(), parsed.version, parsed.value);
  };
}
