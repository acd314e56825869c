import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openBackgroundStore } from '../../lib/store';
import { captureInput, makeStore, ticketInput } from './fixtures';

describe('openBackgroundStore', () => {
  it('has what the background uses and leaves out the capture log, putTicket, ready and close', () => {
    const store = openBackgroundStore({ idb: new IDBFactory() });
    const names = Object.keys(store);
    expect(names).toEqual(
      expect.arrayContaining(['upsertTicketByAuthorization', 'touchTickets', 'counts', 'clearAll']),
    );
    for (const left of ['putTicket', 'ready', 'close', 'addCaptures']) expect(names).not.toContain(left);
  });

  it('shares the database with the full store', async () => {
    const { store, idb } = makeStore();
    await store.putTicket(ticketInput());
    const background = openBackgroundStore({ idb });
    expect((await background.listTickets()).map((t) => t.authorization)).toEqual(['tf_FAKE_TICKET_0001']);
    expect(await background.counts()).toEqual({ tickets: 1, history: 0, captures: 0, environments: 1 });
  });
});

describe('store edge cases', () => {
  it('keeps the later last use when both the stored and the incoming ticket have one', async () => {
    const { store } = makeStore();
    await store.upsertTicketByAuthorization(ticketInput({ lastUsedAt: 9_000 }));
    const older = await store.upsertTicketByAuthorization(ticketInput({ lastUsedAt: 4_000 }));
    expect(older.ticket.lastUsedAt).toBe(9_000);
    const newer = await store.upsertTicketByAuthorization(ticketInput({ lastUsedAt: 12_000 }));
    expect(newer.ticket.lastUsedAt).toBe(12_000);
  });

  it('clears a group named twice once', async () => {
    const { store } = makeStore();
    await store.addCaptures(1, [captureInput()]);
    await store.clearAll(['captures', 'captures']);
    expect((await store.counts()).captures).toBe(0);
  });

  it('filters on every given field together', async () => {
    const { store } = makeStore();
    await store.putTicket(ticketInput({ authorization: 'tf_A' }));
    await store.putTicket(ticketInput({ authorization: 'tf_B', platform: 'other' }));
    const found = await store.listTickets({ platform: 'other', status: 'active' });
    expect(found.map((t) => t.authorization)).toEqual(['tf_B']);
    expect(await store.listTickets({ platform: 'other', status: 'rejected' })).toEqual([]);
  });
});
