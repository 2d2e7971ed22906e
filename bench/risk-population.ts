/*
 * A seeded generator of legitimate login histories and attacker attempts, for evaluating the risk
 * engine (bench/risk.bench.ts) and loading it (bench/assess.bench.ts). Everything is synthetic:
 * a small world of countries and ISPs (ASNs owning /16 prefixes of documentation-free space), a
 * catalogue of real-looking User-Agent strings, and users who mostly sign in from home but also
 * renew their DHCP lease, use mobile data, travel, update browsers, clear cookies, buy devices, plug
 * in another monitor, and (DECLINED_CONSENT_SHARE of them) decline consent to device signals.
 */
import type { GeoInfo } from '../sdk/server/geo/types';
import type { LoginAttempt } from '../sdk/server/risk/types';
import { seededRandom } from '../test/helpers/seeded-random';

export { seededRandom };

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
function weighted<T extends { weight: number }>(rng: Rng, items: readonly T[]): T {
  const total = items.reduce((s, i) => s + i.weight, 0);
  let x = rng() * total;
  for (const item of items) {
    x -= item.weight;
    if (x < 0) return item;
  }
  return items[items.length - 1] as T;
}
const id = (rng: Rng, prefix: string) => `${prefix}-${Math.floor(rng() * 2 ** 48).toString(36)}`;

interface Isp {
  asn: string;
  weight: number;
  mobile: boolean;
  /** First octets of the /16 prefixes this ISP owns (second octet generated). */
  prefixes: [number, number][];
  lat: number;
  lon: number;
}
interface Country {
  code: string;
  weight: number;
  /** Weight as an attacker origin (naive attacks). */
  attackWeight: number;
  timezones: string[];
  languages: string[][];
  isps: Isp[];
}

// Each ISP owns a few /16s; prefixes are unique across the world table (checked at build).
let nextPrefix = 0;
function isp(asn: string, weight: number, lat: number, lon: number, mobile = false, count = 3): Isp {
  const prefixes: [number, number][] = [];
  for (let i = 0; i < count; i++, nextPrefix++) prefixes.push([20 + Math.floor(nextPrefix / 200), nextPrefix % 200]);
  return { asn, weight, mobile, prefixes, lat, lon };
}

