import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browsersUnderTest, launch, type TestBrowser } from '../harness';

describe.each(browsersUnderTest())('smoke in %s', (name) => {
  let server: Server;
  let base: string;
  let browser: TestBrowser;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end('<!doctype html><title>inspected</title><p>inspected page</p>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launch(name, { devtools: true });
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('opens the popup page', async () => {
    const popup = await browser.openExtensionPage('/popup.html');
    await popup.waitForText('CME');
    await popup.close();
  });

  it('shows our DevTools panel for an inspected page', async () => {
    const page = await browser.openPage(`${base}/`);
    const panel = await browser.openPanel(page);
    // The panel's toolbar (Calls / Stats tabs) has rendered.
    expect(await panel.text()).toMatch(/Calls|调用/);
    await panel.screenshot(`/tmp/smoke-${name}.png`);
  });
});
