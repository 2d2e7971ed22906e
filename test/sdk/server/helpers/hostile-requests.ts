// Hostile requests to every Twofold endpoint: malformed JSON, wrong content types, junk in every
// field, hostile headers, unknown paths and wrong methods, oversized bodies, forged rights and
// attempt tokens, bodies cut off mid-way. Each scenario states the refusal codes it may get.
import { randomUUID } from 'node:crypto';
import { MAX_ATTEMPT_TOKEN_LENGTH } from '../../../../sdk/server/http/service';
import {
  BASE,
  HOSTILE_KEYS,
  JSON_ENDPOINTS,
  JUNK_VALUES,
  malformedJson,
  mangleToken,
  tokenClaims,
  withClaims,
  type HostileClass,
  type HostileContext,
  type JsonEndpoint,
  type Shot,
} from './hostile';

/** What each JSON endpoint takes, as a plausible body (tokens are not valid). */
const PLAUSIBLE: Record<JsonEndpoint, object> = {
  assess: { userId: 'ada', sealed: 'tf1.eyJ2IjoxfQ.AAAA.AAAA' },
  record: { attemptToken: 'at1.e30.AAAA', outcome: 'success' },
  'rights/access': { token: 'rt1.e30.AAAA' },
  'rights/export': { token: 'rt1.e30.AAAA' },
  'rights/erase': { token: 'rt1.e30.AAAA' },
  'rights/object': { token: 'rt1.e30.AAAA' },
  'rights/rectify': { token: 'rt1.e30.AAAA', loginId: 'login-1' },
};

/** The only headers an endpoint needs to get as far as reading the body (record checks its API key first). */
function authFor(ctx: HostileContext, endpoint: JsonEndpoint): Record<string, string> {
  return endpoint === 'record' ? { authorization: `Bearer ${ctx.site.apiKey}` } : {};
}

