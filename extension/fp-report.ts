/**
 * The fingerprint-observation batch as it crosses boundaries: the detector (page world) → bridge
 * (isolated world) → background. Validated with valibot at both hops, because a page can forge the
 * channel's events. A forged batch can only describe the forging page: the background keys every
 * observation by the sender's real origin (from `sender`), never by anything in the batch.
 */
import * as v from 'valibot';
import { ValidationError } from '../sdk/protocol/errors';
import { FINGERPRINT_APIS, FINGERPRINT_KINDS, type FingerprintApi, type FingerprintKind } from './content/fp-kinds';

/** Largest batch JSON accepted from the page (the detector's own batches are far smaller). */
export const MAX_BATCH_JSON_CHARS = 32_768;
/** Most observations in one batch. */
export const MAX_BATCH_OBSERVATIONS = 64;
/** Highest count one observation may carry (a page cannot inflate the ledger without bound). */
export const MAX_OBSERVATION_COUNT = 1_000_000;

/**
 * Builds the schemas. Deferred to the first validation (see `schemas`): this module runs in the
 * document_start bridge in every frame, and building valibot schemas there (compiling each factory
 * it calls) cost ~1.4 ms per page load in Chromium, on pages that mostly never send a batch.
 */
function buildSchemas() {
  const scriptOrigin = v.union([
    v.pipe(v.string(), v.maxLength(300), v.regex(/^https?:\/\/(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/, 'an http(s) origin')),
    v.literal('null'),
  ]);
  const observation = v.object({
    kind: v.picklist(FINGERPRINT_KINDS),
    scriptOrigin,
    count: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_OBSERVATION_COUNT)),
    apis: v.pipe(v.array(v.picklist(FINGERPRINT_APIS)), v.maxLength(FINGERPRINT_APIS.length)),
  });
  const batch = v.object({
    v: v.literal(1),
    observations: v.pipe(v.array(observation), v.minLength(1), v.maxLength(MAX_BATCH_OBSERVATIONS)),
  });
  return { observation, batch };
}

let built: ReturnType<typeof buildSchemas> | undefined;
const schemas = () => (built ??= buildSchemas());

/** One batch from the detector (wire version 1). */
export const FingerprintBatchSchema = v.lazy(() => schemas().batch);

/** A validated observation. */
export type FingerprintObservation = v.InferOutput<ReturnType<typeof buildSchemas>['observation']>;
/** A validated batch. */
export type FingerprintBatch = v.InferOutput<ReturnType<typeof buildSchemas>['batch']>;

/** Whether a script belongs to the site's own registrable domain or to someone else. */
export type Party = 'first-party' | 'third-party';

/** Counts for one technique. */
export interface KindTally {
  count: number;
  firstSeen: number;
  lastSeen: number;
  apis: FingerprintApi[];
}

/** Everything the ledger holds about one script origin on one site (background store, UI). */
export interface FingerprintRecord {
  /** The observing frame's own origin (the sender frame's, from `sender`), e.g. `https://news.example`. */
  site: string;
  /** Origin of the calling script. */
  scriptOrigin: string;
  party: Party;
  kinds: Partial<Record<FingerprintKind, KindTally>>;
  firstSeen: number;
  lastSeen: number;
  /**
   * Top-level sites whose pages embedded the observing frame, when `site` is a sub-frame's own
   * origin (shown as "inside <top site>"); newest last, at most MAX_INSIDE_OF. Absent for top-level pages.
   */
  insideOf?: string[];
}

/** Most top-level sites remembered per record in `insideOf`. */
export const MAX_INSIDE_OF = 20;

/**
 * Parses and validates a batch received on the page channel; throws ValidationError (code
 * `invalid_input`) for anything that is not a well-formed batch.
 */
export function parseFingerprintBatch(json: string): FingerprintBatch {
  if (json.length > MAX_BATCH_JSON_CHARS) {
    throw new ValidationError('The fingerprint batch', [`it is ${json.length} characters long; at most ${MAX_BATCH_JSON_CHARS} are accepted`]);
  }
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new ValidationError('The fingerprint batch', ['it is not JSON']);
  }
  const result = v.safeParse(FingerprintBatchSchema, data);
  if (!result.success) {
    throw new ValidationError(
      'The fingerprint batch',
      result.issues.slice(0, 5).map((i) => `${v.getDotPath(i) ?? '(root)'}: ${i.message}`),
    );
  }
  return result.output;
}

/** Most batches one page load may forward (the detector sends at most one a second while busy). */
export const MAX_BATCHES_PER_PAGE = 600;

/**
 * The bridge's core: validates raw channel messages and hands well-formed batches to `forward`, at
 * most `cap` per page load; forged or malformed ones are dropped silently (nothing is recorded).
 */
export function createBatchForwarder(forward: (batch: FingerprintBatch) => void, cap = MAX_BATCHES_PER_PAGE): (json: string) => void {
  let forwarded = 0;
  return (json) => {
    if (forwarded >= cap) return;
    let batch: FingerprintBatch;
    try {
      batch = parseFingerprintBatch(json);
    } catch {
      return;
    }
    forwarded++;
    forward(batch);
  };
}
