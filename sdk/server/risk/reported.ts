import type { ReportedClient } from './types';
import { parseUserAgent } from './user-agent';

/*
 * The report's own description of its browser and device: the SDK's user-agent, device-type,
 * touch, local-time, screen, hardware and location signals, reduced to small bounded values the
 * rules compare with the request (is this report from the browser that sends the sign-in?) and
 * with earlier sign-ins (screen and hardware as traits of a known device). Everything here is
 * client-written: it can only add suspicion or match the account's own history, never prove a device.
 */

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const finite = (value: unknown, min: number, max: number): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? value : undefined;
const integer = (value: unknown, min: number, max: number): number | undefined => {
  const n = finite(value, min, max);
  return n !== undefined && Number.isInteger(n) ? n : undefined;
};
/** Parsed names are free text from a client UA; kept short and printable so a token stays small. */
const label = (text: string): string | undefined => {
  const clean = text.replace(/[^\x20-\x7e]/g, '').slice(0, 64);
  return clean && clean !== 'unknown' ? clean : undefined;
};

/** The UTC offset (minutes east) at the end of an ISO 8601 local time (`…+01:00`, `…Z`). */
export function isoOffsetMinutes(local: string): number | undefined {
  if (/Z$/.test(local)) return 0;
  const match = /([+-])(\d{2}):?(\d{2})$/.exec(local);
  if (!match) return undefined;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return minutes > 18 * 60 ? undefined : (match[1] === '-' ? -1 : 1) * minutes;
}

function screenOf(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const width = integer(value.width, 1, 100_000);
  const height = integer(value.height, 1, 100_000);
  if (width === undefined || height === undefined) return undefined;
  const ratio = finite(value.pixelRatio, 0.1, 20);
  const depth = integer(value.colorDepth, 1, 64);
  return `${width}x${height}@${ratio === undefined ? '?' : Math.round(ratio * 100) / 100}/${depth ?? '?'}`;
}

function hardwareOf(hardware: unknown, touchPoints: number | undefined): string | undefined {
  if (!isRecord(hardware)) return undefined;
  const cores = integer(hardware.hardwareConcurrency, 1, 4096);
  const memory = finite(hardware.deviceMemory, 0, 1024);
  if (cores === undefined && memory === undefined) return undefined;
  const touch = touchPoints === undefined ? '' : touchPoints > 0 ? '/touch' : '/no-touch';
  return `${cores ?? '?'}c/${memory === undefined ? '?' : memory}GB${touch}`;
}

function locationOf(value: unknown): ReportedClient['location'] {
  if (!isRecord(value)) return undefined;
  const lat = finite(value.lat, -90, 90);
  const lon = finite(value.lon, -180, 180);
  const accuracyKm = finite(value.accuracyKm, 0, 20_000);
  return lat === undefined || lon === undefined ? undefined : { lat, lon, accuracyKm: accuracyKm ?? 1 };
}

/** The successful value of signal `id` in a report's `signals`, if any. */
function signalValueIn(signals: Record<string, unknown>, id: string): unknown {
  const result = signals[id];
  return isRecord(result) && result.error === undefined ? result.value : undefined;
}

/** Builds the reported view from a report's `signals` (the SDK's value shapes; anything else is left out). */
export function reportedClientOf(signals: Record<string, unknown>): ReportedClient | undefined {
  const out: ReportedClient = {};
  const agent = signalValueIn(signals, 'user-agent');
  const userAgent = isRecord(agent) ? agent.userAgent : undefined;
  if (typeof userAgent === 'string' && userAgent !== '') {
    const parsed = parseUserAgent(userAgent.slice(0, 512));
    const browser = label(parsed.browser);
    const os = label(parsed.os);
    if (browser) out.browser = browser;
    if (os) out.os = os;
  }
  const type = signalValueIn(signals, 'device-type');
  const deviceType = isRecord(type) ? type.type : undefined;
  if (deviceType === 'mobile' || deviceType === 'tablet' || deviceType === 'desktop') out.deviceType = deviceType;
  const touch = signalValueIn(signals, 'touch');
  const touchPoints = isRecord(touch) ? integer(touch.maxTouchPoints, 0, 1024) : undefined;
  if (touchPoints !== undefined) out.touchPoints = touchPoints;
  const clock = signalValueIn(signals, 'local-time');
  const local = isRecord(clock) && typeof clock.local === 'string' ? isoOffsetMinutes(clock.local.slice(0, 40)) : undefined;
  if (local !== undefined) out.clockOffsetMinutes = local;
  const screen = screenOf(signalValueIn(signals, 'screen'));
  if (screen) out.screen = screen;
  const hardware = hardwareOf(signalValueIn(signals, 'hardware'), touchPoints);
  if (hardware) out.hardware = hardware;
  const location = locationOf(signalValueIn(signals, 'location'));
  if (location) out.location = location;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The same view re-checked field by field, for attempts a library caller built (or a token
 * carried): a value of the wrong type or size is dropped, never trusted.
 */
export function checkedReported(value: unknown): ReportedClient | undefined {
  if (!isRecord(value)) return undefined;
  const out: ReportedClient = {};
  const text = (v: unknown, max: number) => (typeof v === 'string' && v !== '' && v.length <= max ? v : undefined);
  const browser = text(value.browser, 64);
  const os = text(value.os, 64);
  const screen = text(value.screen, 64);
  const hardware = text(value.hardware, 64);
  if (browser) out.browser = browser;
  if (os) out.os = os;
  if (value.deviceType === 'mobile' || value.deviceType === 'tablet' || value.deviceType === 'desktop') out.deviceType = value.deviceType;
  const touchPoints = integer(value.touchPoints, 0, 1024);
  if (touchPoints !== undefined) out.touchPoints = touchPoints;
  const offset = integer(value.clockOffsetMinutes, -18 * 60, 18 * 60);
  if (offset !== undefined) out.clockOffsetMinutes = offset;
  if (screen) out.screen = screen;
  if (hardware) out.hardware = hardware;
  const location = locationOf(value.location);
  if (location) out.location = location;
  return Object.keys(out).length > 0 ? out : undefined;
}
