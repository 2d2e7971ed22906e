import { ConsentRequiredError, TwofoldError } from '../protocol/errors';
import type { InspectReport, SignalReport } from '../protocol/report';
import type { SignalMeta } from '../protocol/signals';
import { relayAnnouncements } from './announce-relay';
import { showBanner } from './consent/banner';
import { createConsentController, type ConsentApi } from './consent/controller';
import { readGpc } from './consent/receipt';
import { pageStorage, type ConsentStorage } from './consent/storage';
import { listenToCmp } from './consent/tcf';
import { resolveOptions, type InitOptions, type ResolvedOptions } from './options';
import type { Collector } from './collector';
import { fetchCollector } from './load-collector';
import { attachToForm, createSealer, type NonceSource } from './seal';
import { activeSignals, metaOf, SIGNAL_INFOS } from './signals/catalogue';
import type { SignalInfo } from './signals/types';

/** The object `Twofold.init()` returns. */
export interface TwofoldInstance {
  /** Validated options with defaults (site, consent mode, locale, publicKey …). */
  readonly options: ResolvedOptions;
  /** Metadata of the signals this instance collects once granted (location only if opted in). */
  readonly signals: SignalMeta[];
  readonly consent: ConsentApi;
  /** Collects every signal; rejects with ConsentRequiredError unless consent is granted. */
  collect(): Promise<SignalReport>;
  /** collect() plus each signal's metadata, for developers. */
  inspect(): Promise<InspectReport>;
  /** Collects (consent-gated) and seals the report to the site's key, bound to a server nonce. */
  seal(options: { nonce: NonceSource }): Promise<string>;
  /** On submit, adds a freshly sealed report to `form` as the hidden field `twofold_sealed`; returns a detach function. */
  attach(form: HTMLFormElement, options: { nonce: NonceSource }): () => void;
  /**
   * Hands the SDK what the site's server returned from `POST /twofold/record` (`rightsToken`, and
   * `receipt` as the signature), so the announcement to the Twofold extension carries them. Held in
   * memory only, never stored; dropped when consent is withdrawn.
   */
  setRightsToken(token: string, signature?: string): void;
}

/** Test seams: a different storage, registry, collector or event target. Pages never pass these. */
export interface InitDependencies {
  storage?: ConsentStorage;
  /** The signals asked for (default: every signal in signals/catalogue.ts). */
  registry?: readonly SignalInfo[];
  /** Provides the collector (default: fetch the second stage next to the loader, after consent). */
  collector?: () => Promise<Collector>;
  /** Where announcement events are listened for and dispatched (default `document`). */
  events?: EventTarget;
}

function whenBodyReady(run: () => void): void {
  if (document.body) run();
  else document.addEventListener('DOMContentLoaded', run, { once: true });
}

/**
 * Creates the SDK. Reads nothing: no storage, no fingerprinting surface, no network. Only in
 * banner mode does it read the one remembered-choice entry, to decide whether to show the banner.
 * The collector (FingerprintJS, the signals, sealing) is fetched as soon as consent is granted.
 */
export function init(input: InitOptions, deps: InitDependencies = {}): TwofoldInstance {
  const options = resolveOptions(input);
  const signals = activeSignals({ location: options.location }, deps.registry ?? SIGNAL_INFOS);
  // One collector load per instance (a failed one is retried on the next use), started the moment
  // consent is granted (below) rather than on the first collect(): the fetch and the script's
  // compile then overlap whatever the page does before it collects, e.g. the visitor typing.
  let collectorLoad: Promise<Collector> | null = null;
  const loadCollector = (): Promise<Collector> =>
    (collectorLoad ??= (deps.collector ?? fetchCollector)().then(
      (collector) => {
        // The announcer is the collector's; hand it what happened while the collector loaded.
        announcements.arrived(collector.createAnnouncer({ site: options.site, controller: options.controller, target: deps.events }));
        return collector;
      },
      (err: unknown) => {
        collectorLoad = null;
        throw err;
      },
    ));
  const signalMeta = signals.map(metaOf);
  const controller = createConsentController({
    method: options.consent,
    site: options.site,
    origin: location.origin,
    jurisdiction: options.jurisdiction,
    controller: options.controller,
    signals: signalMeta,
    storage: deps.storage ?? pageStorage(),
    // The collector is requested as consent is given, before the receipt's storage (see onGrant).
    onGrant: () => void loadCollector().catch(() => {}), // a failure surfaces from collect()
  });
  // Talks to the Twofold extension (docs/announce-protocol.md); silent until a consented collection.
  // The announcements are built in the collector; this relays to it (announce-relay.ts).
  const announcements = relayAnnouncements(controller, deps.events ?? document);

  async function collect(): Promise<SignalReport> {
    // Granted means a receipt is set: the controller sets it before it enters that state.
    if (controller.state !== 'granted') throw new ConsentRequiredError(controller.state);
    const collector = await loadCollector();
    // Consent may have been withdrawn while the collector loaded: then nothing is read at all.
    if (controller.state !== 'granted') throw new ConsentRequiredError(controller.state);
    const results = await collector.collectSignals(
      signals.map((s) => s.id),
      { location: options.location, site: options.site },
    );
    const receipt = controller.receipt;
    if (controller.state !== 'granted' || !receipt) {
      // Consent withdrawn while collecting: drop the results and undo anything written meanwhile.
      await controller.wipeLateWrites();
      throw new ConsentRequiredError(controller.state);
    }
    const report: SignalReport = { version: 1, site: options.site, origin: location.origin, collectedAt: new Date().toISOString(), receipt, signals: results };
    announcements.relay((announcer, consent) => announcer.collected(consent, report));
    return report;
  }

  async function inspect(): Promise<InspectReport> {
    const report = await collect();
    return { ...report, meta: Object.fromEntries(signalMeta.map((m) => [m.id, m])) };
  }

  // Sealing goes through collect(), so through consent.
  const seal = createSealer({
    site: options.site,
    publicKey: options.publicKey,
    collect,
    // The collector throws its errors as this loader's TwofoldError (page-error.ts).
    sealReport: async (report, sealOptions) => (await loadCollector()).sealReport(report, { ...sealOptions, pageError: TwofoldError }),
  });
  const tf: TwofoldInstance = {
    options,
    signals: signalMeta,
    consent: controller.api(),
    collect,
    inspect,
    seal,
    attach: (form, sealOptions) => attachToForm(form, () => seal(sealOptions)),
    setRightsToken: announcements.setRightsToken,
  };

  if (options.consent === 'banner' && !controller.restoreBannerChoice()) {
    whenBodyReady(() => {
      if (controller.state !== 'pending') return; // the site answered before the DOM was ready
      const close = showBanner({
        site: options.site,
        locale: options.locale,
        signals,
        controller: options.controller,
        gpc: readGpc(),
        onChoice: (choice) => (choice === 'granted' ? controller.grant() : controller.deny()),
        onDismiss: () => {},
      });
      controller.onChange(() => close());
    });
  }
  if (options.consent === 'tcf') {
    listenToCmp((decision, tcString) => {
      if (decision === 'granted') controller.grant({ tcString });
      else if (controller.state !== 'denied') controller.deny();
    });
  }
  return tf;
}
