/**
 * Test seam: a collector running a fake signal registry in-process (pages fetch the real one,
 * sdk/browser/collector.ts, after consent). `loads` counts how often init() asked for it.
 */
import { createAnnouncer } from '../../../../sdk/browser/announce';
import type { Collector } from '../../../../sdk/browser/collector';
import { runSignals } from '../../../../sdk/browser/collect';
import type { Signal } from '../../../../sdk/browser/signals/types';
import { version } from '../../../../sdk/browser/version';
import { rawPublicKey } from '../../../../sdk/browser/seal-key';
import { sealReport } from '../../../../sdk/protocol/seal-envelope';

export function collectorOf(registry: readonly Signal[]): (() => Promise<Collector>) & { loads: number } {
  const load = Object.assign(
    async (): Promise<Collector> => {
      load.loads++;
      return {
        version,
        createAnnouncer,
        // In-process, so its errors are already the loader's own class (the real collector's are
        // rethrown as `pageError`, page-error.ts).
        sealReport: (report, { pageError: _sameBuild, ...options }) => sealReport(report, { ...options, publicKey: rawPublicKey(options.publicKey) }),
        collectSignals: (ids, ctx) =>
          runSignals(
            registry.filter((s) => ids.includes(s.id)),
            ctx,
          ),
      };
    },
    { loads: 0 },
  );
  return load;
}