/** A JSON object text with `entries` as own keys (so `__proto__` really is sent as a key). */
function objectText(entries: [string, unknown][]): string {
  return `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`).join(',')}}`;
}

const malformed: HostileClass = {
  name: 'malformed-json',
  weight: 10,
  mustSee: ['invalid_json'],
  async run(ctx) {
    const endpoint = ctx.rng.pick(JSON_ENDPOINTS);
    const body = ctx.rng.chance(0.05) ? ctx.rng.pick(['', ' ', '\n\t\r ']) : malformedJson(JSON.stringify(PLAUSIBLE[endpoint]), ctx.rng);
    await ctx.send({ method: 'POST', path: `${BASE}/${endpoint}`, headers: authFor(ctx, endpoint), body, expect: ['invalid_json'] });
  },
};

const contentType: HostileClass = {
  name: 'wrong-content-type',
  weight: 5,
  mustSee: ['unsupported_media_type'],
  async run(ctx) {
    const endpoint = ctx.rng.pick(JSON_ENDPOINTS);
    const type = ctx.rng.pick([
      '',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json5',
      'application/jsonp',
      'text/json',
      'json',
      'application/json-patch+json',
      '*/*',
      'application/x-json',
    ]);
    await ctx.send({
      method: 'POST',
      path: `${BASE}/${endpoint}`,
      headers: { ...authFor(ctx, endpoint), 'content-type': type },
      body: JSON.stringify(PLAUSIBLE[endpoint]),
      expect: ['unsupported_media_type'],
    });
  },
};

/** Per endpoint: its fields and the codes junk in them may earn. */
const JUNK_SHAPES: Record<JsonEndpoint, { fields: string[]; expect: string[] }> = {
  assess: { fields: ['userId', 'sealed'], expect: ['ok', 'invalid_input', 'user_required', 'seal_malformed'] },
  record: { fields: ['attemptToken', 'outcome'], expect: ['invalid_input', 'attempt_token_invalid'] },
  'rights/access': { fields: ['token'], expect: ['invalid_input', 'rights_token_missing', 'rights_token_invalid'] },
  'rights/export': { fields: ['token'], expect: ['invalid_input', 'rights_token_missing', 'rights_token_invalid'] },
  'rights/erase': { fields: ['token'], expect: ['invalid_input', 'rights_token_missing', 'rights_token_invalid'] },
  'rights/object': { fields: ['token'], expect: ['invalid_input', 'rights_token_missing', 'rights_token_invalid'] },
  'rights/rectify': { fields: ['token', 'loginId'], expect: ['invalid_input', 'rights_token_missing', 'rights_token_invalid'] },
};

const junkFields: HostileClass = {
  name: 'junk-fields',
  weight: 14,
  mustSee: ['invalid_input', 'user_required', 'seal_malformed', 'attempt_token_invalid', 'rights_token_invalid', 'rights_token_missing'],
  async run(ctx) {
    const { rng } = ctx;
    const endpoint = rng.pick(JSON_ENDPOINTS);
    const shape = JUNK_SHAPES[endpoint];
    let body: string;
    if (rng.chance(0.15)) body = JSON.stringify(rng.pick(JUNK_VALUES));
    else {
      const entries: [string, unknown][] = [];
      for (const field of shape.fields) {
        if (rng.chance(0.85)) entries.push([field, rng.chance(0.3) ? (PLAUSIBLE[endpoint] as Record<string, unknown>)[field] : rng.pick(JUNK_VALUES)]);
      }
      if (rng.chance(0.3)) entries.push([rng.pick(HOSTILE_KEYS), rng.pick(JUNK_VALUES)]);
      body = objectText(rng.chance(0.5) ? entries : entries.reverse());
    }
    // A record body with both fields valid-looking is still an unsigned token.
    await ctx.send({ method: 'POST', path: `${BASE}/${endpoint}`, headers: authFor(ctx, endpoint), body, expect: shape.expect });
  },
};

const HOSTILE_IPS = [
  'not-an-ip',
  '999.999.999.999',
  '::::',
  '1.2.3.4, 5.6.7.8',
  ' , ',
  '0.0.0.0',
  '255.255.255.255',
  '::ffff:203.0.113.5',
  'fe80::1%eth0',
  '203.0.113.7'.repeat(100),
  '[::1]:80',
  '-1',
  '1e3',
  '\xff\xfe',
  '127.0.0.1',
  '10.0.0.1',
  '203.0.113.9',
  '2001:db8::1',
  "'; DROP TABLE nonces; --",
];
const HOSTILE_AGENTS = [
  '',
  'x'.repeat(8000),
  '() { :; }; echo pwned',
  'Mozilla/5.0 (',
  '\t',
  'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36',
  'curl/8.0',
  'HeadlessChrome/120',
  '\xe9\xe8',
];

/** Junk in the headers the handler reads (client IP via X-Forwarded-For, User-Agent, forwarded host/proto): the request is still served. */
const hostileHeaders: HostileClass = {
  name: 'hostile-headers',
  weight: 6,
  mustSee: ['ok'],
  async run(ctx) {
    const { rng } = ctx;
    const headers = {
      'x-forwarded-for': rng.pick(HOSTILE_IPS),
      'user-agent': rng.pick(HOSTILE_AGENTS),
      'x-forwarded-host': rng.pick(['evil.example', '<script>', 'a'.repeat(500), '', ':::']),
      'x-forwarded-proto': rng.pick(['https', 'javascript', '', 'x'.repeat(100)]),
    };
    switch (rng.int(3)) {
      case 0:
        return void (await ctx.send({ method: 'GET', path: `${BASE}/nonce`, headers, expect: ['ok'] }));
      case 1:
        return void (await ctx.send({ method: 'GET', path: '/.well-known/twofold.json', headers, expect: ['ok'] }));
      default: {
        // A sign-in without a report from a junk address, then its outcome recorded: both stored and scored.
        const assessed = await ctx.send({
          method: 'POST',
          path: `${BASE}/assess`,
          headers,
          body: JSON.stringify({ userId: rng.pick(['ada', 'constructor', 'hasOwnProperty']) }),
          expect: ['ok'],
        });
        const attemptToken = assessed.json?.['attemptToken'];
        if (typeof attemptToken !== 'string') return;
        return void (await ctx.send({
          method: 'POST',
          path: `${BASE}/record`,
          headers: { ...headers, authorization: `Bearer ${ctx.site.apiKey}` },
          body: JSON.stringify({ attemptToken, outcome: rng.pick(['success', 'failure']) }),
          expect: ['ok'],
        }));
      }
    }
  },
};

/** Every endpoint and the methods it serves. */
const ROUTES: [string, string[]][] = [
  [`${BASE}/nonce`, ['GET']],
  [`${BASE}/assess`, ['POST']],
  [`${BASE}/record`, ['POST']],
  [`${BASE}/rights/access`, ['GET', 'POST']],
  [`${BASE}/rights/export`, ['GET', 'POST']],
  [`${BASE}/rights/erase`, ['POST']],
  [`${BASE}/rights/object`, ['POST']],
  [`${BASE}/rights/rectify`, ['POST']],
  ['/.well-known/twofold.json', ['GET']],
];
const UNKNOWN_PATHS = [
  `${BASE}`,
  `${BASE}/`,
  `${BASE}/rights`,
  `${BASE}/rights/delete`,
  `${BASE}/assess/x`,
  `${BASE}//assess`,
  `${BASE}/%61ssess`,
  `${BASE}/ASSESS`,
  '/.well-known/twofold.json.bak',
  `${BASE}/nonce%00`,
  `${BASE}/${'a'.repeat(4000)}`,
  `${BASE}/assess;x`,
  `${BASE}/..%2fnonce`,
  `${BASE}/%E0%A4%A`,
  '/',
  '/twofold-nonce',
];

