/** The Twofold HTTP handler (node:http / Express / Fastify) and the service behind it. */
export { createTwofoldHandler, type TwofoldHandler, type TwofoldHandlerOptions } from './handler';
export { createTwofoldService, DEFAULT_PURPOSES, type AssessOutcome, type RecordResult, type TwofoldService, type TwofoldServiceOptions } from './service';
export type { SignInRequest } from './open';
export { compileTrustProxy, type TrustProxy } from './proxy';
export { DEFAULT_MAX_BODY_BYTES, clientIp, hasApiKey, type TwofoldRequest } from './io';
export { DEFAULT_REQUEST_LIMITS, RateLimitedError, type RateLimit, type RequestLimits, type RequestLimitsOption } from './limits';