/** The synthetic world: countries with their ISPs, time zones and language preferences. */
export const WORLD: Country[] = [
  {
    code: 'NO',
    weight: 40,
    attackWeight: 1,
    timezones: ['Europe/Oslo'],
    languages: [
      ['nb-NO', 'nb', 'en'],
      ['nb-NO', 'en-US'],
      ['en-US', 'en'],
      ['nn-NO', 'nb', 'en'],
    ],
    isps: [
      isp('2119', 35, 59.91, 10.75),
      isp('29695', 20, 60.39, 5.32),
      isp('41164', 15, 63.43, 10.39),
      isp('15659', 10, 58.97, 5.73),
      isp('12929', 20, 59.91, 10.75, true),
    ],
  },
  {
    code: 'SE',
    weight: 10,
    attackWeight: 1,
    timezones: ['Europe/Stockholm'],
    languages: [
      ['sv-SE', 'sv', 'en'],
      ['en-US', 'en'],
    ],
    isps: [isp('3301', 40, 59.33, 18.07), isp('1257', 30, 57.71, 11.97), isp('8473', 30, 55.6, 13.0, true)],
  },
  {
    code: 'DE',
    weight: 10,
    attackWeight: 4,
    timezones: ['Europe/Berlin'],
    languages: [
      ['de-DE', 'de', 'en'],
      ['de-DE', 'en-US'],
    ],
    isps: [isp('3320', 45, 50.11, 8.68), isp('3209', 30, 52.52, 13.4), isp('24940', 5, 49.45, 11.07), isp('6805', 20, 48.14, 11.58, true)],
  },
  {
    code: 'GB',
    weight: 10,
    attackWeight: 2,
    timezones: ['Europe/London'],
    languages: [['en-GB', 'en'], ['en-GB']],
    isps: [isp('2856', 40, 51.51, -0.13), isp('5089', 30, 53.48, -2.24), isp('16509', 5, 51.51, -0.13), isp('12576', 25, 52.49, -1.89, true)],
  },
  {
    code: 'US',
    weight: 15,
    attackWeight: 12,
    timezones: ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'],
    languages: [['en-US', 'en'], ['en-US'], ['es-US', 'es', 'en']],
    isps: [
      isp('7922', 30, 39.95, -75.17),
      isp('7018', 25, 32.78, -96.8),
      isp('701', 20, 40.71, -74.01),
      isp('14618', 5, 39.04, -77.49),
      isp('21928', 20, 47.61, -122.33, true),
    ],
  },
  {
    code: 'BR',
    weight: 3,
    attackWeight: 8,
    timezones: ['America/Sao_Paulo'],
    languages: [['pt-BR', 'pt', 'en'], ['pt-BR']],
    isps: [isp('28573', 50, -23.55, -46.63), isp('18881', 30, -22.91, -43.17), isp('26599', 20, -15.79, -47.88, true)],
  },
  {
    code: 'IN',
    weight: 3,
    attackWeight: 8,
    timezones: ['Asia/Kolkata'],
    languages: [
      ['en-IN', 'en', 'hi'],
      ['hi-IN', 'en'],
    ],
    isps: [isp('24560', 40, 28.61, 77.21), isp('9829', 30, 19.08, 72.88), isp('55836', 30, 12.97, 77.59, true)],
  },
  {
    code: 'RU',
    weight: 1,
    attackWeight: 10,
    timezones: ['Europe/Moscow'],
    languages: [['ru-RU', 'ru', 'en']],
    isps: [isp('12389', 50, 55.76, 37.62), isp('8402', 30, 59.93, 30.34), isp('31213', 20, 55.03, 82.92, true)],
  },
  {
    code: 'CN',
    weight: 1,
    attackWeight: 10,
    timezones: ['Asia/Shanghai'],
    languages: [['zh-CN', 'zh', 'en']],
    isps: [isp('4134', 50, 31.23, 121.47), isp('4837', 30, 39.9, 116.41), isp('9808', 20, 23.13, 113.26, true)],
  },
  {
    code: 'VN',
    weight: 1,
    attackWeight: 6,
    timezones: ['Asia/Ho_Chi_Minh'],
    languages: [['vi-VN', 'vi', 'en']],
    isps: [isp('7552', 50, 10.82, 106.63), isp('45899', 50, 21.03, 105.85, true)],
  },
  {
    code: 'NG',
    weight: 1,
    attackWeight: 6,
    timezones: ['Africa/Lagos'],
    languages: [['en-NG', 'en']],
    isps: [isp('29465', 50, 6.52, 3.38), isp('36873', 50, 9.06, 7.49, true)],
  },
  {
    code: 'NL',
    weight: 5,
    attackWeight: 8,
    timezones: ['Europe/Amsterdam'],
    languages: [
      ['nl-NL', 'nl', 'en'],
      ['en-US', 'en'],
    ],
    isps: [isp('1136', 40, 52.37, 4.9), isp('33915', 30, 51.92, 4.48), isp('60781', 10, 52.37, 4.9), isp('20857', 20, 52.09, 5.12, true)],
  },
];

/** A table for `createTableGeo`: every ISP prefix (as /16) → country, ASN, city coordinates (~25 km). */
export function worldGeoTable(): Record<string, GeoInfo> {
  const table: Record<string, GeoInfo> = {};
  for (const country of WORLD) {
    for (const provider of country.isps) {
      for (const [a, b] of provider.prefixes) {
        table[`${a}.${b}.0.0/16`] = { country: country.code, asn: provider.asn, lat: provider.lat, lon: provider.lon, accuracyKm: 25 };
      }
    }
  }
  return table;
}

const BROWSERS = {
  chromeWin: (v: number) => `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Safari/537.36`,
  chromeMac: (v: number) => `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Safari/537.36`,
  edgeWin: (v: number) => `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Safari/537.36 Edg/${v}.0.0.0`,
  firefoxWin: (v: number) => `Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:${v}.0) Gecko/20100101 Firefox/${v}.0`,
  firefoxLinux: (v: number) => `Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:${v}.0) Gecko/20100101 Firefox/${v}.0`,
  safariMac: (v: number) => `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${v}.1 Safari/605.1.15`,
  safariIphone: (v: number) =>
    `Mozilla/5.0 (iPhone; CPU iPhone OS ${v}_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${v}.1 Mobile/15E148 Safari/604.1`,
  safariIpad: (v: number) =>
    `Mozilla/5.0 (iPad; CPU OS ${v}_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${v}.1 Mobile/15E148 Safari/604.1`,
  chromeAndroid: (v: number) => `Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Mobile Safari/537.36`,
  samsungAndroid: (v: number) =>
    `Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/${v}.0 Chrome/115.0.0.0 Mobile Safari/537.36`,
} as const;
type BrowserKind = keyof typeof BROWSERS;
const BROWSER_MIX: { kind: BrowserKind; weight: number; version: [number, number] }[] = [
  { kind: 'chromeWin', weight: 30, version: [118, 124] },
  { kind: 'chromeMac', weight: 10, version: [118, 124] },
  { kind: 'edgeWin', weight: 8, version: [118, 124] },
  { kind: 'firefoxWin', weight: 5, version: [115, 125] },
  { kind: 'firefoxLinux', weight: 2, version: [115, 125] },
  { kind: 'safariMac', weight: 7, version: [16, 17] },
  { kind: 'safariIphone', weight: 20, version: [16, 17] },
  { kind: 'safariIpad', weight: 3, version: [16, 17] },
  { kind: 'chromeAndroid', weight: 12, version: [118, 124] },
  { kind: 'samsungAndroid', weight: 3, version: [22, 24] },
];

