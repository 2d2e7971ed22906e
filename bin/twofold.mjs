#!/usr/bin/env node
// `npx twofold …`: runs the bundled CLI (dist/cli/twofold.mjs, built by `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/cli/twofold.mjs', import.meta.url));
if (!existsSync(bundle)) {
  console.error('twofold: the CLI is not built yet. Run `npm run build` in the Twofold repository first.');
  process.exit(1);
}
await import(bundle);
