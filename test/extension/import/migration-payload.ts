/**
 * A tiny protobuf *encoder* for tests, written independently of the importer's decoder, to build
 * `otpauth-migration://` exports the public fixtures lack (multi-batch, MD5, 8 digits, SHA512).
 */

function varint(value: bigint): number[] {
  let v = BigInt.asUintN(64, value);
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}

function key(field: number, wire: number): number[] {
  return varint(BigInt((field << 3) | wire));
}

function bytesField(field: number, bytes: Uint8Array | number[]): number[] {
  return [...key(field, 2), ...varint(BigInt(bytes.length)), ...bytes];
}

function intField(field: number, value: number | bigint): number[] {
  return [...key(field, 0), ...varint(BigInt(value))];
}

/** One account of a migration payload (enum codes as in Google's proto). */
export interface OtpParameters {
  secret: Uint8Array;
  name: string;
  issuer?: string;
  algorithm?: number;
  digits?: number;
  type?: number;
  counter?: number;
}

/** Encodes a MigrationPayload. */
export function encodePayload(params: OtpParameters[], batch: { size?: number; index?: number; id?: number } = {}): Uint8Array {
  const utf8 = new TextEncoder();
  const out: number[] = [];
  for (const p of params) {
    const inner = [
      ...bytesField(1, p.secret),
      ...bytesField(2, utf8.encode(p.name)),
      ...(p.issuer ? bytesField(3, utf8.encode(p.issuer)) : []),
      ...intField(4, p.algorithm ?? 1),
      ...intField(5, p.digits ?? 1),
      ...intField(6, p.type ?? 2),
      ...(p.counter !== undefined ? intField(7, p.counter) : []),
    ];
    out.push(...bytesField(1, inner));
  }
  out.push(...intField(2, 1), ...intField(3, batch.size ?? 1), ...intField(4, batch.index ?? 0), ...intField(5, batch.id ?? -123456));
  return Uint8Array.from(out);
}

/** Wraps a payload as an export URL (base64, URL-encoded as Google does). */
export function migrationUrl(payload: Uint8Array): string {
  const base64 = btoa(String.fromCharCode(...payload));
  return `otpauth-migration://offline?data=${encodeURIComponent(base64)}`;
}
