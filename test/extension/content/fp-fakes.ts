/**
 * Honest in-memory twins of the page APIs the fingerprint detector wraps (canvas, WebGL, audio,
 * elements, styles, fonts), with accessors on prototypes like the real ones, so the detector can be
 * installed into a fake page global in unit tests. Real-browser behaviour is covered by the e2e tests.
 */
export class FakeNode {
  connected = false;
  get isConnected(): boolean {
    return this.connected;
  }
}

export class FakeCanvas extends FakeNode {
  #w = 300;
  #h = 150;
  ink = '';
  tainted = false;
  #ctx: FakeContext2D | undefined;
  get width(): number {
    return this.#w;
  }
  set width(v: number) {
    this.#w = v;
  }
  get height(): number {
    return this.#h;
  }
  set height(v: number) {
    this.#h = v;
  }
  getContext(type: string): FakeContext2D | FakeWebGL | null {
    if (type === '2d') {
      this.#ctx ??= new FakeContext2D(this);
      return this.#ctx;
    }
    if (type === 'webgl') return new FakeWebGL(this);
    return null;
  }
  #encode(type: string): string {
    if (this.tainted) throw new DOMException('The canvas has been tainted by cross-origin data.', 'SecurityError');
    return `data:${type};base64,${Buffer.from(`${this.#w}x${this.#h}:${this.ink}`).toString('base64')}`;
  }
  toDataURL(type = 'image/png'): string {
    return this.#encode(type);
  }
  toBlob(callback: (b: string) => void): void {
    callback(this.#encode('image/png'));
  }
}

export class FakeContext2D {
  #font = '10px sans-serif';
  constructor(readonly canvas: FakeCanvas) {}
  get font(): string {
    return this.#font;
  }
  set font(v: string) {
    this.#font = v;
  }
  fillText(text: string, x: number, y: number): void {
    this.canvas.ink += `T(${text},${x},${y})`;
  }
  strokeText(text: string): void {
    this.canvas.ink += `S(${text})`;
  }
  fillRect(x: number, y: number, w: number, h: number): void {
    this.canvas.ink += `R(${x},${y},${w},${h})`;
  }
  drawImage(): void {
    this.canvas.ink += 'I';
  }
  putImageData(): void {
    this.canvas.ink += 'P';
  }
  getImageData(_x: number, _y: number, w: number, h: number): { width: number; height: number; ink: string } {
    return { width: w, height: h, ink: this.canvas.ink };
  }
  measureText(text: string): { width: number } {
    return { width: text.length * (this.#font.length % 7) };
  }
}

export class FakeWebGL {
  constructor(readonly canvas: FakeCanvas) {}
  getParameter(pname: number): string | number {
    if (pname === 0x9246) return 'FakeRenderer';
    if (pname === 0x9245) return 'FakeVendor';
    return 7;
  }
  readPixels(): void {}
}

export class FakeOfflineAudioContext {
  #length: number;
  #rate: number;
  constructor(_channels: number, length: number, rate: number) {
    this.#length = length;
    this.#rate = rate;
  }
  get length(): number {
    return this.#length;
  }
  get sampleRate(): number {
    return this.#rate;
  }
  startRendering(): Promise<string> {
    return Promise.resolve(`rendered ${this.#length}`);
  }
}

export class FakeStyle {
  props: Record<string, string> = {};
  getPropertyValue(name: string): string {
    return this.props[name] ?? '';
  }
}

export class FakeElement extends FakeNode {
  getBoundingClientRect(): { width: number } {
    return { width: 1 };
  }
}

export class FakeHTMLElement extends FakeElement {
  #style = new FakeStyle();
  get style(): FakeStyle {
    return this.#style;
  }
  get offsetWidth(): number {
    return (this.#style.props['font-family'] ?? '').length;
  }
  get offsetHeight(): number {
    return 10;
  }
}

export class FakeFontFaceSet {
  check(font: string): boolean {
    return font.includes('Arial');
  }
}

/** A fake page global (an EventTarget, like window) holding the fakes and the natives the detector captures. */
export function fakePageGlobal(origin = 'https://page.test'): Record<string, unknown> & EventTarget {
  const timers: (() => void)[] = [];
  const global = Object.assign(new EventTarget(), {
    Error,
    Function,
    Date,
    JSON,
    EventTarget,
    CustomEvent,
    crypto: globalThis.crypto,
    origin,
    setTimeout: (fn: () => void) => void timers.push(fn),
    runTimers: () => {
      for (const fn of timers.splice(0)) fn();
    },
    Node: FakeNode,
    Element: FakeElement,
    HTMLElement: FakeHTMLElement,
    CSSStyleDeclaration: FakeStyle,
    HTMLCanvasElement: FakeCanvas,
    CanvasRenderingContext2D: FakeContext2D,
    WebGLRenderingContext: FakeWebGL,
    OfflineAudioContext: FakeOfflineAudioContext,
    FontFaceSet: FakeFontFaceSet,
  });
  return global as unknown as Record<string, unknown> & EventTarget;
}