interface Device {
  kind: BrowserKind;
  version: number;
  deviceId: string;
  visitorId: string;
  /** The id of the SDK's device key: kept in the same storage as the device id. */
  keyId: string;
  /** The SDK's screen and hardware traits (sdk/server/risk/reported.ts format). */
  screen: string;
  hardware: string;
}
const uaOf = (d: Device) => BROWSERS[d.kind](d.version);
/** What the service puts on the attempt for a report signed by this device's key (a valid proof). */
const proofOf = (d: Device) => ({ deviceProof: 'valid' as const, deviceKeyId: d.keyId });
/** The report's screen and hardware as the service reads them (attempt.reported). */
const traitsOf = (d: Device, screen = d.screen) => ({ reported: { screen, hardware: d.hardware } });

/** Screens and hardware per kind of device; Safari and Firefox expose no memory class ('?GB'). */
type Form = 'pc' | 'mac' | 'phone' | 'tablet';
const FORM: Record<BrowserKind, Form> = {
  chromeWin: 'pc',
  edgeWin: 'pc',
  firefoxWin: 'pc',
  firefoxLinux: 'pc',
  chromeMac: 'mac',
  safariMac: 'mac',
  safariIphone: 'phone',
  chromeAndroid: 'phone',
  samsungAndroid: 'phone',
  safariIpad: 'tablet',
};
const SCREENS: Record<Form, string[]> = {
  pc: ['1920x1080@1/24', '1536x864@1.25/24', '2560x1440@1/24', '1366x768@1/24', '1920x1200@1/24', '3840x2160@1.5/30'],
  mac: ['1440x900@2/30', '1512x982@2/30', '1728x1117@2/30', '2560x1440@1/24'],
  phone: ['390x844@3/24', '393x852@3/24', '412x915@2.63/24', '360x800@3/24', '430x932@3/24'],
  tablet: ['820x1180@2/24', '1024x1366@2/24', '810x1080@2/24'],
};
const CORES: Record<Form, number[]> = { pc: [4, 8, 12, 16], mac: [8, 10, 12], phone: [6, 8], tablet: [6, 8] };
const noMemory = (kind: BrowserKind) => kind.startsWith('safari') || kind.startsWith('firefox');
const TOUCH: Record<Form, string> = { pc: 'no-touch', mac: 'no-touch', phone: 'touch', tablet: 'touch' };

function newDevice(rng: Rng): Device {
  const mix = weighted(rng, BROWSER_MIX);
  const version = mix.version[0] + Math.floor(rng() * (mix.version[1] - mix.version[0] + 1));
  const form = FORM[mix.kind];
  const memory = noMemory(mix.kind) ? '?' : String(pick(rng, form === 'phone' || form === 'tablet' ? [4, 8] : [8, 16, 32]));
  // A touch-screen laptop now and then.
  const touch = form === 'pc' && rng() < 0.15 ? 'touch' : TOUCH[form];
  return {
    kind: mix.kind,
    version,
    deviceId: id(rng, 'dev'),
    visitorId: id(rng, 'fp'),
    keyId: id(rng, 'key'),
    screen: pick(rng, SCREENS[form]),
    hardware: `${pick(rng, CORES[form])}c/${memory}GB/${touch}`,
  };
}

function randomIp(rng: Rng, provider: Isp): string {
  const [a, b] = pick(rng, provider.prefixes);
  return `${a}.${b}.${Math.floor(rng() * 256)}.${1 + Math.floor(rng() * 254)}`;
}

