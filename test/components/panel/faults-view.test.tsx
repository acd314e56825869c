// @vitest-environment happy-dom
/**
 * The page agent in the panel's views: the Faults view (add, toggle, remove rules; the codes documented
 * first with their text and provenance), the banner while any rule is on, the rows' injected and recorded
 * badges and the status filter, the detail's note (what was injected, what was real, reported by the page),
 * the toolbar's Faults tab and recording switch — in English and Chinese.
 */
import { cleanup, fireEvent, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { CallDetail } from '../../../components/panel/call-detail';
import { CallList } from '../../../components/panel/call-list';
import { FaultsView } from '../../../components/panel/faults-view';
import { PanelBanners } from '../../../components/panel/panel-banners';
import type { PanelUi } from '../../../components/panel/panel-context';
import { PanelToolbar } from '../../../components/panel/panel-toolbar';
import { agentCallToRawCall } from '../../../lib/agent/record';
import type { FaultRule } from '../../../lib/agent/wire';
import type { Lang } from '../../../lib/i18n/i18n';
import type { AgentSitesAnswer } from '../../../lib/protocol';
import { createFaultsStore } from '../../../lib/ui/panel/faults';
import { createRecordingStore } from '../../../lib/ui/panel/recording';
import { prepareCapture, type AgentMarks } from '../../../lib/ui/panel/rows';
import { answers, apiCall, SESSION_START_MS } from '../../cme/factories';
import { decoded } from '../../ui/panel/fixtures';
import { logOf, makeUi, renderPanel, settle } from './panel-fixtures';

afterEach(cleanup);

/** Picks `value` in a select as the user does. */
function choose(select: Element, value: string): void {
  (select as HTMLSelectElement).value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

const ORIGIN = 'http://127.0.0.1:8123';
const fault = { ruleId: 'r1', effect: { kind: 'code' as const, code: 'AuthFailure.SessionInvalid' } };

/** A panel UI with the Faults store (its RPC keeps rules in memory) and the recording switch. */
async function ui(opts: { rules?: FaultRule[]; recordingOn?: boolean; marked?: AgentMarks[] } = {}) {
  const raws = [apiCall({ startedAt: SESSION_START_MS }), apiCall({ startedAt: SESSION_START_MS + 1 })];
  const { rows, bodies } = logOf(raws);
  // The first call as the agent reported it (injected), the second recorded.
  const injectedRaw = agentCallToRawCall({
    via: 'fetch',
    startedAt: SESSION_START_MS + 2,
    durationMs: 1,
    request: { method: 'POST', url: raws[0]!.request.url, headers: [], body: '{}' },
    response: {
      status: 200,
      statusText: 'OK',
      headers: [['content-type', 'application/json']],
      body: JSON.stringify(answers.paasError()),
    },
    injected: fault,
  });
  const marks = opts.marked ?? [{ source: 'injected', fault }, { source: 'recorded' }];
  const all = [injectedRaw, raws[1]!];
  const marked = all.map((raw, i) =>
    prepareCapture(decoded(raw, i), raw, i + 1, undefined, marks[i]).row(i + 1),
  );
  rows.splice(0, rows.length, ...marked);
  bodies.set(1, injectedRaw);
  let saved: FaultRule[] = opts.rules ?? [];
  let recordingOn = opts.recordingOn ?? false;
  const rpc = {
    request: (async (method: string, params: { rules?: FaultRule[] }) => {
      if (method === 'faults.get') return { rules: saved };
      if (method === 'faults.set') return { rules: (saved = params.rules!), agents: 1 };
      if (method === 'agent.enable') recordingOn = true;
      const answer: AgentSitesAnswer = {
        sites: recordingOn
          ? [
              {
                origin: ORIGIN,
                enabled: true,
                enabledAt: 1,
                count: 0,
                bytes: 0,
                granted: true,
                registered: true,
              },
            ]
          : [],
        dropped: { malformed: 0, rateLimited: 0, refusedPorts: 0 },
      };
      return answer;
    }) as never,
  };
  const base = await makeUi(rows, bodies);
  const faults = createFaultsStore({ rpc, tabId: 5, newId: () => 'new1' });
  await faults.load();
  const recording = createRecordingStore({
    rpc,
    origin: async () => ORIGIN,
    permissions: { request: async () => true },
  });
  await recording.refresh();
  const value: PanelUi = { ...base, faults, recording };
  return { value, faults, recording, saved: () => saved };
}

const on = (id: string, target = 'Material/DescribeClass'): FaultRule => ({
  id,
  enabled: true,
  match: { target },
  effect: { kind: 'delay', ms: 2000 },
});

describe('the Faults view', () => {
  it('adds a rule from the catalogue and the dictionary, toggles and removes it', async () => {
    const { value, saved } = await ui({ recordingOn: true });
    const { container } = renderPanel(value, <FaultsView />);
    const target = container.querySelector<HTMLSelectElement>('select[name=fault-target]')!;
    expect([...target.options].some((o) => o.value === 'Material/DescribeClass')).toBe(true);
    expect([...target.options].some((o) => o.value === 'Material/*')).toBe(true);
    const codes = container.querySelector<HTMLSelectElement>('select[name=fault-code]')!;
    // Documented codes first, each with its text; grouped by where they come from.
    const groups = [...codes.querySelectorAll('optgroup')].map((g) => g.label);
    expect(groups[0]).toBe('CME client API docs');
    expect(groups.at(-1)).toMatch(/third-party|sandbox/);
    expect(container.querySelector('[data-fault-code]')!.textContent).toMatch(
      /AuthFailure.SessionInvalid|会话/,
    );
    choose(target, 'Material/DescribeClass');
    fireEvent.click(container.querySelector('button[name=fault-add]')!);
    await waitFor(() => expect(container.querySelectorAll('[data-rule-id]')).toHaveLength(1));
    // The code's text from the dictionary goes with it (the agent carries none).
    await waitFor(() => expect(saved()).toHaveLength(1));
    expect(saved()).toEqual([
      {
        id: 'new1',
        enabled: true,
        match: { target: 'Material/DescribeClass' },
        effect: {
          kind: 'code',
          code: 'AuthFailure.SessionInvalid',
          message: expect.any(String),
          englishMessage: expect.any(String),
        },
      },
    ]);
    expect(container.querySelector('.cme-faults-rule')!.textContent).toBe(
      'Material/DescribeClass answers AuthFailure.SessionInvalid at HTTP 200',
    );
    fireEvent.click(container.querySelector('input[name=fault-toggle]')!);
    await waitFor(() => expect(saved()[0]!.enabled).toBe(false));
    fireEvent.click(container.querySelector('button[name=fault-remove]')!);
    await waitFor(() => expect(saved()).toEqual([]));
  });

  it('shows the fields of each effect and says why a draft is no rule', async () => {
    const { value } = await ui({ recordingOn: true });
    const { container } = renderPanel(value, <FaultsView />);
    const kind = container.querySelector<HTMLSelectElement>('select[name=fault-kind]')!;
    choose(kind, 'delay');
    await settle();
    expect(container.querySelector('input[name=fault-ms]')).not.toBeNull();
    choose(kind, 'http');
    await settle();
    expect(container.querySelector<HTMLInputElement>('input[name=fault-status]')!.value).toBe('502');
    fireEvent.click(container.querySelector('button[name=fault-add]')!);
    await waitFor(() => expect(container.querySelector('[role=alert]')!.textContent).toBe('Pick a target.'));
  });

  it.each([
    [
      'en',
      `Faults need the page agent: turn on Recording for ${ORIGIN}`,
      'Limits: calls made before the agent loaded',
    ],
    ['zh_CN', `故障注入需要页面代理：请为 ${ORIGIN} 开启录制`, '限制：代理加载之前发出的调用'],
  ] as [Lang, string, string][])('states what it needs and its limits (%s)', async (lang, need, limits) => {
    const { value } = await ui({ recordingOn: false });
    const { container } = renderPanel(value, <FaultsView />, lang);
    expect(container.querySelector('[data-faults-need-agent]')!.textContent).toContain(need);
    expect(container.querySelector('.cme-faults-limits')!.textContent).toContain(limits);
  });
});

describe('the faults banner', () => {
  it.each([
    ['en', 'Faults on: 2 rules'],
    ['zh_CN', '故障注入已开启：2 条规则'],
  ] as [Lang, string][])('shows while any rule is on, and turns them all off (%s)', async (lang, text) => {
    const { value, saved } = await ui({ rules: [on('a'), on('b', '*'), { ...on('c'), enabled: false }] });
    const { container } = renderPanel(value, <PanelBanners />, lang);
    expect(container.querySelector('[data-banner=faults] strong')!.textContent).toBe(text);
    fireEvent.click(container.querySelector('button[name=faults-all-off]')!);
    await waitFor(() => expect(container.querySelector('[data-banner=faults]')).toBeNull());
    await waitFor(() => expect(saved().map((r) => r.enabled)).toEqual([false, false, false]));
  });

  it('is not there with no rule on', async () => {
    const { value } = await ui({ rules: [{ ...on('c'), enabled: false }] });
    const { container } = renderPanel(value, <PanelBanners />);
    expect(container.querySelector('[data-banner=faults]')).toBeNull();
  });
});

describe('injected and recorded calls in the list and the detail', () => {
  it.each([
    ['en', ['injected', 'recorded']],
    ['zh_CN', ['注入', '录制']],
  ] as [Lang, string[]][])('badges the rows (%s)', async (lang, labels) => {
    const { value } = await ui();
    const { container } = renderPanel(value, <CallList />, lang);
    await waitFor(() => expect(container.querySelectorAll('[data-source]')).toHaveLength(2));
    const shown = [...container.querySelectorAll('[data-source]')].map((b) => b.textContent ?? '');
    expect(shown.sort()).toEqual(labels.slice().sort());
  });

  it('filters them with the status select', async () => {
    const { value } = await ui();
    const { container } = renderPanel(value, <PanelToolbar />);
    const status = container.querySelector<HTMLSelectElement>('select[name=status]')!;
    expect([...status.options].map((o) => o.value)).toEqual(['', 'ok', 'failed', 'injected', 'recorded']);
    choose(status, 'injected');
    expect(value.panel.filter.value).toBe('is:injected');
    expect(value.panel.visible.value.map((r) => r.source)).toEqual(['injected']);
    choose(status, 'recorded');
    expect(value.panel.visible.value.map((r) => r.source)).toEqual(['recorded']);
  });

  it.each([
    [
      'en',
      'Injected: fault rule Material/DescribeClass answers AuthFailure.SessionInvalid at HTTP 200.',
      'Real: nothing was sent',
      'a page can forge what it reports',
    ],
    [
      'zh_CN',
      '已注入：故障规则 Material/DescribeClass 以 HTTP 200 应答 AuthFailure.SessionInvalid。',
      '真实情况：没有发出任何请求',
      '页面可以伪造',
    ],
  ] as [Lang, string, string, string][])(
    'says what was injected and what was real (%s)',
    async (lang, what, real, forge) => {
      const { value } = await ui({
        rules: [
          { id: 'r1', enabled: true, match: { target: 'Material/DescribeClass' }, effect: fault.effect },
        ],
      });
      const { container } = renderPanel(value, <CallDetail />, lang);
      value.panel.select(1);
      await waitFor(() => expect(container.querySelector('[data-agent-note]')).not.toBeNull());
      const note = container.querySelector('[data-agent-note]')!.textContent!;
      expect(note).toContain(what);
      expect(note).toContain(real);
      expect(note).toContain(forge);
    },
  );

  it('says a recorded call was reported by the page', async () => {
    const { value } = await ui();
    const { container } = renderPanel(value, <CallDetail />);
    value.panel.select(2);
    await waitFor(() => expect(container.querySelector('[data-agent-note=recorded]')).not.toBeNull());
    expect(container.querySelector('[data-agent-note]')!.textContent).toContain(
      'Recorded by the page agent while DevTools was closed.',
    );
  });

  it('names a rule no longer listed by its id, and a delayed real call by its delay', async () => {
    const delay = { ruleId: 'gone', effect: { kind: 'delay' as const, ms: 2000 } };
    const { value } = await ui({ marked: [{ source: 'injected', fault: delay }, {}] });
    const { container } = renderPanel(value, <CallDetail />);
    value.panel.select(1);
    await waitFor(() => expect(container.querySelector('[data-agent-note]')).not.toBeNull());
    const note = container.querySelector('[data-agent-note]')!.textContent!;
    expect(note).toContain('gone (rule no longer listed)');
    expect(note).toContain('the page got the answer 2000 ms later');
  });
});

describe('the toolbar', () => {
  it('has a Faults tab (counting the rules on) and the recording switch, which asks in the click', async () => {
    const { value, recording } = await ui({ rules: [on('a')] });
    const { container } = renderPanel(value, <PanelToolbar />);
    const tab = container.querySelector<HTMLButtonElement>('button[name=view-faults]')!;
    expect(tab.textContent).toBe('Faults1');
    fireEvent.click(tab);
    expect(value.panel.view.value).toBe('faults');
    const box = container.querySelector<HTMLInputElement>('input[name=recording]')!;
    expect(box.checked).toBe(false);
    expect(box.closest('label')!.title).toContain('calls made before the agent loaded');
    fireEvent.click(box);
    await waitFor(() => expect(recording.on.value).toBe(true));
  });

  it('has neither in the viewer', async () => {
    const { value } = await ui();
    const { container } = renderPanel({ ...value, mode: 'viewer' }, <PanelToolbar />);
    expect(container.querySelector('button[name=view-faults]')).toBeNull();
    expect(container.querySelector('input[name=recording]')).toBeNull();
  });
});
