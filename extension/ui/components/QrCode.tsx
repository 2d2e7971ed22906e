/** Draws a QR matrix ("1" dark, "0" light, row by row) as one SVG path with a quiet zone. */

const QUIET = 4;

/** The SVG path of the dark modules: one unit square per module, merged per row run. */
export function qrPath(size: number, modules: string): string {
  let d = '';
  for (let y = 0; y < size; y++) {
    let x = 0;
    while (x < size) {
      if (modules[y * size + x] !== '1') {
        x++;
        continue;
      }
      const start = x;
      while (x < size && modules[y * size + x] === '1') x++;
      d += `M${start + QUIET} ${y + QUIET}h${x - start}v1h${start - x}z`;
    }
  }
  return d;
}

/** The QR code, `pixels` wide, black on white whatever the colour scheme (scanners need contrast). */
export function QrCode({ size, modules, label, pixels = 240 }: { size: number; modules: string; label: string; pixels?: number }) {
  const extent = size + QUIET * 2;
  return (
    <svg
      class="qr"
      role="img"
      aria-label={label}
      width={pixels}
      height={pixels}
      viewBox={`0 0 ${extent} ${extent}`}
      shape-rendering="crispEdges"
      data-modules={size}
    >
      <rect width={extent} height={extent} fill="#fff" />
      <path d={qrPath(size, modules)} fill="#000" />
    </svg>
  );
}
