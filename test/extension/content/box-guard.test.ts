// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { styleChain } from '../../../extension/content/box-guard';

afterEach(() => {
  document.documentElement.removeAttribute('style');
  document.body.removeAttribute('style');
  document.body.innerHTML = '';
});

function host(): HTMLElement {
  const wrap = document.createElement('section');
  const h = document.createElement('div');
  wrap.append(h);
  document.body.append(wrap);
  return h;
}

describe('styleChain: what the page did to the box and its ancestors', () => {
  it('multiplies opacity up to <html>', () => {
    const h = host();
    expect(styleChain(h)).toEqual({ minOpacity: 1, styleTamper: null });
    document.documentElement.style.opacity = '0.5';
    (h.parentElement as HTMLElement).style.opacity = '0.5';
    expect(styleChain(h).minOpacity).toBeCloseTo(0.25);
  });

  it('names a filter, a transform on an ancestor, a blend mode, a clip path', () => {
    const h = host();
    document.body.style.filter = 'opacity(0)';
    expect(styleChain(h).styleTamper).toBe('<body> has filter opacity(0)');
    document.body.style.filter = '';
    (h.parentElement as HTMLElement).style.transform = 'scale(0.01)';
    expect(styleChain(h).styleTamper).toBe('<section> is transformed');
    (h.parentElement as HTMLElement).style.transform = '';
    document.documentElement.style.mixBlendMode = 'multiply';
    expect(styleChain(h).styleTamper).toBe('<html> has blend mode multiply');
    document.documentElement.style.mixBlendMode = '';
    document.body.style.clipPath = 'inset(50%)';
    expect(styleChain(h).styleTamper).toBe('<body> is clipped');
  });
});
