/**
 * Small random values (seal nonces, token ids, AES-GCM IVs) from a pooled CSPRNG buffer, as node's
 * own randomUUID does: one randomFillSync per 4 KB instead of one per value, each pooled byte handed
 * out once and then overwritten. Three to four values per sign-in each paid a synchronous call into
 * the CSPRNG (~1 % of a server's CPU under the load bench).
 */
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

/** `length` fresh random bytes (at most 256) in a new Buffer. */
export function pooledRandomBytes(length: number): Buffer {
  if (!Number.isInteger(length) || length < 0 || length > 256) throw new RangeError(`pooledRandomBytes serves 0 to 256 bytes, not ${length}`);
  if (offset + length > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const out = Buffer.from(pool.subarray(offset, offset + length));
  // Never handed out twice, even if the pool were read again before its refill.
  pool.fill(0, offset, offset + length);
  offset += length;
  return out;
}
