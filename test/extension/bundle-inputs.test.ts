// What the extension's page-facing scripts carry: content.js and announce.js are parsed in every
// frame of every page, and background.js / panel.js only verify and sign, so none of them may pull
// in the HPKE library (the server's unsealing). It came in once through a base64 import of
// sdk/protocol/rights.ts from seal.ts instead of seal-envelope.ts: 6-8 KB more per frame.
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const inputs = async (entry: string) =>
  Object.keys(
    (await build({ entryPoints: [entry], absWorkingDir: root, bundle: true, platform: 'browser', write: false, metafile: true, logLevel: 'silent' })).metafile
      .inputs,
  );

describe('extension bundles', () => {
  it.each(['extension/content/index.ts', 'extension/content/announce-start.ts', 'extension/background/index.ts', 'extension/ui/devtools/index.tsx'])(
    '%s carries no HPKE library',
    async (entry) => {
      expect((await inputs(entry)).filter((path) => path.includes('@hpke/'))).toEqual([]);
    },
  );

  it('the check can fail: the server-side sealing module does pull it in', async () => {
    expect((await inputs('sdk/protocol/seal.ts')).some((path) => path.includes('@hpke/'))).toBe(true);
  });
});
