/**
 * The options page's storage section in a real browser with the built extension: rows per store and the
 * browser's estimate of bytes, shown; a cap lowered takes effect at once (the oldest rows go, the page
 * says how many) and the store holds exactly the newest rows. The stores are filled through IndexedDB
 * from the extension's own page, as the worker and the panel would write them.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browsersUnderTest, launch, type TestBrowser, type TestPage } from '../harness';
import { poll } from '../harness/util';

const SHOTS = '/tmp/shots';

/** Commit a number field as a user leaving it would (fill, then blur: a change event). */
async function commit(page: TestPage, selector: string, value: string): Promise<void> {
  await page.fill(selector, value);
  await page.evaluate(`document.querySelector(${JSON.stringify(selector)}).blur()`);
}

/** Writes `history` history rows (startedAt 0…n-1) and `captures` captured calls over two tabs. */
function fill(history: number, captures: number): string {
  return `(async () => {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open('cme-devtools');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction(['history', 'captures', 'captureBodies'], 'readwrite');
    for (let i = 0; i < ${history}; i++) {
      tx.objectStore('history').put({ id: 'h' + i, ticketId: null, environment: 'tencent', kind: 'api',
        actionClass: 'Material', action: 'DescribeClass', method: 'POST', url: 'https://x.invalid/', requestBody: '',
        startedAt: i, durationMs: 1, status: 'done', httpStatus: 200, code: 'Success', message: null,
        englishMessage: null, requestId: null, responseText: '{}', responseTruncated: false, error: null, replayOf: null });
    }
    for (let i = 0; i < ${captures}; i++) {
      const tabId = i % 2 ? 11 : 12;
      const raw = { startedAt: i, durationMs: 1, request: { method: 'POST', url: 'https://x.invalid/', headers: [], body: null }, response: null };
      const req = tx.objectStore('captures').add({ tabId, seq: i, startedAt: i, kind: 'api', method: 'POST',
        url: 'https://x.invalid/', actionClass: null, action: null, code: null, ok: true, httpStatus: 200, durationMs: 1,
        platform: null, userId: null, ticket: null, requestId: null, text: 'x' });
      req.onsuccess = () => tx.objectStore('captureBodies').put({ id: req.result, tabId, raw });
    }
    await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
    db.close();
    return true;
  })()`;
}

/** The oldest startedAt left in a store, and how many rows it holds. */
function oldest(store: 'history' | 'captures'): string {
  return `(async () => {
    const db = await new Promise((resolve) => { const o = indexedDB.open('cme-devtools'); o.onsuccess = () => resolve(o.result); });
    const rows = await new Promise((resolve) => { const r = db.transaction(${JSON.stringify(store)}).objectStore(${JSON.stringify(store)}).getAll(); r.onsuccess = () => resolve(r.result); });
    db.close();
    return { count: rows.length, oldest: Math.min(...rows.map((r) => r.startedAt)) };
  })()`;
}

const rowText = (page: TestPage, id: string) =>
  page.evaluate<string>(`document.querySelector('#options-storage-${id} td')?.textContent ?? ''`);

describe.each(browsersUnderTest())('storage caps in the options page, %s', (name) => {
  let browser: TestBrowser;
  let page: TestPage;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launch(name);
    page = await browser.openExtensionPage('/options.html');
    await page.waitForText('Storage');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows rows per store against their caps and the bytes used', async () => {
    expect(await page.evaluate(fill(250, 1500))).toBe(true);
    await page.goto(await page.evaluate<string>('location.href'));
    await page.waitForText('250 of 10,000');
    expect(await rowText(page, 'history')).toBe('250 of 10,000');
    expect(await rowText(page, 'captures')).toBe('1,500 of 200,000');
    // Both browsers give an estimate to an extension page.
    expect(await rowText(page, 'bytes')).toMatch(/^[\d,]+\.\d MB$/);
    if (name === 'chromium')
      await page.screenshot(`${SHOTS}/cli-storage-${name}-before.png`, { selector: '#options-storage' });
  });

  it('a lowered history cap removes the oldest rows at once and says how many', async () => {
    await commit(page, '#options-max-history', '100');
    await page.waitForText('Removed 150 oldest history rows.');
    await poll('history at its cap', async () => (await rowText(page, 'history')) === '100 of 100');
    expect(await page.evaluate(oldest('history'))).toEqual({ count: 100, oldest: 150 });
    // Opened again, the page says what the last prune removed, and when.
    await page.goto(await page.evaluate<string>('location.href'));
    await page.waitForText('Last pruned');
    expect(
      await page.evaluate<string>(`document.querySelector('#options-prune-report')?.textContent ?? ''`),
    ).toContain('Removed 150 oldest history rows.');
  });

  it('a lowered capture cap removes the oldest calls of every tab, bodies with them', async () => {
    await commit(page, '#options-max-captures', '1000');
    await page.waitForText('Removed 500 oldest captured calls.');
    await poll('captures at their cap', async () => (await rowText(page, 'captures')) === '1,000 of 1,000');
    expect(await page.evaluate(oldest('captures'))).toEqual({ count: 1000, oldest: 500 });
    expect(await page.evaluate<{ count: number }>(oldest('captureBodies' as 'captures'))).toMatchObject({
      count: 1000,
    });
    if (name === 'chromium')
      await page.screenshot(`${SHOTS}/cli-storage-${name}-pruned.png`, { selector: '#options-storage' });
  });

  it('refuses a cap under its minimum beside the field, removing nothing', async () => {
    await commit(page, '#options-max-history', '5');
    await page.waitForText('Not saved: 100 – 1000000');
    expect(await page.evaluate(oldest('history'))).toEqual({ count: 100, oldest: 150 });
  });
});

describe.each(browsersUnderTest())('storage section in Chinese, dark, %s', (name) => {
  let browser: TestBrowser;

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the stores and the prune in Chinese', async () => {
    browser = await launch(name, { dark: true, locale: 'zh-CN' });
    const page = await browser.openExtensionPage('/options.html');
    await page.waitForText('存储');
    expect(await page.evaluate(fill(120, 10))).toBe(true);
    await page.goto(await page.evaluate<string>('location.href'));
    await page.waitForText('120 / 上限 10,000');
    await commit(page, '#options-max-history', '100');
    await page.waitForText('已删除最早的 20 条请求历史。');
    await page.screenshot(`${SHOTS}/cli-storage-${name}-dark-zh.png`, { selector: '#options-storage' });
  });
});
