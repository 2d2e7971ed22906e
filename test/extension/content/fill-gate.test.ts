import { describe, expect, it } from 'vitest';
import {
  ARM_MS,
  FOREIGN_TOP_LAYER_MS,
  MAX_RETAKES,
  gateActivate,
  gateStep,
  initialGate,
  phaseAt,
  type ActivationEvidence,
  type GateState,
} from '../../../extension/content/fill-gate';

const RECT = { x: 10, y: 40, width: 300, height: 152 };
const clean = (at: number, over: Partial<ActivationEvidence> = {}): ActivationEvidence => ({
  at,
  hostLastInTopLayer: true,
  minOpacity: 1,
  styleTamper: null,
  rect: RECT,
  occlusionFreeSinceArm: true,
  ...over,
});

describe('fill gate (fake clock)', () => {
  it('goes shown → armed after ARM_MS unmoved → confirmed on one clean activation', () => {
    let g = initialGate(1000, RECT);
    expect(phaseAt(g, 1000 + ARM_MS - 1)).toBe('shown');
    expect(gateActivate(g, clean(1000 + ARM_MS - 1)).verdict).toEqual({ ok: false, reason: 'not-armed' });
    expect(phaseAt(g, 1000 + ARM_MS)).toBe('armed');
    const { state, verdict } = gateActivate(g, clean(1000 + ARM_MS));
    expect(verdict).toEqual({ ok: true });
    g = state;
    expect(phaseAt(g, 5000)).toBe('confirmed');
    // One box, one fill: a second activation (a double click) is not a second consent.
    expect(gateActivate(g, clean(5000)).verdict).toEqual({ ok: false, reason: 'not-armed' });
  });

  it('re-arms on every move and on every visibility change; sub-pixel jitter is not a move', () => {
    let g = initialGate(0, RECT);
    g = gateStep(g, { type: 'layout', at: 300, rect: { ...RECT, x: RECT.x + 0.4 } });
    expect(phaseAt(g, ARM_MS)).toBe('armed');
    g = gateStep(g, { type: 'layout', at: 500, rect: { ...RECT, y: 200 } });
    expect(phaseAt(g, 500 + ARM_MS - 1)).toBe('shown');
    expect(gateActivate(g, clean(600, { rect: { ...RECT, y: 200 } })).verdict).toEqual({ ok: false, reason: 'not-armed' });
    // The page slides the box under the pointer right before the click: the rect at click time differs.
    const armed = gateStep(initialGate(0, RECT), { type: 'visibility', at: 0, visible: true });
    expect(gateActivate(armed, clean(2000, { rect: { ...RECT, x: 400 } })).verdict).toEqual({ ok: false, reason: 'moved' });
    g = gateStep(initialGate(0, RECT), { type: 'visibility', at: 1000, visible: false });
    expect(gateActivate(g, clean(5000)).verdict).toEqual({ ok: false, reason: 'not-visible' });
    g = gateStep(g, { type: 'visibility', at: 5000, visible: true });
    expect(gateActivate(g, clean(5000 + ARM_MS - 1)).verdict).toEqual({ ok: false, reason: 'not-armed' });
    expect(gateActivate(g, clean(5000 + ARM_MS)).verdict).toEqual({ ok: true });
  });

  it('refuses when anything foreign is in or recently entered the top layer, and blocks after repeated re-takes', () => {
    let g: GateState = initialGate(0, RECT);
    expect(gateActivate(g, clean(1000, { hostLastInTopLayer: false })).verdict).toEqual({ ok: false, reason: 'top-layer' });
    g = gateStep(g, { type: 'foreignTopLayer', at: 1000 });
    // The entry re-armed the gate; even after ARM_MS the 150 ms rule holds for a late entry.
    expect(gateActivate(g, clean(1000 + ARM_MS)).verdict).toEqual({ ok: true });
    g = { ...g, since: 0 };
    expect(gateActivate(g, clean(1000 + FOREIGN_TOP_LAYER_MS - 1)).verdict).toEqual({ ok: false, reason: 'top-layer' });
    for (let i = 1; i <= MAX_RETAKES; i++) g = gateStep(g, { type: 'foreignTopLayer', at: 2000 + i });
    expect(g.phase).toBe('blocked');
    expect(gateActivate(g, clean(99_999)).verdict).toEqual({ ok: false, reason: 'blocked' });
  });

  it('refuses transparent, filtered, transformed or occluded boxes', () => {
    const g = initialGate(0, RECT);
    const at = ARM_MS + 10;
    expect(gateActivate(g, clean(at, { minOpacity: 0 })).verdict).toEqual({ ok: false, reason: 'transparent' });
    expect(gateActivate(g, clean(at, { minOpacity: 0.89 })).verdict).toEqual({ ok: false, reason: 'transparent' });
    expect(gateActivate(g, clean(at, { minOpacity: Number.NaN })).verdict).toEqual({ ok: false, reason: 'transparent' });
    expect(gateActivate(g, clean(at, { styleTamper: '<html> has filter opacity(0)' })).verdict).toEqual({ ok: false, reason: 'styled' });
    expect(gateActivate(g, clean(at, { occlusionFreeSinceArm: false })).verdict).toEqual({ ok: false, reason: 'occluded' });
    // Firefox: no IntersectionObserver v2 — unknown is not a refusal by itself; the other checks stand.
    expect(gateActivate(g, clean(at, { occlusionFreeSinceArm: null })).verdict).toEqual({ ok: true });
  });

  it('tampering blocks for good: no later observation unblocks it', () => {
    let g = gateStep(initialGate(0, RECT), { type: 'tampered', at: 10, what: 'the page removed the suggestion' });
    expect(g).toMatchObject({ phase: 'blocked', blockedBecause: 'the page removed the suggestion' });
    g = gateStep(g, { type: 'shown', at: 20, rect: RECT });
    g = gateStep(g, { type: 'visibility', at: 30, visible: true });
    expect(gateActivate(g, clean(10_000)).verdict).toEqual({ ok: false, reason: 'blocked' });
  });
});
