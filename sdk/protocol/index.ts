/**
 * sdk/protocol: the only code imported by the browser SDK, the server library and the extension.
 * Schemas (valibot) with inferred types, the error classes and wire constants.
 */
export * from './errors';
export * from './signals';
export * from './receipt';
export * from './report';
export * from './validate';
export * from './seal';
export * from './device-proof';
export * from './device-proof-schema';
export * from './rights';
export * from './announce';
