// The background's per-tab budget on content-tier OTP messages (background/tab-budget.ts, spent by
// otp-handlers.ts and site-handlers.ts), through the real router and handlers on a fake clock: a flooding tab gets typed
// `rate_limited` refusals, never a crash, while other tabs and the UI tier keep being answered.
import { beforeAll, describe, expect, it } from 'vitest';
import type { SenderInfo } from '../../../extension/background/router';
import {
  type BudgetSender,
  MAX_SITE_LANES_PER_TAB,
  MAX_TRACKED_TABS,
  TAB_ASK_RATE,
  TAB_CODE_RATE,
  type TabBudget,
  type TabBudgetLane,
  tabBudget,
} from '../../../extension/background/tab-budget';
import { POPUP, makeBackground } from './background-twin';

let clock = 1_000_000;
const bg = makeBackground({ now: () => clock });
/** Our content script in tab `tabId` (frame `frameId`) on the bound site. */
const inTab = (tabId: number, frameId = 0): SenderInfo => ({
  id: 'twofold-test-id',
  url: 'https://bank.test/2fa',
  tab: { id: tabId, url: 'https://bank.test/2fa', windowId: 1 },
  frameId,
});
let accountId: string;

beforeAll(async () => {
  await bg.send({ type: 'vault.create', passphrase: 'correct horse battery' });
  accountId = (await bg.send({ type: 'accounts.addUri', uri: 'otpauth://totp/Bank:dana?secret=JBSWY3DPEHPK3PXP&issuer=Bank' })).account.id;
  await bg.send({ type: 'accounts.update', id: accountId, sites: ['bank.test'] });
});

/** Sends `count` otp.suggest from `sender` at once; tallies the answers by outcome. */
async function flood(sender: SenderInfo, count: number): Promise<{ ok: number; limited: number; other: unknown[] }> {
  const replies = await Promise.all(Array.from({ length: count }, () => bg.raw({ type: 'otp.suggest' }, sender)));
  const tally = { ok: 0, limited: 0, other: [] as unknown[] };
  for (const r of replies) {
    if (r?.ok) tally.ok++;
    else if (r?.error.code === 'rate_limited') tally.limited++;
    else tally.other.push(r);
  }
  return tally;
}

