/** Reads a chosen file for `accounts.import`: text when it is UTF-8, else base64 (messages are JSON in Chrome). */

/** Base64 of `bytes` with the platform's btoa (keeps a base64 library out of the popup's bundle). */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode(...all) overflows the argument limit on a file of a few hundred KB.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The file's content in the shape `accounts.import` takes. */
export async function readFileForImport(file: File): Promise<{ kind: 'text'; text: string } | { kind: 'base64'; base64: string }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    return { kind: 'text', text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { kind: 'base64', base64: toBase64(bytes) };
  }
}
