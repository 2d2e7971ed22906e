// Summarises a V8 .cpuprofile (written by `node --cpu-prof`) by self time: the top functions, and
// the share of the run spent in each group of work the load bench exercises (HPKE and key imports,
// ES256 signing, valibot, geo lookups, SQLite, PostgreSQL, JSON, ids, HTTP, GC, …). Groups match on
// the function's URL and name; ratios within one run are what to compare on a shared machine.
// A bundled CLI (one file) is mapped back to its source modules through esbuild's `// path` markers:
// pass the bundle (or a fresh bundle of the same source) as the third argument.
// Usage: node bench/cpu-profile.mjs <file.cpuprofile> [top=25] [bundle.mjs]
import { readFileSync } from 'node:fs';
import { bundleModules } from './bundle-modules.mjs';

const GROUPS = [
  ['hpke / key import', /@hpke|hpke|importKey|deriveBits|\bhkdf|x25519|seal\.ts|open\.ts|chacha|aes-gcm|subtle/i],
  ['es256 signing / verify', /\bsign\b|\bverify\b|rights\.ts|attempt-token|ecdsa|signer/i],
  ['nonce mac', /nonce-mac|createHmac|\bhmac/i],
  ['valibot', /valibot/i],
  ['geo lookups', /\/geo\//i],
  ['sqlite (better-sqlite3)', /better-sqlite3|\bstep\b|\ball\b|\bget\b|\brun\b|prepare/],
  ['postgres (pg)', /node_modules\/pg|pg-protocol|pg-pool/i],
  ['kysely compile', /kysely/i],
  ['store (our sql code)', /store\/sql|store\.ts|queries\.ts|aggregates\.ts|reads\.ts|runner\.ts/i],
  ['risk engine', /\/risk\//i],
  ['json', /JSON|stringify|parse\b/],
  ['ids / random', /randomUUID|randomBytes|getRandomValues|uuid/i],
  ['http / net', /_http|node:http|node:net|\bnet\b|stream|socket|writev|onStreamRead|parser/i],
  ['gc', /\(garbage collector\)/],
  ['idle', /\(idle\)|\(program\)/],
];

const [file, topArg, bundle] = process.argv.slice(2);
// Bundle line → the source module esbuild emitted there (its `// sdk/…` or `// node_modules/…` comment).
const moduleAt = bundle ? bundleModules(bundle) : [];
const sourceOf = (url, line) => (bundle && url.endsWith('.mjs') && moduleAt[line] ? moduleAt[line] : url);
if (!file) {
  console.error('usage: node bench/cpu-profile.mjs <file.cpuprofile> [top]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const deltas = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const byFunction = new Map();
for (const [id, us] of self) {
  const { callFrame } = byId.get(id);
  const url = sourceOf(callFrame.url, callFrame.lineNumber)
    .replace(/^.*node_modules\//, 'nm/')
    .replace(/^file:\/\/.*\/(sdk|node_modules|bench)\//, '$1/');
  const key = `${callFrame.functionName || '(anonymous)'} ${url}${url ? `:${callFrame.lineNumber + 1}` : ''}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
}
const groupOf = (key) => GROUPS.find(([, re]) => re.test(key))?.[0] ?? 'other';
// A sample counts for the group of its nearest frame that names one (a native crypto call is
// attributed to the JS that made it), walking from the leaf towards the root.
const parent = new Map();
for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
const keyOf = (n) => `${n.callFrame.functionName || '(anonymous)'} ${sourceOf(n.callFrame.url, n.callFrame.lineNumber)}`;
const nodeGroup = new Map();
const groupOfNode = (id) => {
  if (nodeGroup.has(id)) return nodeGroup.get(id);
  const group = groupOf(keyOf(byId.get(id)));
  const up = parent.get(id);
  const result = group !== 'other' || up === undefined ? group : groupOfNode(up);
  nodeGroup.set(id, result);
  return result;
};
const groups = new Map();
for (const [id, us] of self) groups.set(groupOfNode(id), (groups.get(groupOfNode(id)) ?? 0) + us);
const pct = (us) => `${((100 * us) / total).toFixed(1)} %`;
const busy = total - (groups.get('idle') ?? 0);
console.log(`profile: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy`);
console.log('\ngroup                      self      of busy');
for (const [name, us] of [...groups].sort((a, b) => b[1] - a[1])) {
  console.log(`${name.padEnd(26)} ${pct(us).padStart(7)}  ${name === 'idle' ? '' : `${((100 * us) / busy).toFixed(1)} %`}`);
}
console.log('\ntop functions by self time');
for (const [key, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 25))) {
  console.log(`${pct(us).padStart(7)}  [${groupOf(key)}] ${key}`);
}
