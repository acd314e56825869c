/** The parts the popup store is composed of, each on its own. */
import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { createCallRunner } from '../../../lib/ui/popup/call';
import { createEditor, type SendBlock } from '../../../lib/ui/popup/editor';
import { createIdentity } from '../../../lib/ui/popup/identity';
import { createRecent, RECENT_LIMIT } from '../../../lib/ui/popup/recent';
import { createSend } from '../../../lib/ui/popup/send';
import type { TicketRecord } from '../../../lib/store/schema';
import { EMPTY_DRAFT } from '../../../lib/ui/popup/draft';
import { deferred, fakeRpc, makeAnswer, makeEnvironment, makeHistory, makeTicket } from './fakes';

const alice = makeTicket();
const bob = makeTicket({ id: 't2', userId: 'bob', status: 'rejected' });
const carol = makeTicket({ id: 't3', userId: 'carol' });

describe('popup identity', () => {
  it.each([
    ['the remembered ticket', [bob, alice, carol], 't3', 't3'],
    ['the first active one when the remembered is gone', [bob, carol, alice], 'gone', 't3'],
    ['the first when none is active', [bob], null, 't2'],
    ['none without tickets', [], 't1', null],
  ] as const)('takes %s', (_n, tickets, remembered, want) => {
    const identity = createIdentity({ rpc: fakeRpc(), loadError: signal(null) });
    identity.restore([makeEnvironment()], [...tickets], remembered);
    expect(identity.ticketId.value).toBe(want);
    expect(identity.environment.value?.id ?? null).toBe(want === null ? null : 'env-sandbox');
  });

  it('says why the tickets could not be read again', async () => {
    const loadError = signal<string | null>(null);
    await createIdentity({ rpc: fakeRpc(), loadError }).refreshTickets();
    expect(loadError.value).toMatch(/no fake handler for tickets\.list/);
  });
});

async function editorFor(ticket = signal<TicketRecord | null>(alice)) {
  const blocked = signal<SendBlock | null>(null);
  const editor = createEditor({ ticket, blocked });
  await editor.loadCatalogue();
  return { editor, blocked, ticket };
}

describe('popup editor', () => {
  it('moves an untouched template to the new identity, and leaves a typed body', async () => {
    const { editor, ticket } = await editorFor();
    editor.selectAction('Material', 'DescribeClass');
    editor.followIdentity(() => (ticket.value = carol));
    expect(JSON.parse(editor.body.value).Owner.Id).toBe('carol');
    editor.setBody('{"typed": true}');
    editor.followIdentity(() => (ticket.value = alice));
    expect(editor.body.value).toBe('{"typed": true}');
  });

  it('loads a stored call pretty (JSON) or as it was, and answers the last refusal', async () => {
    const { editor, blocked } = await editorFor();
    blocked.value = 'no-action';
    editor.load('Material', 'DeleteMaterial', '{"MaterialId":"m1"}');
    expect(editor.body.value).toBe('{\n  "MaterialId": "m1"\n}');
    expect(blocked.value).toBeNull();
    editor.load('Material', 'DeleteMaterial', 'not json');
    expect(editor.body.value).toBe('not json');
    editor.load('Material', 'DeleteMaterial', '');
    expect(editor.body.value).toBe('{}');
  });

  it("restores a draft's body as typed, or the action's template for an empty one", async () => {
    const { editor } = await editorFor();
    editor.restore({ ...EMPTY_DRAFT, actionClass: 'Material', action: 'DescribeClass', body: '{"x":1}' });
    expect(editor.body.value).toBe('{"x":1}');
    editor.restore({ ...EMPTY_DRAFT, actionClass: 'Material', action: 'DescribeClass' });
    expect(JSON.parse(editor.body.value).Owner.Id).toBe('alice');
  });
});

describe('popup send and recent calls', () => {
  async function parts(tickets: TicketRecord[] = [alice]) {
    const gate = deferred<ReturnType<typeof makeAnswer>>();
    const rpc = fakeRpc({ call: () => gate.promise, 'history.list': () => [makeHistory()] });
    const loadError = signal<string | null>(null);
    const identity = createIdentity({ rpc, loadError });
    identity.restore([makeEnvironment()], tickets, null);
    const blocked = signal<SendBlock | null>(null);
    const editor = createEditor({ ticket: identity.ticket, blocked });
    await editor.loadCatalogue();
    const call = createCallRunner({
      rpc,
      newId: () => 'call-1',
      timeoutMs: () => 1000,
      onDone: async () => {},
    });
    const send = createSend({ call, identity, editor, blocked });
    const recent = createRecent({ rpc, loadError, identity, editor, sending: call.sending, send });
    return { rpc, gate, identity, editor, blocked, call, send, recent };
  }

  it('refuses without a ticket, then without an action, then with an invalid body, sending nothing', async () => {
    const none = await parts([]);
    expect(await none.send()).toBeNull();
    expect(none.blocked.value).toBe('no-ticket');
    const p = await parts();
    expect(await p.send()).toBeNull();
    expect(p.blocked.value).toBe('no-action');
    p.editor.selectAction('Material', 'DescribeClass');
    p.editor.setBody('{');
    expect(await p.send()).toBeNull();
    expect(p.blocked.value).toBe('invalid-body');
    expect(p.rpc.paramsOf('call')).toEqual([]);
  });

  it('re-runs a recent call with its stored ticket, and nothing while a call is in flight', async () => {
    const p = await parts([alice, carol]);
    const row = makeHistory({
      ticketId: 't3',
      actionClass: 'Material',
      action: 'DescribeClass',
      requestBody: '{"Platform":"demo_platform","Owner":{"Type":"PERSON","Id":"carol"}}',
    });
    const first = p.recent.rerun(row);
    expect(p.identity.ticketId.value).toBe('t3');
    expect(p.call.sending.value).toBe(true);
    expect(await p.recent.rerun(makeHistory({ ticketId: 't1' }))).toBeNull();
    expect(p.identity.ticketId.value).toBe('t3');
    p.gate.resolve(makeAnswer());
    expect((await first)?.sent).toMatchObject({ action: 'DescribeClass', ticket: { id: 't3' } });
    expect(p.rpc.paramsOf('call')).toHaveLength(1);
  });

  it("keeps the chosen ticket when a recent call's ticket is gone, and lists api calls only", async () => {
    const p = await parts();
    p.recent.loadFromHistory(makeHistory({ ticketId: 'gone' }));
    expect(p.identity.ticketId.value).toBe('t1');
    await p.recent.refreshRecent();
    expect(p.rpc.paramsOf('history.list')).toEqual([{ limit: RECENT_LIMIT * 3 }]);
    expect(p.recent.recent.value.map((r) => r.id)).toEqual(['h1']);
  });
});
