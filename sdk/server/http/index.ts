/** The Twofold HTTP handler (node:http / Express / Fastify) and the service behind it. */
export { createTwofoldHandler, type TwofoldHandler, type TwofoldHandlerOptions } from './handler';
export { createTwofoldService, DEFAULT_PURPOSES, type AssessOutcome, type TwofoldService, type TwofoldServiceOptions } from './service';
export { DEFAULT_MAX_BODY_BYTES, clientIp, type TwofoldRequest } from './io';
