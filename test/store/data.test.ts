import { describe, expect, it } from 'vitest';
import { makeStore, captureInput, ticketInput } from './fixtures';

async function filledStore() {
  const made = makeStore();
  const { store } = made;
  await store.putTicket(ticketInput({ authorization: 'tf_A' }));
  await store.putTicket(ticketInput({ authorization: 'tf_B' }));
  await store.startHistory({
    ticketId: null,
    environment: 'tencent',
    actionClass: 'Project',
    action: 'DescribeProjects',
    url: 'https://web-paas-api.cme.qcloud.com/Project/DescribeProjects',
  });
  await store.addCaptures(1, [captureInput(), captureInput()]);
  await store.addCaptures(2, [captureInput()]);
  return made;
}

describe('counts and clearAll', () => {
  it('counts the records of every store', async () => {
    const { store } = await filledStore();
    expect(await store.counts()).toEqual({ tickets: 2, history: 1, captures: 3, environments: 1 });
  });

  it.each([
    [['tickets'] as const, { tickets: 0, history: 1, captures: 3 }],
    [['history', 'captures'] as const, { tickets: 2, history: 0, captures: 0 }],
    [[] as const, { tickets: 2, history: 1, captures: 3 }],
  ])('clears %j and nothing else', async (which, expected) => {
    const { store } = await filledStore();
    const [someCapture] = await store.listCaptureSummaries(1);
    await store.clearAll(which);
    expect(await store.counts()).toEqual({ ...expected, environments: 1 });
    const body = await store.getCaptureBody(someCapture?.id ?? -1);
    expect(body === undefined).toBe(expected.captures === 0);
  });

  it('refuses an unknown group', async () => {
    const { store } = await filledStore();
    await expect(store.clearAll(['environments' as never])).rejects.toThrow(/clearAll takes/);
    expect((await store.counts()).tickets).toBe(2);
  });
});
