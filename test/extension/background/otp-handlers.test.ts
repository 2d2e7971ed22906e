import { beforeAll, describe, expect, it } from 'vitest';
import { relayFillShortcut } from '../../../extension/background/otp-handlers';
import { POPUP, contentScript, makeBackground } from './background-twin';

// RFC 6238 Appendix B: ASCII "12345678901234567890", T = 59 s, SHA1, 8 digits → 94287082.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const RFC_CODE_AT_59S = '94287082';
// RFC 4226 Appendix D: same key, counters 0 and 1 → 755224, 287082.
const HOTP_URI = `otpauth://hotp/Example:carol?secret=${RFC_SECRET}&issuer=Example&counter=0`;

async function setUp() {
  const bg = makeBackground({ now: () => 59_000 });
  await bg.send({ type: 'vault.create', passphrase: 'correct horse battery' });
  const github = (await bg.send({ type: 'accounts.addUri', uri: `otpauth://totp/GitHub:alice?secret=${RFC_SECRET}&issuer=GitHub&digits=8` })).account;
  await bg.send({ type: 'accounts.update', id: github.id, sites: ['github.com'] });
  const local = (await bg.send({ type: 'accounts.addUri', uri: 'otpauth://totp/Local:bob?secret=JBSWY3DPEHPK3PXP&issuer=Local' })).account;
  await bg.send({ type: 'accounts.update', id: local.id, sites: ['127.0.0.1'] });
  const hotp = (await bg.send({ type: 'accounts.addUri', uri: HOTP_URI })).account;
  await bg.send({ type: 'accounts.update', id: hotp.id, sites: ['example.org'] });
  return { bg, github, local, hotp };
}

describe('otp handlers: site binding by the sender, never the page', () => {
  let ctx: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    ctx = await setUp();
  });

  const suggestedOn = async (url: string) => (await ctx.bg.send({ type: 'otp.suggest' }, contentScript(url))).accounts.map((a) => a.issuer);

  it('offers an account on its registrable domain and its subdomains', async () => {
    expect(await suggestedOn('https://github.com/sessions/two-factor')).toEqual(['GitHub']);
    expect(await suggestedOn('https://gist.github.com/login')).toEqual(['GitHub']);
    expect(await suggestedOn('http://127.0.0.1:8123/2fa')).toEqual(['Local']);
    expect(await ctx.bg.send({ type: 'otp.suggest' }, contentScript('https://github.com/'))).toMatchObject({ vault: 'unlocked', site: 'github.com' });
  });

  it('never offers anything on lookalikes or other hosts', async () => {
    for (const url of [
      'https://github.com.evil.test/login', // the real name as a subdomain of another site
      'https://xn--gthub-zsa.com/login', // punycode homoglyph gíthub.com
      'https://xn--gthub-n2e.com/login', // Cyrillic і: gіthub.com
      'https://xn--github-nxd.com/', // github with a combining acute accent
      'https://githhub.com/',
      'https://github.co/',
      'https://github.com-login.test/',
      'https://evil.test/github.com',
      'http://localhost:8123/2fa', // same machine, other host name
      'http://127.0.0.2:8123/2fa',
      'https://example.org.evil.test/',
    ]) {
      expect(await suggestedOn(url), url).toEqual([]);
    }
  });

  it('warns (phishing) on pages whose site resembles a bound site, naming that site; not on its own site or unrelated ones', async () => {
    const lookalikeOn = async (url: string) => (await ctx.bg.send({ type: 'otp.suggest' }, contentScript(url))).lookalike;
    expect(await lookalikeOn('https://github.com.evil.test/login')).toEqual({ resembles: 'github.com', kind: 'brand-in-subdomain' });
    expect(await lookalikeOn('https://xn--gthub-n2e.com/login')).toEqual({ resembles: 'github.com', kind: 'homoglyph' });
    expect(await lookalikeOn('https://githhub.com/')).toEqual({ resembles: 'github.com', kind: 'edit-distance' });
    expect(await lookalikeOn('https://examp1e.org/')).toEqual({ resembles: 'example.org', kind: 'homoglyph' });
    for (const url of ['https://github.com/login', 'https://gist.github.com/', 'https://wikipedia.org/', 'http://127.0.0.1:8123/2fa']) {
      expect(await lookalikeOn(url), url).toBeUndefined();
    }
  });

  it('ignores any site the message claims (unknown fields are stripped)', async () => {
    const reply = await ctx.bg.raw({ type: 'otp.suggest', site: 'github.com', url: 'https://github.com/' }, contentScript('https://evil-phish.com/'));
    expect(reply).toMatchObject({ ok: true, result: { site: 'evil-phish.com', accounts: [] } });
  });

  it('gives the code only for a bound account on its own site', async () => {
    expect(await ctx.bg.send({ type: 'otp.code', id: ctx.github.id }, contentScript('https://github.com/login'))).toEqual({ code: RFC_CODE_AT_59S });
    await expect(ctx.bg.send({ type: 'otp.code', id: ctx.github.id }, contentScript('https://github.com.evil.test/'))).rejects.toMatchObject({
      code: 'site_not_bound',
    });
    await expect(ctx.bg.send({ type: 'otp.code', id: ctx.local.id }, contentScript('http://localhost:8123/'))).rejects.toMatchObject({
      code: 'site_not_bound',
    });
  });

  it('advances and persists the HOTP counter before returning each code', async () => {
    const page = contentScript('https://www.example.org/verify');
    expect(await ctx.bg.send({ type: 'otp.code', id: ctx.hotp.id }, page)).toEqual({ code: '755224' });
    expect(await ctx.bg.send({ type: 'otp.code', id: ctx.hotp.id }, page)).toEqual({ code: '287082' });
  });

  it('refuses codes to extension pages (UI tier) and drops other senders', async () => {
    await expect(ctx.bg.send({ type: 'otp.code', id: ctx.github.id }, POPUP)).rejects.toMatchObject({ code: 'not_a_page' });
    expect(await ctx.bg.raw({ type: 'otp.code', id: ctx.github.id }, { id: 'other-extension', url: 'https://github.com/', tab: { id: 1 } })).toBeUndefined();
    expect(await ctx.bg.raw({ type: 'otp.code', id: ctx.github.id }, { id: 'twofold-test-id', url: 'https://github.com/' })).toBeUndefined();
  });

  it('validates the account id', async () => {
    expect(await ctx.bg.raw({ type: 'otp.code', id: '../../x' }, contentScript('https://github.com/'))).toMatchObject({
      ok: false,
      error: { code: 'invalid_message' },
    });
  });
});

