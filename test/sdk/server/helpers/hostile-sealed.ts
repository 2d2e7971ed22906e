// Hostile sealed payloads for POST /twofold/assess: truncated, tampered (ciphertext and header),
// forged by someone holding only the public key, and replayed. Each scenario states the exact
// refusal codes it may get, so a server that accepts an altered report fails the fuzz.
import { sealReport } from '../../../../sdk/protocol/seal';
import { generateSiteKeys } from '../../../../sdk/server/seal';
import {
  BASE,
  JUNK_VALUES,
  cutInsidePart,
  flipInPart,
  sealCrafted,
  sealHeaderFor,
  sealedHeader,
  withHeader,
  type HostileClass,
  type HostileContext,
  type Shot,
} from './hostile';
import { sampleReport } from './report';

const USERS = ['ada', 'bob', 'constructor', '__proto__', 'toString', 'mallory', 'a'.repeat(256), '💥'];

/** POST /twofold/assess with `sealed` for a random user. */
function assess(ctx: HostileContext, sealed: string, expect: readonly string[], genuine = false) {
  return ctx.send({
    method: 'POST',
    path: `${BASE}/assess`,
    body: JSON.stringify({ userId: ctx.rng.pick(USERS), sealed }),
    expect,
    ...(genuine ? { genuine } : {}),
  });
}

const TAMPERED_ANY = ['seal_malformed', 'seal_wrong_key', 'seal_wrong_site', 'seal_expired', 'seal_tampered', 'seal_replayed'];

/** Truncated envelopes: cut at any point, a piece missing inside a part, a part dropped. */
const truncated: HostileClass = {
  name: 'truncated-sealed',
  weight: 8,
  mustSee: ['seal_malformed', 'seal_tampered'],
  async run(ctx) {
    const spare = await ctx.spareSealed();
    const { rng } = ctx;
    let cut: string;
    switch (rng.int(3)) {
      case 0:
        cut = spare.slice(0, 1 + rng.int(spare.length - 1));
        break;
      case 1:
        cut = cutInsidePart(spare, rng);
        break;
      default: {
        const parts = spare.split('.');
        parts.splice(rng.int(4), 1);
        cut = parts.join('.');
      }
    }
    // A cut inside the header may leave a shorter nonce that is still well-formed (not one issued),
    // or a shorter iat (a time long past); a piece of whole base64 quanta cut out of the key id or
    // the site leaves valid JSON naming another key or site (the keys are fresh each run, so
    // whether the seeded cut lands there varies: it did once in a few dozen runs).
    await assess(ctx, cut, ['seal_malformed', 'seal_tampered', 'seal_replayed', 'seal_expired', 'seal_wrong_key', 'seal_wrong_site']);
  },
};

/** The ciphertext or encapsulated key altered in transit (base64url kept, so only the AEAD can notice). */
const tamperedCiphertext: HostileClass = {
  name: 'tampered-ciphertext',
  weight: 8,
  mustSee: ['seal_tampered', 'seal_malformed'],
  async run(ctx) {
    const spare = await ctx.spareSealed();
    const parts = spare.split('.');
    const { rng } = ctx;
    switch (rng.int(5)) {
      case 0:
        return void (await assess(ctx, flipInPart(spare, 3, rng), ['seal_tampered']));
      case 1:
        return void (await assess(ctx, flipInPart(spare, 2, rng), ['seal_tampered']));
      // Appending may leave a length no base64url string has (malformed) or more bytes (tampered).
      case 2:
        return void (await assess(ctx, `${spare}${'AAAA'.slice(0, rng.pick([2, 3, 4]))}`, ['seal_tampered', 'seal_malformed']));
      case 3: {
        // A valid encapsulated key from someone else's seal: authenticates nothing here.
        const foreign = await sealCrafted({ publicKey: ctx.site.publicKey, header: sealedHeader(spare), plaintext: 'x' });
        return void (await assess(ctx, [parts[0], parts[1], foreign.split('.')[2], parts[3]].join('.'), ['seal_tampered']));
      }
      default:
        return void (await assess(ctx, [parts[0], parts[1], parts[3], parts[2]].join('.'), ['seal_malformed']));
    }
  },
};

