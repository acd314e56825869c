import { describe, expect, it } from 'vitest';
import type { CallOutcome } from '../../../lib/protocol';
import { DRAFT_KEY, saveDraft, type PopupDraft } from '../../../lib/ui/popup/draft';
import { createPopupStore } from '../../../lib/ui/popup/store';
import {
  deferred,
  fakeRpc,
  makeAnswer,
  makeEnvironment,
  makeHistory,
  makeTicket,
  memoryArea,
  settingsSignal,
  type FakeHandlers,
} from './fakes';
import { failure } from '../../../lib/background/deps';

const alice = makeTicket();
const bob = makeTicket({ id: 't2', userId: 'bob', authorization: 'tf_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' });

function setup(
  handlers: FakeHandlers = {},
  opts: { tickets?: ReturnType<typeof makeTicket>[]; draft?: PopupDraft } = {},
) {
  const rpc = fakeRpc({
    'environments.list': () => [makeEnvironment()],
    'tickets.list': () => opts.tickets ?? [alice, bob],
    'history.list': () => [makeHistory(), makeHistory({ id: 'h-login', kind: 'login', action: 'Login' })],
    'keys.status': () => ({ present: false, secretId: null }),
    call: () => makeAnswer(),
    ...handlers,
  });
  const area = memoryArea();
  let n = 0;
  const store = createPopupStore({
    rpc,
    settings: settingsSignal(),
    draftArea: area,
    newId: () => `call-${++n}`,
    now: () => 1_700_000_000_000,
  });
  return { rpc, area, store };
}

async function ready(handlers: FakeHandlers = {}, opts: Parameters<typeof setup>[1] = {}) {
  const s = setup(handlers, opts);
  if (opts.draft) await saveDraft(s.area, opts.draft);
  await s.store.init();
  return s;
}

describe('popup store: loading', () => {
  it('loads the catalogue apart, and is ready only once it is there', async () => {
    const { store } = setup();
    // Right after creation the catalogue chunk is still on its way: nothing catalogued, nothing sendable.
    expect(store.catalogue.value).toBeNull();
    store.selectAction('Material', 'DescribeClass');
    expect(store.entry.value).toBeUndefined();
    expect(store.check.value.ok).toBe(false);
    expect(store.body.value).toBe('{}');
    await store.init();
    expect(store.status.value).toBe('ready');
    expect(store.catalogue.value).not.toBeNull();
    store.selectAction('Material', 'DeleteMaterial');
    expect(store.entry.value?.action).toBe('DeleteMaterial');
    expect(JSON.parse(store.body.value)).toHaveProperty('MaterialId');
  });

  it('loads tickets and picks the first active one', async () => {
    const { store } = await ready(
      {},
      { tickets: [makeTicket({ status: 'rejected', rejectedCode: 'AuthFailure' }), bob] },
    );
    expect(store.status.value).toBe('ready');
    expect(store.ticket.value?.id).toBe('t2');
    expect(store.environment.value?.name).toBe('Sandbox');
    expect(store.showLogin.value).toBe(false);
  });

  it('lists only api calls as recent', async () => {
    const { store } = await ready();
    expect(store.recent.value.map((r) => r.id)).toEqual(['h1']);
  });

  it('restores the remembered identity, action and draft body', async () => {
    const draft: PopupDraft = {
      ticketId: 't2',
      environmentId: 'env-sandbox',
      actionClass: 'Team',
      action: 'DescribeTeams',
      body: '{"half": ',
    };
    const { store } = await ready({}, { draft });
    expect(store.ticketId.value).toBe('t2');
    expect([store.actionClass.value, store.action.value]).toEqual(['Team', 'DescribeTeams']);
    expect(store.body.value).toBe('{"half": ');
    expect(store.login.environmentId.value).toBe('env-sandbox');
  });

  it('shows the login form when no ticket is stored', async () => {
    const { store } = await ready({}, { tickets: [] });
    expect(store.showLogin.value).toBe(true);
    expect(store.ticket.value).toBeNull();
  });

  it('says why when the background cannot be reached', async () => {
    const { store } = setup({ 'environments.list': () => Promise.reject(new Error('no background')) });
    await store.init();
    expect(store.status.value).toBe('error');
    expect(store.loadError.value).toBe('no background');
  });
});

describe('popup store: action and body', () => {
  it('fills the template of a picked action with the identity', async () => {
    const { store } = await ready();
    store.selectAction('Material', 'DescribeClass');
    expect(JSON.parse(store.body.value)).toEqual({
      Platform: 'demo_platform',
      Owner: { Type: 'PERSON', Id: 'alice' },
    });
    expect(store.check.value.ok).toBe(true);
  });

  it('moves an untouched template to another identity, but keeps an edited body', async () => {
    const { store } = await ready();
    store.selectAction('Material', 'DescribeClass');
    store.selectTicket('t2');
    expect(JSON.parse(store.body.value).Owner.Id).toBe('bob');
    store.setBody('{"Platform": "mine"}');
    store.selectTicket('t1');
    expect(store.body.value).toBe('{"Platform": "mine"}');
  });

  it('keeps the body for an action typed by hand', async () => {
    const { store } = await ready();
    store.setBody('{"X": 1}');
    store.selectAction('Material', 'SomethingNew');
    expect(store.entry.value).toBeUndefined();
    expect(store.body.value).toBe('{"X": 1}');
    expect(store.check.value.ok).toBe(true);
  });

  it('saves the draft as it changes', async () => {
    const { store, area } = await ready();
    store.selectAction('Material', 'DeleteMaterial');
    store.setBody('{"MaterialId": "m9"}');
    await store.flushDraft();
    expect(area.data[DRAFT_KEY]).toMatchObject({
      ticketId: 't1',
      action: 'DeleteMaterial',
      body: '{"MaterialId": "m9"}',
    });
  });
});

