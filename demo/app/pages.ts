/**
 * HTML of the demo's login pages (server-rendered, no framework). Every interpolated value goes
 * through `esc`. The login page embeds the SDK in banner mode and seals its signals into the form.
 */
import type { Assessment, Reason } from '../../sdk/server/risk/index';

/** Escapes text for HTML element and attribute content. */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#111}
form{display:grid;gap:.6rem;max-width:22rem}input{font:inherit;padding:.4rem}button{font:inherit;padding:.5rem 1rem;cursor:pointer}
.error{color:#a40000;font-weight:600}.notice{color:#0a5c2a}.decision{font-size:1.2rem}
.reasons li{margin:.3rem 0}.ratio{color:#555;font-size:.9em}.qr svg{width:14rem;height:14rem}code{word-break:break-all}
nav a{margin-right:1rem}`;

function layout(title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} — Twofold demo</title><style>${STYLE}</style>${head}</head>
<body><nav><a href="/login">Sign in</a><a href="/signup">Create account</a><a href="/account">Account</a><a href="/">Signal demo</a></nav>
<main><h1>${esc(title)}</h1>${body}</main></body></html>`;
}

function message(error?: string, notice?: string): string {
  return `${error ? `<p class="error" role="alert" id="error">${esc(error)}</p>` : ''}${notice ? `<p class="notice" role="status">${esc(notice)}</p>` : ''}`;
}

/** The risk decision and its reasons, as shown after a sign-in. */
export function reasonsHtml(assessment: Assessment): string {
  const items = assessment.reasons
    .map((r: Reason) => `<li data-feature="${esc(r.feature)}">${esc(r.detail)} <span class="ratio">(${esc(r.feature)}, ×${esc(formatRatio(r.ratio))})</span></li>`)
    .join('');
  return `<p class="decision">Risk decision: <strong id="decision">${esc(assessment.decision)}</strong> <span class="ratio">(score ${esc(formatRatio(assessment.score))})</span></p>
<ul class="reasons" id="reasons">${items}</ul>`;
}

function formatRatio(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return value >= 100 ? value.toExponential(2) : value.toFixed(2);
}

/** Settings the login page passes to `Twofold.init`. */
export interface SdkSettings {
  site: string;
  publicKey: string;
  controller: { name: string; contact: string; policyUrl: string };
}

/** The sign-in form, with the SDK sealing its signals into the form on submit. */
export function loginPage(sdk: SdkSettings, state: { error?: string; notice?: string; username?: string } = {}): string {
  // JSON inside <script>: escape "<" so no value can close the script element.
  const settings = JSON.stringify({ site: sdk.site, consent: 'banner', publicKey: sdk.publicKey, controller: sdk.controller }).replace(/</g, '\\u003c');
  const script = `<script src="/sdk/twofold.js"></script>
<script>
const tf = (window.tf = Twofold.init(${settings}));
const form = document.getElementById('login-form');
const freshNonce = () => fetch('/twofold/nonce', { cache: 'no-store' }).then((r) => r.json()).then((j) => j.nonce);
if (typeof tf.attach === 'function') tf.attach(form, { nonce: freshNonce });
document.getElementById('consent-state').textContent = tf.consent.state;
tf.consent.onChange(() => { document.getElementById('consent-state').textContent = tf.consent.state; });
</script>`;
  return layout('Sign in', `${message(state.error, state.notice)}
<p>Device checks: <strong id="consent-state">pending</strong>. Your browser's signals are sealed to this site's key and sent with the form only if you accept.</p>
<form id="login-form" method="post" action="/login">
<label>Username <input name="username" autocomplete="username" required value="${esc(state.username ?? '')}"></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button></form>
<p>No account? <a href="/signup">Create one</a>.</p>${script}`);
}

/** The sign-up form. */
export function signupPage(state: { error?: string; username?: string } = {}): string {
  return layout('Create account', `${message(state.error)}
<form id="signup-form" method="post" action="/signup">
<label>Username <input name="username" autocomplete="username" required pattern="[A-Za-z0-9._@\\-]{1,64}" value="${esc(state.username ?? '')}"></label>
<label>Password (8+ characters) <input name="password" type="password" autocomplete="new-password" minlength="8" required></label>
<button type="submit">Create account</button></form>`);
}

/** The second-factor page of a challenged sign-in. */
export function twoFactorPage(assessment: Assessment, error?: string): string {
  return layout('Confirm it is you', `${message(error)}
<p>This sign-in was challenged. Why:</p>${reasonsHtml(assessment)}
<form id="totp-form" method="post" action="/2fa">
<label>Authentication code <input name="code" autocomplete="one-time-code" inputmode="numeric" pattern="[0-9 ]{6,8}" maxlength="8" required autofocus></label>
<button type="submit">Verify</button></form>`);
}

/** TOTP enrolment during a challenged first sign-in: QR, otpauth URI and a code to confirm. */
export function enrollPage(assessment: Assessment, enrolment: { uri: string; qrSvg: string }, error?: string): string {
  return layout('Set up two-factor authentication', `${message(error)}
<p>This sign-in was challenged. Why:</p>${reasonsHtml(assessment)}
<p>Scan this code with an authenticator app (or the Twofold extension), then enter the code it shows.</p>
<div class="qr" id="qr">${enrolment.qrSvg}</div>
<p>Or add it by hand: <code id="otpauth-uri">${esc(enrolment.uri)}</code></p>
<form id="totp-form" method="post" action="/enroll">
<label>Authentication code <input name="code" autocomplete="one-time-code" inputmode="numeric" pattern="[0-9 ]{6,8}" maxlength="8" required></label>
<button type="submit">Verify and finish</button></form>`);
}

/** A denied sign-in. */
export function deniedPage(assessment: Assessment): string {
  return layout('Sign-in refused', `<p class="error">This sign-in looks too risky and was refused.</p>${reasonsHtml(assessment)}<p><a href="/login">Try again</a></p>`);
}

/** The signed-in page: who, how the last sign-in was decided, and the rights token for the extension. */
export function accountPage(username: string, last: { assessment: Assessment; via: 'allow' | 'totp'; rightsToken?: string; receipt?: string } | undefined, hasTotp: boolean, sdk?: SdkSettings): string {
  const rights = JSON.stringify({ rightsToken: last?.rightsToken ?? null, receipt: last?.receipt ?? null }).replace(/</g, '\\u003c');
  // The rights token and the site-signed receipt from the assess result go to the SDK, which
  // announces them to the Twofold extension's privacy ledger (docs/announce-protocol.md). The SDK
  // only does so under the consent the visitor gave on the sign-in page (banner mode remembers it).
  const settings = sdk ? JSON.stringify({ site: sdk.site, consent: 'banner', publicKey: sdk.publicKey, controller: sdk.controller }).replace(/</g, '\\u003c') : '';
  const announce = sdk && last?.rightsToken ? `<script src="/sdk/twofold.js"></script>
<script>
const rights = JSON.parse(document.getElementById('twofold-rights').textContent);
const tf = (window.tf = Twofold.init(${settings}));
if (tf.consent.state === 'granted' && rights.rightsToken) tf.setRightsToken(rights.rightsToken, rights.receipt || undefined);
</script>` : '';
  return layout('Your account', `<p id="signed-in">Signed in as <strong>${esc(username)}</strong>.</p>
${last ? `<p id="via">${last.via === 'allow' ? 'Signed in without a challenge.' : 'Signed in after a two-factor check.'}</p>${reasonsHtml(last.assessment)}` : ''}
<p>Two-factor authentication: <strong id="totp-state">${hasTotp ? 'on' : 'off'}</strong>.</p>
<p>Your data: <a href="/.well-known/twofold.json">what this site publishes</a>; rights requests go to <code>/twofold/rights/…</code> with the token below.</p>
<script type="application/json" id="twofold-rights">${rights}</script>
<form method="post" action="/logout"><button type="submit" id="logout">Sign out</button></form>${announce}`);
}

/** A plain error page. */
export function errorPage(title: string, text: string): string {
  return layout(title, `<p class="error" id="error">${esc(text)}</p><p><a href="/login">Back to sign in</a></p>`);
}