/** A generated account: its history (to record as successes), its next legitimate login, and what attackers may know. */
export interface GeneratedUser {
  userId: string;
  history: LoginAttempt[];
  /** The user's next, legitimate login (assessed, not recorded). */
  next: LoginAttempt;
  home: { country: Country; isp: Isp; ip: string; timezone: string; languages: string[] };
  primary: Device;
  /** The user declines the SDK's consent: every sign-in comes without device signals (consent: false). */
  declined: boolean;
}

/** Share of users who decline consent to device signals (challenged on every sign-in by the default policy). */
export const DECLINED_CONSENT_SHARE = 0.05;

const DAY = 86_400_000;

/** One user's behaviour, replayed login by login. */
function generateUser(rng: Rng, index: number, start: number, days: number, minLogins: number, maxLogins: number): GeneratedUser {
  const country = weighted(rng, WORLD);
  const fixedIsps = country.isps.filter((i) => !i.mobile);
  const mobileIsps = country.isps.filter((i) => i.mobile);
  const homeIsp = weighted(rng, fixedIsps);
  let homeIp = randomIp(rng, homeIsp);
  const timezone = pick(rng, country.timezones);
  const languages = pick(rng, country.languages);
  const devices = [newDevice(rng)];
  const extra = rng();
  if (extra < 0.5) devices.push(newDevice(rng));
  if (extra < 0.15) devices.push(newDevice(rng));
  const declined = rng() < DECLINED_CONSENT_SHARE;
  const userId = `user-${index}`;
  const count = minLogins + Math.floor(rng() * (maxLogins - minLogins + 1));
  const logins: LoginAttempt[] = [];
  let time = start + rng() * DAY * 3;
  const step = (days * DAY) / (count + 1);
  for (let i = 0; i <= count; i++) {
    time += step * (0.2 + rng() * 1.6);
    // Device life: primary device 70% of the time; updates, cookie clearing, replacements.
    const slot = rng() < 0.7 ? 0 : Math.floor(rng() * devices.length);
    const device = devices[slot] as Device;
    const event = rng();
    if (event < 0.04) {
      device.version += 1; // browser update: new UA string, and often a drifting fingerprint
      if (rng() < 0.3) device.visitorId = id(rng, 'fp');
    } else if (event < 0.06) {
      device.deviceId = id(rng, 'dev'); // site storage cleared: the device id and the device key go together
      device.keyId = id(rng, 'key');
    } else if (event < 0.07) {
      devices[slot] = newDevice(rng); // a new phone or laptop
    }
    const current = devices[slot] as Device;
    // Network: home most of the time, DHCP renewals, mobile data, travel.
    const where = rng();
    let ip = homeIp;
    let tz = timezone;
    if (where < 0.08) ip = homeIp = randomIp(rng, homeIsp);
    else if (where < 0.23 && mobileIsps.length > 0) ip = randomIp(rng, weighted(rng, mobileIsps));
    else if (where < 0.28)
      ip = randomIp(rng, weighted(rng, fixedIsps)); // a friend's, a café
    else if (where < 0.32) {
      const abroad = weighted(rng, WORLD);
      ip = randomIp(rng, weighted(rng, abroad.isps));
      if (rng() < 0.5) tz = pick(rng, abroad.timezones);
    }
    // A laptop on another monitor now and then: the screen drifts, the hardware stays.
    const form = FORM[current.kind];
    const screen = (form === 'pc' || form === 'mac') && rng() < 0.1 ? pick(rng, SCREENS[form]) : current.screen;
    const signals = declined
      ? { consent: false }
      : {
          deviceId: current.deviceId,
          visitorId: current.visitorId,
          timezone: tz,
          languages,
          consent: true,
          ...proofOf(current),
          ...traitsOf(current, screen),
        };
    logins.push({ userId, time: Math.round(time), ip, userAgent: uaOf(current), ...signals });
  }
  const next = logins.pop() as LoginAttempt;
  return { userId, history: logins, next, home: { country, isp: homeIsp, ip: homeIp, timezone, languages }, primary: devices[0] as Device, declined };
}

/** Options of `generatePopulation`. */
export interface PopulationOptions {
  seed: number;
  users: number;
  /** History length per user (inclusive range). */
  minLogins?: number;
  maxLogins?: number;
  /** Span of the history in days. */
  days?: number;
}