describe('background: per-tab budget on content-tier OTP messages', () => {
  it('a tab flooding 1,000 otp.suggest at once gets its burst answered and the rest refused with a typed error', async () => {
    const tally = await flood(inTab(11), 1000);
    expect(tally).toEqual({ ok: TAB_ASK_RATE.burst, limited: 1000 - TAB_ASK_RATE.burst, other: [] });
    const refusal = await bg.raw({ type: 'otp.suggest' }, inTab(11));
    expect(refusal).toEqual({ ok: false, error: { code: 'rate_limited', message: expect.stringMatching(/too often/) } });
  });

  it('more frames in the flooding tab buy no more budget', async () => {
    const frames = await Promise.all(Array.from({ length: 20 }, (_, i) => flood(inTab(12, i + 1), 10)));
    expect(frames.reduce((n, t) => n + t.ok, 0)).toBe(TAB_ASK_RATE.burst);
  });

  it("attack: frames a site embeds (ads, widgets) flooding the tab cannot spend its top frame's budget, nor the top frame theirs", async () => {
    await Promise.all(Array.from({ length: 8 }, (_, i) => flood(inTab(21, i + 1), 100)));
    expect((await flood(inTab(21, 9), 1)).limited).toBe(1);
    // The site's own code field, in the top frame, is still answered.
    expect(await bg.send({ type: 'otp.suggest' }, inTab(21, 0))).toMatchObject({ vault: 'unlocked', accounts: [{ id: accountId }] });
    expect((await flood(inTab(21, 0), 100)).ok).toBe(TAB_ASK_RATE.burst - 1);
    // A sender without a frame id counts as one of the tab's frames, never as its top frame.
    expect((await flood({ ...inTab(21), frameId: undefined }, 1)).limited).toBe(1);
  });

  it("attack: an ad's frames (50 of ads.evil.test) flooding a bank's tab cannot refuse the bank's own sign-in frame (login.bankauth.test)", async () => {
    const ad = (frameId: number): SenderInfo => ({ ...inTab(22, frameId), url: `https://ads.evil.test/slot?n=${frameId}` });
    const ads = await Promise.all(Array.from({ length: 50 }, (_, i) => flood(ad(i + 1), 20)));
    expect(ads.reduce((n, t) => n + t.ok, 0)).toBe(TAB_ASK_RATE.burst);
    expect(await bg.send({ type: 'otp.suggest' }, { ...inTab(22, 60), url: 'https://login.bankauth.test/otp' })).toMatchObject({
      vault: 'unlocked',
      site: 'bankauth.test',
    });
    expect(await bg.send({ type: 'otp.suggest' }, inTab(22, 0))).toMatchObject({ vault: 'unlocked', accounts: [{ id: accountId }] });
  });

  it('cannot starve another tab, the code lane of its own tab, or the UI tier', async () => {
    await flood(inTab(13), 500);
    expect(await bg.send({ type: 'otp.suggest' }, inTab(14))).toMatchObject({ vault: 'unlocked', accounts: [{ id: accountId }] });
    expect((await flood(inTab(15), TAB_ASK_RATE.burst)).ok).toBe(TAB_ASK_RATE.burst);
    // The user's click in the flooding tab still fills: codes have their own lane.
    expect(await bg.send({ type: 'otp.code', id: accountId }, inTab(13))).toMatchObject({ code: expect.stringMatching(/^\d{6}$/) });
    expect((await bg.send({ type: 'accounts.list' }, POPUP)).accounts).toHaveLength(1);
  });

  it('refills over time: after the burst, the tab regains its rate; a normal ask after a pause is answered', async () => {
    await flood(inTab(16), 200);
    expect((await flood(inTab(16), 5)).ok).toBe(0);
    clock += 1000;
    expect((await flood(inTab(16), 50)).ok).toBe(TAB_ASK_RATE.perSecond);
    clock += 60_000;
    expect(await bg.send({ type: 'otp.suggest' }, inTab(16))).toMatchObject({ vault: 'unlocked' });
    expect((await flood(inTab(16), 200)).ok).toBe(TAB_ASK_RATE.burst - 1); // refilled to the burst, never beyond
  });

  it('attack: site.accounts (a vault read no content script of ours sends, so a misbehaving one) spends the same ask lane: mixing types buys nothing', async () => {
    const mixed = await Promise.all(Array.from({ length: 200 }, (_, i) => bg.raw({ type: i % 2 ? 'site.accounts' : 'otp.suggest' }, inTab(19))));
    expect(mixed.filter((r) => r?.ok)).toHaveLength(TAB_ASK_RATE.burst);
    expect(mixed.filter((r) => r?.ok === false && r.error.code === 'rate_limited')).toHaveLength(200 - TAB_ASK_RATE.burst);
    expect(await bg.raw({ type: 'site.accounts' }, inTab(19))).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(await bg.send({ type: 'site.accounts' }, inTab(20))).toMatchObject({ site: 'bank.test', accounts: [{ id: accountId }] });
  });

  it('bounds codes and bind-window requests too', async () => {
    const codes = await Promise.all(Array.from({ length: 100 }, () => bg.raw({ type: 'otp.code', id: accountId }, inTab(17))));
    expect(codes.filter((r) => r?.ok)).toHaveLength(TAB_CODE_RATE.burst);
    expect(codes.filter((r) => r?.ok === false && r.error.code === 'rate_limited')).toHaveLength(100 - TAB_CODE_RATE.burst);
    const opens = await Promise.all(Array.from({ length: 100 }, () => bg.raw({ type: 'otp.openBindWindow' }, inTab(18))));
    expect(opens.filter((r) => r?.ok)).toHaveLength(TAB_ASK_RATE.burst);
    expect(bg.bindWindows.filter((t) => t === 18)).toHaveLength(TAB_ASK_RATE.burst);
  });
});

