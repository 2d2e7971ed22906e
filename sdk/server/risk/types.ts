import type { GeoResolver } from '../geo/types';
import type { DeviceKeyRecord, FeatureValue, ProfileCounts, Store } from '../store/types';

/** What a site passes to `assess` / `record` for one login attempt. */
export interface LoginAttempt {
  userId: string;
  /** When the attempt happened: ms since the epoch or a Date. */
  time: number | Date;
  ip: string;
  userAgent: string;
  /** ISO country code; when absent it comes from `geo`. */
  country?: string;
  /** Autonomous system number (`2119`, `AS2119` or 2119); when absent it comes from `geo`. */
  asn?: string | number;
  /** Server-measured round-trip time (kept for future rules; not scored yet). */
  rttMs?: number;
  /** The SDK's first-party device id. */
  deviceId?: string;
  /** The SDK's FingerprintJS visitor id. */
  visitorId?: string;
  /** IANA time zone, e.g. `Europe/Oslo`. */
  timezone?: string;
  /** Preferred languages in order, e.g. `['nb-NO', 'en']`. */
  languages?: string[];
  /** True when the SDK saw signs of a script-driven browser. */
  automation?: boolean;
  /**
   * The sealed report's device proof (sdk/protocol/device-proof.ts), set by the service when it
   * opened a consented report: `valid` (signed by the key `deviceKeyId`), `invalid` (a signature
   * that does not hold) or `missing`. Undefined when not stated (callers that do not use proofs):
   * the device rule then scores device and visitor ids as before.
   */
  deviceProof?: 'valid' | 'invalid' | 'missing';
  /** The id of the device key whose signature held (base64url SHA-256 of its public point). */
  deviceKeyId?: string;
  /** False when the visitor refused consent (no signals); undefined when not stated. */
  consent?: boolean;
  /** False when no SDK report came with the sign-in at all (no device signals were sent); undefined when not stated. */
  reportSent?: boolean;
  /**
   * How many of the signals the rules read (SCORED_SIGNALS in report.ts) the report delivered with a
   * usable value, and which are missing; set by `attemptFromReport` when a report came.
   */
  signalCoverage?: { sent: number; of: number; missing: string[] };
  /**
   * What the report says about the browser it was made in, set by `attemptFromReport` (bounded,
   * client-written): compared with the request (consistency rules) and with earlier sign-ins (traits).
   */
  reported?: ReportedClient;
}

/** The report's own view of its browser and device (report.ts builds it from the SDK's signals). */
export interface ReportedClient {
  /** The report's `user-agent` signal, parsed like the request's (browser + major, OS + major). */
  browser?: string;
  os?: string;
  /** The SDK's device class (`device-type` signal). */
  deviceType?: 'mobile' | 'tablet' | 'desktop';
  /** `navigator.maxTouchPoints` (`touch` signal). */
  touchPoints?: number;
  /** The UTC offset (minutes east) of the local clock (`local-time` signal). */
  clockOffsetMinutes?: number;
  /** Screen as `1920x1080@1/24` (size, pixel ratio, colour depth; `screen` signal). */
  screen?: string;
  /** Cores, memory class and touch as `8c/8GB/touch` (`hardware` and `touch` signals). */
  hardware?: string;
  /** The browser's geolocation (`location` signal, only when the site and the visitor allowed it). */
  location?: { lat: number; lon: number; accuracyKm: number };
}

/** Parsed User-Agent parts (ua-parser-js 1.x). */
export interface ParsedUserAgent {
  browser: string;
  os: string;
  deviceType: string;
}

/** The attempt after normalisation: time as ms, geo filled in, UA parsed. */
export interface NormalizedAttempt extends Omit<LoginAttempt, 'time' | 'asn'> {
  time: number;
  asn?: string;
  lat?: number;
  lon?: number;
  accuracyKm?: number;
  ua: ParsedUserAgent;
}

/** The three outcomes of an assessment, in increasing severity. */
export type Decision = 'allow' | 'challenge' | 'deny';

/** One human-readable reason: which feature, its likelihood ratio (>1 = points to an attacker), and why. */
export interface Reason {
  feature: string;
  ratio: number;
  detail: string;
}

/** A successful sign-in's device class (see sdk/server/risk/device-history.ts); a known device records nothing. */
export type DeviceEvent = 'new' | 'cleared' | 'drift';

/** The result of `engine.assess`. */
export interface Assessment {
  /** Freeman et al. likelihood ratio p(attack)/p(legitimate) times every rule's ratio; 1 is neutral. */
  score: number;
  decision: Decision;
  /** Every contribution, largest ratio first. */
  reasons: Reason[];
  /**
   * The device class a success of this attempt records, classified from this assessment's own reads
   * ('none': a known device, or nothing to classify). Absent when the rules did not read what it
   * needs. Pass the assessment to `record` (or keep it in the MAC'd attempt token) and record reads
   * nothing again; it is as of assessing (the same as classifying at record unless another sign-in of
   * the account was recorded or erased in between). The site's server only, never the browser.
   */
  deviceEvent?: DeviceEvent | 'none';
}