/** The readable header rewritten: each change has the one code it must be refused with. */
const tamperedHeader: HostileClass = {
  name: 'tampered-header',
  weight: 9,
  mustSee: ['seal_wrong_site', 'seal_wrong_key', 'seal_malformed', 'seal_expired', 'seal_tampered'],
  async run(ctx) {
    const spare = await ctx.spareSealed();
    const header = sealedHeader(spare);
    const iat = header['iat'] as number;
    const { rng } = ctx;
    const patches: [Record<string, unknown> | string, string][] = [
      [{ ...header, site: rng.pick(['evil.example', 'example.com.', 'EXAMPLE.COM', 'example.co']) }, 'seal_wrong_site'],
      [{ ...header, origin: rng.pick(['https://evil.example', 'http://example.com', 'https://example.com:443', 'null']) }, 'seal_wrong_site'],
      [{ ...header, kid: rng.pick(['AAAAAAAAAAA', 'zzzzzzzzzzz', `${ctx.site.kid}A`]) }, 'seal_wrong_key'],
      [{ ...header, alg: rng.pick(['HPKE-X25519-SHA256-CHACHA20POLY1305', 'none', '']) }, 'seal_malformed'],
      [{ ...header, v: rng.pick([0, 2, '1', null]) }, 'seal_malformed'],
      [{ ...header, iat: rng.pick(['1', -1, 1.5, null, Infinity]) }, 'seal_malformed'],
      [{ ...header, nonce: rng.pick(['short', 'a'.repeat(65), 'with space in it!!!', 5]) }, 'seal_malformed'],
      [{ ...header, extra: rng.pick(JUNK_VALUES) }, 'seal_malformed'],
      [withoutKey(header, rng.pick(Object.keys(header))), 'seal_malformed'],
      [rng.pick(['not json', '[]', 'null', '"tf1"', '{"v":1']), 'seal_malformed'],
      [{ ...header, iat: iat - (6 + rng.int(1e6)) * 60_000 }, 'seal_expired'],
      [{ ...header, iat: iat + (2 + rng.int(1e6)) * 60_000 }, 'seal_expired'],
      [{ ...header, iat: iat + 1 + rng.int(1000) }, 'seal_tampered'],
      // Nonces are MAC'd (seal.ts): an altered nonce is one this server never issued.
      [{ ...header, nonce: `${'Z'.repeat(10)}${String(header['nonce']).slice(10)}` }, 'seal_replayed'],
      [JSON.stringify(header, null, 1), 'seal_tampered'],
      [Object.fromEntries(Object.entries(header).reverse()), 'seal_tampered'],
    ];
    if (rng.chance(0.2)) return void (await assess(ctx, flipInPart(spare, 1, rng), TAMPERED_ANY));
    const [patched, code] = rng.pick(patches);
    await assess(ctx, withHeader(spare, patched), [code]);
  },
};

function withoutKey(header: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...header };
  delete copy[key];
  return copy;
}

let otherKeys: ReturnType<typeof generateSiteKeys> | undefined;