describe('tab budget: the buckets themselves', () => {
  /** The top frame of tab `tabId`. */
  const top = (tabId: number) => ({ tab: { id: tabId }, frameId: 0 });
  /** Spends tab `tabId`'s ask lane until refused; returns how many were allowed. */
  const spendAll = (budget: ReturnType<typeof tabBudget>, tabId: number) => {
    let n = 0;
    try {
      for (;;) {
        budget.spend(top(tabId), 'ask');
        n++;
      }
    } catch (error) {
      expect(error).toMatchObject({ code: 'rate_limited', status: 429 });
    }
    return n;
  };

  it(`tracks at most ${MAX_TRACKED_TABS} tabs per lane, forgetting the one that spent least recently; a flooding tab is never forgotten`, () => {
    const budget = tabBudget(() => 0);
    expect(spendAll(budget, 1)).toBe(TAB_ASK_RATE.burst);
    expect(spendAll(budget, 1)).toBe(0);
    for (let tab = 2; tab <= MAX_TRACKED_TABS + 1; tab++) budget.spend(top(tab), 'ask');
    expect(spendAll(budget, 1)).toBe(TAB_ASK_RATE.burst); // forgotten: it restarts full
    // A tab that keeps flooding stays the most recent one, however many other tabs come and go.
    for (let tab = 10_000; tab < 10_000 + MAX_TRACKED_TABS * 2; tab++) {
      budget.spend(top(tab), 'ask');
      expect(() => budget.spend(top(1), 'ask')).toThrow(/too often/);
    }
  });

  it('a wall clock that steps back refills nothing and locks nothing out for longer than a refill', () => {
    let clock = 10_000_000;
    const budget = tabBudget(() => clock);
    expect(spendAll(budget, 1)).toBe(TAB_ASK_RATE.burst);
    clock -= 3_600_000; // an hour back
    expect(spendAll(budget, 1)).toBe(0);
    clock += 1000; // one second of refill on the new clock, not an hour
    expect(spendAll(budget, 1)).toBe(TAB_ASK_RATE.perSecond);
    clock += 3_600_000; // and forward again: a full bucket, never more
    expect(spendAll(budget, 1)).toBe(TAB_ASK_RATE.burst);
  });

  it('keeps the lanes apart', () => {
    const budget = tabBudget(() => 0);
    expect(spendAll(budget, 1)).toBe(TAB_ASK_RATE.burst);
    for (let i = 0; i < TAB_CODE_RATE.burst; i++) budget.spend(top(1), 'code');
    expect(() => budget.spend(top(1), 'code')).toThrow(/too often/);
  });
});

