// @vitest-environment happy-dom
import { cleanup, fireEvent, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { CaptureRulesPane } from '../../../components/panel/capture-rules-pane';
import { createRecentRequests } from '../../../lib/capture/recent-requests';
import type { ClassifyOptions, RawCall } from '../../../lib/cme/types';
import type { EnvironmentRecord } from '../../../lib/store/schema';
import { TENCENT_ENVIRONMENT } from '../../../lib/store/schema';
import { createPanelRules } from '../../../lib/ui/panel/capture-rules';
import { harEntryOf } from '../../capture/fakes';
import { FAKE_TICKET, jsonBody, makeRawCall, SESSION_START_MS } from '../../cme/factories';
import { fakeRpc, makeUi, renderPanel } from './panel-fixtures';

afterEach(cleanup);

const APP: EnvironmentRecord = {
  id: 'app',
  name: 'My app',
  kind: 'custom',
  loginUrl: 'http://127.0.0.1:8787',
  apiBase: 'http://127.0.0.1:8787',
  captureRules: [],
  createdAt: 1,
};

function request(path: string, i: number, ticket: string | null = FAKE_TICKET): RawCall {
  return makeRawCall({
    startedAt: SESSION_START_MS + i,
    request: {
      method: 'POST',
      url: `http://127.0.0.1:9000${path}?auth=${i === 99 ? FAKE_TICKET : 'x'}`,
      headers: ticket === null ? [] : [{ name: 'X-CME-Auth', value: ticket }],
      body: jsonBody({ Limit: 1 }),
    },
  });
}

async function setup(lang: 'en' | 'zh_CN' = 'en') {
  let env = APP;
  const { rpc, asked } = fakeRpc({
    'environments.list': () => [TENCENT_ENVIRONMENT, env],
    'environments.save': (p) => (env = { ...env, ...(p as Partial<EnvironmentRecord>) }),
  });
  const classify: ClassifyOptions = {};
  const rules = createPanelRules({ rpc, classify });
  const ring = createRecentRequests();
  ring.add(harEntryOf(request('/api/cme/Material/ListMedia', 1)));
  ring.add(harEntryOf(request('/static/app.js', 2)));
  ring.add(harEntryOf(request('/api/cme/Project/DescribeProjects', 99)));
  ring.add(harEntryOf(request('/api/cme/Material/DescribeClass', 4, null)));
  let appliedCalls = 0;
  rules.connect({ recent: ring, applyRules: () => ++appliedCalls });
  await rules.use([TENCENT_ENVIRONMENT, APP]);
  rules.show(true);
  const ui = { ...(await makeUi([], new Map(), { rpc })), rules };
  const view = renderPanel(ui, <CaptureRulesPane />, lang);
  return {
    ...view,
    rules,
    classify,
    asked,
    applied: () => appliedCalls,
    container: view.container as HTMLElement,
  };
}

const $ = (root: HTMLElement, sel: string) => {
  const el = root.querySelector<HTMLElement>(sel);
  if (!el) throw new Error(`no ${sel}`);
  return el;
};

describe('panel: capture rules with a preview over the tab’s recent requests', () => {
  it('previews a valid rule (masked), saves it through the RPC, applies it live and to the recent requests', async () => {
    const { container, classify, asked, applied } = await setup();
    fireEvent.input($(container, '#cme-rule-pattern'), { target: { value: '/api/cme/<Class>' } });
    await waitFor(() => expect($(container, '#cme-rule-status').textContent).toContain('needs <Action>'));
    expect(container.querySelector('.cme-rules-preview')).toBeNull();
    fireEvent.input($(container, '#cme-rule-pattern'), { target: { value: '/api/cme/<Class>/<Action>' } });
    fireEvent.input($(container, '#cme-rule-name'), { target: { value: 'x-cme-auth' } });
    await waitFor(() => expect($(container, '.cme-rules-preview').dataset.matches).toBe('2'));
    const preview = $(container, '.cme-rules-preview');
    expect(preview.textContent).toContain('Matches 2 of the last 4 requests of this tab');
    expect(preview.textContent).toContain('Project/DescribeProjects');
    expect(preview.textContent).toContain('Material/ListMedia');
    expect(preview.textContent).not.toContain(FAKE_TICKET);
    expect(preview.textContent).toContain('tf_');
    fireEvent.submit($(container, '#cme-rule-form'));
    await waitFor(() => expect(container.querySelector('[data-rules-applied]')).not.toBeNull());
    expect(asked.find((a) => a.method === 'environments.save')?.params).toMatchObject({
      id: 'app',
      captureRules: [{ pattern: '/api/cme/<Class>/<Action>', ticket: { in: 'header', name: 'x-cme-auth' } }],
    });
    expect(classify.captureRules?.map((r) => r.spec.environment)).toEqual(['app']);
    expect(applied()).toBe(1);
    await waitFor(() =>
      expect(container.textContent).toContain('/api/cme/<Class>/<Action>;header=x-cme-auth'),
    );
  });

  it('speaks Chinese', async () => {
    const { container } = await setup('zh_CN');
    fireEvent.input($(container, '#cme-rule-pattern'), { target: { value: '/api/cme/<Class>/<Action>' } });
    await waitFor(() =>
      expect($(container, '.cme-rules-preview').textContent).toContain('匹配本标签页最近 4 个请求中的 2 个'),
    );
  });
});
