/** The countdown ring beside a TOTP code: the arc shrinks as the code's period runs out. */

const RADIUS = 9;
const CIRCUMFERENCE = 2 * Math.PI * RADIUS;

/** Remaining fraction (0–1) of a code's period at `nowMs`. */
export function remainingFraction(validUntil: number, periodSeconds: number, nowMs: number): number {
  const left = (validUntil - nowMs) / (periodSeconds * 1000);
  return Math.min(1, Math.max(0, left));
}

/** An SVG ring showing `fraction` of the period left, with the seconds as its accessible label. */
export function Ring({ fraction, seconds, label }: { fraction: number; seconds: number; label: string }) {
  return (
    <svg class={`ring${fraction < 0.2 ? ' ring-low' : ''}`} width="24" height="24" viewBox="0 0 24 24" role="img" aria-label={label} data-seconds={seconds}>
      <circle class="ring-track" cx="12" cy="12" r={RADIUS} />
      <circle
        class="ring-arc"
        cx="12"
        cy="12"
        r={RADIUS}
        stroke-dasharray={CIRCUMFERENCE}
        stroke-dashoffset={CIRCUMFERENCE * (1 - fraction)}
        transform="rotate(-90 12 12)"
      />
    </svg>
  );
}
