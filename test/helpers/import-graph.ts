// The relative-import graph of the TypeScript sources, for the house rule "no import cycles"
// (test/import-cycles.test.ts). Type-only imports count, as madge counts them by default: a type
// cycle is a design cycle even when the compiler erases it. Only node:fs and node:path, and a small
// scanner instead of a parser: TypeScript 7 (the devDependency) has no stable JS API such as
// ts.preProcessFile, and import statements are simple enough to read once comments are out.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * Characters after which a `/` starts a regular expression literal rather than a division. Not `<`:
 * in .tsx that is a closing tag (`</p>`), and `a < /re/` is not code anyone writes.
 */
const REGEX_AFTER = new Set(['', '(', ',', '=', ':', '[', '!', '&', '|', '?', '{', ';', '+', '-', '*', '%', '>', '~', '^']);
/** Keywords after which a `/` starts a regular expression literal. */
const REGEX_AFTER_WORD = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'instanceof', 'yield', 'await']);

/**
 * The source with comments and template-literal text replaced by spaces (newlines kept), so a
 * commented-out import, a doc comment quoting one or generated code in a template is not an edge.
 * Quoted strings stay: import specifiers are quoted strings.
 */
export function blankCommentsAndTemplates(source: string): string {
  const out = source.split('');
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  // Brace depth at each open `${` of an enclosing template: its `}` resumes the template's text.
  const templateBraces: number[] = [];
  let braces = 0;
  let prev = '';
  let word = '';
  let i = 0;
  const scanTemplateText = () => {
    const start = i;
    while (i < source.length && source[i] !== '`' && !(source[i] === '$' && source[i + 1] === '{')) i += source[i] === '\\' ? 2 : 1;
    blank(start, Math.min(i, source.length));
    if (source[i] === '$') {
      templateBraces.push(braces);
      i += 2;
    } else i++;
    prev = '`';
  };
  while (i < source.length) {
    const c = source[i] as string;
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      blank(i, end < 0 ? source.length : end);
      i = end < 0 ? source.length : end;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      blank(i, end < 0 ? source.length : end + 2);
      i = end < 0 ? source.length : end + 2;
    } else if (c === '"' || c === "'") {
      // A quoted string ends at its quote or, unterminated, at the line's end.
      i++;
      while (i < source.length && source[i] !== c && source[i] !== '\n') i += source[i] === '\\' ? 2 : 1;
      i++;
      prev = c;
    } else if (c === '`') {
      i++;
      scanTemplateText();
    } else if (c === '}' && templateBraces.length > 0 && templateBraces[templateBraces.length - 1] === braces) {
      templateBraces.pop();
      i++;
      scanTemplateText();
    } else if (c === '/' && (REGEX_AFTER.has(prev) || REGEX_AFTER_WORD.has(word))) {
      let inClass = false;
      i++;
      while (i < source.length && source[i] !== '\n' && (inClass || source[i] !== '/')) {
        if (source[i] === '[') inClass = true;
        else if (source[i] === ']') inClass = false;
        i += source[i] === '\\' ? 2 : 1;
      }
      i++;
      prev = '/';
    } else {
      if (c === '{') braces++;
      else if (c === '}') braces--;
      if (/[\w$]/.test(c)) {
        word = /[\w$]/.test(prev) ? word + c : c;
        prev = c;
      } else if (!/\s/.test(c)) {
        word = '';
        prev = c;
      }
      i++;
    }
  }
  return out.join('');
}

/** `import … from`, `import type … from`, `export … from`, `export type … from`, `export * from`; the clause may span lines. */
const FROM_CLAUSE = /^[ \t]*(?:import|export)\b[\w$\s,{}*]*?\bfrom\s*(['"])([^'"\n]+)\1/gm;
/** `import './side-effect'`. */
const SIDE_EFFECT = /^[ \t]*import\s*(['"])([^'"\n]+)\1/gm;
/** `import('./lazy')` and the type query `typeof import('./types')`. */
const IMPORT_CALL = /\bimport\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g;

/** Every module specifier a TypeScript source imports or re-exports, in order of appearance per form. */
export function importSpecifiers(source: string): string[] {
  const code = blankCommentsAndTemplates(source);
  return [FROM_CLAUSE, SIDE_EFFECT, IMPORT_CALL].flatMap((pattern) => [...code.matchAll(pattern)].map((match) => match[2] as string));
}

/**
 * Resolves a relative specifier the way the code writes them (tsconfig: moduleResolution Bundler):
 * extension-less, `.js` for `.ts`, a folder for its `index.ts`. A TypeScript file found → its path;
 * another existing file (JSON, CSS) → 'asset'; nothing → undefined.
 */
export function resolveRelative(
  fromFile: string,
  specifier: string,
  isSourceFile: (path: string) => boolean,
  isFile: (path: string) => boolean,
): string | 'asset' | undefined {
  const base = resolve(dirname(fromFile), specifier);
  const swapped = /\.[mc]?jsx?$/.test(base) ? ['.ts', '.tsx'].map((ext) => base.replace(/\.[mc]?jsx?$/, ext)) : [];
  const candidates = [base, ...swapped, `${base}.ts`, `${base}.tsx`, `${base}.d.ts`, join(base, 'index.ts'), join(base, 'index.tsx')];
  const source = candidates.find(isSourceFile);
  if (source) return source;
  return isFile(base) ? 'asset' : undefined;
}

/** The relative-import graph of a set of folders: file → the files it imports (paths relative to `root`). */
export interface ImportGraph {
  edges: Map<string, string[]>;
  /** Relative specifiers that name no file, as `file: specifier` (the resolution above has drifted from the code's). */
  unresolved: string[];
}

/** Every .ts/.tsx file under `root`/`folder` for each folder, skipping node_modules and dist. */
export function sourceFiles(root: string, folders: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name)) files.push(path);
    }
  };
  for (const folder of folders) walk(join(root, folder));
  return files.sort();
}

/** Builds the graph of the .ts/.tsx files under the given folders of `root`. */
export function importGraph(root: string, folders: readonly string[]): ImportGraph {
  const files = sourceFiles(root, folders);
  const known = new Set(files);
  const isFile = (path: string) => existsSync(path) && statSync(path).isFile();
  const edges = new Map<string, string[]>();
  const unresolved: string[] = [];
  for (const file of files) {
    const targets = new Set<string>();
    for (const specifier of importSpecifiers(readFileSync(file, 'utf8'))) {
      if (!specifier.startsWith('./') && !specifier.startsWith('../')) continue;
      const target = resolveRelative(file, specifier, (path) => known.has(path), isFile);
      if (target === undefined) unresolved.push(`${relative(root, file)}: ${specifier}`);
      else if (target !== 'asset') targets.add(relative(root, target));
    }
    edges.set(relative(root, file), [...targets].sort());
  }
  return { edges, unresolved };
}

/**
 * The cycles a depth-first search meets: one per back edge, each as the path from the file it
 * returns to round to that file again (`a → b → a`). Empty for an acyclic graph; every strongly
 * connected component with more than one file, or a file importing itself, yields at least one.
 */
export function findCycles(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const target of edges.get(node) ?? []) {
      const seen = state.get(target);
      if (seen === 'open') cycles.push([...stack.slice(stack.indexOf(target)), target]);
      else if (seen === undefined) visit(target);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...edges.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}
