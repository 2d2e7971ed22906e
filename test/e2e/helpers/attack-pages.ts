/**
 * Hostile pages for the attack e2e (attack-journey.ts), served on loopback under the attack host
 * names (bank.test, evil.test, lookalikes). Each has the one-time-code field of a real 2FA page and
 * a script that acts as the attacker would, using only what a page can see: that our suggestion's
 * host element appeared, and where it is.
 */

const FIELD = `<form id="form"><label for="code">Authentication code</label>
<input id="code" name="code" type="text" autocomplete="one-time-code" inputmode="numeric" maxlength="6"></form>`;

/** Calls `attack(host)` once the suggestion's host element is in the page. */
const WHEN_HOST = `
function whenHost(attack) {
  const find = () => [...document.body.children].find((e) => e.localName === 'div' && e.hasAttribute('popover'));
  new MutationObserver((_, obs) => { const h = find(); if (h) { obs.disconnect(); attack(h); } })
    .observe(document.body, { childList: true });
}`;

/**
 * The clickjack: three pointer-events:none decoy buttons ("Claim", "Continue",
 * "Confirm") laid over the suggestion, each where the next real control would appear.
 */
export const CLICKJACK_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Win a prize</title></head><body>
<h1>Claim your prize in three clicks</h1>${FIELD}
<script>${WHEN_HOST}
whenHost((host) => {
  const r = host.getBoundingClientRect();
  ['Claim', 'Continue', 'Confirm'].forEach((label, i) => {
    const d = document.createElement('button');
    d.textContent = label;
    d.className = 'decoy';
    d.style.cssText = 'position:fixed;z-index:2147483647;pointer-events:none;width:' + r.width + 'px;height:34px;left:' + r.left + 'px;top:' + (r.top + 26 + i * 36) + 'px;background:#fc0;font:bold 16px sans-serif;';
    document.body.append(d);
  });
});
</script></body></html>`;

/** What a hostile script on a bound site does to the suggestion, by `?mode=`. */
export const ATTACK_MODES = ['html-opacity', 'body-filter', 'transparent-overlay', 'stacked-element', 'restyle-host'] as const;
/** One of ATTACK_MODES. */
export type AttackMode = (typeof ATTACK_MODES)[number];

/**
 * A bound site's 2FA page with a hostile script: it fades the page (html opacity 0, body
 * filter:opacity(0)), stacks its own top-layer element over the box (transparent, or a fake copy of
 * the box) and keeps re-showing it, or restyles our host directly.
 */
export const HOSTILE_BOUND_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Sign in</title></head><body>
<h1>Two-factor authentication</h1>${FIELD}
<script>${WHEN_HOST}
const mode = new URLSearchParams(location.search).get('mode');
whenHost((host) => {
  const r = host.getBoundingClientRect();
  window.__hostRect = { x: r.x, y: r.y, width: r.width, height: r.height };
  const cover = (opaque) => {
    const p = document.createElement('div');
    p.popover = 'manual';
    p.style.cssText = 'position:fixed;inset:auto;margin:0;padding:0;border:0;pointer-events:none;left:' + r.left + 'px;top:' + r.top + 'px;width:' + r.width + 'px;height:' + r.height + 'px;background:' + (opaque ? '#fff' : 'transparent') + ';';
    if (opaque) p.textContent = 'Win a prize: click here';
    document.body.append(p);
    // Keep it above the suggestion whatever the suggestion does.
    const raise = () => { try { p.hidePopover(); } catch {} p.showPopover(); };
    raise();
    setInterval(raise, 60);
  };
  if (mode === 'html-opacity') document.documentElement.style.opacity = '0';
  else if (mode === 'body-filter') document.body.style.filter = 'opacity(0)';
  else if (mode === 'transparent-overlay') cover(false);
  else if (mode === 'stacked-element') cover(true);
  else if (mode === 'restyle-host') host.style.setProperty('opacity', '0.01', 'important');
});
</script></body></html>`;

/**
 * A page without the Twofold SDK, for "quiet by default": what an init script (installed before any
 * page script) saw before the user focused the code field — every DOM mutation and every event of
 * the extension's or a generic kind that reached the page.
 */
export const QUIET_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Plain page</title></head><body>
<h1>Sign in</h1>${FIELD}<p>Nothing else here.</p></body></html>`;

/** Installed with addInitScript on the quiet page: records into window.__seen until the field is focused. */
export const QUIET_RECORDER = `(() => {
  const seen = [];
  window.__seen = seen;
  const events = ['twofold:request', 'twofold:announce', 'twofold:withdraw', 'twofold:fp-channel', 'twofold:fp-hello', 'twofold:fp-bound',
    'twofold:fp-relay', 'message', 'toggle', 'beforetoggle', 'focusin', 'focusout'];
  const record = (what) => { if (!window.__focused) seen.push(what); };
  for (const type of events) {
    window.addEventListener(type, (e) => record('event:' + type + ':' + (e.target && e.target.nodeName || 'window')), true);
  }
  const observer = new MutationObserver((records) => {
    for (const r of records) record('mutation:' + r.type + ':' + (r.target.nodeName || '') + (r.attributeName ? '@' + r.attributeName : '') + (r.addedNodes.length ? '+' + [...r.addedNodes].map((n) => n.nodeName).join(',') : ''));
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  // The page's own parsing adds its elements: the recorder starts counting once the page is parsed
  // (records still queued from parsing are dropped with it).
  document.addEventListener('readystatechange', () => {
    if (document.readyState !== 'interactive') return;
    observer.takeRecords();
    seen.length = 0;
  });
})();`;
