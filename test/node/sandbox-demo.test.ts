import { existsSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../lib/node/sandbox/main';
import { browserPath } from '../setup/browsers';
import { startTestSandbox } from './sandbox-helpers';

const CHROMIUM = browserPath('chromium');
const EXPECTED_CODES = [
  'OK',
  'Success',
  'Success',
  'Success',
  'Success',
  'Success',
  'Success',
  'Success',
  'InvalidParameterValue.MaterialId',
  'Success',
];

/** A reverse proxy serving the sandbox under `/cme/` (an app that mounts it under a path prefix). */
function prefixProxy(target: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').replace(/^\/cme/, '') || '/';
    const upstream = request(new URL(path, target), { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function codes(page: Page): Promise<string[]> {
  await page.waitForFunction(
    (n) =>
      document.querySelectorAll('#rows tr').length >= n &&
      !(document.getElementById('run') as HTMLButtonElement).disabled,
    EXPECTED_CODES.length,
  );
  return page.$$eval('#rows .code', (els) => els.map((e) => e.textContent ?? ''));
}

describe('sandbox demo page in Chromium', () => {
  it('has Chromium to run in (npm test installs it; or CHROMIUM_PATH)', () => {
    expect(existsSync(CHROMIUM)).toBe(true);
  });

  let sb: RunningSandbox;
  let browser: Browser;
  let proxy: Server;

  beforeAll(async () => {
    sb = await startTestSandbox();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    proxy = await prefixProxy(sb.url);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    proxy?.close();
    await sb?.close();
  });

  it('runs the real flow with every expected Code, one call through /proxy/PaaS', async () => {
    const page = await browser.newPage();
    await page.goto(`${sb.url}/demo`);
    expect(await codes(page)).toEqual(EXPECTED_CODES);
    expect(sb.stats.proxied).toBe(1);
    expect(sb.stats.byActionCode.DeleteMaterial).toEqual({ 'InvalidParameterValue.MaterialId': 1 });
    await page.click('#run');
    expect(await codes(page)).toEqual(EXPECTED_CODES);
    expect(sb.stats.byAction.Login).toBe(2);
    await page.close();
  });

  it('works behind a path prefix', async () => {
    const before = sb.stats.byAction.Login ?? 0;
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}/cme/demo`);
    expect(await codes(page)).toEqual(EXPECTED_CODES);
    expect(sb.stats.byAction.Login).toBe(before + 1);
    expect(await page.getAttribute('#home', 'href')).toBe('/cme/');
    await page.close();
  });
});
