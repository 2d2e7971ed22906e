/**
 * Reads the page's own QR-sized images for the popup's "Scan QR code": injected by the background
 * into the tab's top frame only when the user asks for a scan (never loaded with the page): every `<img>`, `<canvas>` and `<svg>` that could hold a QR code, on screen or
 * not, drawn on white into a canvas of ours and handed back as PNG data URLs. The background decodes
 * them (jsQR stays out of this script, which every page loads). An image from another origin
 * taints our canvas (the browser forbids reading it): counted, so the popup can say why instead of
 * "no QR code". Nothing here decides anything: the background parses and validates what it gets.
 */

/** What the background gets back. */
export interface PageQrImages {
  images: string[];
  /** Candidate images the browser would not let us read (cross-origin, no CORS). */
  tainted: number;
}

/** Sides (CSS px) an element needs to be a QR candidate: a version-1 code is 21 modules wide. */
export const MIN_SIDE = 21;
/** At most this many candidates, the largest and squarest first (a page is not a photo album). */
export const MAX_CANDIDATES = 8;
/** Longest side drawn (larger images are scaled down; QR modules survive that easily). */
export const MAX_DRAWN_SIDE = 1024;

type Candidate = { element: HTMLImageElement | HTMLCanvasElement | SVGSVGElement; width: number; height: number };

function sizeOf(element: Element): { width: number; height: number } {
  if (element instanceof HTMLImageElement) return { width: element.naturalWidth, height: element.naturalHeight };
  if (element instanceof HTMLCanvasElement) return { width: element.width, height: element.height };
  const box = element.getBoundingClientRect();
  return { width: box.width, height: box.height };
}

/** QR-sized elements, roughly square, largest first. */
export function qrCandidates(doc: Document): Candidate[] {
  const found: Candidate[] = [];
  for (const element of doc.querySelectorAll<HTMLImageElement | HTMLCanvasElement | SVGSVGElement>('img, canvas, svg')) {
    if (element instanceof SVGSVGElement && element.ownerSVGElement) continue; // nested svg: its outer one is drawn
    if (element instanceof HTMLImageElement && !element.complete) continue;
    const { width, height } = sizeOf(element);
    if (width < MIN_SIDE || height < MIN_SIDE) continue;
    if (Math.max(width, height) / Math.min(width, height) > 2) continue; // a banner, not a code
    found.push({ element, width, height });
  }
  return found.sort((a, b) => Math.min(b.width, b.height) - Math.min(a.width, a.height)).slice(0, MAX_CANDIDATES);
}

/** An `<svg>` as an image: serialised with its size, loaded from a data URL (no request leaves the page). */
async function svgImage(svg: SVGSVGElement, width: number, height: number): Promise<HTMLImageElement> {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  const image = new Image(width, height);
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(copy))}`;
  await image.decode();
  return image;
}

/** Draws one candidate on white and returns it as PNG, or 'tainted' when the browser refuses the read. */
async function drawn(candidate: Candidate, doc: Document): Promise<string | 'tainted' | null> {
  const scale = Math.min(1, MAX_DRAWN_SIDE / Math.max(candidate.width, candidate.height));
  const width = Math.max(1, Math.round(candidate.width * scale));
  const height = Math.max(1, Math.round(candidate.height * scale));
  const canvas = doc.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) return null;
  // White first: a transparent QR would read as black on black (jsQR ignores alpha).
  context.fillStyle = '#fff';
  context.fillRect(0, 0, width, height);
  try {
    const source = candidate.element instanceof SVGSVGElement ? await svgImage(candidate.element, candidate.width, candidate.height) : candidate.element;
    context.drawImage(source, 0, 0, width, height);
  } catch {
    return null; // an SVG that does not load as an image
  }
  try {
    return canvas.toDataURL('image/png');
  } catch {
    return 'tainted';
  }
}

/** The page's QR candidates as PNG data URLs, and how many could not be read. */
export async function collectQrImages(doc: Document): Promise<PageQrImages> {
  const out: PageQrImages = { images: [], tainted: 0 };
  for (const candidate of qrCandidates(doc)) {
    const result = await drawn(candidate, doc);
    if (result === 'tainted') out.tainted++;
    else if (result) out.images.push(result);
  }
  return out;
}

/** Where the injected script leaves `collectQrImages` for the background's second call (the extension's isolated world only). */
export const QR_COLLECT_GLOBAL = '__twofoldCollectQr';
