// House style: no import cycles, type-only imports included (madge counts them by default, and a
// type cycle is two modules that cannot be understood one without the other). Walks every .ts/.tsx
// file under sdk/, extension/ and demo/ and follows its relative imports and re-exports.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { blankCommentsAndTemplates, findCycles, importGraph, importSpecifiers, resolveRelative } from './helpers/import-graph';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FOLDERS = ['sdk', 'extension', 'demo'] as const;

describe('the import graph of sdk/, extension/ and demo/', () => {
  const graph = importGraph(ROOT, FOLDERS);

  it('reads the tree: every file is in the graph and every relative specifier names a file', () => {
    expect(graph.edges.size).toBeGreaterThan(100);
    expect([...graph.edges.values()].some((targets) => targets.length > 0)).toBe(true);
    expect(graph.unresolved, 'relative imports that resolve to no file (extension-less, .js for .ts, folder/index.ts)').toEqual([]);
  });

  it('has no import cycles', () => {
    const cycles = findCycles(graph.edges).map((cycle) => cycle.join(' -> '));
    expect(cycles, `import cycles (move the shared part to a module both import):\n${cycles.join('\n')}`).toEqual([]);
  });
});

describe('reading specifiers', () => {
  it('reads every import and re-export form, type-only ones and clauses over several lines included', () => {
    const source = [
      "import { a } from './a';",
      "import type { B } from '../b';",
      'import {',
      '  c, // why c',
      '  type D,',
      '  /* e */ e,',
      "} from './c-d-e';",
      "import * as f from './f';",
      "import g, { h } from './g-h';",
      "import './side-effect';",
      "export { i } from './i';",
      "export type { J } from './j';",
      "export * from './k';",
      "export * as l from './l';",
      "export { type M, n } from './m-n';",
      "const lazy = () => import('./lazy');",
      "type Q = typeof import('./q');",
      "import pkg from 'valibot';",
    ].join('\n');
    expect(importSpecifiers(source).sort()).toEqual(
      ['./a', '../b', './c-d-e', './f', './g-h', './side-effect', './i', './j', './k', './l', './m-n', './lazy', './q', 'valibot'].sort(),
    );
  });

  it('skips imports inside comments and template text, and strings or regexes that look like comments', () => {
    const source = [
      "const url = 'https://example.com/*not a comment';",
      'const re = /\\/\\*[^]*?\\*\\//g;',
      "import { real } from './real';",
      '// import { gone } from "./line-comment";',
      '/*',
      "import { gone } from './block-comment';",
      '*/',
      "/** Lazily: `import('./doc-comment')`. */",
      'const code = `',
      "import { gone } from './template';",
      // \u0024 is `$`: a placeholder of the template under test, not of this string.
      "\u0024{import('./in-template-expression')}`;",
      "export { after } from './after';",
    ].join('\n');
    expect(importSpecifiers(source).sort()).toEqual(['./after', './in-template-expression', './real']);
    expect(blankCommentsAndTemplates(source).length).toBe(source.length);
  });

  it('resolves specifiers as the code writes them: extension-less, .js for .ts, .tsx, a folder index, an asset', () => {
    const sources = new Set(['/r/a.ts', '/r/b.ts', '/r/view.tsx', '/r/dir/index.ts']);
    const files = new Set([...sources, '/r/data.json']);
    const resolveFrom = (specifier: string) =>
      resolveRelative(
        '/r/a.ts',
        specifier,
        (path) => sources.has(path),
        (path) => files.has(path),
      );
    expect(resolveFrom('./b')).toBe('/r/b.ts');
    expect(resolveFrom('./b.js')).toBe('/r/b.ts');
    expect(resolveFrom('./b.ts')).toBe('/r/b.ts');
    expect(resolveFrom('./view')).toBe('/r/view.tsx');
    expect(resolveFrom('./dir')).toBe('/r/dir/index.ts');
    expect(resolveFrom('./data.json')).toBe('asset');
    expect(resolveFrom('./missing')).toBeUndefined();
  });
});

describe('finding cycles', () => {
  it('finds a two-file cycle, a three-file cycle and a self-import, each as its path', () => {
    const edges = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['a.ts']],
      ['c.ts', ['d.ts']],
      ['d.ts', ['e.ts']],
      ['e.ts', ['c.ts']],
      ['f.ts', ['f.ts']],
    ]);
    expect(findCycles(edges)).toEqual([
      ['a.ts', 'b.ts', 'a.ts'],
      ['c.ts', 'd.ts', 'e.ts', 'c.ts'],
      ['f.ts', 'f.ts'],
    ]);
  });

  it('finds none in a diamond or a chain (two imports of one file are not a cycle)', () => {
    const edges = new Map([
      ['top.ts', ['left.ts', 'right.ts']],
      ['left.ts', ['bottom.ts']],
      ['right.ts', ['bottom.ts']],
      ['bottom.ts', []],
      ['chain.ts', ['top.ts']],
    ]);
    expect(findCycles(edges)).toEqual([]);
  });
});