/** Generates `users` accounts with their histories and next legitimate login, deterministically from `seed`. */
export function generatePopulation(options: PopulationOptions): GeneratedUser[] {
  const rng = seededRandom(options.seed);
  const start = Date.UTC(2026, 0, 1);
  const out: GeneratedUser[] = [];
  for (let i = 0; i < options.users; i++) out.push(generateUser(rng, i, start, options.days ?? 90, options.minLogins ?? 5, options.maxLogins ?? 40));
  return out;
}

/** The attacker types evaluated. */
export const ATTACKER_TYPES = ['naive', 'same-country', 'same-asn-ua', 'copied-device-id', 'copied-visitor-id', 'omitted-signals', 'stolen-device'] as const;
export type AttackerType = (typeof ATTACKER_TYPES)[number];

/**
 * One attack attempt on `victim` with the right password, at some time after the victim's last login:
 * - naive: from wherever attackers are (weighted by attackWeight), a common browser, a fresh device.
 * - same-country: from the victim's country (an ISP by popularity, own IP), the country's time zone
 *   and a common language setting, a common browser, a fresh device.
 * - same-asn-ua: on the victim's home ISP (different IP) with the victim's exact UA string, time zone
 *   and languages (e.g. captured by a phishing page), but a fresh device.
 * - copied-device-id: as same-asn-ua, plus the victim's device id and visitor id copied from their
 *   disk, but not the device key (non-extractable): the report is signed by the attacker's own key.
 * - copied-visitor-id: as same-asn-ua with the victim's fingerprint (visitor id), own device id and key.
 * - omitted-signals: as same-asn-ua, a self-sealed report leaving out device id, visitor id and proof.
 * - stolen-device: the victim's own primary device (device id, fingerprint, key, UA, locale), used
 *   from another network in the same country.
 */
export function generateAttack(rng: Rng, victim: GeneratedUser, type: AttackerType): LoginAttempt {
  const time = Number(victim.next.time) + Math.round(rng() * 6 * 3_600_000);
  const base = { userId: victim.userId, time, consent: true } as const;
  const fresh = newDevice(rng);
  switch (type) {
    case 'naive': {
      const from = weighted(
        rng,
        WORLD.map((c) => ({ ...c, weight: c.attackWeight })),
      );
      return {
        ...base,
        ip: randomIp(rng, weighted(rng, from.isps)),
        userAgent: uaOf(fresh),
        deviceId: fresh.deviceId,
        visitorId: fresh.visitorId,
        timezone: pick(rng, from.timezones),
        languages: pick(rng, from.languages),
        ...proofOf(fresh),
        ...traitsOf(fresh),
      };
    }
    case 'same-country': {
      const country = victim.home.country;
      return {
        ...base,
        ip: randomIp(rng, weighted(rng, country.isps)),
        userAgent: uaOf(fresh),
        deviceId: fresh.deviceId,
        visitorId: fresh.visitorId,
        timezone: pick(rng, country.timezones),
        languages: country.languages[0] as string[],
        ...proofOf(fresh),
        ...traitsOf(fresh),
      };
    }
    case 'same-asn-ua':
    case 'copied-device-id':
    case 'copied-visitor-id':
    case 'omitted-signals': {
      let ip = randomIp(rng, victim.home.isp);
      while (ip === victim.home.ip) ip = randomIp(rng, victim.home.isp);
      // The phishing page that captured the UA and locale read the screen and hardware too.
      const mirror = {
        ...base,
        ip,
        userAgent: uaOf(victim.primary),
        timezone: victim.home.timezone,
        languages: victim.home.languages,
        ...traitsOf(victim.primary),
      };
      if (type === 'omitted-signals') return { ...mirror, deviceProof: 'missing' };
      const deviceId = type === 'copied-device-id' ? victim.primary.deviceId : fresh.deviceId;
      const visitorId = type === 'same-asn-ua' ? fresh.visitorId : victim.primary.visitorId;
      return { ...mirror, deviceId, visitorId, ...proofOf(fresh) };
    }
    case 'stolen-device': {
      const others = victim.home.country.isps.filter((i) => i !== victim.home.isp);
      const provider = others.length > 0 ? weighted(rng, others) : victim.home.isp;
      return {
        ...base,
        ip: randomIp(rng, provider),
        userAgent: uaOf(victim.primary),
        deviceId: victim.primary.deviceId,
        visitorId: victim.primary.visitorId,
        timezone: victim.home.timezone,
        languages: victim.home.languages,
        ...proofOf(victim.primary),
        ...traitsOf(victim.primary),
      };
    }
  }
}
