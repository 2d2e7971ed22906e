/** The options page's sync messages (UI tier): status, the on switch (and joining), off. */
import type { HandlerMap } from '../router';
import { readSettings } from '../session';
import type { BackgroundDeps } from '../handlers/deps';
import { syncView } from './engine';
import { disableSync, enableSync } from './enable';

/** The sync handlers over `deps`. */
export function syncHandlers(deps: BackgroundDeps): Pick<HandlerMap, 'sync.status' | 'sync.enable' | 'sync.disable'> {
  return {
    'sync.status': () => syncView(deps),
    'sync.enable': (request) => enableSync({ ...deps, autoLockMinutes: async () => (await readSettings(deps.local)).autoLockMinutes }, request.passphrase),
    'sync.disable': () => disableSync(deps),
  };
}
