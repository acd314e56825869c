/**
 * Issue 15 in real Chromium and Firefox on the sandbox demo: with secrets masked, the text of every panel
 * view of the captured login and of a call (overview, headers, bodies as tree and raw, signature, copy,
 * replay, stats) holds no ticket and no full signature (nor its HMAC); revealing one ticket reveals that
 * one, in that view only; an export made next is masked. Screenshots in en and zh_CN go to test-results/.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../lib/node/sandbox/main';
import { browsersUnderTest, launch, type TestBrowser, type TestPanel } from '../harness';
import { poll } from '../harness/util';
import {
  DEMO_ACTIONS,
  rowsOf,
  selectRow,
  setLanguage,
  showDetailTab,
  storeSandboxTicket,
  openDemoWithPanel,
} from './support';

const TABS = ['overview', 'request', 'response', 'signature', 'replay', 'copy'] as const;

/** The detail pane's text with every tree opened, every <details> open, and every attribute value. */
async function detailText(panel: TestPanel, raw = false): Promise<string> {
  return panel.evaluate<string>(`(async () => {
    const root = document.querySelector('.cme-detail');
    if (!root) return '';
    const wait = () => new Promise((r) => setTimeout(r, 20));
    if (${raw}) {
      // Each body switched to its raw text: wait until every one shows it (no sleep before the check).
      let want = root.querySelectorAll('pre.cme-raw').length;
      for (const b of root.querySelectorAll('.cme-body-switch button')) if (b.textContent === 'Raw' || b.textContent === '原始') (b.click(), want++);
      for (let i = 0; i < 200 && root.querySelectorAll('pre.cme-raw').length < want; i++) await wait();
      if (root.querySelectorAll('pre.cme-raw').length < want) throw new Error('the raw bodies did not show');
    }
    for (let i = 0; i < 40; i++) {
      const closed = root.querySelectorAll('.jt-toggle[aria-expanded="false"]');
      if (closed.length === 0) break;
      closed.forEach((b) => b.click());
      await wait();
    }
    root.querySelectorAll('details').forEach((d) => (d.open = true));
    await wait();
    const attrs = [];
    for (const e of root.querySelectorAll('*')) for (const a of e.attributes) attrs.push(a.value);
    for (const e of root.querySelectorAll('input, textarea, select')) attrs.push(e.value);
    return root.innerText + '\\n' + attrs.join('\\n');
  })()`);
}

/** The tab `id` of the selected call, loaded (no sleep: see showDetailTab). */
function openTab(panel: TestPanel, id: string): Promise<void> {
  return showDetailTab(panel, id);
}

