// Builds the offline geo data the server ships (dist/geo/ip-geo.bin.gz, ~9 MB) from two data
// packages that stay devDependencies (~220 MB together):
// - geoip-lite's GeoLite2 City tables (country, latitude/longitude, accuracy radius per IP range);
// - @ip-location-db/asn (IP range → autonomous system number).
// Coordinates are rounded to COORDINATE_STEPS_PER_DEGREE (0.1°, at most ~8 km off; the reader adds
// that to the accuracy radius), adjacent ranges with the same answer merge, and IPv6 is kept per /64
// (every GeoLite2 IPv6 range is /64-aligned; 0.1% of ASN ranges are narrower and take their
// /64's first answer). The format is read by sdk/server/geo/compact.ts; see there. Cached under
// node_modules/.cache/twofold/ per data version, so only the first build after an update pays the
// ~20 s. Used by build.mjs; `node sdk/server/geo/build-geo-data.mjs` runs it alone.
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The data file inside the package. */
export const GEO_DATA_FILE = 'dist/geo/ip-geo.bin.gz';
/** Format version; compact.ts refuses any other. */
export const GEO_FORMAT = 1;
/** Coordinates are stored in tenths of a degree. */
export const COORDINATE_STEPS_PER_DEGREE = 10;

/** Unsigned LEB128 varints, appended to a growing byte list. */
class Bytes {
  constructor() {
    this.buf = Buffer.alloc(1 << 20);
    this.length = 0;
  }
  push(byte) {
    if (this.length === this.buf.length) {
      const bigger = Buffer.alloc(this.buf.length * 2);
      this.buf.copy(bigger);
      this.buf = bigger;
    }
    this.buf[this.length++] = byte;
  }
  varint(n) {
    let v = n;
    while (v >= 128) {
      this.push((v % 128) | 128);
      v = Math.floor(v / 128);
    }
    this.push(v);
  }
  bigVarint(n) {
    let v = n;
    while (v >= 128n) {
      this.push(Number(v & 127n) | 128);
      v >>= 7n;
    }
    this.push(Number(v));
  }
  bytes() {
    return this.buf.subarray(0, this.length);
  }
}

/**
 * Turns sorted ranges into the sorted starts of a step function: a start where the answer changes,
 * value 0 in gaps, adjacent equal answers merged. `one` is 1 or 1n, matching the keys' type.
 */
function steps(ranges, one) {
  const starts = [];
  const values = [];
  let next = one - one; // the first key not yet covered
  for (const { start, end, value } of ranges) {
    if (start < next) continue; // overlaps the previous range (only after /64 truncation): keep the first
    if (start > next && values.at(-1) !== 0) {
      starts.push(next);
      values.push(0);
    }
    if (values.at(-1) !== value) {
      starts.push(start);
      values.push(value);
    }
    next = end + one;
  }
  starts.push(next);
  values.push(0);
  return { starts, values };
}

function writeSteps(out, { starts, values }, big) {
  out.varint(starts.length);
  let previous = big ? 0n : 0;
  for (const start of starts) {
    if (big) out.bigVarint(start - previous);
    else out.varint(start - previous);
    previous = start;
  }
  for (const value of values) out.varint(value);
}

function cityRanges(require, locations) {
  const dir = dirname(require.resolve('geoip-lite/package.json'));
  const names = readFileSync(join(dir, 'data/geoip-city-names.dat'));
  const read = (file, recordSize, v6) => {
    const data = readFileSync(join(dir, 'data', file));
    const out = [];
    const base = v6 ? 32 : 8;
    for (let o = 0; o < data.length; o += recordSize) {
      const locId = data.readUInt32BE(o + base);
      let value = 0;
      if (locId !== 0xffffffff) {
        const country = names.toString('latin1', locId * 88, locId * 88 + 2).replace(/\0.*/, '');
        const lat = Math.round((data.readInt32BE(o + base + 4) / 10000) * COORDINATE_STEPS_PER_DEGREE);
        const lon = Math.round((data.readInt32BE(o + base + 8) / 10000) * COORDINATE_STEPS_PER_DEGREE);
        const area = Math.min(65535, data.readUInt32BE(o + base + 12));
        if (/^[A-Z]{2}$/.test(country)) {
          const key = `${country}${lat},${lon},${area}`;
          value = locations.get(key);
          if (value === undefined) {
            value = locations.size + 1;
            locations.set(key, value);
          }
        }
      }
      // IPv6 keys are the address's first 64 bits.
      const start = v6 ? data.readBigUInt64BE(o) : data.readUInt32BE(o);
      const end = v6 ? data.readBigUInt64BE(o + 16) : data.readUInt32BE(o + 4);
      out.push({ start, end, value });
    }
    return out;
  };
  return { v4: read('geoip-city.dat', 24, false), v6: read('geoip-city6.dat', 48, true) };
}

