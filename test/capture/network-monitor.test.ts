import { describe, expect, it } from 'vitest';
import {
  readEntryContent,
  readHarBacklog,
  watchFinishedRequests,
  watchNavigations,
} from '../../lib/capture/network-monitor';
import { apiCall } from '../cme/factories';
import { fakeNetwork, harEntryOf, type ContentStyle } from './fakes';

describe('network monitor', () => {
  it('delivers finished requests until unsubscribed', () => {
    const network = fakeNetwork();
    const seen: string[] = [];
    const stop = watchFinishedRequests(network, (e) => seen.push(e.request.url));
    const entry = harEntryOf(apiCall());
    network.finish(entry);
    stop();
    network.finish(entry);
    expect(seen).toEqual([entry.request.url]);
    expect(network.listeners()).toBe(0);
  });

  it('delivers navigations until unsubscribed', () => {
    const network = fakeNetwork();
    const urls: string[] = [];
    const stop = watchNavigations(network, (u) => urls.push(u));
    network.navigate('http://a/');
    stop();
    network.navigate('http://b/');
    expect(urls).toEqual(['http://a/']);
  });

  it('reads the HAR backlog, and [] when getHAR fails or answers nothing', async () => {
    const entry = harEntryOf(apiCall());
    expect(await readHarBacklog(fakeNetwork([entry]))).toEqual([entry]);
    const broken = { ...fakeNetwork(), getHAR: () => Promise.reject(new Error('no')) };
    expect(await readHarBacklog(broken)).toEqual([]);
    const empty = { ...fakeNetwork(), getHAR: () => Promise.resolve(undefined) };
    expect(await readHarBacklog(empty)).toEqual([]);
  });

  it.each<[ContentStyle, string | null]>([
    ['callback', '{"Code":"Success","Message":"成功","EnglishMessage":"OK"}'],
    ['promise', '{"Code":"Success","Message":"成功","EnglishMessage":"OK"}'],
    ['inline', '{"Code":"Success","Message":"成功","EnglishMessage":"OK"}'],
    ['none', null],
  ])('reads a body handed out %s', async (style, text) => {
    const content = await readEntryContent(harEntryOf(apiCall(), style));
    expect(content).toEqual({ text });
  });

  it('keeps base64 as an encoding but never a MIME type', async () => {
    const entry = harEntryOf(apiCall());
    entry.getContent = (...args: unknown[]) => (args[0] as (c: string, e: string) => void)('e30=', 'base64');
    expect(await readEntryContent(entry)).toEqual({ text: 'e30=', encoding: 'base64' });
  });

  it('falls back to the inline text when getContent fails', async () => {
    const entry = harEntryOf(apiCall(), 'inline');
    entry.getContent = () => {
      throw new Error('evicted');
    };
    expect((await readEntryContent(entry)).text).toContain('Success');
  });
});
