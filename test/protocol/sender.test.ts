import { describe, expect, it } from 'vitest';
import { isOwnExtensionPage, ownPagesOnly, type SenderLike } from '../../lib/protocol';
import { CHROME_ID, CHROME_ORIGIN, FIREFOX_ORIGIN, GECKO_ID } from './fakes';

const chrome = { extensionId: CHROME_ID, extensionOrigin: CHROME_ORIGIN };
const firefox = { extensionId: GECKO_ID, extensionOrigin: FIREFOX_ORIGIN };
const cmePage = 'https://open.cme.qcloud.com/editor';

describe('isOwnExtensionPage', () => {
  it.each<[string, SenderLike]>([
    ['the popup', { id: CHROME_ID, url: `${CHROME_ORIGIN}popup.html`, origin: CHROME_ORIGIN.slice(0, -1) }],
    ['the DevTools panel (no tab)', { id: CHROME_ID, url: `${CHROME_ORIGIN}devtools-panel.html` }],
    [
      'the panel opened as a tab',
      {
        id: CHROME_ID,
        url: `${CHROME_ORIGIN}devtools-panel.html?har=1`,
        tab: { id: 3, url: `${CHROME_ORIGIN}devtools-panel.html?har=1` },
        frameId: 0,
      },
    ],
    [
      'the DevTools panel framed in the DevTools window (as Chromium reports it)',
      {
        id: CHROME_ID,
        url: `${CHROME_ORIGIN}devtools-panel.html`,
        tab: { id: -1, url: 'devtools://devtools/bundled/devtools_app.html?remoteBase=x' },
        frameId: 10,
      },
    ],
    [
      'the options page in a tab without tab URL',
      { id: CHROME_ID, url: `${CHROME_ORIGIN}options.html`, tab: { id: 4 } },
    ],
  ])('allows our own page in Chrome: %s', (_, sender) => {
    expect(isOwnExtensionPage(sender, chrome)).toBe(true);
  });

  it.each<[string, SenderLike]>([
    ['the popup', { id: GECKO_ID, url: `${FIREFOX_ORIGIN}popup.html` }],
    ['the DevTools panel', { id: GECKO_ID, url: `${FIREFOX_ORIGIN}devtools-panel.html` }],
  ])('allows our own page in Firefox: %s', (_, sender) => {
    expect(isOwnExtensionPage(sender, firefox)).toBe(true);
  });

  it('accepts the origin with or without its trailing slash', () => {
    const sender = { id: GECKO_ID, url: `${FIREFOX_ORIGIN}options.html` };
    expect(isOwnExtensionPage(sender, { ...firefox, extensionOrigin: FIREFOX_ORIGIN.slice(0, -1) })).toBe(
      true,
    );
  });

  it.each<[string, SenderLike, typeof chrome]>([
    [
      'a content script in Chrome (our id, the page URL)',
      {
        id: CHROME_ID,
        url: cmePage,
        origin: 'https://open.cme.qcloud.com',
        tab: { id: 5, url: cmePage },
        frameId: 0,
      },
      chrome,
    ],
    [
      'a content script in an iframe',
      { id: CHROME_ID, url: 'https://ads.example/', tab: { id: 5 }, frameId: 7 },
      chrome,
    ],
    ['a content script in Firefox', { id: GECKO_ID, url: cmePage, tab: { id: 5 }, frameId: 0 }, firefox],
    [
      'a web page (externally_connectable)',
      { url: 'https://evil.example/', origin: 'https://evil.example' },
      chrome,
    ],
    [
      'another extension',
      {
        id: 'zyxwvutsrqponmlkzyxwvutsrqponmlk',
        url: 'chrome-extension://zyxwvutsrqponmlkzyxwvutsrqponmlk/bg.html',
      },
      chrome,
    ],
    [
      'another extension in Firefox',
      { id: 'other@example.org', url: 'moz-extension://1234/page.html' },
      firefox,
    ],
    ['another extension claiming our URL', { id: 'other', url: `${CHROME_ORIGIN}popup.html` }, chrome],
    [
      'our id on a look-alike origin',
      { id: CHROME_ID, url: `chrome-extension://${CHROME_ID}x/popup.html` },
      chrome,
    ],
    [
      'a mismatched Chrome origin',
      { id: CHROME_ID, url: `${CHROME_ORIGIN}popup.html`, origin: 'https://evil.example' },
      chrome,
    ],
    [
      'our page framed inside a web page',
      { id: CHROME_ID, url: `${CHROME_ORIGIN}popup.html`, tab: { id: 5, url: cmePage }, frameId: 3 },
      chrome,
    ],
    ['a sender without URL', { id: CHROME_ID }, chrome],
    [
      'anyone, when our origin is misconfigured',
      { id: CHROME_ID, url: 'https://x/' },
      { ...chrome, extensionOrigin: '' },
    ],
  ])('refuses %s', (_, sender, own) => {
    expect(isOwnExtensionPage(sender, own)).toBe(false);
  });

  it('binds to a runtime with ownPagesOnly', () => {
    const trusted = ownPagesOnly({ id: CHROME_ID, getURL: (path) => `${CHROME_ORIGIN}${path}` });
    expect(trusted({ id: CHROME_ID, url: `${CHROME_ORIGIN}popup.html` })).toBe(true);
    expect(trusted({ id: CHROME_ID, url: cmePage })).toBe(false);
  });
});