describe('popup store: sending', () => {
  it('sends nothing while the body is invalid, and says why', async () => {
    const { store, rpc } = await ready();
    store.selectAction('Material', 'DeleteMaterial');
    store.setBody('{}');
    expect(await store.send()).toBeNull();
    expect(store.blocked.value).toBe('invalid-body');
    expect(rpc.paramsOf('call')).toEqual([]);
    store.setBody('{"MaterialId": "m1"}');
    expect(store.blocked.value).toBeNull();
  });

  it.each([
    ['no ticket', { tickets: [] }, 'Material', 'DeleteMaterial', 'no-ticket'],
    ['no action', {}, '', '', 'no-action'],
  ] as const)('refuses with %s', async (_n, opts, cls, act, why) => {
    const { store, rpc } = await ready({}, { tickets: 'tickets' in opts ? [...opts.tickets] : undefined });
    store.selectAction(cls, act);
    store.setBody('{"MaterialId": "m"}');
    await store.send();
    expect(store.blocked.value).toBe(why);
    expect(rpc.paramsOf('call')).toEqual([]);
  });

  it('sends the parsed body with a call id, once, however often it is asked', async () => {
    const answer = deferred<CallOutcome>();
    const { store, rpc } = await ready({ call: () => answer.promise });
    store.selectAction('Material', 'DeleteMaterial');
    store.setBody('{"MaterialId": "m1"}');
    const first = store.send();
    const second = store.send();
    expect(store.call.sending.value).toBe(true);
    expect(await second).toBeNull();
    answer.resolve(makeAnswer());
    const done = await first;
    expect(rpc.paramsOf('call')).toEqual([
      {
        ticketId: 't1',
        actionClass: 'Material',
        action: 'DeleteMaterial',
        body: { MaterialId: 'm1' },
        callId: 'call-1',
      },
    ]);
    expect(done?.outcome).toMatchObject({ ok: true, requestId: 'req-42' });
    expect(store.call.result.value?.sent.ticket.id).toBe('t1');
    expect(store.call.sending.value).toBe(false);
    // Tickets (a rejection may have marked one) and recent calls are read again.
    expect(rpc.calls.filter((c) => c.method === 'tickets.list')).toHaveLength(2);
  });

  it('aborts the call in flight by its id', async () => {
    const answer = deferred<CallOutcome>();
    const { store, rpc } = await ready({
      call: () => answer.promise,
      'call.abort': () => {
        answer.resolve(failure('network', 'Aborted'));
        return { aborted: true };
      },
    });
    store.selectAction('Team', 'DescribeTeams');
    const sent = store.send();
    await store.abort();
    expect(rpc.paramsOf('call.abort')).toEqual([{ callId: 'call-1' }]);
    expect((await sent)?.outcome).toMatchObject({ ok: false, message: 'Aborted' });
  });

  it('keeps an unreachable background as the result, not an exception', async () => {
    const { store } = await ready({
      call: () => Promise.reject(new Error('call: could not reach the background')),
    });
    store.selectAction('Team', 'DescribeTeams');
    const got = await store.send();
    expect(got).toMatchObject({ outcome: null, rpcError: 'call: could not reach the background' });
  });
});

describe('popup store: recent calls and login', () => {
  it('loads a recent call into the editor, pretty', async () => {
    const { store } = await ready();
    store.selectTicket('t2');
    store.loadFromHistory(makeHistory());
    expect([store.actionClass.value, store.action.value, store.ticketId.value]).toEqual([
      'Material',
      'DeleteMaterial',
      't1',
    ]);
    expect(store.body.value).toBe('{\n  "MaterialId": "m1"\n}');
  });

  it('re-runs a recent call', async () => {
    const { store, rpc } = await ready();
    await store.rerun(makeHistory({ requestBody: '{"MaterialId":"again"}' }));
    expect(rpc.paramsOf('call')[0]).toMatchObject({
      action: 'DeleteMaterial',
      body: { MaterialId: 'again' },
    });
  });

  it('opens the login form prefilled for a rejected ticket', async () => {
    const rejected = makeTicket({
      status: 'rejected',
      rejectedCode: 'AuthFailure.SessionInvalid',
      label: 'qa',
    });
    const { store } = await ready({}, { tickets: [rejected] });
    store.relogin(rejected);
    expect(store.showLogin.value).toBe(true);
    expect([
      store.login.userId.value,
      store.login.platform.value,
      store.login.envId.value,
      store.login.label.value,
    ]).toEqual(['alice', 'demo_platform', 'env-sandbox', 'qa']);
    expect(store.login.method.value).toBe('dev-server');
  });

  it('selects the new ticket after a login and closes the form', async () => {
    const fresh = makeTicket({ id: 't3', userId: 'carol' });
    let stored = [alice];
    const { store } = await ready({
      'tickets.list': () => stored,
      'login.fromDevServer': () => {
        stored = [alice, fresh];
        return {
          ok: true,
          ticket: fresh,
          created: true,
          signature: {} as never,
          answer: {} as never,
          durationMs: 5,
          historyId: 'h',
        };
      },
    });
    store.loginOpen.value = true;
    store.login.userId.value = 'carol';
    expect(await store.login.submit()).toBe(true);
    expect(store.ticketId.value).toBe('t3');
    expect(store.showLogin.value).toBe(false);
  });
});
