/** Reads a chosen file for `accounts.import`: text when it is UTF-8, else base64 (messages are JSON in Chrome). */
import { base64 } from '@scure/base';

/** The file's content in the shape `accounts.import` takes. */
export async function readFileForImport(file: File): Promise<{ kind: 'text'; text: string } | { kind: 'base64'; base64: string }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    return { kind: 'text', text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { kind: 'base64', base64: base64.encode(bytes) };
  }
}
