/**
 * A minimal protocol-buffers wire-format reader: enough to decode Google Authenticator's
 * MigrationPayload without a schema compiler. Truncated or malformed input throws ProtobufError.
 */

/** A field as found on the wire: varint (wire type 0), bytes/length-delimited (2), or fixed (1, 5). */
export type WireField = { wire: 0; value: bigint } | { wire: 2; bytes: Uint8Array } | { wire: 1 | 5; bytes: Uint8Array };

/** Raised when the bytes are not a well-formed protobuf message. */
export class ProtobufError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtobufError';
  }
}

function readVarint(bytes: Uint8Array, start: number): { value: bigint; next: number } {
  let value = 0n;
  let shift = 0n;
  for (let pos = start; pos < bytes.length && pos < start + 10; pos++) {
    const byte = bytes[pos]!;
    value |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return { value: value & 0xffff_ffff_ffff_ffffn, next: pos + 1 };
    shift += 7n;
  }
  throw new ProtobufError(`a number at byte ${start} is truncated or longer than 10 bytes`);
}

/** Decodes one message into its fields, grouped by field number in wire order. */
export function readMessage(bytes: Uint8Array): Map<number, WireField[]> {
  const fields = new Map<number, WireField[]>();
  let pos = 0;
  while (pos < bytes.length) {
    const key = readVarint(bytes, pos);
    pos = key.next;
    const fieldNumber = Number(key.value >> 3n);
    const wire = Number(key.value & 7n);
    if (fieldNumber === 0 || fieldNumber > 536_870_911) throw new ProtobufError(`invalid field number ${fieldNumber}`);
    let field: WireField;
    if (wire === 0) {
      const varint = readVarint(bytes, pos);
      pos = varint.next;
      field = { wire: 0, value: varint.value };
    } else if (wire === 2) {
      const length = readVarint(bytes, pos);
      pos = length.next;
      const end = pos + Number(length.value);
      if (length.value > BigInt(bytes.length) || end > bytes.length)
        throw new ProtobufError(`field ${fieldNumber} claims ${length.value} bytes but only ${bytes.length - pos} remain`);
      field = { wire: 2, bytes: bytes.subarray(pos, end) };
      pos = end;
    } else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      if (pos + size > bytes.length) throw new ProtobufError(`fixed field ${fieldNumber} is truncated`);
      field = { wire, bytes: bytes.subarray(pos, pos + size) };
      pos += size;
    } else {
      throw new ProtobufError(`unsupported wire type ${wire} for field ${fieldNumber}`);
    }
    const list = fields.get(fieldNumber);
    if (list) list.push(field);
    else fields.set(fieldNumber, [field]);
  }
  return fields;
}

/** The last varint value of a field (proto3 semantics: last one wins), or the default. */
export function varintField(fields: Map<number, WireField[]>, number: number, fallback = 0n): bigint {
  const list = fields.get(number);
  const last = list?.[list.length - 1];
  if (last === undefined) return fallback;
  if (last.wire !== 0) throw new ProtobufError(`field ${number} should be a number`);
  return last.value;
}

/** The last bytes value of a field, or an empty array. */
export function bytesField(fields: Map<number, WireField[]>, number: number): Uint8Array {
  const list = fields.get(number);
  const last = list?.[list.length - 1];
  if (last === undefined) return new Uint8Array(0);
  if (last.wire !== 2) throw new ProtobufError(`field ${number} should be bytes`);
  return last.bytes;
}

/** Every bytes value of a repeated field. */
export function repeatedBytesField(fields: Map<number, WireField[]>, number: number): Uint8Array[] {
  return (fields.get(number) ?? []).map((field) => {
    if (field.wire !== 2) throw new ProtobufError(`field ${number} should be a message`);
    return field.bytes;
  });
}

/** Interprets a 64-bit varint as a signed int32/int64 (two's complement), as protobuf does. */
export function toSigned(value: bigint): bigint {
  return BigInt.asIntN(64, value);
}
