import { describe, expect, it } from 'vitest';
import type { TicketInput } from '../../lib/store';
import { makeStore, ticketInput } from './fixtures';

describe('tickets', () => {
  it('saves a ticket with defaults and reads it back', async () => {
    const { store, clock } = makeStore();
    const saved = await store.putTicket(ticketInput());
    expect(saved).toEqual({
      id: 'id-1',
      authorization: 'tf_FAKE_TICKET_0001',
      platform: 'my_platform',
      userId: 'user_001',
      appId: 1250000000,
      tfUid: null,
      environment: 'tencent',
      label: '',
      source: 'signature',
      createdAt: clock.now,
      lastUsedAt: null,
      status: 'active',
      rejectedCode: null,
      rejectedAt: null,
    });
    expect(await store.getTicket('id-1')).toEqual(saved);
    expect(await store.getTicket('missing')).toBeUndefined();
  });

  it.each<[string, Partial<TicketInput> | Record<string, unknown>, RegExp]>([
    ['no authorization', { authorization: '' }, /"authorization" must be a non-empty string/],
    ['no environment', { environment: undefined }, /"environment"/],
    ['an unknown source', { source: 'stolen' }, /"source" must be one of/],
    ['a text appId', { appId: '125' }, /"appId" must be a finite number/],
    ['an unknown status', { status: 'expired' }, /"status"/],
  ])('refuses a ticket with %s and stores nothing', async (_, override, message) => {
    const { store } = makeStore();
    await expect(store.putTicket({ ...ticketInput(), ...override } as TicketInput)).rejects.toThrow(message);
    expect(await store.listTickets()).toEqual([]);
  });

  it('upserts by authorization within an environment: fills gaps, keeps id, source and status', async () => {
    const { store, clock } = makeStore();
    const first = await store.upsertTicketByAuthorization(
      ticketInput({ source: 'captured', platform: null, userId: null, label: '' }),
    );
    expect(first.created).toBe(true);
    await store.markTicketRejected(first.ticket.id, 'InvalidTicket');
    clock.now += 1000;
    const again = await store.upsertTicketByAuthorization(
      ticketInput({ source: 'signature', label: 'Alice', lastUsedAt: clock.now }),
    );
    expect(again.created).toBe(false);
    expect(again.ticket).toMatchObject({
      id: first.ticket.id,
      source: 'captured',
      platform: 'my_platform',
      userId: 'user_001',
      label: 'Alice',
      lastUsedAt: clock.now,
      status: 'rejected',
      rejectedCode: 'InvalidTicket',
    });
    const revived = await store.upsertTicketByAuthorization(ticketInput({ status: 'active' }));
    expect(revived.ticket).toMatchObject({
      status: 'active',
      rejectedCode: null,
      rejectedAt: null,
      label: 'Alice',
    });
    expect(await store.listTickets()).toHaveLength(1);
  });

  it('keeps the same authorization apart in two environments', async () => {
    const { store } = makeStore();
    await store.upsertTicketByAuthorization(ticketInput());
    const other = await store.upsertTicketByAuthorization(ticketInput({ environment: 'sandbox' }));
    expect(other.created).toBe(true);
    expect((await store.findTicketByAuthorization('tf_FAKE_TICKET_0001', 'sandbox'))?.id).toBe(
      other.ticket.id,
    );
    expect(await store.findTicketByAuthorization('tf_FAKE_TICKET_0001')).toBeDefined();
    expect(await store.findTicketByAuthorization('tf_NONE')).toBeUndefined();
  });

  it('lists several tickets per identity, most recently used first, and filters', async () => {
    const { store, clock } = makeStore();
    const a = await store.putTicket(ticketInput({ authorization: 'tf_A' }));
    clock.now += 10;
    const b = await store.putTicket(ticketInput({ authorization: 'tf_B' }));
    clock.now += 10;
    await store.putTicket(ticketInput({ authorization: 'tf_C', userId: 'user_002' }));
    await store.putTicket(ticketInput({ authorization: 'tf_D', environment: 'sandbox' }));
    clock.now += 10;
    await store.touchTickets(new Map([[a.id, clock.now]]));

    const identity = await store.listTickets({
      environment: 'tencent',
      platform: 'my_platform',
      userId: 'user_001',
    });
    expect(identity.map((t) => t.authorization)).toEqual(['tf_A', 'tf_B']);
    expect((await store.listTickets({ environment: 'sandbox' })).map((t) => t.authorization)).toEqual([
      'tf_D',
    ]);
    await store.markTicketRejected(b.id, 'AuthFailure');
    expect((await store.listTickets({ status: 'rejected' })).map((t) => t.id)).toEqual([b.id]);
    expect(await store.listTickets()).toHaveLength(4);
  });

  it('marks a ticket rejected with code and time, touches and deletes', async () => {
    const { store, clock } = makeStore();
    const t = await store.putTicket(ticketInput());
    clock.now += 5;
    expect(await store.markTicketRejected(t.id, 'InvalidAuthorization')).toMatchObject({
      status: 'rejected',
      rejectedCode: 'InvalidAuthorization',
      rejectedAt: clock.now,
    });
    clock.now += 5;
    expect(await store.touchTickets(new Map([[t.id, clock.now]]))).toBe(1);
    expect((await store.getTicket(t.id))?.lastUsedAt).toBe(clock.now);
    expect(await store.markTicketRejected('missing', 'X')).toBeUndefined();
    await expect(store.markTicketRejected(t.id, '')).rejects.toThrow(/"code"/);
    expect(await store.deleteTicket(t.id)).toBe(true);
    expect(await store.deleteTicket(t.id)).toBe(false);
    expect(await store.getTicket(t.id)).toBeUndefined();
  });
});

describe('touchTickets', () => {
  it('writes several last uses at once, keeps a later time already stored, skips missing tickets', async () => {
    const { store } = makeStore();
    const a = await store.putTicket(ticketInput({ authorization: 'tf_A' }));
    const b = await store.putTicket(ticketInput({ authorization: 'tf_B', lastUsedAt: 5_000 }));
    const uses = new Map([
      [a.id, 4_000],
      [b.id, 3_000],
      ['gone', 9_000],
    ]);
    expect(await store.touchTickets(uses)).toBe(1);
    expect((await store.getTicket(a.id))?.lastUsedAt).toBe(4_000);
    expect((await store.getTicket(b.id))?.lastUsedAt).toBe(5_000);
    expect((await store.getTicket(b.id))?.status).toBe('active');
  });

  it('refuses a bad entry before writing any', async () => {
    const { store } = makeStore();
    const a = await store.putTicket(ticketInput());
    await expect(store.touchTickets(new Map([[a.id, Number.NaN]]))).rejects.toThrow(/"at"/);
    expect((await store.getTicket(a.id))?.lastUsedAt).toBeNull();
  });
});