const routing: HostileClass = {
  name: 'routing',
  weight: 7,
  mustSee: ['not_found', 'method_not_allowed', 'ok'],
  async run(ctx) {
    const { rng } = ctx;
    const method = rng.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'PROPFIND', 'OPTIONS', 'HEAD']);
    switch (rng.int(3)) {
      case 0:
        return void (await ctx.send({ method: method === 'HEAD' ? 'GET' : method, path: rng.pick(UNKNOWN_PATHS), expect: ['not_found'] }));
      case 1: {
        const [path, allowed] = rng.pick(ROUTES);
        if (method === 'OPTIONS') return void (await ctx.send({ method, path, expect: ['ok'] }));
        if (method === 'HEAD' || allowed.includes(method)) return void (await ctx.send({ method: 'PATCH', path, expect: ['method_not_allowed'] }));
        return void (await ctx.send({ method, path: `${path}${rng.chance(0.3) ? '/' : ''}`, expect: ['method_not_allowed'] }));
      }
      default: {
        const query = rng.pick(['?', '?x=1', `?${'q'.repeat(2000)}`, '?nonce=AAAA&nonce=BBBB', '?%00', '#frag', '?__proto__[x]=1']);
        return void (await ctx.send({
          method: rng.pick(['GET', 'HEAD']),
          path: `${rng.pick([`${BASE}/nonce`, '/.well-known/twofold.json'])}${query}`,
          expect: ['ok'],
        }));
      }
    }
  },
};

const oversized: HostileClass = {
  name: 'oversized',
  weight: 7,
  mustSee: ['body_too_large', 'seal_too_large', 'invalid_input', 'rights_token_invalid'],
  async run(ctx) {
    const { rng } = ctx;
    const endpoint = rng.pick(JSON_ENDPOINTS);
    const path = `${BASE}/${endpoint}`;
    const headers = authFor(ctx, endpoint);
    const big = (n: number) => 'x'.repeat(n);
    const send = (body: string, expect: string[], extra: Partial<Shot> = {}) => ctx.send({ method: 'POST', path, headers, body, expect, ...extra });
    switch (rng.int(6)) {
      case 0:
        return void (await send(JSON.stringify({ ...PLAUSIBLE[endpoint], pad: big(96 * 1024 + rng.int(150_000)) }), ['body_too_large']));
      case 1:
        return void (await send(JSON.stringify({ pad: big(96 * 1024 + rng.int(150_000)) }), ['body_too_large'], { chunked: true }));
      case 2:
        return void (await ctx.send({
          method: 'POST',
          path: `${BASE}/assess`,
          body: JSON.stringify({ userId: 'ada', sealed: `tf1.${big(65 * 1024 + rng.int(25_000))}` }),
          expect: ['seal_too_large'],
        }));
      case 3: {
        const long = big(rng.pick([257, 4097, 8193, 20_000]));
        const fields: Record<JsonEndpoint, object> = {
          assess: { userId: long },
          record: { attemptToken: big(MAX_ATTEMPT_TOKEN_LENGTH + 1 + rng.int(10_000)), outcome: 'success' },
          'rights/access': { token: big(4097) },
          'rights/export': { token: long + big(4097) },
          'rights/erase': { token: big(4097) },
          'rights/object': { token: big(5000) },
          'rights/rectify': { token: 'x', loginId: big(201) },
        };
        return void (await send(JSON.stringify(fields[endpoint]), ['invalid_input']));
      }
      case 4: {
        // Deep nesting inside the size limit: the parser or the schema refuses it, the stack survives.
        const depth = 1000 + rng.int(40_000);
        return void (await send(`{"${JUNK_SHAPES[endpoint].fields[0]}":${'['.repeat(depth)}${']'.repeat(depth)}}`, ['invalid_input', 'invalid_json']));
      }
      default: {
        const token = `rt1.${big(2000 + rng.int(8000))}.${big(86)}`;
        return void (await ctx.send({
          method: 'GET',
          path: `${BASE}/rights/${rng.pick(['access', 'export'])}`,
          headers: { authorization: `Bearer ${token}` },
          expect: ['rights_token_invalid'],
        }));
      }
    }
  },
};

