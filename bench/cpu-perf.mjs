// Summarises on-CPU samples of a server process from Linux perf, the counterpart of
// bench/cpu-profile.mjs. V8's own profiler (what cpu-profile.mjs reads) samples wall-clock time: a
// process preempted inside a system call keeps collecting samples there, so under the load bench
// `writev` looked like 13 % of a server's work while the kernel time of the whole process was ~11 %
// of its CPU. perf's cpu-clock samples count only time on a CPU, on every thread (V8's JIT and GC
// helper threads included, which /proc's CPU columns also count).
//
//   LOAD_PERF=<dir> npx vitest run --config bench/vitest.config.ts bench/load.bench.ts   (or by hand:)
//   NODE_OPTIONS=--perf-basic-prof twofold serve …;  perf record -F 997 -g -p <pid> -o perf.data
//   perf script -F pid,tid,ip,sym -i perf.data | node bench/cpu-perf.mjs [bundle.mjs]
//
// A thread whose id is its process id is that process's main (JS) thread; every other thread is
// a helper (V8's compiler and GC threads, libuv's pool). Given only tids, the busiest thread is main.
//
// Prints the share of samples per thread kind and leaf category (SQLite, OpenSSL's elliptic-curve
// code, other OpenSSL, V8 builtins and inline caches, JS, JSON, malloc, GC, JIT compiler, kernel),
// then the JS-side samples by the first JS frame on their stack, mapped back to source modules
// through the bundle's esbuild `// path` markers when the bundle is given.
import { readFileSync } from 'node:fs';
import { bundleModules } from './bundle-modules.mjs';

const CATEGORIES = [
  ['sqlite', /sqlite3|pcache|wal[A-Z]|Btree|Vdbe|pager|Statement::|better_sqlite/],
  ['openssl elliptic curve (ECDH, ECDSA)', /nistz256|ecp_|EC_|ec_GFp|bn_|BN_|ossl_ec|ecdsa|ECDSA/],
  ['openssl other (SHA-256, HMAC, AES)', /sha256|SHA256|aesni|gcm|EVP_|HMAC|OPENSSL|CRYPTO_|ossl_|evp_|hmac|aes_/],
  ['gc', /Heap::|Scavenge|MarkCompact|Sweep|Evacuat|GCTracer|ConcurrentMarking|Marking|heap::/],
  ['v8 jit compiler', /compiler::|Maglev|maglev|CompileLazy|Parser::|Compiler::/],
  ['json', /Json|JSON/],
  ['llhttp', /llhttp/],
  ['malloc', /malloc|free|_int_|unlink_chunk/],
  [
    'kernel',
    /_raw_spin|finish_task_switch|syscall|SYSCALL|tcp_|ip_|skb|__x64_sys|sock_|epoll|futex|schedule|irq|copy_|filemap|ext4|xfs|folio|vfs_|fsnotify|mutex_|mark_buffer_dirty|block_/,
  ],
  ['v8 builtins and inline caches', /^Builtins_/],
  ['v8 and node runtime (C++)', /v8::|node::|std::|uv_|uv__|icu_/],
  ['libc memory and strings', /__mem|__str|memcpy|memmove|memcmp|strlen/],
  ['JS', /^JS:/],
];

const [bundle] = process.argv.slice(2);
const moduleAt = bundle ? bundleModules(bundle) : [];

// perf script: a header line per sample (the thread id), then one tab-indented frame per line, then a blank line.
const samples = [];
let sample;
for (const line of readFileSync(0, 'utf8').split('\n')) {
  if (line.trim() === '') {
    if (sample) samples.push(sample);
    sample = undefined;
  } else if (!line.startsWith('\t')) {
    const [pid, tid] = line.trim().split(/\s+/)[0].split('/');
    sample = { pid: tid === undefined ? undefined : pid, tid: tid ?? pid, frames: [] };
  } else sample?.frames.push(line.trim().split(/\s+/).slice(1).join(' '));
}
if (sample) samples.push(sample);
if (samples.length === 0) {
  console.error('usage: perf script -F pid,tid,ip,sym -i perf.data | node bench/cpu-perf.mjs [bundle.mjs]');
  process.exit(2);
}

const count = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);
const threads = new Map();
for (const s of samples) count(threads, s.tid);
const busiest = [...threads].sort((a, b) => b[1] - a[1])[0][0];
const isMain = (s) => (s.pid === undefined ? s.tid === busiest : s.tid === s.pid);
const categoryOf = (frames) => CATEGORIES.find(([, re]) => re.test(frames[0] ?? ''))?.[0] ?? 'other';
const firstJs = (frames) => {
  for (const frame of frames) {
    const js = /^JS:(\S*) (\S+):(\d+):/.exec(frame);
    if (!js) continue;
    const source = bundle && js[2].endsWith('.mjs') && moduleAt[Number(js[3]) - 1] ? moduleAt[Number(js[3]) - 1] : js[2].replace(/^.*\//, '');
    return `${source} ${js[1].replace(/^[*^~]/, '') || '(anonymous)'}`;
  }
  return '(no JS frame)';
};

const categories = new Map();
const jsSide = new Map();
for (const s of samples) {
  const category = categoryOf(s.frames);
  count(categories, `${isMain(s) ? 'main' : 'helper'} thread: ${category}`);
  if (
    isMain(s) &&
    ['v8 builtins and inline caches', 'v8 and node runtime (C++)', 'libc memory and strings', 'JS', 'json', 'malloc', 'gc', 'other'].includes(category)
  )
    count(jsSide, firstJs(s.frames));
}
const pct = (n) => `${((100 * n) / samples.length).toFixed(1)} %`.padStart(7);
const mains = samples.filter(isMain).length;
console.log(`${samples.length} on-CPU samples, ${threads.size} threads; main threads ${pct(mains)}`);
console.log('\nby thread and leaf');
for (const [key, n] of [...categories].sort((a, b) => b[1] - a[1])) console.log(`${pct(n)}  ${key}`);
console.log('\nmain thread JS side (builtins, runtime, JS, JSON, malloc, GC, other) by first JS frame');
for (const [key, n] of [...jsSide].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${pct(n)}  ${key}`);