describe('otp handlers: binding happens only in extension UI, for the tab the background reads', () => {
  it('a content script can only ask for the bind window; binding messages from a page are dropped unanswered', async () => {
    const { bg, github } = await setUp();
    const page = contentScript('https://login.newsite.example.co.uk/mfa');
    expect(await bg.raw({ type: 'otp.bindConfirm', tabId: 7, id: github.id, site: 'example.co.uk' }, page)).toBeUndefined();
    expect(await bg.raw({ type: 'otp.bindContext', tabId: 7 }, page)).toBeUndefined();
    expect(await bg.raw({ type: 'otp.bindCandidates' }, page)).toBeUndefined();
    expect(await bg.send({ type: 'otp.openBindWindow' }, page)).toEqual({ opened: true });
    expect(bg.bindWindows).toEqual([7]); // the sender's tab id, from `sender`, never the message
    expect(await bg.raw({ type: 'otp.openBindWindow', tabId: 99 }, page)).toMatchObject({ ok: true });
    expect(bg.bindWindows).toEqual([7, 7]);
    expect((await bg.send({ type: 'accounts.list' })).accounts.find((a) => a.id === github.id)!.sites).toEqual(['github.com']);
  });

  it('refuses the bind window to a frame of another site than its tab', async () => {
    const { bg } = await setUp();
    const frame = { ...contentScript('https://evil.test/frame'), tab: { id: 7, url: 'https://bank.example/', windowId: 1 } };
    await expect(bg.send({ type: 'otp.openBindWindow' }, frame)).rejects.toMatchObject({ code: 'frame_site_differs' });
    expect(bg.bindWindows).toEqual([]);
  });

  it("the bind window lists unbound accounts for the tab's real site and binds only the site the user saw", async () => {
    const { bg, github } = await setUp();
    bg.tabs.set(7, 'https://login.newsite.example.co.uk/mfa');
    const page = contentScript('https://login.newsite.example.co.uk/mfa');
    const context = await bg.send({ type: 'otp.bindContext', tabId: 7 });
    expect(context).toMatchObject({ site: 'example.co.uk', host: 'login.newsite.example.co.uk' });
    // Same name as the Example account's example.org under another suffix: worth a second look.
    expect(context.warnings).toEqual([{ kind: 'edit-distance', resembles: 'example.org', account: expect.objectContaining({ issuer: 'Example' }) }]);
    expect(context.accounts.map((a) => a.issuer).sort()).toEqual(['Example', 'GitHub', 'Local']);
    expect(JSON.stringify(context)).not.toMatch(/GEZDGNBV|JBSWY/);

    // The tab navigated after the window showed its site: nothing is bound.
    bg.tabs.set(7, 'https://evil.test/');
    await expect(bg.send({ type: 'otp.bindConfirm', tabId: 7, id: github.id, site: 'example.co.uk' })).rejects.toMatchObject({ code: 'site_changed' });
    expect(bg.tabMessages).toEqual([]);
    bg.tabs.set(7, 'https://login.newsite.example.co.uk/mfa');
    expect(await bg.send({ type: 'otp.bindConfirm', tabId: 7, id: github.id, site: 'example.co.uk' })).toMatchObject({
      site: 'example.co.uk',
      account: { issuer: 'GitHub' },
    });
    expect(bg.tabMessages).toEqual([[7, { type: 'otp.bound' }]]);
    expect((await bg.send({ type: 'otp.suggest' }, page)).accounts.map((a) => a.issuer)).toEqual(['GitHub']);
    expect(await bg.send({ type: 'otp.code', id: github.id }, page)).toEqual({ code: RFC_CODE_AT_59S });
    // Binding twice does not duplicate; the old binding is kept; lookalikes still get nothing.
    await bg.send({ type: 'otp.bindConfirm', tabId: 7, id: github.id, site: 'example.co.uk' });
    const [view] = (await bg.send({ type: 'accounts.list' })).accounts.filter((a) => a.id === github.id);
    expect(view!.sites).toEqual(['github.com', 'example.co.uk']);
    expect((await bg.send({ type: 'otp.suggest' }, contentScript('https://example.co.uk.evil.test/'))).accounts).toEqual([]);
    expect((await bg.send({ type: 'otp.bindContext', tabId: 7 })).accounts.map((a) => a.issuer)).not.toContain('GitHub');
  });

  it('refuses closed tabs and non-web tabs, and validates the tab id', async () => {
    const { bg, github } = await setUp();
    await expect(bg.send({ type: 'otp.bindContext', tabId: 3 })).rejects.toMatchObject({ code: 'tab_gone' });
    bg.tabs.set(3, 'chrome://settings/');
    await expect(bg.send({ type: 'otp.bindConfirm', tabId: 3, id: github.id, site: 'settings' })).rejects.toMatchObject({ code: 'tab_gone' });
    for (const tabId of [-1, 1.5, '7', null]) {
      expect(await bg.raw({ type: 'otp.bindContext', tabId })).toMatchObject({ ok: false, error: { code: 'invalid_message' } });
    }
  });

  it("warns when the tab's site looks like another account's bound site", async () => {
    const { bg } = await setUp();
    const warned = async (url: string) => {
      bg.tabs.set(9, url);
      return (await bg.send({ type: 'otp.bindContext', tabId: 9 })).warnings.map((w) => `${w.kind}:${w.resembles}`);
    };
    expect(await warned('https://github.com.evil.test/login')).toContain('brand-in-subdomain:github.com');
    expect(await warned('https://xn--gthub-n2e.com/')).toContain('homoglyph:github.com'); // Cyrillic і
    expect(await warned('https://githbu.com/')).toContain('edit-distance:github.com');
    expect(await warned('https://example.org.phish.test/')).toContain('brand-in-subdomain:example.org');
    expect(await warned('https://unrelated-news.test/')).toEqual([]);
    const ctx = await bg.send({ type: 'otp.bindContext', tabId: 9 });
    expect(ctx.unicodeHost).toBeUndefined();
    bg.tabs.set(9, 'https://xn--gthub-n2e.com/');
    expect((await bg.send({ type: 'otp.bindContext', tabId: 9 })).unicodeHost).toBe('gіthub.com');
  });

  it('reports the vault state without names when locked or absent, and needs it unlocked to bind', async () => {
    const none = makeBackground();
    expect(await none.send({ type: 'otp.suggest' }, contentScript('https://github.com/'))).toEqual({ vault: 'none', site: 'github.com', accounts: [] });
    const { bg, github } = await setUp();
    await bg.send({ type: 'vault.lock' });
    expect(await bg.send({ type: 'otp.suggest' }, contentScript('https://github.com/'))).toEqual({ vault: 'locked', site: 'github.com', accounts: [] });
    await expect(bg.send({ type: 'otp.code', id: github.id }, contentScript('https://github.com/'))).rejects.toMatchObject({ code: 'vault_locked' });
    bg.tabs.set(7, 'https://evil-phish.com/');
    await expect(bg.send({ type: 'otp.bindConfirm', tabId: 7, id: github.id, site: 'evil-phish.com' })).rejects.toMatchObject({ code: 'vault_locked' });
  });
});

describe('relayFillShortcut', () => {
  it('relays only the fill command, to the given tab', async () => {
    const sent: [number, unknown][] = [];
    const send = async (tabId: number, message: unknown) => void sent.push([tabId, message]);
    await relayFillShortcut('fill-otp-code', 4, send);
    await relayFillShortcut('something-else', 4, send);
    await relayFillShortcut('fill-otp-code', undefined, send);
    await relayFillShortcut('fill-otp-code', 5, async () => {
      throw new Error('no content script');
    });
    expect(sent).toEqual([[4, { type: 'otp.fillShortcut' }]]);
  });
});
