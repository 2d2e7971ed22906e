/**
 * The countdown ring beside a TOTP code: the arc shrinks as the code's period runs out. One element
 * per row, drawn by CSS (a conic gradient masked to a ring, see .ring in styles.css) from the
 * `--ring` variable: 200 rows cost 200 elements and one style each, where an SVG ring cost three
 * elements and ~17 attributes per row to create and diff as the popup opens.
 */

/** Remaining fraction (0–1) of a code's period at `nowMs`. */
export function remainingFraction(validUntil: number, periodSeconds: number, nowMs: number): number {
  const left = (validUntil - nowMs) / (periodSeconds * 1000);
  return Math.min(1, Math.max(0, left));
}

/** A ring showing `fraction` of the period left, with the seconds as its accessible label. */
export function Ring({ fraction, seconds, label }: { fraction: number; seconds: number; label: string }) {
  // A string style is one cssText write; an object style would diff one property per render.
  return (
    <span class={fraction < 0.2 ? 'ring ring-low' : 'ring'} role="img" aria-label={label} data-seconds={seconds} style={`--ring:${fraction.toFixed(3)}`} />
  );
}
