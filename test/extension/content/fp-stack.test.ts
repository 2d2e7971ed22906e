import { describe, expect, it } from 'vitest';
import { callerOrigin, frameUrl, originOfUrl } from '../../../extension/content/fp-stack';

const PAGE = 'https://shop.example';
const SELF = 'chrome-extension://abcdefghijklmnop/fp-detector.js';

describe('frameUrl', () => {
  it.each([
    // V8 (Chrome)
    ['    at fn (https://cdn.tracker.test/fp.js:1:2345)', 'https://cdn.tracker.test/fp.js'],
    ['    at https://cdn.tracker.test/fp.js?v=3:10:7', 'https://cdn.tracker.test/fp.js?v=3'],
    ['    at new Fingerprinter (https://a.test:8443/x/y.js:3:9)', 'https://a.test:8443/x/y.js'],
    ['    at async collect (https://a.test/app.js:12:1)', 'https://a.test/app.js'],
    ['    at async https://a.test/app.js:12:1', 'https://a.test/app.js'],
    ['    at eval (eval at run (https://evaler.test/loader.js:4:10), <anonymous>:1:1)', 'https://evaler.test/loader.js'],
    ['    at eval (eval at g (eval at f (https://deep.test/l.js:1:2)), <anonymous>:1:1)', 'https://deep.test/l.js'],
    ['    at Object.apply (<anonymous>:4:510)', null],
    ['    at Array.forEach (<anonymous>)', null],
    ['    at new Promise (<anonymous>)', null],
    ['    at Object.apply (chrome-extension://abcdefghijklmnop/fp-detector.js:1:99)', 'chrome-extension://abcdefghijklmnop/fp-detector.js'],
    ['    at https://page.test/index.html:12:5', 'https://page.test/index.html'],
    ['    at Worker.<anonymous> (blob:https://page.test/8c1e-44:1:1)', 'blob:https://page.test/8c1e-44'],
    // SpiderMonkey (Firefox) / JavaScriptCore
    ['fn@https://cdn.tracker.test/fp.js:1:2345', 'https://cdn.tracker.test/fp.js'],
    ['@https://cdn.tracker.test/fp.js:1:2345', 'https://cdn.tracker.test/fp.js'],
    ['async*collect@https://a.test/app.js:12:1', 'https://a.test/app.js'],
    ['run/<@https://a.test/x.js line 2 > eval:1:5', 'https://a.test/x.js'],
    ['f@https://a.test/x.js line 7 > Function:1:1', 'https://a.test/x.js'],
    ['load@https://cdn.jsdelivr.test/npm/pkg@1.2.0/dist/fp.js:1:9', 'https://cdn.jsdelivr.test/npm/pkg@1.2.0/dist/fp.js'],
    ['apply@moz-extension://0b7e-4d/fp-detector.js:1:99', 'moz-extension://0b7e-4d/fp-detector.js'],
    ['@debugger eval code:1:1', null],
    ['Error', null],
    ['', null],
  ])('%s → %s', (line, url) => {
    expect(frameUrl(line)).toBe(url);
  });
});

describe('originOfUrl', () => {
  it('keeps scheme, host and non-default port, lower-cased', () => {
    expect(originOfUrl('https://CDN.Tracker.test/fp.js')).toBe('https://cdn.tracker.test');
    expect(originOfUrl('http://localhost:41234/x.js')).toBe('http://localhost:41234');
    expect(originOfUrl('https://a.test:443/x.js')).toBe('https://a.test');
    expect(originOfUrl('http://a.test:80/x.js')).toBe('http://a.test');
    expect(originOfUrl('http://[::1]:8080/x.js')).toBe('http://[::1]:8080');
    expect(originOfUrl('https://user:pw@a.test/x.js')).toBe('https://a.test');
    expect(originOfUrl('blob:https://page.test/uuid')).toBe('https://page.test');
  });
  it('has no web origin for data:, about:, file: or extension URLs', () => {
    for (const url of ['data:text/javascript,1', 'about:srcdoc', 'file:///x.js', SELF]) expect(originOfUrl(url)).toBeNull();
  });
});

describe('callerOrigin', () => {
  it('attributes a Chrome stack to the first frame outside the detector', () => {
    const stack = [
      'Error',
      `    at attribute (${SELF}:1:10)`,
      `    at Object.apply (${SELF}:1:99)`,
      '    at drawFingerprint (http://localhost:5173/vendor/fp.js:1:200)',
      '    at http://127.0.0.1:4000/app.js:3:3',
    ].join('\n');
    expect(callerOrigin(stack, SELF, 'http://127.0.0.1:4000')).toBe('http://localhost:5173');
  });

  it('attributes a Firefox stack the same way', () => {
    const stack = [
      'attribute@moz-extension://0b7e-4d/fp-detector.js:1:10',
      'apply@moz-extension://0b7e-4d/fp-detector.js:1:99',
      'getCanvasFingerprint@https://fp.vendor.test/agent.js:1:4411',
      '@https://shop.example/:12:3',
      '',
    ].join('\n');
    expect(callerOrigin(stack, null, PAGE)).toBe('https://fp.vendor.test');
  });

  it('skips anonymous detector frames (test-harness injection) and native frames', () => {
    const stack = ['Error', '    at Object.apply (<anonymous>:4:510)', '    at Array.map (<anonymous>)', '    at https://x.test/a.js:1:1'].join('\n');
    expect(callerOrigin(stack, null, PAGE)).toBe('https://x.test');
  });

  it('skips frames of the detector served from a web URL', () => {
    const self = 'http://127.0.0.1:9/fp-detector.js';
    const stack = ['Error', `    at Object.apply (${self}:1:5)`, '    at https://third.test/t.js:1:1'].join('\n');
    expect(callerOrigin(stack, self, PAGE)).toBe('https://third.test');
  });

  it('gives inline scripts (page URL frames) the page origin', () => {
    expect(callerOrigin('Error\n    at Object.apply (<anonymous>:1:1)\n    at https://shop.example/checkout?x=1:40:9', null, PAGE)).toBe(PAGE);
  });

  it('falls back to the page when no frame has a web URL (timer strings, cut stacks, other extensions)', () => {
    expect(callerOrigin('Error\n    at <anonymous>:1:1', null, PAGE)).toBe(PAGE);
    expect(callerOrigin('', null, PAGE)).toBe(PAGE);
    expect(callerOrigin('Error\n    at f (chrome-extension://other/inject.js:1:1)', SELF, PAGE)).toBe(PAGE);
    expect(callerOrigin('@data:text/javascript,toDataURL():1:1', null, PAGE)).toBe(PAGE);
  });

  it('does not let a function name pose as a location', () => {
    const stack = 'Error\n    at Object.https://shop.example (https://evil.test/t.js:1:1)';
    expect(callerOrigin(stack, null, PAGE)).toBe('https://evil.test');
  });
});
