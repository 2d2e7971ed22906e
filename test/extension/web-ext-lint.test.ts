// `web-ext lint` (Mozilla's add-on linter, offline) on the built Firefox extension must report 0
// errors. Runs inside `npm test`, which builds dist/ first.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import webExt from 'web-ext';

const sourceDir = fileURLToPath(new URL('../../dist/firefox', import.meta.url));

describe('web-ext lint dist/firefox', () => {
  it('reports 0 errors', async () => {
    expect(existsSync(`${sourceDir}/manifest.json`), 'dist/firefox is missing: run `node build.mjs` first').toBe(true);
    const result = await webExt.cmd.lint(
      { sourceDir, output: 'none', boring: true, selfHosted: false, metadata: false, pretty: false, warningsAsErrors: false },
      { shouldExitProgram: false },
    );
    const errors = result.errors.map((e) => `${e.code} ${e.file ?? ''}: ${e.message}`);
    console.log(
      `web-ext lint: ${result.summary.errors} errors, ${result.summary.warnings} warnings (${[...new Set(result.warnings.map((w) => w.code))].join(', ')})`,
    );
    expect(errors).toEqual([]);
  }, 60_000);
});
