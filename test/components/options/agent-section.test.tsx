// @vitest-environment happy-dom
import { cleanup, fireEvent, waitFor } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentSiteInfo, AgentSitesAnswer } from '../../../lib/protocol';
import { formatSize, siteOrigin } from '../../../lib/ui/options/agent-sites';
import { $ } from '../popup/popup-fixtures';
import { renderOptions } from './options-fixtures';

beforeEach(() => fakeBrowser.reset());
afterEach(cleanup);

const SITE = 'https://app.example.com';
const dropped = { malformed: 0, rateLimited: 0, refusedPorts: 0 };

/** A fake background keeping the sites the way the real one answers them. */
function agentBackground(initial: AgentSiteInfo[] = []) {
  let sites = initial;
  const answer = (): AgentSitesAnswer => ({ sites, dropped });
  const site = (origin: string, enabled: boolean): AgentSiteInfo => ({
    origin,
    enabled,
    enabledAt: 1,
    count: 0,
    bytes: 0,
    granted: true,
    registered: enabled,
  });
  return {
    handlers: {
      'agent.sites': answer,
      'agent.enable': ({ origin }: { origin: string }) => {
        sites = [...sites.filter((s) => s.origin !== origin), site(origin, true)];
        return answer();
      },
      'agent.disable': ({ origin }: { origin: string }) => {
        sites = sites.map((s) => (s.origin === origin ? { ...s, enabled: false, registered: false } : s));
        return answer();
      },
      'agent.forget': ({ origin }: { origin: string }) => {
        sites = sites.filter((s) => s.origin !== origin);
        return answer();
      },
    },
  };
}

const row = (root: Element) => root.querySelector(`.options-agent-row[data-origin="${SITE}"]`);

describe('options: the page agent’s sites', () => {
  it('reads an origin from an address, and sizes for people', () => {
    expect(siteOrigin(' https://App.Example.com:8443/editor?x=1 ')).toBe('https://app.example.com:8443');
    expect(siteOrigin('ftp://x')).toBeNull();
    expect(siteOrigin('app.example.com')).toBeNull();
    expect([formatSize(812), formatSize(12_800), formatSize(3_355_443)]).toEqual([
      '812 B',
      '12.5 KB',
      '3.2 MB',
    ]);
  });

  it('asks the site’s host from the click itself, then turns it on through the background', async () => {
    const bg = agentBackground();
    const { container, permissions, prompts, rpc } = await renderOptions({ handlers: bg.handlers });
    await waitFor(() => expect($(container, '#options-agent-none')).toBeTruthy());
    fireEvent.input($(container, '#options-agent-origin'), { target: { value: `${SITE}/editor` } });
    fireEvent.submit($(container, '#options-agent-form'));
    expect(permissions.request).toHaveBeenCalledWith({ origins: [`${SITE}/*`] });
    prompts[0]!.answer(true);
    await waitFor(() => expect(row(container)?.textContent).toContain('Recording'));
    expect(rpc.paramsOf('agent.enable')).toEqual([{ origin: SITE }]);
    expect(row(container)?.textContent).toContain('Recorded: 0 calls, 0 B');
  });

  it('says so when the browser refuses, or the address is not http(s)', async () => {
    const bg = agentBackground();
    const { container, prompts, rpc } = await renderOptions({ handlers: bg.handlers });
    fireEvent.input($(container, '#options-agent-origin'), { target: { value: 'not a site' } });
    fireEvent.submit($(container, '#options-agent-form'));
    await waitFor(() =>
      expect($(container, '#options-agent-problem').textContent).toContain('http or https'),
    );
    fireEvent.input($(container, '#options-agent-origin'), { target: { value: SITE } });
    fireEvent.submit($(container, '#options-agent-form'));
    prompts[0]!.answer(false);
    await waitFor(() =>
      expect($(container, '#options-agent-problem').textContent).toContain(`did not grant access to ${SITE}`),
    );
    expect(rpc.paramsOf('agent.enable')).toEqual([]);
  });

  it('turns a site off, and forgets it after a confirmation naming its recorded calls', async () => {
    const bg = agentBackground([
      {
        origin: SITE,
        enabled: true,
        enabledAt: 1,
        count: 12,
        bytes: 40_960,
        granted: true,
        registered: true,
      },
    ]);
    const { container, rpc } = await renderOptions({ handlers: bg.handlers });
    await waitFor(() => expect(row(container)?.textContent).toContain('Recorded: 12 calls, 40.0 KB'));
    fireEvent.click($(container, '.options-agent-off'));
    await waitFor(() => expect(row(container)?.textContent).toContain('Off'));
    fireEvent.click($(container, '.options-agent-forget'));
    expect($(container, '#options-agent-confirm').textContent).toContain(
      `Forget ${SITE}? Its 12 recorded calls`,
    );
    fireEvent.click($(container, '#options-agent-forget-now'));
    await waitFor(() => expect(row(container)).toBeNull());
    expect(rpc.paramsOf('agent.forget')).toEqual([{ origin: SITE }]);
    expect(container.querySelector('#options-agent-confirm')).toBeNull();
  });

  it('shows a site without access as such, and counts of what the background dropped', async () => {
    const { container } = await renderOptions({
      handlers: {
        'agent.sites': () => ({
          sites: [
            {
              origin: SITE,
              enabled: true,
              enabledAt: 1,
              count: 0,
              bytes: 0,
              granted: false,
              registered: false,
            },
          ],
          dropped: { malformed: 2, rateLimited: 0, refusedPorts: 1 },
        }),
      },
    });
    await waitFor(() => expect(row(container)?.textContent).toContain('No access to the site'));
    expect($(container, '#options-agent-dropped').textContent).toContain('2 malformed messages');
    expect(row(container)?.querySelector('.options-agent-on')).toBeTruthy();
  });
});
