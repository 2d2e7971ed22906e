// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { fillOtpCode, planFill } from '../../../extension/content/fill';

function inputs(html: string): HTMLInputElement[] {
  document.body.innerHTML = html;
  return [...document.querySelectorAll('input')];
}

/**
 * Installs what React installs on a controlled input: an instance `value` property whose setter
 * records the value, and an `input` listener that only reports a change when the DOM value differs
 * from the recorded one. A plain `input.value = x` therefore produces no change; the real React
 * version of this is exercised in test/e2e/otp-fill-pages.test.ts.
 */
function trackLikeReact(input: HTMLInputElement): string[] {
  const proto = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!;
  let tracked = input.value;
  Object.defineProperty(input, 'value', {
    configurable: true,
    get() {
      return proto.get!.call(this);
    },
    set(v: string) {
      tracked = String(v);
      proto.set!.call(this, v);
    },
  });
  const changes: string[] = [];
  input.addEventListener('input', () => {
    const now = proto.get!.call(input) as string;
    if (now !== tracked) {
      tracked = now;
      changes.push(now);
    }
  });
  return changes;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('fillOtpCode: single field', () => {
  it('writes the whole code and a React-style tracker sees the change', () => {
    const [field] = inputs('<input id="otp" autocomplete="one-time-code">');
    const changes = trackLikeReact(field!);
    const result = fillOtpCode({ inputs: [field!] }, '123456');
    expect(result).toEqual({ ok: true, mode: 'single', inputsFilled: 1, charsWritten: 6, verified: true });
    expect(field!.value).toBe('123456');
    expect(changes).toEqual(['123456']);
  });

  it('a plain value assignment would not reach the tracker (why the native setter matters)', () => {
    const [field] = inputs('<input>');
    const changes = trackLikeReact(field!);
    field!.value = '654321';
    field!.dispatchEvent(new Event('input', { bubbles: true }));
    expect(changes).toEqual([]);
  });

  it('dispatches keydown, keypress, input, keyup and change in order, focused', () => {
    const [field] = inputs('<input>');
    const seen: string[] = [];
    for (const type of ['focus', 'keydown', 'keypress', 'input', 'keyup', 'change']) {
      field!.addEventListener(type, (e) => seen.push(`${e.type}:${field!.value}`));
    }
    fillOtpCode({ inputs: [field!] }, '987654');
    expect(seen).toEqual(['focus:', 'keydown:', 'keypress:', 'input:987654', 'keyup:987654', 'change:987654']);
    expect(document.activeElement).toBe(field);
  });

  it('input events are InputEvents carrying the inserted text and bubble to the document', () => {
    const [field] = inputs('<form><input></form>');
    let event: InputEvent | undefined;
    document.addEventListener('input', (e) => {
      event = e as InputEvent;
    });
    fillOtpCode({ inputs: [field!] }, '55555555');
    expect(event?.inputType).toBe('insertText');
    expect(event?.data).toBe('55555555');
  });

  it('strips whitespace from the code', () => {
    const [field] = inputs('<input>');
    expect(fillOtpCode({ inputs: [field!] }, '123 456').ok).toBe(true);
    expect(field!.value).toBe('123456');
  });
});

describe('fillOtpCode: split boxes', () => {
  it('puts one digit in each box in order and leaves focus on the last', () => {
    const boxes = inputs('<input maxlength="1"><input maxlength="1"><input maxlength="1"><input maxlength="1"><input maxlength="1"><input maxlength="1">');
    const result = fillOtpCode({ inputs: boxes }, '402917');
    expect(result).toMatchObject({ ok: true, mode: 'split', inputsFilled: 6, charsWritten: 6, verified: true });
    expect(boxes.map((b) => b.value)).toEqual(['4', '0', '2', '9', '1', '7']);
    expect(document.activeElement).toBe(boxes[5]);
  });

  it('boxes without maxlength still get one character each', () => {
    const boxes = inputs('<input><input><input><input><input><input>');
    fillOtpCode({ inputs: boxes }, '111222');
    expect(boxes.map((b) => b.value)).toEqual(['1', '1', '1', '2', '2', '2']);
  });

  it('respects per-box maxlength (two groups of three)', () => {
    const boxes = inputs('<input maxlength="3"><input maxlength="3">');
    fillOtpCode({ inputs: boxes }, '123456');
    expect(boxes.map((b) => b.value)).toEqual(['123', '456']);
  });

  it('works with an auto-advance widget that moves focus on input', () => {
    const boxes = inputs('<input maxlength="1"><input maxlength="1"><input maxlength="1"><input maxlength="1">');
    boxes.forEach((box, i) => {
      box.addEventListener('input', () => {
        if (box.value) boxes[i + 1]?.focus();
      });
    });
    const result = fillOtpCode({ inputs: boxes }, '8642');
    expect(result).toMatchObject({ ok: true, verified: true });
    expect(boxes.map((b) => b.value).join('')).toBe('8642');
  });

  it('works with a widget that writes the key itself on keydown and prevents default', () => {
    const boxes = inputs('<input maxlength="1"><input maxlength="1"><input maxlength="1"><input maxlength="1"><input maxlength="1"><input maxlength="1">');
    boxes.forEach((box, i) => {
      box.addEventListener('keydown', (e) => {
        if (/^\d$/.test(e.key)) {
          e.preventDefault();
          box.value = e.key;
          boxes[i + 1]?.focus();
        }
      });
    });
    expect(fillOtpCode({ inputs: boxes }, '314159')).toMatchObject({ ok: true, verified: true });
    expect(boxes.map((b) => b.value).join('')).toBe('314159');
  });

  it('leaves extra boxes alone when there are more boxes than digits', () => {
    const boxes = inputs('<input><input><input><input><input><input><input><input>');
    const result = fillOtpCode({ inputs: boxes }, '123456');
    expect(result).toMatchObject({ ok: true, inputsFilled: 6 });
    expect(boxes.map((b) => b.value)).toEqual(['1', '2', '3', '4', '5', '6', '', '']);
  });

  it('reports verified=false when the page rewrites what was written', () => {
    const [field] = inputs('<input>');
    field!.addEventListener('input', () => {
      field!.value = field!.value.slice(0, 3);
    });
    expect(fillOtpCode({ inputs: [field!] }, '123456')).toMatchObject({ ok: true, verified: false });
  });
});

describe('fillOtpCode: refusals write nothing', () => {
  it('refuses a code longer than the maxlength allows', () => {
    const [field] = inputs('<input maxlength="6">');
    let events = 0;
    field!.addEventListener('input', () => events++);
    expect(fillOtpCode({ inputs: [field!] }, '12345678')).toMatchObject({ ok: false, reason: 'does-not-fit' });
    expect(field!.value).toBe('');
    expect(events).toBe(0);
  });

  it('refuses when six boxes cannot hold an eight-digit code', () => {
    const boxes = inputs('<input maxlength="1"><input maxlength="1"><input maxlength="1"><input maxlength="1"><input maxlength="1"><input maxlength="1">');
    expect(fillOtpCode({ inputs: boxes }, '12345678')).toMatchObject({ ok: false, reason: 'does-not-fit' });
    expect(boxes.every((b) => b.value === '')).toBe(true);
  });

  it('refuses disabled or read-only inputs', () => {
    const [a] = inputs('<input disabled>');
    expect(fillOtpCode({ inputs: [a!] }, '123456')).toMatchObject({ ok: false, reason: 'not-editable' });
    const [b] = inputs('<input readonly>');
    expect(fillOtpCode({ inputs: [b!] }, '123456')).toMatchObject({ ok: false, reason: 'not-editable' });
  });

  it('refuses detached inputs, empty targets and non-codes', () => {
    const detached = document.createElement('input');
    expect(fillOtpCode({ inputs: [detached] }, '123456')).toMatchObject({ ok: false, reason: 'not-editable' });
    expect(fillOtpCode({ inputs: [] }, '123456')).toMatchObject({ ok: false, reason: 'no-inputs' });
    const [field] = inputs('<input>');
    for (const bad of ['', '12', '<img src=x>', '12345678901', '12-34-56']) {
      expect(fillOtpCode({ inputs: [field!] }, bad)).toMatchObject({ ok: false, reason: 'invalid-code' });
    }
    expect(field!.value).toBe('');
  });
});

describe('planFill', () => {
  it('distributes by capacity and reports when it cannot fit', () => {
    const boxes = inputs('<input maxlength="2"><input maxlength="2"><input maxlength="2">');
    expect(planFill(boxes, '123456')).toEqual(['12', '34', '56']);
    expect(planFill(boxes, '1234')).toEqual(['12', '34']);
    expect(planFill(boxes, '1234567')).toBeUndefined();
  });
});
