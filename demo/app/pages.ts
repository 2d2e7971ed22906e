/**
 * HTML of the demo's login pages (server-rendered, no framework). Every interpolated value goes
 * through `esc`. The login page embeds the SDK in banner mode and seals its signals into the form.
 */
import type { SignInNotice } from './notices';
import type { Assessment, Reason } from '../../sdk/server/risk/index';

/** Escapes text for HTML element and attribute content. */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The page languages the SDK's banner speaks; the sign-in pages follow `?lang=` like the home page. */
export type PageLang = 'en' | 'nb';

/** The language asked for in the URL (`?lang=nb`), English otherwise. */
export function langOf(url: URL): PageLang {
  return url.searchParams.get('lang') === 'nb' ? 'nb' : 'en';
}

/** `path` with the page language kept (only a non-default one is added to the URL). */
function withLang(path: string, lang: PageLang): string {
  return lang === 'en' ? path : `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
}

// Every page links the same stylesheet as the home page (demo/public/demo.css) and the same nav.
function layout(title: string, body: string, lang: PageLang = 'en'): string {
  const link = (path: string, text: string) => `<a href="${esc(withLang(path, lang))}">${esc(text)}</a>`;
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} — Twofold demo</title><link rel="stylesheet" href="/demo.css"></head>
<body><nav class="site-nav">${link('/', 'Twofold demo').replace('<a ', '<a class="brand" ')}${link('/login', 'Sign in')}${link('/signup', 'Create account')}${link('/account', 'Account')}${link('/inspector', 'Inspector')}${link('/extension.html', 'Extension')}</nav>
<main><h1>${esc(title)}</h1>${body}</main></body></html>`;
}

function message(error?: string, notice?: string): string {
  return `${error ? `<p class="error" role="alert" id="error">${esc(error)}</p>` : ''}${notice ? `<p class="notice" role="status">${esc(notice)}</p>` : ''}`;
}

/** The risk decision and its reasons, as shown after a sign-in. */
export function reasonsHtml(assessment: Assessment): string {
  const items = assessment.reasons
    .map(
      (r: Reason) => `<li data-feature="${esc(r.feature)}">${esc(r.detail)} <span class="ratio">(${esc(r.feature)}, ×${esc(formatRatio(r.ratio))})</span></li>`,
    )
    .join('');
  return `<p class="decision">Risk decision: <strong id="decision">${esc(assessment.decision)}</strong> <span class="ratio" id="score">(${esc(scoreInWords(assessment.score))})</span></p>
<ul class="reasons" id="reasons">${items}</ul>`;
}

// Three significant digits with grouping: 8190.4 → "8,190", 0.01234 → "0.0123" (not "8.19e+3").
const RATIO_FORMAT = new Intl.NumberFormat('en', { maximumSignificantDigits: 3 });

/** A likelihood ratio as people read it: "8,190", "0.5", "∞". */
export function formatRatio(value: number): string {
  if (Number.isNaN(value)) return '?';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  return RATIO_FORMAT.format(value);
}

/**
 * The score (how many times likelier this sign-in is from someone else than from the account's
 * owner) in words plus number, e.g. "high risk, ×8,190". The bands describe the ratio itself, not
 * the site's policy: below 1 the sign-in looks like the owner's; the engine's default deny line is 10^6.
 */
export function scoreInWords(score: number): string {
  const words = !(score >= 1) ? 'low risk' : score < 100 ? 'some risk' : score < 1e6 ? 'high risk' : 'very high risk';
  return `${words}, ×${formatRatio(score)}`;
}

/** Settings the login page passes to `Twofold.init`. */
export interface SdkSettings {
  site: string;
  publicKey: string;
  controller: { name: string; contact: string; policyUrl: string };
}

/** The sign-in form, with the SDK sealing its signals into the form on submit. */
export function loginPage(sdk: SdkSettings, state: { error?: string; notice?: string; username?: string; lang?: PageLang } = {}): string {
  const lang = state.lang ?? 'en';
  // JSON inside <script>: escape "<" so no value can close the script element.
  const settings = JSON.stringify({ site: sdk.site, consent: 'banner', locale: lang, publicKey: sdk.publicKey, controller: sdk.controller }).replace(
    /</g,
    '\\u003c',
  );
  const script = `<script src="/sdk/twofold.js"></script>
<script>
const tf = (window.tf = Twofold.init(${settings}));
const form = document.getElementById('login-form');
const freshNonce = () => fetch('/twofold/nonce', { cache: 'no-store' }).then((r) => r.json()).then((j) => j.nonce);
if (typeof tf.attach === 'function') tf.attach(form, { nonce: freshNonce });
document.getElementById('consent-state').textContent = tf.consent.state;
tf.consent.onChange(() => { document.getElementById('consent-state').textContent = tf.consent.state; });
</script>`;
  return layout(
    'Sign in',
    `${message(state.error, state.notice)}
<p>Device checks: <strong id="consent-state">pending</strong>. Your browser's signals are sealed to this site's key and sent with the form only if you accept.</p>
<form id="login-form" method="post" action="${esc(withLang('/login', lang))}">
<label>Username <input name="username" autocomplete="username" required value="${esc(state.username ?? '')}"></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button></form>
<p>No account? <a href="${esc(withLang('/signup', lang))}">Create one</a>.</p>${script}`,
    lang,
  );
}