describe.each(browsersUnderTest())('secrets stay masked in the panel in %s', (name) => {
  let sandbox: RunningSandbox;
  let browser: TestBrowser;
  let panel: TestPanel;
  /** Everything that must not show: every ticket (raw and encoded), the login signature, its HMAC. */
  let forbidden: string[] = [];
  let demoTicket = '';

  const expectMasked = (text: string, where: string) => {
    for (const s of forbidden) expect(text.includes(s), `${where} shows ${s.slice(0, 6)}…`).toBe(false);
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, quiet: true });
    browser = await launch(name, { devtools: true });
    // A stored ticket of another user (the replay picker lists it; views must not show it).
    await storeSandboxTicket(browser, sandbox.url, 'other_user', 'other');
    ({ panel } = await openDemoWithPanel(browser, sandbox.url));
    const tickets = sandbox.state.tickets.map((t) => t.ticket);
    expect(tickets.length).toBeGreaterThan(1);
    forbidden = tickets.flatMap((t) => [t, encodeURIComponent(t)]);
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  it('learns the login signature from its decoded plaintext and the sandbox key', async () => {
    const rows = await rowsOf(panel);
    await selectRow(panel, rows.find((r) => r.kind === 'login')!.id);
    await openTab(panel, 'signature');
    const plaintext = await panel.evaluate<string>(
      `document.querySelector('.sig-plaintext pre')?.textContent ?? ''`,
    );
    expect(plaintext).toContain('secretId=');
    // The signature is Base64(HMAC-SHA1(key, plaintext) ‖ plaintext): what a leak would let one rebuild.
    for (const { secretKey } of sandbox.options.keys) {
      const hmac = createHmac('sha1', secretKey).update(plaintext).digest();
      const signature = Buffer.concat([hmac, Buffer.from(plaintext)]).toString('base64');
      forbidden.push(hmac.toString('hex'), signature, encodeURIComponent(signature));
    }
    expect(forbidden.length).toBeGreaterThan(6);
  });

  it.each(['Login', 'DescribeClass'])('shows no secret in any tab of %s', async (action) => {
    const rows = await rowsOf(panel);
    await selectRow(panel, rows.find((r) => r.action === action)!.id);
    for (const id of TABS) {
      await openTab(panel, id);
      if (id === 'replay') {
        await panel.click('input[name="replay-mode"][value="ticket"]');
        await poll('the stored tickets in the picker', () =>
          panel.evaluate<boolean>(
            `document.querySelectorAll('select[name="replay-ticket"] option').length > 1`,
          ),
        );
      }
      expectMasked(await detailText(panel), `${action} ${id}`);
      if (id === 'request' || id === 'response')
        expectMasked(await detailText(panel, true), `${action} ${id} raw`);
    }
    expectMasked(await panel.evaluate<string>('document.body.innerText'), `${action} whole panel`);
  });

  it('shows no secret in the stats', async () => {
    await panel.click('button[name="view-stats"]');
    await poll('the stats', () =>
      panel.evaluate<boolean>(`!!document.querySelector('[data-table="stats"]')`),
    );
    expectMasked(await panel.evaluate<string>('document.body.innerText'), 'stats');
    await panel.click('button[name="view-calls"]');
  });

  it('reveals one ticket in its own view only, and the next export is masked', async () => {
    const rows = await rowsOf(panel);
    await selectRow(panel, rows.find((r) => r.action === 'DescribeClass')!.id);
    await openTab(panel, 'overview');
    await panel.click('.ticket-reveal');
    // The demo ran twice (before the panel, then captured): the call's ticket is one of demo_user's.
    const demoTickets = sandbox.state.tickets.filter((t) => t.userId === 'demo_user').map((t) => t.ticket);
    demoTicket = await poll('the revealed ticket', async () => {
      const shown = await panel.evaluate<string>(
        `document.querySelector('.ticket-value')?.textContent ?? ''`,
      );
      return demoTickets.includes(shown) ? shown : null;
    });
    const text = await panel.evaluate<string>('document.body.innerText');
    expect(text.split(demoTicket).length - 1).toBe(1);
    expectMasked(text.split(demoTicket).join('<revealed>'), 'the rest of the overview');
    await panel.screenshot(`test-results/secrets-${name}-en-revealed-ticket.png`);
    await openTab(panel, 'request');
    expectMasked(await detailText(panel), 'the request after a reveal');
    await openTab(panel, 'overview');
    expect(await panel.evaluate<string>(`document.querySelector('.ticket-value')?.textContent`)).not.toBe(
      demoTicket,
    );

    await panel.click('button[name="export"]');
    await poll('the export link', () =>
      panel.evaluate<boolean>(`!!document.querySelector('a[data-export]')`),
    );
    const har = await panel.evaluate<string>(`(async () => {
      const res = await document.defaultView.fetch(document.querySelector('a[data-export]').href);
      return await res.text();
    })()`);
    expect(JSON.parse(har).log.entries.length).toBeGreaterThanOrEqual(DEMO_ACTIONS.length);
    expectMasked(har, 'the export');
  });

  it('asks before an export with secrets (screenshots in en and zh_CN)', async () => {
    const rows = await rowsOf(panel);
    await selectRow(panel, rows.find((r) => r.kind === 'login')!.id);
    await openTab(panel, 'signature');
    await panel.screenshot(`test-results/secrets-${name}-en-signature.png`);
    await panel.click('button[name="export-secrets"]');
    await poll('the warning', () => panel.evaluate<boolean>(`!!document.querySelector('[data-export-ask]')`));
    await panel.screenshot(`test-results/secrets-${name}-en-export-ask.png`);
    await panel.click('button[name="export-secrets-cancel"]');
    await setLanguage(browser, 'zh_CN');
    await poll('the panel in Chinese', () =>
      panel.evaluate<boolean>(
        `document.querySelector('button[name="export"]')?.textContent !== 'Export HAR'`,
      ),
    );
    await panel.click('button[name="export-secrets"]');
    await poll('the warning', () => panel.evaluate<boolean>(`!!document.querySelector('[data-export-ask]')`));
    await panel.screenshot(`test-results/secrets-${name}-zh-signature-export-ask.png`);
    await panel.click('button[name="export-secrets-cancel"]');
    await setLanguage(browser, 'en');
  });
});
