import { describe, expect, it } from 'vitest';
import type { CallOutcome, RpcClient, RpcMethod, RpcParams } from '../../../lib/protocol';
import { createReplayStore, editableBody, parseJson, replayParams } from '../../../lib/ui/panel/replay';
import { answers, apiCall } from '../../cme/factories';
import { failure } from '../../../lib/background/deps';

/** An RPC client answering `replay` with `outcome`, recording what it was asked. */
function fakeRpc(answer: (params: unknown) => unknown) {
  const asked: { method: RpcMethod; params: unknown }[] = [];
  const rpc = {
    request: async <M extends RpcMethod>(method: M, params: RpcParams<M>) => {
      asked.push({ method, params });
      return answer(params) as never;
    },
  } satisfies RpcClient;
  return { rpc, asked };
}

const okOutcome = (json: unknown): CallOutcome => ({
  ok: true,
  historyId: 'h1',
  url: 'https://x/PaaS/Material/ListMedia?auth=t',
  httpStatus: 200,
  durationMs: 12,
  envelope: {
    ok: true,
    code: 'Success',
    message: null,
    englishMessage: null,
    requestId: null,
  },
  requestId: null,
  ticketRejected: false,
  ticketId: 't2',
  responseText: JSON.stringify(json),
});

describe('panel replay', () => {
  const raw = apiCall({ body: { Limit: 10 }, answer: answers.paasOk({ TotalCount: 1 }) });

  it.each([
    ['captured', {}, undefined, undefined],
    ['body', { text: '{"Limit": 20}' }, { Limit: 20 }, undefined],
    ['body', { text: 'not json' }, 'not json', undefined],
    ['ticket', { ticketId: 't2' }, undefined, 't2'],
  ] as const)('builds %s params', async (mode, o, body, ticketId) => {
    const p = await replayParams(
      raw,
      3,
      mode,
      'text' in o ? o.text : '',
      'ticketId' in o ? o.ticketId : null,
    );
    expect(p.capture).toEqual({ request: raw.request }); // its answer is not sent again
    expect(p.body).toEqual(body);
    expect(p.ticketId).toBe(ticketId);
    expect(p.replayOf).toEqual({ kind: 'capture', id: 3 });
  });

  it('marks an unsaved or imported call as not in the store', async () => {
    expect((await replayParams(raw, -1, 'captured', '', null)).replayOf).toEqual({
      kind: 'capture',
      id: null,
    });
    expect((await replayParams(raw, null, 'captured', '', null)).replayOf).toEqual({
      kind: 'capture',
      id: null,
    });
  });

  it('pretty-prints the body for editing', () => {
    expect(editableBody(raw)).toBe('{\n  "Limit": 10\n}');
    expect(parseJson('  ')).toBeUndefined();
  });

  it('gives a body nested 100,000 levels to the editor as captured, without overflowing the stack', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const call = { ...raw, request: { ...raw.request, body: { text: deep } } };
    expect(editableBody(call)).toBe(deep);
  });

  it('replays under another ticket and keeps both answers for the diff', async () => {
    const { rpc, asked } = fakeRpc(() => okOutcome({ Code: 'Success', Data: { TotalCount: 2 } }));
    const replay = createReplayStore(rpc);
    replay.prepare(raw);
    replay.mode.value = 'ticket';
    await replay.run(raw, 3);
    expect(replay.error.value).toBe('Pick a stored ticket first');
    expect(asked).toHaveLength(0);
    replay.ticketId.value = 't2';
    await replay.run(raw, 3);
    expect(asked[0]).toMatchObject({ method: 'replay', params: { ticketId: 't2' } });
    expect(replay.result.value?.before).toMatchObject({ Data: { TotalCount: 1 } });
    expect(replay.result.value?.after).toMatchObject({ Data: { TotalCount: 2 } });
    expect(replay.running.value).toBe(false);
  });

  it('shows a transport error and a failure outcome', async () => {
    const { rpc } = fakeRpc(() => {
      throw new Error('replay: could not reach the background');
    });
    const replay = createReplayStore(rpc);
    await replay.run(raw, 1);
    expect(replay.error.value).toContain('could not reach');
    const failing = fakeRpc(() => failure('network', 'refused'));
    const r2 = createReplayStore(failing.rpc);
    await r2.run(raw, 1);
    expect(r2.result.value?.outcome.ok).toBe(false);
    expect(r2.result.value?.after).toBeUndefined();
  });

  describe('a stored ticket refused for a host outside its environment', () => {
    const refusal = {
      ...failure('input', 'evil.example is not a host of Sandbox'),
      host: 'evil.example',
      environment: 'Sandbox',
    };
    /** The background as it is: refuses unless `allowHost` names the host, then answers. */
    const background = () =>
      fakeRpc((p) =>
        (p as { allowHost?: string }).allowHost === 'evil.example' ? okOutcome({ Code: 'Success' }) : refusal,
      );
    async function refused() {
      const net = background();
      const replay = createReplayStore(net.rpc);
      replay.prepare(raw);
      replay.mode.value = 'ticket';
      replay.ticketId.value = 't2';
      await replay.run(raw, 3);
      return { ...net, replay };
    }

    it('asks, naming the host, the environment and the ticket, and shows no result', async () => {
      const { replay, asked } = await refused();
      expect(replay.confirmHost.value).toMatchObject({
        host: 'evil.example',
        environment: 'Sandbox',
        ticketId: 't2',
      });
      expect(replay.result.value).toBeNull();
      expect(replay.error.value).toBeNull();
      expect(asked).toHaveLength(1);
      expect(asked[0]!.params).not.toHaveProperty('allowHost');
    });

    it('sends nothing more when declined', async () => {
      const { replay, asked } = await refused();
      replay.declineHost();
      expect(replay.confirmHost.value).toBeNull();
      await replay.allowHost(); // nothing is waiting any more
      expect(asked).toHaveLength(1);
      expect(replay.result.value).toBeNull();
    });

    it('sends the same replay again, allowed for exactly that host, when the user agrees', async () => {
      const { replay, asked } = await refused();
      replay.ticketId.value = 'another'; // a later pick does not change what was confirmed
      await replay.allowHost();
      expect(asked).toHaveLength(2);
      expect(asked[1]!.params).toEqual({ ...(asked[0]!.params as object), allowHost: 'evil.example' });
      expect(replay.confirmHost.value).toBeNull();
      expect(replay.result.value?.outcome).toMatchObject({ ok: true });
    });

    it('forgets the question when another call is shown or replayed', async () => {
      const { replay } = await refused();
      replay.prepare(raw);
      expect(replay.confirmHost.value).toBeNull();
      const again = await refused();
      again.replay.mode.value = 'captured';
      await again.replay.run(raw, 3);
      expect(again.replay.confirmHost.value).toBeNull();
    });
  });

  it('is unavailable without a background', async () => {
    const replay = createReplayStore(null);
    expect(replay.available).toBe(false);
    await replay.run(raw, 1);
    expect(replay.result.value).toBeNull();
  });
});