/** The sign-up form. */
export function signupPage(state: { error?: string; username?: string; lang?: PageLang } = {}): string {
  const lang = state.lang ?? 'en';
  return layout(
    'Create account',
    `${message(state.error)}
<form id="signup-form" method="post" action="${esc(withLang('/signup', lang))}">
<label>Username <input name="username" autocomplete="username" required pattern="[A-Za-z0-9._@\\-]{1,64}" value="${esc(state.username ?? '')}"></label>
<label>Password (8+ characters) <input name="password" type="password" autocomplete="new-password" minlength="8" required></label>
<button type="submit">Create account</button></form>`,
    lang,
  );
}

/** The second-factor page of a challenged sign-in. */
export function twoFactorPage(assessment: Assessment, error?: string): string {
  return layout(
    'Confirm it is you',
    `${message(error)}
<p>This sign-in was challenged. Why:</p>${reasonsHtml(assessment)}
<form id="totp-form" method="post" action="/2fa">
<label>Authentication code <input name="code" autocomplete="one-time-code" inputmode="numeric" pattern="[0-9 ]{6,8}" maxlength="8" required autofocus></label>
<button type="submit">Verify</button></form>`,
  );
}

/** TOTP enrolment during a challenged first sign-in: QR, otpauth URI and a code to confirm. */
export function enrollPage(assessment: Assessment, enrolment: { uri: string; qrSvg: string }, error?: string): string {
  return layout(
    'Set up two-factor authentication',
    `${message(error)}
<p>This sign-in was challenged. Why:</p>${reasonsHtml(assessment)}
<p>Scan this code with an authenticator app (or the Twofold extension), then enter the code it shows.</p>
<div class="qr" id="qr">${enrolment.qrSvg}</div>
<p>Or add it by hand: <code id="otpauth-uri">${esc(enrolment.uri)}</code></p>
<form id="totp-form" method="post" action="/enroll">
<label>Authentication code <input name="code" autocomplete="one-time-code" inputmode="numeric" pattern="[0-9 ]{6,8}" maxlength="8" required></label>
<button type="submit">Verify and finish</button></form>`,
  );
}

/** A denied sign-in. */
export function deniedPage(assessment: Assessment): string {
  return layout(
    'Sign-in refused',
    `<p class="error">This sign-in looks too risky and was refused.</p>${reasonsHtml(assessment)}<p><a href="/login">Try again</a></p>`,
  );
}

/** The signed-in page: who, how the last sign-in was decided, and the rights token for the extension. */
export function accountPage(
  username: string,
  last: { assessment: Assessment; via: 'allow' | 'totp'; rightsToken?: string; receipt?: string } | undefined,
  hasTotp: boolean,
  sdk?: SdkSettings,
  notices: readonly SignInNotice[] = [],
): string {
  const rights = JSON.stringify({ rightsToken: last?.rightsToken ?? null, receipt: last?.receipt ?? null }).replace(/</g, '\\u003c');
  // The rights token and the site-signed receipt from the assess result go to the SDK, which
  // announces them to the Twofold extension's privacy ledger (docs/announce-protocol.md). The SDK
  // only does so under the consent the visitor gave on the sign-in page (banner mode remembers it).
  const settings = sdk
    ? JSON.stringify({ site: sdk.site, consent: 'banner', publicKey: sdk.publicKey, controller: sdk.controller }).replace(/</g, '\\u003c')
    : '';
  const announce =
    sdk && last?.rightsToken
      ? `<script src="/sdk/twofold.js"></script>
<script>
const rights = JSON.parse(document.getElementById('twofold-rights').textContent);
const tf = (window.tf = Twofold.init(${settings}));
if (tf.consent.state === 'granted' && rights.rightsToken) tf.setRightsToken(rights.rightsToken, rights.receipt || undefined);
</script>`
      : '';
  return layout(
    'Your account',
    `<p id="signed-in">Signed in as <strong>${esc(username)}</strong>.</p>${notices.map(noticeHtml).join('')}
${last ? `<p id="via">${last.via === 'allow' ? 'Signed in without a challenge.' : 'Signed in after a two-factor check.'}</p>${reasonsHtml(last.assessment)}` : ''}
<p>Two-factor authentication: <strong id="totp-state">${hasTotp ? 'on' : 'off'}</strong>.</p>
<p>Your data: <a href="/.well-known/twofold.json">what this site publishes</a>. At sign-in this site gave your browser a rights token for this account on this device; with it, the Twofold extension's privacy ledger can ask <code>/twofold/rights/…</code> to show, export or erase what is stored about you.</p>
<script type="application/json" id="twofold-rights">${rights}</script>
<form method="post" action="/logout"><button type="submit" id="logout">Sign out</button></form>${announce}`,
  );
}

/** "Was this you?": one new-device sign-in, with the action that undoes it. */
function noticeHtml(notice: SignInNotice): string {
  const near = notice.country ? ` near ${esc(notice.country)}` : '';
  const when = new Date(notice.time).toISOString().replace('T', ' ').slice(0, 16);
  const form = (action: string, label: string, id: string) =>
    `<form method="post" action="${action}" style="display:inline"><input type="hidden" name="loginId" value="${esc(notice.loginId)}"><button type="submit" class="${id}">${label}</button></form>`;
  return `<section class="notice new-sign-in" role="status"><p><strong>New sign-in from ${esc(notice.browser)} on ${esc(notice.os)}${near}</strong> (${esc(when)} UTC). Was this you?</p>
${form('/account/was-me', 'It was me', 'was-me')} ${form('/account/not-me', "This wasn't me", 'not-me')}</section>`;
}

/** A plain error page. */
export function errorPage(title: string, text: string): string {
  return layout(title, `<p class="error" id="error">${esc(text)}</p><p><a href="/login">Back to sign in</a></p>`);
}