/** Sealed by someone with only the public key (it is published): valid crypto, hostile content. */
const forgedSealed: HostileClass = {
  name: 'forged-sealed',
  weight: 8,
  mustSee: ['seal_tampered', 'seal_invalid_report', 'seal_wrong_site', 'seal_replayed', 'ok'],
  async run(ctx) {
    const { rng, site } = ctx;
    const choice = rng.int(7);
    // A real issued nonce (anyone may fetch one), so the forgery reaches the checks behind it; an
    // invented one (case 5) is refused as never issued.
    const nonce = choice === 5 ? `forged${Math.floor(rng.next() * 2 ** 40).toString(36)}xxxxxxxxxx` : await ctx.nonce();
    const header = sealHeaderFor(site.kid, site.name, site.origin, nonce);
    const inner = (report: unknown, patch: object = {}) =>
      JSON.stringify({ site: site.name, origin: site.origin, nonce, iat: header['iat'], report, ...patch });
    const report = sampleReport({ site: site.name, origin: site.origin });
    const craft = (plaintext: string | Uint8Array, publicKey = site.publicKey) => sealCrafted({ publicKey, header, plaintext });
    switch (choice) {
      case 0: {
        const field = rng.pick(['site', 'origin', 'nonce', 'iat']);
        return void (await assess(ctx, await craft(inner(report, { [field]: rng.pick(['evil.example', 'AAAAAAAAAAAAAAAAAAAAAA', 1, null]) })), [
          'seal_tampered',
        ]));
      }
      case 1:
        return void (await assess(ctx, await craft(rng.pick(['not json', '[1,2]', 'null', '"report"', new Uint8Array([0xff, 0xfe, 0x7b])])), [
          'seal_invalid_report',
        ]));
      case 2: {
        const broken = rng.pick<unknown>([
          ...JUNK_VALUES,
          { ...report, version: 2 },
          { ...report, collectedAt: 'yesterday' },
          { ...report, signals: { x: { durationMs: -1 } } },
          { ...report, receipt: {} },
          { ...report, signals: { ['s'.repeat(65)]: { durationMs: 0 } } },
        ]);
        return void (await assess(ctx, await craft(inner(broken)), ['seal_invalid_report']));
      }
      case 3: {
        const elsewhere = sampleReport({ site: 'evil.example', origin: rng.pick(['https://evil.example', site.origin]) });
        return void (await assess(ctx, await craft(inner(elsewhere)), ['seal_wrong_site']));
      }
      case 4: {
        // Sealed to another key while claiming the site's key id: the decapsulation cannot succeed.
        otherKeys ??= generateSiteKeys();
        const other = await otherKeys;
        return void (await assess(ctx, await craft(inner(report), other.publicKey), ['seal_tampered']));
      }
      case 5:
        return void (await assess(ctx, await craft(inner(report)), ['seal_replayed']));
      default:
        return hostileReport(ctx);
    }
  },
};

/** A well-formed report whose signal values are junk, sealed on an issued nonce: scored or refused, never a 5xx. */
async function hostileReport(ctx: HostileContext): Promise<void> {
  const { rng, site } = ctx;
  const nonce = await ctx.nonce();
  const report = sampleReport({
    site: site.name,
    origin: site.origin,
    deviceId: rng.pick(['d', 'constructor', '__proto__', `dev-${rng.int(1e9)}`, '💥'.repeat(40), 'x'.repeat(200), 'y'.repeat(300)]),
  });
  const signals = report.signals as Record<string, { value?: unknown; error?: string; durationMs: number }>;
  for (const id of Object.keys(signals)) {
    if (rng.chance(0.4)) signals[id] = { value: rng.pick(JUNK_VALUES), durationMs: rng.pick([0, 1e308, 3.5]) };
    else if (rng.chance(0.2))
      signals[id] = {
        value: { id: rng.pick(JUNK_VALUES), timeZone: rng.pick(JUNK_VALUES), languages: rng.pick(JUNK_VALUES), webdriver: rng.pick(JUNK_VALUES) },
        durationMs: 0,
      };
    else if (rng.chance(0.1)) signals[id] = { error: rng.pick(['not-permitted', 'x'.repeat(500), '']), durationMs: 0 };
  }
  if (rng.chance(0.3)) {
    // defineProperty, so `__proto__` becomes an own key that JSON.stringify sends.
    Object.defineProperty(signals, rng.pick(['__proto__', 'constructor', 'toString', 'z'.repeat(64), '']), {
      value: { value: rng.pick(JUNK_VALUES), durationMs: 0 },
      enumerable: true,
    });
  }
  const sealed = await sealReport(report, { publicKey: site.publicKey, nonce, site: site.name, origin: site.origin });
  const answer = await assess(ctx, sealed, ['ok', 'seal_invalid_report']);
  const attemptToken = answer.json?.['attemptToken'];
  if (typeof attemptToken !== 'string') return;
  // Whatever the report claimed, a successful record of it stores and answers; the token issued for
  // the device id it named (when it named a usable one) must work for access.
  const recorded = await ctx.send({
    method: 'POST',
    path: `${BASE}/record`,
    headers: { authorization: `Bearer ${ctx.site.apiKey}` },
    body: JSON.stringify({ attemptToken, outcome: 'success' }),
    expect: ['ok'],
    genuine: true,
  });
  const rightsToken = recorded.json?.['rightsToken'];
  if (typeof rightsToken === 'string') {
    await ctx.send({ method: 'GET', path: `${BASE}/rights/access`, headers: { authorization: `Bearer ${rightsToken}` }, expect: ['ok'], genuine: true });
  }
}

