// The server and risk tests read reports in the shape the real SDK sends: the built SDK
// collects in Chromium, and the shapes of the signals the server tests use must equal the committed
// fixture (test/sdk/server/fixtures/sdk-signal-shapes.json), which the unit test
// test/sdk/server/report-shape.test.ts holds helpers/report.ts to. When the SDK's shapes drift, this
// fails; set UPDATE_SDK_SHAPES=1 to rewrite the fixture from the browser, then fix the helper.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signalShapes } from '../sdk/server/helpers/report-shape';
import { startSdkHarness, type SdkHarness } from './helpers/sdk-page';

const FIXTURE = join(import.meta.dirname, '../sdk/server/fixtures/sdk-signal-shapes.json');

let h: SdkHarness;
beforeAll(async () => {
  h = await startSdkHarness();
}, 60_000);
afterAll(async () => {
  await h?.close();
});

it('the built SDK sends the signal shapes the server tests use', async () => {
  const { page } = await h.openPage();
  const report = await page.evaluate(async () => {
    const tf = Twofold.init({ site: 'example.test', consent: 'manual' });
    tf.consent.grant();
    return tf.collect();
  });
  const shapes = signalShapes(report.signals as Record<string, { value?: unknown; error?: unknown }>);
  if (process.env['UPDATE_SDK_SHAPES'] === '1') writeFileSync(FIXTURE, `${JSON.stringify(shapes, null, 2)}\n`);
  expect(shapes).toEqual(JSON.parse(readFileSync(FIXTURE, 'utf8')));
});
