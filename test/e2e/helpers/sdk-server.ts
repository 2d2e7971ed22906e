/**
 * e2e helper: a loopback server for SDK tests in any browser. It serves the blank test page and the
 * built SDK (dist/sdk/, built first when stale) and logs every request path it receives, so a test
 * can prove what the page fetched (e.g. that the collector was not requested before consent).
 */
import { sdkPages } from './sdk-bundle';
import { TEST_PAGE } from './sdk-page';
import { startTestServer, type TestServer } from './server';

/** The server plus its request log (paths, in arrival order; `/favicon.ico` left out). */
export interface SdkTestServer extends TestServer {
  requests: string[];
}

/** Starts the server; `extraPages` adds inline pages (path → HTML). */
export async function sdkTestServer(extraPages: Record<string, string> = {}): Promise<SdkTestServer> {
  const requests: string[] = [];
  const server = await startTestServer({
    handlers: [
      (_req, _res, url) => {
        if (url.pathname !== '/favicon.ico') requests.push(url.pathname);
        return false;
      },
    ],
    pages: { ...(await sdkPages()), '/page.html': TEST_PAGE, ...extraPages },
  });
  return Object.assign(server, { requests });
}