/** Genuine material sent again: a sealed report, a nonce, a rights token, an attempt token. */
const replayed: HostileClass = {
  name: 'replayed',
  weight: 8,
  mustSee: ['seal_replayed', 'rights_token_used', 'attempt_token_used'],
  async run(ctx) {
    const { rng, site } = ctx;
    switch (rng.int(5)) {
      case 4:
        return race(ctx);
      case 0: {
        const sealed = await ctx.sealed();
        await assess(ctx, sealed, ['ok'], true);
        for (let i = 0; i <= rng.int(3); i++) await assess(ctx, sealed, ['seal_replayed']);
        return;
      }
      case 1: {
        const nonce = await ctx.nonce();
        const seal = () =>
          sealReport(sampleReport({ site: site.name, origin: site.origin }), { publicKey: site.publicKey, nonce, site: site.name, origin: site.origin });
        await assess(ctx, await seal(), ['ok'], true);
        return void (await assess(ctx, await seal(), ['seal_replayed']));
      }
      case 2: {
        const login = await ctx.login();
        const spend = rng.pick(['erase', 'object']);
        const auth = { authorization: `Bearer ${login.rightsToken}` };
        await ctx.send({ method: 'POST', path: `${BASE}/rights/${spend}`, body: JSON.stringify({ token: login.rightsToken }), expect: ['ok'], genuine: true });
        const again = rng.pick(['erase', 'object', 'access', 'export', 'rectify']);
        const body = JSON.stringify(again === 'rectify' ? { loginId: 'any' } : { token: login.rightsToken });
        return void (await ctx.send({ method: 'POST', path: `${BASE}/rights/${again}`, headers: auth, body, expect: ['rights_token_used'] }));
      }
      default: {
        const login = await ctx.login();
        const record = (genuine: boolean) =>
          ctx.send({
            method: 'POST',
            path: `${BASE}/record`,
            headers: { authorization: `Bearer ${site.apiKey}` },
            body: JSON.stringify({ attemptToken: login.attemptToken, outcome: rng.pick(['success', 'failure']) }),
            expect: genuine ? ['ok'] : ['attempt_token_used'],
            genuine,
          });
        await record(true);
        return void (await record(false));
      }
    }
  },
};

/** The same genuine report, rights token or attempt token sent several times at once: exactly one may win. */
async function race(ctx: HostileContext): Promise<void> {
  const { rng, site } = ctx;
  const copies = 2 + rng.int(4);
  let shot: Shot;
  let lost: string;
  switch (rng.int(3)) {
    case 0:
      shot = { method: 'POST', path: `${BASE}/assess`, body: JSON.stringify({ userId: 'racer', sealed: await ctx.sealed() }), expect: ['ok', 'seal_replayed'] };
      lost = 'seal_replayed';
      break;
    case 1: {
      const login = await ctx.login();
      shot = {
        method: 'POST',
        path: `${BASE}/rights/${rng.pick(['erase', 'object'])}`,
        body: JSON.stringify({ token: login.rightsToken }),
        expect: ['ok', 'rights_token_used'],
      };
      lost = 'rights_token_used';
      break;
    }
    default: {
      const login = await ctx.login();
      shot = {
        method: 'POST',
        path: `${BASE}/record`,
        headers: { authorization: `Bearer ${site.apiKey}` },
        body: JSON.stringify({ attemptToken: login.attemptToken, outcome: 'failure' }),
        expect: ['ok', 'attempt_token_used'],
      };
      lost = 'attempt_token_used';
    }
  }
  const answers = await Promise.all(Array.from({ length: copies }, () => ctx.send(shot)));
  const won = answers.filter((answer) => answer.code === 'ok').length;
  if (won !== 1 || answers.some((answer) => answer.code !== 'ok' && answer.code !== lost)) {
    ctx.flag(
      `${copies} racing copies of ${shot.method} ${shot.path}: ${won} accepted (${answers.map((answer) => answer.code).join(', ')}); exactly one may be`,
    );
  }
}

/** The sealed-payload classes, in the order the report lists them. */
export const SEALED_CLASSES: readonly HostileClass[] = [truncated, tamperedCiphertext, tamperedHeader, forgedSealed, replayed];
