/**
 * Finding the otpauth QR code for the popup's "Scan QR code": first in a screenshot of the tab
 * (what the user sees), then in the page's own `<img>`/`<canvas>`/`<svg>` elements, which a script
 * injected into the tab at that moment draws and sends (so a code cut off at the fold or scrolled
 * away still scans). Its reply comes from the page's process: validated and bounded before decoding.
 */
import * as v from 'valibot';
import { TwofoldError } from '../../sdk/protocol/errors';
import type { PageQrImages } from '../content/qr-collect';
import type { BackgroundDeps } from './handlers/deps';

/** Bounds on what a page can hand the decoder: 8 PNGs of at most ~3 MB each. */
const PageQrSchema = v.object({
  images: v.pipe(v.array(v.pipe(v.string(), v.startsWith('data:image/png;base64,'), v.maxLength(4_000_000))), v.maxLength(8)),
  tainted: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10_000)),
});

/** The content script's reply, or no images when it is missing or malformed. */
export function parsePageQrImages(reply: unknown): PageQrImages {
  const parsed = v.safeParse(PageQrSchema, reply);
  return parsed.success ? parsed.output : { images: [], tainted: 0 };
}

const isOtpauth = (text: string) => /^otpauth(-migration)?:\/\//i.test(text.trim());

async function decoded(deps: Pick<BackgroundDeps, 'decodeQr'>, dataUrl: string): Promise<string | null> {
  try {
    return await deps.decodeQr(dataUrl);
  } catch {
    return null; // no code in this picture
  }
}

/**
 * The text of the tab's otpauth QR code and the tab's URL (for binding). A QR code that is not an
 * otpauth URI is returned as found, so the parser's message says what it is; none at all is a typed
 * error, `qr_tainted` when the only candidates were images the browser would not let us read.
 */
export async function findQrText(
  deps: Pick<BackgroundDeps, 'captureVisibleTab' | 'decodeQr' | 'pageQrImages'>,
  windowId: number | undefined,
): Promise<{ text: string; pageUrl?: string }> {
  // A failed capture (Chrome allows two per second; some pages cannot be captured) leaves the page's images.
  const shot = await deps.captureVisibleTab(windowId).catch(() => null);
  const onScreen = shot ? await decoded(deps, shot.dataUrl) : null;
  const page =
    shot === null || onScreen === null || !isOtpauth(onScreen)
      ? await (deps.pageQrImages?.(windowId) ?? Promise.resolve(undefined)).catch(() => undefined)
      : undefined;
  const pageUrl = shot?.pageUrl ?? page?.pageUrl;
  const withUrl = (text: string) => (pageUrl ? { text, pageUrl } : { text });
  if (onScreen !== null && isOtpauth(onScreen)) return withUrl(onScreen);
  let other = onScreen;
  for (const image of page?.images ?? []) {
    const text = await decoded(deps, image);
    if (text !== null && isOtpauth(text)) return withUrl(text);
    other ??= text;
  }
  if (other !== null) return withUrl(other);
  if ((page?.tainted ?? 0) > 0) {
    throw new TwofoldError(
      'qr_tainted',
      'The QR code is an image from another site, which the browser does not let Twofold read. Open the image in its own tab (right-click → Open image in new tab) and scan again.',
      { status: 422 },
    );
  }
  throw new TwofoldError(
    'qr_not_found',
    'No QR code was found in the current tab, on screen or in its images. Open the page that shows the code and try again.',
    {
      status: 404,
    },
  );
}
