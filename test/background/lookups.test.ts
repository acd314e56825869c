import { describe, expect, it, vi } from 'vitest';
import { replay } from '../../lib/background/call';
import { createHandlers } from '../../lib/background/handlers';
import { ticketLookups } from '../../lib/background/lookups';
import type { TicketRecord } from '../../lib/store';
import { popupSender } from '../protocol/fakes';
import { capturedRequest, fakeFetch, json, loggedHistory, makeDeps } from './fakes';

describe('ticketLookups', () => {
  it('reads a ticket once per authorization until told to forget', async () => {
    const ticket = { id: 't1' } as TicketRecord;
    const find = vi.fn(async (auth: string) => (auth === 'tf_a' ? ticket : undefined));
    const lookups = ticketLookups({ findTicketByAuthorization: find });
    expect(await lookups.byAuthorization('tf_a')).toBe(ticket);
    expect(await lookups.byAuthorization('tf_a')).toBe(ticket);
    expect(await lookups.byAuthorization('tf_none')).toBeNull();
    expect(await lookups.byAuthorization('tf_none')).toBeNull();
    expect(find).toHaveBeenCalledTimes(2);
    lookups.forget();
    await lookups.byAuthorization('tf_a');
    expect(find).toHaveBeenCalledTimes(3);
  });

  it('names no ticket when the read fails, rather than failing the call', async () => {
    const lookups = ticketLookups({ findTicketByAuthorization: () => Promise.reject(new Error('disk')) });
    await expect(lookups.byAuthorization('tf_a')).resolves.toBeNull();
  });

  it('replays after a page saved or deleted the ticket see the change', async () => {
    const deps = makeDeps(fakeFetch(() => json({ Code: 'Success', Data: {} })).fetch);
    let now = deps.now();
    deps.now = () => ++now; // the rows' order
    const handlers = createHandlers(deps);
    const context = { sender: popupSender(), afterReply: (task: () => void) => task() };
    await replay(deps, { capture: capturedRequest('tf_later') }); // not stored yet: remembered as none
    const saved = await handlers['tickets.save'](
      { environmentId: 'tencent', authorization: 'tf_later' },
      context,
    );
    await replay(deps, { capture: capturedRequest('tf_later') });
    await handlers['tickets.delete']({ ticketId: saved.ticket.id }, context);
    await replay(deps, { capture: capturedRequest('tf_later') });
    const rows = (await loggedHistory(deps)).reverse();
    expect(rows.map((r) => r.ticketId)).toEqual([null, saved.ticket.id, null]);
  });

  it('a replay that read the ticket while a page was saving it reads it afresh once the save is done', async () => {
    const deps = makeDeps(fakeFetch(() => json({ Code: 'Success', Data: {} })).fetch);
    let now = deps.now();
    deps.now = () => ++now;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const upsert = deps.store.upsertTicketByAuthorization.bind(deps.store);
    deps.store.upsertTicketByAuthorization = async (input) => (await gate, upsert(input));
    const handlers = createHandlers(deps);
    const context = { sender: popupSender(), afterReply: (task: () => void) => task() };
    const saving = handlers['tickets.save']({ environmentId: 'tencent', authorization: 'tf_new' }, context);
    await new Promise((r) => setTimeout(r, 5)); // the save has started
    await replay(deps, { capture: capturedRequest('tf_new') }); // reads: not stored yet
    release();
    const saved = await saving;
    await replay(deps, { capture: capturedRequest('tf_new') });
    const rows = (await loggedHistory(deps)).reverse();
    expect(rows.map((r) => r.ticketId)).toEqual([null, saved.ticket.id]);
  });
});