function asnRanges(require, file, v6) {
  const text = readFileSync(require.resolve(`@ip-location-db/asn/${file}`), 'utf8');
  const out = [];
  for (const line of text.split('\n')) {
    // start,end,asn,"organisation, maybe with commas": only the first three fields are needed.
    const a = line.indexOf(',');
    const b = line.indexOf(',', a + 1);
    const c = line.indexOf(',', b + 1);
    if (a < 0 || b < 0) continue;
    const asn = Number(line.slice(b + 1, c < 0 ? undefined : c));
    if (!Number.isInteger(asn) || asn <= 0) continue;
    const start = v6 ? BigInt(line.slice(0, a)) >> 64n : Number(line.slice(0, a));
    const end = v6 ? BigInt(line.slice(a + 1, b)) >> 64n : Number(line.slice(a + 1, b));
    out.push({ start, end, value: asn });
  }
  out.sort((x, y) => (x.start < y.start ? -1 : x.start > y.start ? 1 : 0));
  return out;
}

function versionOf(require, name) {
  return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
}

/** Encodes the whole data set; returns the gzipped file's bytes. */
export function encodeGeoData(root) {
  const require = createRequire(join(root, 'package.json'));
  const locations = new Map();
  const city = cityRanges(require, locations);
  const header = {
    format: GEO_FORMAT,
    coordinateStepsPerDegree: COORDINATE_STEPS_PER_DEGREE,
    sources: {
      'geoip-lite': `${versionOf(require, 'geoip-lite')} (GeoLite2 City by MaxMind, CC BY-SA 4.0, https://www.maxmind.com)`,
      '@ip-location-db/asn': `${versionOf(require, '@ip-location-db/asn')} (RouteViews + DB-IP, CC BY 4.0)`,
    },
    sections: ['locations', 'city4', 'city6', 'asn4', 'asn6'],
  };
  const out = new Bytes();
  for (const byte of Buffer.from(`${JSON.stringify(header)}\n`)) out.push(byte);
  out.varint(locations.size);
  for (const key of locations.keys()) {
    const [lat, lon, area] = key.slice(2).split(',').map(Number);
    out.push(key.charCodeAt(0));
    out.push(key.charCodeAt(1));
    // Zig-zag so negative coordinates stay small varints.
    out.varint(lat < 0 ? -2 * lat - 1 : 2 * lat);
    out.varint(lon < 0 ? -2 * lon - 1 : 2 * lon);
    out.varint(area);
  }
  writeSteps(out, steps(city.v4, 1), false);
  writeSteps(out, steps(city.v6, 1n), true);
  writeSteps(out, steps(asnRanges(require, 'asn-ipv4-num.csv', false), 1), false);
  writeSteps(out, steps(asnRanges(require, 'asn-ipv6-num.csv', true), 1n), true);
  return gzipSync(out.bytes(), { level: 9 });
}

/**
 * Writes GEO_DATA_FILE under root, from the cache when the data packages have not changed.
 * Returns the file's path and size.
 * @param {string} root repository root
 */
export function buildGeoData(root) {
  const require = createRequire(join(root, 'package.json'));
  const cacheKey = `ip-geo-v${GEO_FORMAT}-${versionOf(require, 'geoip-lite')}-${versionOf(require, '@ip-location-db/asn')}.bin.gz`;
  const cache = join(root, 'node_modules/.cache/twofold', cacheKey);
  if (!existsSync(cache)) {
    mkdirSync(dirname(cache), { recursive: true });
    writeFileSync(`${cache}.tmp`, encodeGeoData(root));
    renameSync(`${cache}.tmp`, cache); // a build killed midway leaves no half file behind
  }
  const target = join(root, GEO_DATA_FILE);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(cache, target);
  return { file: GEO_DATA_FILE, bytes: readFileSync(target).length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(buildGeoData(join(dirname(fileURLToPath(import.meta.url)), '../../..')));
}