/** What every "Was this you?" event (events.ts) says about the sign-in (no raw report data: what the server observed, parsed). */
export interface RiskEvent {
  userId: string;
  /** When the sign-in happened (ms since the epoch). */
  time: number;
  ip: string;
  /** ISO country of the IP, when known. */
  country?: string;
  /** Browser and OS as parsed from the User-Agent, e.g. `Firefox 128`, `Linux`. */
  browser: string;
  os: string;
  deviceType: string;
  /** The SDK's device id, when one came. */
  deviceId?: string;
  /** The device key that signed the report, when its proof held. */
  deviceKeyId?: string;
}

/** An assessment's event: the sign-in plus the engine's answer. */
export interface AssessedEvent extends RiskEvent {
  assessment: Assessment;
}

/** A recorded sign-in's event: the login id ("this wasn't me" marks it). */
export interface RecordedEvent extends RiskEvent {
  loginId: string;
}

/** The hooks a site may supply in `createRiskEngine({ events })`. */
export interface RiskEventHooks {
  onNewDevice?(event: RecordedEvent): void | Promise<void>;
  onChallenge?(event: AssessedEvent): void | Promise<void>;
  onDeny?(event: AssessedEvent): void | Promise<void>;
  /** Called with whatever a hook threw or rejected with. */
  onError?(error: unknown, hook: 'onNewDevice' | 'onChallenge' | 'onDeny'): void;
}

/** How the site turns a score into a decision. */
export interface RiskPolicy {
  /** Scores at or above this are challenged (default 1: as likely an attacker as this user). */
  challengeAt: number;
  /** Scores at or above this are denied outright (default 1e6). */
  denyAt: number;
  /** What to do when the visitor refused consent: `challenge` (default) or `deny` ("no consent, no login"). */
  onConsentRefused: 'challenge' | 'deny';
  /** What to do when the SDK reports automation (default `challenge`). */
  onAutomation: 'challenge' | 'deny';
  /** Failed-attempt velocity: window, and the counts per user and per IP that trigger a challenge. */
  velocity: { windowMs: number; userFailures: number; ipFailures: number };
  /** Impossible travel: the speed above which travel is implausible, and the distance below which it is ignored. */
  travel: { maxKmh: number; minKm: number };
  /**
   * "Remember this device": how long a bound device key vouches after its latest successful sign-in
   * (default 90 days; the service keeps it within the retention period).
   */
  rememberDeviceMs: number;
}

/** Everything a rule may look at; gathered by the engine in one round of store reads. */
export interface RuleInput {
  attempt: NormalizedAttempt;
  profile: ProfileCounts;
  lastSuccess: { time: number; ip: string; lat?: number; lon?: number } | undefined;
  failures: { user: number; ip: number };
  policy: RiskPolicy;
  /** The account's binding of the attempt's device key, when the proof held and the key is bound and not expired. */
  deviceKey?: DeviceKeyRecord | undefined;
}

/** A rule's verdict: its reasons (each ratio multiplies the score) and an optional minimum decision. */
export interface RuleOutcome {
  reasons: Reason[];
  floor?: Decision;
  /**
   * Set by the device rule for a remembered device (a bound key's valid signature): a score-based
   * `challenge` becomes `allow`; other rules' floors and a score-based `deny` still apply.
   */
  remembered?: boolean;
}

/** One risk rule: a pure function of the gathered input. Rules live one per file in ./rules. */
export interface RiskRule {
  id: string;
  /** The SDK signals (report signal ids) this rule reads, so a signal's stated purpose can be checked against the rules. */
  signals?: readonly string[];
  /** Feature values this rule reads from the profile; `record` adds the same values to the aggregates. */
  features?(attempt: NormalizedAttempt): FeatureValue[];
  /** Feature values this rule reads but `record` does not take from the attempt (the engine records them itself, e.g. the device history's class). */
  reads?(attempt: NormalizedAttempt): readonly FeatureValue[];
  evaluate(input: RuleInput): RuleOutcome;
}

/** Options of `createRiskEngine`. */
export interface RiskEngineOptions {
  store?: Store;
  geo?: GeoResolver;
  policy?: Partial<Omit<RiskPolicy, 'velocity' | 'travel'>> & { velocity?: Partial<RiskPolicy['velocity']>; travel?: Partial<RiskPolicy['travel']> };
  /** Rules to run (default: the registry in ./rules). */
  rules?: readonly RiskRule[];
  /** "Was this you?" hooks: new device, challenge, deny (see events.ts). */
  events?: RiskEventHooks;
}