describe("tab budget: a tab's frames spend their site's bucket", () => {
  const K = MAX_SITE_LANES_PER_TAB;
  const { burst } = TAB_ASK_RATE;
  const LOGIN = 'https://login.bankauth.example/2fa';
  /** Frame `frameId` of tab `tabId`, showing `url`. */
  const frame = (tabId: number, frameId: number, url: string | undefined): BudgetSender => ({ tab: { id: tabId }, frameId, url });
  /** How many of `count` spends from `sender` are allowed; every other one is a typed refusal. */
  const allowed = (budget: TabBudget, sender: BudgetSender, count: number, lane: TabBudgetLane = 'ask') => {
    let n = 0;
    for (let i = 0; i < count; i++) {
      try {
        budget.spend(sender, lane);
        n++;
      } catch (error) {
        expect(error).toMatchObject({ code: 'rate_limited', status: 429 });
      }
    }
    return n;
  };

  it('attack: 50 frames of ads.evil.example share one bucket; the sign-in frame of another site and the top frame keep theirs', () => {
    const budget = tabBudget(() => 0);
    let ads = 0;
    for (let f = 1; f <= 50; f++) ads += allowed(budget, frame(1, f, `https://ads.evil.example/slot/${f}`), 100);
    expect(ads).toBe(burst);
    expect(allowed(budget, frame(1, 51, LOGIN), burst)).toBe(burst);
    expect(allowed(budget, frame(1, 0, 'https://bank.example/'), burst)).toBe(burst);
    // Codes likewise: the ad's frames drain their own code bucket only.
    for (let f = 1; f <= 50; f++) allowed(budget, frame(1, f, 'https://ads.evil.example/'), 20, 'code');
    expect(allowed(budget, frame(1, 51, LOGIN), TAB_CODE_RATE.burst, 'code')).toBe(TAB_CODE_RATE.burst);
  });

  it('attack: 20 subdomains of ads.evil.example (any port, scheme or trailing dot) mint no buckets: together they get one burst', () => {
    const budget = tabBudget(() => 0);
    const hosts = Array.from({ length: 20 }, (_, i) => `https://s${i}.cdn${i % 3}.ads.evil.example${i % 2 ? ':8443' : '.'}/`);
    let through = 0;
    hosts.forEach((url, i) => {
      through += allowed(budget, frame(2, i + 1, url), 50);
    });
    through += allowed(budget, frame(2, 30, 'http://EVIL.example/'), 50);
    expect(through).toBe(burst);
    expect(allowed(budget, frame(2, 31, LOGIN), burst)).toBe(burst);
  });

  it(`attack: frames of 40 sites in one tab get ${K} site buckets and one overflow bucket: at most (K + 2) × burst with the top frame, then refusals`, () => {
    const budget = tabBudget(() => 0);
    const perSite = Array.from({ length: 40 }, (_, i) => allowed(budget, frame(3, i + 1, `https://site${i}.example/ad`), 100));
    // The first K sites each get their own burst, the rest share one: K + 1 bursts, never more.
    expect(perSite.slice(0, K)).toEqual(Array(K).fill(burst));
    expect(perSite.slice(K).reduce((a, b) => a + b, 0)).toBe(burst);
    // The overflow refuses a 41st site's frame; the top frame keeps its own bucket.
    expect(allowed(budget, frame(3, 41, 'https://site40.example/'), 1)).toBe(0);
    const top = allowed(budget, frame(3, 0, 'https://bank.example/'), 100);
    expect(top).toBe(burst);
    expect(perSite.reduce((a, b) => a + b, 0) + top).toBeLessThanOrEqual((K + 2) * burst);
  });

  it('attack: one frame the page navigates through 40 sites (its src set again and again) gets no more than K site buckets and the overflow', () => {
    const budget = tabBudget(() => 0);
    let through = 0;
    for (let i = 0; i < 40; i++) through += allowed(budget, frame(7, 1, `https://hop${i}.example/`), 100);
    expect(through).toBe((K + 1) * burst);
    expect(budget.trackedBuckets('ask')).toBe(K + 2);
  });

  it('a site bucket full again goes to the next new site; a busy one is never handed over, so rotating sites buys nothing', () => {
    let clock = 0;
    const budget = tabBudget(() => clock);
    const interval = 1000 / TAB_ASK_RATE.perSecond;
    // K sites asked once; the overflow is drained by further sites.
    for (let i = 0; i < K; i++) allowed(budget, frame(4, i + 1, `https://widget${i}.example/`), 1);
    expect(allowed(budget, frame(4, 20, 'https://other.example/'), 100)).toBe(burst);
    expect(allowed(budget, frame(4, 21, LOGIN), 1)).toBe(0); // every site bucket busy: the sign-in frame is in the drained overflow
    clock += interval; // the K site buckets are full again; the overflow has refilled only one ask
    expect(allowed(budget, frame(4, 21, LOGIN), burst)).toBe(burst);
    // Sites that keep their buckets busy keep them: 30 new sites, one after another, all land in the overflow.
    const squat = tabBudget(() => clock);
    for (let i = 0; i < K; i++) allowed(squat, frame(5, i + 1, `https://squat${i}.example/`), 1);
    let rotated = 0;
    for (let i = 0; i < 30; i++) rotated += allowed(squat, frame(5, 100 + i, `https://rotate${i}.example/`), 10);
    expect(rotated).toBe(burst);
  });

  it('frames with no web URL (about:blank, srcdoc, data:, blob:, none, unparsable) share one bucket; so do IPv6 hosts', () => {
    const budget = tabBudget(() => 0);
    const opaque = [
      'about:blank',
      'about:srcdoc',
      'data:text/html,<input>',
      'blob:https://ads.evil.example/0b9d',
      'javascript:void 0',
      undefined,
      'not a url',
      '',
    ];
    const through = opaque.reduce((n, url, i) => n + allowed(budget, frame(6, i + 1, url), 20), 0);
    expect(through).toBe(burst);
    const v6 = ['http://[2001:db8::1]/', 'http://[2001:db8::2]/', 'https://[2001:db8:ffff::9]:8443/'].reduce(
      (n, url, i) => n + allowed(budget, frame(6, 20 + i, url), 20),
      0,
    );
    expect(v6).toBe(burst);
    expect(allowed(budget, frame(6, 30, LOGIN), burst)).toBe(burst);
    expect(allowed(budget, frame(6, 31, 'http://192.0.2.7:8080/'), burst)).toBe(burst); // an IPv4 host is its own site
    // Single-label hosts named like the shared keys are sites of their own, not the drained opaque or IPv6 bucket.
    expect(allowed(budget, frame(6, 32, 'http://opaque/'), burst)).toBe(burst);
    expect(allowed(budget, frame(6, 33, 'http://ipv6:8080/'), burst)).toBe(burst);
  });

  it(`memory stays bounded: ${MAX_TRACKED_TABS} tabs × (K + 2) buckets per lane; a forgotten tab's frame buckets restart full`, () => {
    const budget = tabBudget(() => 0);
    expect(allowed(budget, frame(1, 1, LOGIN), 100)).toBe(burst);
    for (let tab = 2; tab <= MAX_TRACKED_TABS + 1; tab++) {
      for (let site = 0; site < 40; site++) allowed(budget, frame(tab, site + 1, `https://s${site}.example/`), 1);
      allowed(budget, frame(tab, 0, 'https://top.example/'), 1);
    }
    expect(budget.trackedBuckets('ask')).toBe(MAX_TRACKED_TABS * (K + 2));
    expect(budget.trackedBuckets('code')).toBe(0);
    expect(allowed(budget, frame(1, 1, LOGIN), 100)).toBe(burst);
    expect(budget.trackedBuckets('ask')).toBeLessThanOrEqual(MAX_TRACKED_TABS * (K + 2));
  });
});