const RIGHTS_ENDPOINTS = ['access', 'export', 'erase', 'object', 'rectify'];

/** Rights tokens that are not what the site issued (or are, but expired or never registered). */
const forgedRights: HostileClass = {
  name: 'forged-rights-token',
  weight: 6,
  mustSee: ['rights_token_invalid', 'rights_token_expired', 'rights_token_used', 'rights_token_missing', 'login_not_found'],
  async run(ctx) {
    const { rng } = ctx;
    const login = await ctx.spareLogin();
    const claims = tokenClaims(login.rightsToken);
    const sign = ctx.attackerSign;
    const now = Date.now();
    const variants: [() => Promise<string> | string, string][] = [
      [() => mangleToken(login.rightsToken, rng), 'rights_token_invalid'],
      [() => sign('rt1', claims), 'rights_token_invalid'],
      [() => withClaims(login.rightsToken, { ...claims, dev: rng.pick(['other-device', login.deviceId.toUpperCase(), '']) }), 'rights_token_invalid'],
      [() => withClaims(login.rightsToken, { ...claims, exp: now + 1e12 }), 'rights_token_invalid'],
      [() => `rt1.${login.receipt.split('.').slice(1).join('.')}`, 'rights_token_invalid'],
      [() => rng.pick([login.receipt, login.attemptToken, `rt1.${login.attemptToken.split('.').slice(1).join('.')}`]), 'rights_token_invalid'],
      [() => ctx.siteSign('rt1', { ...claims, site: 'evil.example', jti: randomUUID() }), 'rights_token_invalid'],
      [() => ctx.siteSign('rt1', { ...claims, dev: { $ne: null }, jti: randomUUID() }), 'rights_token_invalid'],
      // Signed by the site, but naming an account it never sealed (or none: a device-only token of old).
      [
        () =>
          ctx.siteSign('rt1', {
            ...claims,
            sub: rng.pick(['A'.repeat(43), 'user-1'.repeat(4), Buffer.from('ada').toString('base64url').padEnd(40, 'A')]),
            jti: randomUUID(),
          }),
        'rights_token_invalid',
      ],
      [
        () => ctx.siteSign('rt1', { ...Object.fromEntries(Object.entries(claims).filter(([key]) => key !== 'sub')), jti: randomUUID() }),
        'rights_token_invalid',
      ],
      [() => ctx.siteSign('rt1', { ...claims, exp: now - 1 - rng.int(1e9), jti: randomUUID() }), 'rights_token_expired'],
      [() => ctx.siteSign('rt1', { ...claims, jti: randomUUID() }), 'rights_token_used'],
      [() => rng.pick(['rt1.e30.AAAA', 'garbage', 'rt1', '.', 'null', 'undefined', '[object Object]']), 'rights_token_invalid'],
    ];
    const endpoint = rng.pick(RIGHTS_ENDPOINTS);
    const path = `${BASE}/rights/${endpoint}`;
    if (rng.chance(0.1)) {
      // The site's own token, but a login of another device (or none): nothing to rectify.
      return void (await ctx.send({
        method: 'POST',
        path: `${BASE}/rights/rectify`,
        body: JSON.stringify({ token: login.rightsToken, loginId: rng.pick(['login-1', randomUUID(), '💥', 'constructor']) }),
        expect: ['login_not_found'],
      }));
    }
    if (rng.chance(0.08) && (endpoint === 'access' || endpoint === 'export')) {
      return void (await ctx.send({
        method: 'GET',
        path,
        headers: { authorization: rng.pick(['Bearer ', 'Bearer', 'Basic dXNlcjpwYXNz', 'Token abc', '']) },
        expect: ['rights_token_missing'],
      }));
    }
    const [make, code] = rng.pick(variants);
    const token = await make();
    const extra = endpoint === 'rectify' ? { loginId: 'login-1' } : {};
    const viaHeader = rng.chance(0.5) && !/\s/.test(token) && token !== '';
    if (viaHeader && (endpoint === 'access' || endpoint === 'export') && rng.chance(0.5)) {
      return void (await ctx.send({ method: 'GET', path, headers: { authorization: `${rng.pick(['Bearer', 'bearer', 'BEARER'])} ${token}` }, expect: [code] }));
    }
    const headers: Record<string, string> = viaHeader ? { authorization: `Bearer ${token}` } : {};
    await ctx.send({ method: 'POST', path, headers, body: JSON.stringify(viaHeader ? extra : { token, ...extra }), expect: [code] });
  },
};

