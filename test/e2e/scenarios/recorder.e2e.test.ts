/**
 * The page agent's recorder in a real browser with the built extension, against the real sandbox, without
 * DevTools: recording turned on for the sandbox's origin from the options page (the host asked from the
 * click), the demo loaded in a tab, and every CME call it made read back through the RPC with its bodies,
 * marked as reported by the page — and none of another origin (the same demo on `localhost`). The options
 * section then shows the site with its size; screenshots in en and zh_CN, light and dark (Chromium).
 *
 * Headless Chromium cannot answer a permission prompt: its run uses a copy of the build whose manifest
 * grants `http://127.0.0.1/*` up front (the user's "Allow"), so the page's request resolves at once; Firefox
 * answers optional-permission requests itself (the harness's pref).
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../lib/node/sandbox/main';
import { browsersUnderTest, launch, type TestBrowser, type TestPage } from '../harness';
import { launchChromium } from '../harness/chromium';
import type { LaunchOptions } from '../harness/types';
import { poll } from '../harness/util';
import { chromiumWithLoopback } from './loopback-build';
import { rpc } from './support';

const SHOTS = '/tmp/shots';

interface Recorded {
  id: number;
  tabId: number;
  origin: string;
  reportedByPage: boolean;
  bytes: number;
  raw: {
    request: { method: string; url: string; body: { text: string | null } | null };
    response: { status: number; body: { text: string | null } | null } | null;
    comment?: string;
  };
}

function start(
  name: 'chromium' | 'firefox',
  dir: string | null,
  opts: LaunchOptions = {},
): Promise<TestBrowser> {
  return name === 'chromium' && dir ? launchChromium(dir, opts) : launch(name, opts);
}

/** Turn recording on for `origin` as a user would: type it, click "Turn on". */
async function turnOn(page: TestPage, origin: string): Promise<void> {
  await page.waitForText('Page agent');
  await page.fill('#options-agent-origin', origin);
  await page.click('#options-agent-add');
  await poll('the site listed as recording', () =>
    page.evaluate<boolean>(
      `document.querySelector('.options-agent-row[data-origin=${JSON.stringify(origin)}] .badge-ok') !== null`,
    ),
  );
}

/** Open the demo and wait until its run finished (every row written, the button enabled again). */
async function runDemo(browser: TestBrowser, url: string): Promise<{ page: TestPage; rows: number }> {
  const page = await browser.openPage(url);
  const rows = await poll(
    'the demo run',
    async () => {
      const state = await page.evaluate<{ rows: number; done: boolean }>(
        `({ rows: document.querySelectorAll('#rows tr').length, done: !document.getElementById('run').disabled })`,
      );
      return state.done && state.rows >= 9 ? state.rows : null;
    },
    20_000,
  );
  return { page, rows };
}

/** The demo's CME calls, as path and search keys: the login and the client API calls (not /dev/signature). */
const DEMO_CALLS = [
  'GET /?signature',
  'POST /PaaS/Material/DescribeClass?auth',
  'POST /PaaS/Material/CreateClass?auth',
  'POST /PaaS/Material/ListMedia?auth',
  'POST /PaaS/Project/DescribeProjects?auth',
  'POST /PaaS/Team/DescribeTeams?auth',
  'POST /proxy/PaaS/Team/DescribeJoinTeams?auth',
  'POST /PaaS/Material/DeleteMaterial?auth',
  'POST /PaaS/Material/DeleteClass?auth',
];

const shape = (c: Recorded): string => {
  const u = new URL(c.raw.request.url);
  return `${c.raw.request.method} ${u.pathname}?${[...u.searchParams.keys()].join('&')}`;
};

