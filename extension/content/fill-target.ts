/**
 * Which fields a code may be written into, decided after the user's gesture: the field the user saw
 * the suggestion under, or nothing. A hostile page gets the code only if it can make us write it
 * somewhere else — a field it swapped in under the box, a hidden input it focused after the click,
 * a field of another document — so the target is re-checked against what was offered, and never
 * re-derived from whatever the page's DOM holds now.
 * Frameworks (React, Vue) may re-render the field between the offer and the click; a replacement
 * is accepted only if it looks like the same field (same type/name/id/autocomplete/inputmode/
 * maxlength) at the same place and the original is gone from the document.
 */

import type { FillTarget } from './fill';
import { findOtpFields } from './otp-fields';

/** What the suggestion was shown for, remembered at offer time. */
export interface OfferedTarget {
  target: FillTarget;
  anchor: HTMLInputElement;
  /** The anchor's viewport box at offer time. */
  rect: { x: number; y: number; width: number; height: number };
  signature: string;
}

/** The outcome: the inputs to fill, or why not. */
export type FillTargetResult = { ok: true; target: FillTarget } | { ok: false; reason: string };

/** Most pixels a re-rendered field may sit away from where the original was. */
const MAX_SHIFT_PX = 8;
const CODE_TYPES = new Set(['', 'text', 'tel', 'number', 'password']);

/** The attributes that make a field "the same field" across a framework re-render. */
export function fieldSignature(input: HTMLInputElement): string {
  return [input.type, input.name, input.id, input.autocomplete, input.inputMode, input.maxLength].join('|');
}

/** Remembers what the suggestion is shown for. */
export function offerTarget(target: FillTarget, anchor: HTMLInputElement): OfferedTarget {
  const r = anchor.getBoundingClientRect();
  return { target: { inputs: [...target.inputs] }, anchor, rect: { x: r.x, y: r.y, width: r.width, height: r.height }, signature: fieldSignature(anchor) };
}

function isInput(node: unknown): node is HTMLInputElement {
  return typeof node === 'object' && node !== null && (node as Element).nodeType === 1 && (node as Element).localName === 'input';
}

function fillable(input: HTMLInputElement): string | null {
  if (!input.isConnected) return 'the field is gone';
  if (input.disabled || input.readOnly) return 'the field no longer accepts input';
  if (!CODE_TYPES.has((input.getAttribute('type') ?? '').toLowerCase())) return 'the field changed type';
  const r = input.getBoundingClientRect();
  if (r.width <= 0 || r.height <= 0) return 'the field is hidden';
  return null;
}

/**
 * The inputs to fill now for `offered`, given `anchor` (the field focused now, or the offered one
 * when focus is inside the suggestion). `rescan` finds the page's code fields afresh (default:
 * findOtpFields on the offered field's document); it is used only when the offered inputs were
 * re-rendered, and its answer must contain the anchor.
 */
export function resolveFillTarget(
  offered: OfferedTarget,
  anchor: unknown,
  rescan: () => FillTarget[] = () => findOtpFields(offered.anchor.ownerDocument),
): FillTargetResult {
  if (!isInput(anchor)) return { ok: false, reason: 'no code field has focus' };
  if (anchor.ownerDocument !== offered.anchor.ownerDocument) return { ok: false, reason: 'the field belongs to another document' };
  if (anchor !== offered.anchor) {
    // Only a re-render may replace the field: the original gone, the new one the same field, in place.
    if (offered.anchor.isConnected) return { ok: false, reason: 'focus moved to another field' };
    const r = anchor.getBoundingClientRect();
    const shifted = Math.abs(r.x - offered.rect.x) > MAX_SHIFT_PX || Math.abs(r.y - offered.rect.y) > MAX_SHIFT_PX;
    if (fieldSignature(anchor) !== offered.signature || shifted) return { ok: false, reason: 'the field was replaced by a different one' };
  }
  const problem = fillable(anchor);
  if (problem) return { ok: false, reason: problem };
  const intact = anchor === offered.anchor && offered.target.inputs.every((i) => i.isConnected) && offered.target.inputs.includes(anchor);
  const target = intact ? offered.target : rescan().find((t) => t.inputs.includes(anchor));
  if (!target) return { ok: false, reason: 'the field is no longer a code field' };
  if (target.inputs.length !== offered.target.inputs.length) return { ok: false, reason: 'the code fields changed' };
  // Split boxes may include a visually hidden input a component types through: no size check there.
  if (target.inputs.some((i) => !i.isConnected || i.disabled || i.readOnly)) return { ok: false, reason: 'the field no longer accepts input' };
  return { ok: true, target };
}