/** Attempt tokens (assess → record) that the site did not issue, or issued and never registered; and a wrong API key. */
const forgedAttempt: HostileClass = {
  name: 'forged-attempt-token',
  weight: 4,
  mustSee: ['attempt_token_invalid', 'attempt_token_used', 'unauthorized'],
  async run(ctx) {
    const { rng, site } = ctx;
    const login = await ctx.spareLogin();
    const claims = tokenClaims(login.attemptToken);
    const sign = ctx.attackerSign;
    const variants: [() => Promise<string> | string, string][] = [
      [() => mangleToken(login.attemptToken, rng), 'attempt_token_invalid'],
      [() => sign('at1', claims), 'attempt_token_invalid'],
      [() => withClaims(login.attemptToken, { ...claims, exp: Date.now() + 1e12 }), 'attempt_token_invalid'],
      [() => rng.pick([login.rightsToken, login.receipt, `at1.${login.rightsToken.split('.').slice(1).join('.')}`]), 'attempt_token_invalid'],
      [() => ctx.siteSign('at1', { ...claims, exp: Date.now() - 1 }), 'attempt_token_invalid'],
      [() => ctx.siteSign('at1', { ...claims, attempt: rng.pick(JUNK_VALUES) }), 'attempt_token_invalid'],
      [() => ctx.siteSign('at1', { ...claims, jti: randomUUID() }), 'attempt_token_used'],
    ];
    const [make, code] = rng.pick(variants);
    const body = JSON.stringify({ attemptToken: await make(), outcome: rng.pick(['success', 'failure']) });
    if (rng.chance(0.25)) {
      const authorization = rng.pick([
        '',
        'Bearer',
        `Bearer ${site.apiKey}x`,
        `Basic ${site.apiKey}`,
        `Bearer ${site.apiKey} ${site.apiKey}`,
        `${site.apiKey}`,
        `Bearer ${login.rightsToken}`,
      ]);
      return void (await ctx.send({ method: 'POST', path: `${BASE}/record`, headers: authorization ? { authorization } : {}, body, expect: ['unauthorized'] }));
    }
    await ctx.send({ method: 'POST', path: `${BASE}/record`, headers: { authorization: `Bearer ${site.apiKey}` }, body, expect: [code] });
  },
};

/**
 * Callers of assess who are not the site's server: no key, a wrong or truncated key, another
 * scheme, a rights token in its place. Refused with 401, and never a decision, score or reason.
 */
const anonymousAssess: HostileClass = {
  name: 'anonymous-assess',
  weight: 3,
  mustSee: ['unauthorized'],
  async run(ctx) {
    const { rng, site } = ctx;
    const authorization = rng.pick([
      '',
      'Bearer',
      `Bearer ${site.apiKey}x`,
      `Bearer ${site.apiKey.slice(0, -1)}`,
      `Basic ${site.apiKey}`,
      site.apiKey,
      `Bearer ${(await ctx.spareLogin()).rightsToken}`,
    ]);
    const body = JSON.stringify({ userId: rng.pick(['ada', 'user-1', 'constructor']), ...(rng.chance(0.5) ? { sealed: await ctx.spareSealed() } : {}) });
    const answer = await ctx.send({ method: 'POST', path: `${BASE}/assess`, headers: { authorization }, body, expect: ['unauthorized'] });
    if (answer.json && ['decision', 'score', 'reasons', 'attemptToken'].some((key) => key in answer.json!))
      ctx.flag(`an unauthorized assess answered with assessment facts: ${JSON.stringify(answer.json).slice(0, 120)}`);
  },
};

/** Bodies cut off by the client hanging up: no answer to read, but nothing may leak or crash. */
const aborted: HostileClass = {
  name: 'aborted-body',
  weight: 2,
  mustSee: [],
  async run(ctx) {
    const declared = 500 + ctx.rng.int(90_000);
    await ctx.abort(`${BASE}/${ctx.rng.pick(JSON_ENDPOINTS)}`, declared, ctx.rng.int(declared));
  },
};

/** The request-level classes, in the order the report lists them. */
export const REQUEST_CLASSES: readonly HostileClass[] = [
  malformed,
  contentType,
  junkFields,
  hostileHeaders,
  routing,
  oversized,
  forgedRights,
  forgedAttempt,
  anonymousAssess,
  aborted,
];
