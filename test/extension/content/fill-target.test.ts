// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { offerTarget, resolveFillTarget } from '../../../extension/content/fill-target';

function layout(input: HTMLInputElement, x = 10, y = 10) {
  vi.spyOn(input, 'getBoundingClientRect').mockReturnValue({
    x,
    y,
    top: y,
    left: x,
    bottom: y + 20,
    right: x + 100,
    width: 100,
    height: 20,
    toJSON: () => ({}),
  });
}
function page(html: string): HTMLInputElement[] {
  document.body.innerHTML = html;
  const inputs = [...document.querySelectorAll('input')];
  inputs.forEach((i, n) => {
    layout(i, 10 + n * 30);
  });
  return inputs;
}
afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

describe('resolveFillTarget: the field the user saw, or nothing', () => {
  it('fills the offered field when it is still there and focused', () => {
    const [code] = page('<input id="code" autocomplete="one-time-code">');
    const offered = offerTarget({ inputs: [code!] }, code!);
    expect(resolveFillTarget(offered, code, () => [])).toEqual({ ok: true, target: { inputs: [code] } });
    expect(resolveFillTarget(offered, code)).toEqual({ ok: true, target: { inputs: [code] } }); // default rescan unused
  });

  it('refuses when the page moved focus to another field, or focus left every field', () => {
    const [code, other] = page('<input id="code"><input id="hidden-exfil">');
    const offered = offerTarget({ inputs: [code!] }, code!);
    expect(resolveFillTarget(offered, other, () => [{ inputs: [other!] }])).toMatchObject({ ok: false, reason: 'focus moved to another field' });
    expect(resolveFillTarget(offered, document.body, () => [])).toMatchObject({ ok: false });
    expect(resolveFillTarget(offered, null, () => [])).toMatchObject({ ok: false });
  });

  it('refuses a field the page hid, disabled or turned into another type after the offer', () => {
    const [code] = page('<input id="code">');
    const offered = offerTarget({ inputs: [code!] }, code!);
    vi.spyOn(code!, 'getBoundingClientRect').mockReturnValue({ x: 0, y: 0, top: 0, left: 0, bottom: 0, right: 0, width: 0, height: 0, toJSON: () => ({}) });
    expect(resolveFillTarget(offered, code, () => [])).toMatchObject({ ok: false, reason: 'the field is hidden' });
    layout(code!);
    code!.readOnly = true;
    expect(resolveFillTarget(offered, code, () => [])).toMatchObject({ ok: false });
    code!.readOnly = false;
    code!.type = 'email';
    expect(resolveFillTarget(offered, code, () => [])).toMatchObject({ ok: false, reason: 'the field changed type' });
  });

  it('accepts a framework re-render only for the same field in the same place', () => {
    const [code] = page('<input id="code" name="otp" autocomplete="one-time-code">');
    const offered = offerTarget({ inputs: [code!] }, code!);
    // The original is removed and an identical one rendered in its place.
    document.body.innerHTML = '<input id="code" name="otp" autocomplete="one-time-code">';
    const fresh = document.querySelector('input')!;
    layout(fresh);
    expect(resolveFillTarget(offered, fresh, () => [{ inputs: [fresh] }])).toEqual({ ok: true, target: { inputs: [fresh] } });
    // Same place, different field (the page swapped in its own input): refused.
    document.body.innerHTML = '<input id="steal" name="x">';
    const swapped = document.querySelector('input')!;
    layout(swapped);
    expect(resolveFillTarget(offered, swapped, () => [{ inputs: [swapped] }])).toMatchObject({
      ok: false,
      reason: 'the field was replaced by a different one',
    });
    // Same attributes, somewhere else on the page: refused.
    document.body.innerHTML = '<input id="code" name="otp" autocomplete="one-time-code">';
    const moved = document.querySelector('input')!;
    layout(moved, 10, 400);
    expect(resolveFillTarget(offered, moved, () => [{ inputs: [moved] }])).toMatchObject({ ok: false });
  });

  it('split boxes: refuses when the boxes changed in number or one was disabled', () => {
    const boxes = page('<input class="b"><input class="b"><input class="b">');
    const offered = offerTarget({ inputs: boxes }, boxes[0]!);
    expect(resolveFillTarget(offered, boxes[0], () => [])).toMatchObject({ ok: true });
    boxes[2]!.remove();
    expect(resolveFillTarget(offered, boxes[0], () => [{ inputs: boxes.slice(0, 2) }])).toMatchObject({ ok: false, reason: 'the code fields changed' });
    expect(resolveFillTarget(offered, boxes[0], () => [])).toMatchObject({ ok: false, reason: 'the field is no longer a code field' });
  });

  it('refuses a field in another document (a frame the page controls)', () => {
    const [code] = page('<input id="code">');
    const offered = offerTarget({ inputs: [code!] }, code!);
    const other = document.implementation.createHTMLDocument('x').createElement('input');
    expect(resolveFillTarget(offered, other, () => [])).toMatchObject({ ok: false, reason: 'the field belongs to another document' });
  });
});