describe.each(browsersUnderTest())('the page agent’s recorder in %s', (name) => {
  let sandbox: RunningSandbox;
  let browser: TestBrowser;
  let options: TestPage;
  let dir: string | null = null;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    sandbox = await startSandbox({ port: 0, quiet: true });
    dir = name === 'chromium' ? chromiumWithLoopback() : null;
    browser = await start(name, dir);
    options = await browser.openExtensionPage('/options.html');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  /** Stop the background as the browser would; our page is opened again (Firefox reloads the add-on). */
  async function stopBackground(): Promise<void> {
    await browser.stopBackground();
    await options.close().catch(() => undefined);
    options = await browser.openExtensionPage('/options.html');
  }

  it('records every CME call of the opted-in site’s demo with its bodies, none of another origin', async () => {
    const origin = new URL(sandbox.url).origin;
    await turnOn(options, origin);
    const sites = await rpc<{ sites: { origin: string; registered: boolean }[] }>(options, 'agent.sites');
    expect(sites.sites).toMatchObject([{ origin, registered: true }]);

    const demo = await runDemo(browser, `${sandbox.url}/demo`);
    const other = await runDemo(browser, `http://localhost:${sandbox.port}/demo`);
    expect(other.rows).toBe(demo.rows);

    const calls = await poll(
      'the recorded calls',
      async () => {
        const list = await rpc<Recorded[]>(options, 'recorder.list', {});
        return list.length >= DEMO_CALLS.length ? list : null;
      },
      15_000,
    );
    expect(calls.map(shape)).toEqual(DEMO_CALLS);
    for (const c of calls) {
      expect(c.origin).toBe(origin);
      expect(c.reportedByPage).toBe(true);
      expect(c.raw.comment).toContain('Reported by the page');
      expect(c.raw.response?.status).toBe(200);
      expect(c.raw.response?.body?.text).toMatch(/"Code"|"Response"/);
      if (c.raw.request.method === 'POST')
        expect(JSON.parse(c.raw.request.body?.text ?? 'null')).toBeTypeOf('object');
    }
    const listMedia = calls.find((c) => c.raw.request.url.includes('ListMedia'));
    expect(JSON.parse(listMedia?.raw.request.body?.text ?? '{}')).toMatchObject({ ClassId: 0, Limit: 10 });
    expect(new Set(calls.map((c) => c.tabId)).size).toBe(1);

    // The options page shows the site's size; the panel would take them (read and removed).
    await options.goto(await options.evaluate<string>('location.href'));
    await options.waitForText(`Recorded: ${calls.length} calls`);
    const taken = await rpc<Recorded[]>(options, 'recorder.take', { tabId: calls[0]?.tabId });
    expect(taken.map((c) => c.id)).toEqual(calls.map((c) => c.id));
    expect(await rpc<Recorded[]>(options, 'recorder.list', {})).toEqual([]);
    await demo.page.close();
    await other.page.close();
  }, 90_000);

  it('records a page opened after the background stopped (the registration outlives the worker)', async () => {
    const origin = new URL(sandbox.url).origin;
    await stopBackground();
    const demo = await runDemo(browser, `${sandbox.url}/demo`);
    try {
      const calls = await poll('the run recorded', async () => {
        const list = await rpc<Recorded[]>(options, 'recorder.list', { origin });
        return list.length >= DEMO_CALLS.length ? list : null;
      });
      expect(calls.map(shape)).toEqual(DEMO_CALLS);
    } finally {
      await rpc(options, 'recorder.clear', {});
      await demo.page.close();
    }
  }, 60_000);

  // Chromium stops an idle MV3 worker: the relay of a page left open connects again on its next report
  // (lib/agent/relay.ts). Firefox's MV2 background page never stops when idle; the harness "stops" it by
  // reloading the add-on, which ends the content scripts of open pages for good — there the user's next
  // load of the page records again, through the registration the background makes on start.
  it('keeps recording a page that stays open while the background stops', async () => {
    const origin = new URL(sandbox.url).origin;
    const demo = await runDemo(browser, `${sandbox.url}/demo`);
    try {
      await poll('the first run recorded', async () =>
        (await rpc<Recorded[]>(options, 'recorder.list', { origin })).length >= DEMO_CALLS.length
          ? true
          : null,
      );
      await rpc(options, 'recorder.clear', { origin });
      await stopBackground();
      if (name === 'firefox') await demo.page.reload();
      else await demo.page.click('#run');
      const again = await poll(
        'the second run recorded after the background stopped',
        async () => {
          const list = await rpc<Recorded[]>(options, 'recorder.list', { origin });
          return list.length >= DEMO_CALLS.length ? list : null;
        },
        20_000,
      );
      expect(again.map(shape)).toEqual(DEMO_CALLS);
    } finally {
      await rpc(options, 'recorder.clear', {});
      await demo.page.close();
    }
  }, 60_000);

  it('stops recording once the site is turned off, and forgets it', async () => {
    const origin = new URL(sandbox.url).origin;
    await rpc(options, 'agent.disable', { origin });
    // What proves nothing can be recorded (instead of a wait before the check): the browser injects the
    // agent into no new page, since no content script of ours is registered any more.
    await poll('the page agent unregistered', async () => {
      const registered = await options.evaluate<number>(`(async () => {
        const api = globalThis.browser ?? globalThis.chrome;
        return (await api.scripting.getRegisteredContentScripts()).length;
      })()`);
      return registered === 0;
    });
    const demo = await runDemo(browser, `${sandbox.url}/demo`);
    expect(await rpc<Recorded[]>(options, 'recorder.list', {})).toEqual([]);
    await demo.page.close();
    const forgot = await rpc<{ sites: unknown[] }>(options, 'agent.forget', { origin });
    expect(forgot.sites).toEqual([]);
  }, 60_000);
});

describe.each(browsersUnderTest().filter((b) => b === 'chromium'))(
  'the options section’s screenshots in %s',
  () => {
    let sandbox: RunningSandbox;
    beforeAll(async () => {
      sandbox = await startSandbox({ port: 0, quiet: true });
    });
    afterAll(async () => {
      await sandbox?.close();
    });

    it.each<[string, LaunchOptions]>([
      ['en-light', { locale: 'en' }],
      ['zh-dark', { locale: 'zh-CN', dark: true }],
      ['en-dark', { locale: 'en', dark: true }],
      ['zh-light', { locale: 'zh-CN' }],
    ])(
      '%s',
      async (shot, opts) => {
        const browser = await launchChromium(chromiumWithLoopback(), {
          ...opts,
          windowSize: { width: 900, height: 900 },
        });
        try {
          const page = await browser.openExtensionPage('/options.html');
          const origin = new URL(sandbox.url).origin;
          await page.waitForText(opts.locale === 'zh-CN' ? '页面代理' : 'Page agent');
          await page.fill('#options-agent-origin', origin);
          await page.click('#options-agent-add');
          await poll('the site listed', () =>
            page.evaluate<boolean>(`document.querySelector('.options-agent-row .badge-ok') !== null`),
          );
          const demo = await runDemo(browser, `${sandbox.url}/demo`);
          await demo.page.close();
          await page.goto(await page.evaluate<string>('location.href'));
          await poll('the size shown', () =>
            page.evaluate<boolean>(
              `/[1-9]/.test(document.querySelector('.options-agent-size')?.textContent ?? '')`,
            ),
          );
          await page.fill('#options-agent-origin', 'https://app.example.com');
          await page.evaluate(`document.querySelector('#options-agent').scrollIntoView()`);
          await page.screenshot(`${SHOTS}/recorder-options-${shot}.png`, { selector: '#options-agent' });
        } finally {
          await browser.close();
        }
      },
      90_000,
    );
  },
);
