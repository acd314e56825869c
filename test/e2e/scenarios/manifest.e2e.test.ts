/** The built manifests ask for no more than the product needs (checked on the real build output). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const CME_HOSTS = ['https://open.cme.qcloud.com/*', 'https://web-paas-api.cme.qcloud.com/*'];
// `scripting` is held: the background registers the page agent with it, only for the sites a user opts in
// (and grants at run time); by itself it reaches no page and shows no install warning.
const FORBIDDEN = ['<all_urls>', 'tabs', 'debugger', 'cookies', 'webRequest', '*://*/*'];

const read = (dir: string) =>
  JSON.parse(readFileSync(`.output/${dir}/manifest.json`, 'utf8')) as Record<string, unknown>;

describe.each([
  ['chrome-mv3', 3],
  ['firefox-mv2', 2],
])('%s manifest', (dir, version) => {
  const m = read(dir);

  it('has the devtools page, the popup, the options page, a background and both locales', () => {
    expect(m.manifest_version).toBe(version);
    expect(m.devtools_page).toBe('devtools.html');
    expect(m.default_locale).toBe('en');
    expect(m.name).toBe('__MSG_extName__');
    const action = (m.action ?? m.browser_action) as { default_popup: string };
    expect(action.default_popup).toBe('popup.html');
    expect((m.options_ui as { page: string }).page).toBe('options.html');
    expect(m.background).toBeTruthy();
    for (const lang of ['en', 'zh_CN']) {
      const messages = JSON.parse(readFileSync(`.output/${dir}/_locales/${lang}/messages.json`, 'utf8'));
      expect(messages.extName.message).toBeTruthy();
    }
  });

  it('carries package.json’s version', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(m.version).toBe(pkg.version);
    expect(m.version_name).toBeUndefined();
  });

  it('holds host permissions for the CME hosts only; everything else is optional', () => {
    const granted = [...((m.permissions as string[]) ?? []), ...((m.host_permissions as string[]) ?? [])];
    const hosts = granted.filter((p) => p.includes('://') || p.startsWith('<'));
    expect(hosts.sort()).toEqual([...CME_HOSTS].sort());
    for (const bad of FORBIDDEN) expect(granted).not.toContain(bad);
    // Besides hosts (Firefox's MV2 lists them in permissions too): storage, and scripting for the agent.
    expect(granted.filter((p) => !hosts.includes(p)).sort()).toEqual(['scripting', 'storage']);
    const optional = (m.optional_host_permissions ?? m.optional_permissions) as string[];
    expect(optional).toEqual(['http://*/*', 'https://*/*']);
  });
});
