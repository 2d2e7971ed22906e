/**
 * Writes a one-time code into a detected field the way a person typing it would, so that
 * framework-controlled inputs (React, Vue, Angular, hand-written split-box widgets) accept it.
 *
 * Why the native setter: React replaces `value` on each controlled <input> with an instance
 * property that records the last value React set; a plain `input.value = x` from the page's world
 * goes through that tracker, React sees "no change" and drops the event. Calling the setter from
 * HTMLInputElement.prototype writes the DOM value underneath the tracker, so the following `input`
 * event is seen as a real edit. (From a content script's isolated world the tracker is invisible
 * anyway; the prototype setter is correct in both worlds.)
 *
 * Called only after a user gesture (see suggestion.ts / index.ts); this module never decides that.
 */

/** A fill target as findOtpFields returns it: one input, or N split boxes in fill order. */
export interface FillTarget {
  inputs: HTMLInputElement[];
}

/** Why a fill was not attempted; nothing was written in these cases. */
export type FillRefusal = 'no-inputs' | 'invalid-code' | 'not-editable' | 'does-not-fit';

/** What `fillOtpCode` did: which mode, how many inputs it wrote, and whether they now hold the code. */
export type FillResult =
  | {
      ok: true;
      mode: 'single' | 'split';
      /** Inputs that received characters (split boxes beyond the code's length are left alone). */
      inputsFilled: number;
      /** Characters written in total (the code's length). */
      charsWritten: number;
      /** True when reading the inputs back gives the code (a page may reformat or reject input). */
      verified: boolean;
    }
  | { ok: false; reason: FillRefusal; message: string };

/** One-time codes are 4–10 characters, digits or (rare: Steam-like) letters; nothing else is written. */
const CODE_PATTERN = /^[0-9A-Za-z]{4,10}$/;

type InputWindow = Window & typeof globalThis;

function windowOf(input: HTMLInputElement): InputWindow {
  return (input.ownerDocument.defaultView ?? globalThis) as InputWindow;
}

/** The value setter underneath any instance override (React's tracker) on the input's own realm. */
function nativeValueSetter(input: HTMLInputElement): (this: HTMLInputElement, value: string) => void {
  const proto = windowOf(input).HTMLInputElement?.prototype ?? HTMLInputElement.prototype;
  const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
  if (!setter) throw new Error('HTMLInputElement.prototype has no value setter');
  return setter;
}

function isEditable(input: HTMLInputElement): boolean {
  return input.isConnected && !input.disabled && !input.readOnly;
}

/** How many characters an input takes: its maxlength, else 1 per split box, else unlimited. */
function capacityOf(input: HTMLInputElement, split: boolean): number {
  if (input.maxLength > 0) return input.maxLength;
  return split ? 1 : Number.POSITIVE_INFINITY;
}

/** Splits `code` over the inputs by capacity; undefined when the inputs cannot hold all of it. */
export function planFill(inputs: readonly HTMLInputElement[], code: string): string[] | undefined {
  const split = inputs.length > 1;
  const parts: string[] = [];
  let rest = code;
  for (const input of inputs) {
    if (rest.length === 0) break;
    const take = Math.min(capacityOf(input, split), rest.length);
    parts.push(rest.slice(0, take));
    rest = rest.slice(take);
  }
  return rest.length === 0 ? parts : undefined;
}

function keyEvent(win: InputWindow, type: 'keydown' | 'keypress' | 'keyup', char: string): KeyboardEvent {
  const isDigit = /^[0-9]$/.test(char);
  const code = isDigit ? `Digit${char}` : `Key${char.toUpperCase()}`;
  const init: KeyboardEventInit & { keyCode?: number; which?: number; charCode?: number } = {
    key: char,
    code,
    bubbles: true,
    cancelable: true,
    composed: true,
  };
  // Legacy fields some split-box widgets still read (Chromium honours them in the init dict).
  const keyCode = type === 'keypress' ? char.charCodeAt(0) : char.toUpperCase().charCodeAt(0);
  init.keyCode = keyCode;
  init.which = keyCode;
  if (type === 'keypress') init.charCode = keyCode;
  return new win.KeyboardEvent(type, init);
}

function inputEvent(win: InputWindow, data: string): Event {
  const init = { bubbles: true, cancelable: false, composed: true, inputType: 'insertText', data };
  return typeof win.InputEvent === 'function' ? new win.InputEvent('input', init) : new win.Event('input', init);
}

/**
 * Writes `text` into one input: focus, key events around a native value write, `input`, then
 * `change`. Keydown/keypress come first so widgets that listen for keys (auto-advance, "enable the
 * submit button on keyup") behave as they do for typing; they are untrusted, so the browser itself
 * inserts nothing and the value is set exactly once by us.
 */
function writeInto(input: HTMLInputElement, text: string): void {
  const win = windowOf(input);
  const setValue = nativeValueSetter(input);
  if (input.ownerDocument.activeElement !== input) input.focus({ preventScroll: true });
  const lastChar = text.slice(-1);
  input.dispatchEvent(keyEvent(win, 'keydown', lastChar));
  input.dispatchEvent(keyEvent(win, 'keypress', lastChar));
  setValue.call(input, text);
  input.dispatchEvent(inputEvent(win, text));
  input.dispatchEvent(keyEvent(win, 'keyup', lastChar));
  input.dispatchEvent(new win.Event('change', { bubbles: true }));
}

/**
 * Fills `code` into `target`: a single field gets the whole code, split boxes one character each
 * (or as many as each box's maxlength allows), in order. Refuses, writing nothing, when the code is
 * not a plausible one-time code, an input is disabled/read-only/detached, or the inputs' maxlength
 * cannot hold the whole code (a truncated code is useless and would only burn an attempt).
 */
export function fillOtpCode(target: FillTarget, code: string): FillResult {
  const inputs = target.inputs;
  if (inputs.length === 0) return { ok: false, reason: 'no-inputs', message: 'There is no field to fill.' };
  const clean = code.replace(/\s+/g, '');
  if (!CODE_PATTERN.test(clean)) return { ok: false, reason: 'invalid-code', message: 'The code is not a 4–10 character one-time code.' };
  const plan = planFill(inputs, clean);
  if (!plan) {
    return { ok: false, reason: 'does-not-fit', message: `The field holds fewer than the code's ${clean.length} characters (maxlength).` };
  }
  const used = inputs.slice(0, plan.length);
  if (!used.every(isEditable)) return { ok: false, reason: 'not-editable', message: 'The field is disabled or read-only.' };

  used.forEach((input, i) => {
    writeInto(input, plan[i]!);
  });
  // Leave focus where a typist would: on the last box written (a split widget may have advanced).
  const last = used[used.length - 1]!;
  if (last.ownerDocument.activeElement !== last && last.isConnected) last.focus({ preventScroll: true });

  const readBack = used.map((input) => input.value).join('');
  return {
    ok: true,
    mode: inputs.length > 1 ? 'split' : 'single',
    inputsFilled: used.length,
    charsWritten: clean.length,
    verified: readBack === clean,
  };
}
