/**
 * e2e helper: where a README screenshot goes. The PNGs under docs/ are checked in, so a plain test
 * run must not rewrite them (a `npm test` would otherwise leave the tree dirty with pixel noise);
 * `npm run screenshots` sets TWOFOLD_SCREENSHOTS=1 to refresh them on purpose. Without it the same
 * screenshot is still taken (the code path stays exercised) but lands in dist/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from './sdk-bundle';

/** True when this run should refresh the checked-in screenshots under docs/. */
export const refreshDocsScreenshots = process.env.TWOFOLD_SCREENSHOTS === '1';

/**
 * Absolute path for the screenshot `relative` (a path under docs/, e.g. 'screenshots/inspector.png'):
 * docs/<relative> when refreshing, else dist/screenshots/docs/<relative>. The directory exists.
 */
export function docsScreenshotPath(relative: string): string {
  const path = refreshDocsScreenshots ? join(REPO_ROOT, 'docs', relative) : join(REPO_ROOT, 'dist', 'screenshots', 'docs', relative);
  mkdirSync(dirname(path), { recursive: true });
  return path;
}
