import { describe, expect, it } from 'vitest';
import type { RpcClient, RpcMethod, RpcParams } from '../../../lib/protocol';
import type { EnvironmentRecord, TicketRecord } from '../../../lib/store';
import { environmentDraft, environmentForUrl, isOfficial } from '../../../lib/ui/panel/environments';
import { createTicketsStore } from '../../../lib/ui/panel/tickets';
import { apiCall, FAKE_TICKET } from '../../cme/factories';
import { decoded } from './fixtures';

const env = (id: string, apiBase: string, loginUrl = apiBase): EnvironmentRecord => ({
  id,
  name: id,
  kind: id === 'tencent' ? 'tencent' : 'custom',
  apiBase,
  loginUrl,
  createdAt: 0,
});
const ENVS = [
  env('tencent', 'https://web-paas-api.cme.qcloud.com', 'https://open.cme.qcloud.com'),
  env('sandbox', 'http://127.0.0.1:8787'),
  env('proxy', 'http://127.0.0.1:8787/proxy'),
];

describe('panel tickets', () => {
  it.each([
    ['https://web-paas-api.cme.qcloud.com/PaaS/Material/ListMedia?auth=x', 'tencent'],
    ['https://open.cme.qcloud.com/?signature=x', 'tencent'],
    ['http://127.0.0.1:8787/PaaS/Team/DescribeTeams?auth=x', 'sandbox'],
    ['http://127.0.0.1:8787/proxy/PaaS/Team/DescribeTeams?auth=x', 'proxy'],
    ['http://127.0.0.1:9999/PaaS/Team/DescribeTeams?auth=x', undefined],
  ])('finds the environment of %s', (url, id) => {
    expect(environmentForUrl(url, ENVS)?.id).toBe(id);
  });

  it('drafts an environment from a call made elsewhere', () => {
    expect(environmentDraft('http://10.0.0.2:3000/api/PaaS/Team/DescribeTeams?auth=x')).toEqual({
      name: '10.0.0.2:3000',
      loginUrl: 'http://10.0.0.2:3000',
      apiBase: 'http://10.0.0.2:3000/api',
    });
    expect(environmentDraft('not a url')).toBeNull();
  });

  it.each([
    ['https://web-paas-api.cme.qcloud.com/PaaS/x', true],
    ['https://open.cme.qcloud.com/?signature=x', true],
    ['http://127.0.0.1:8787/PaaS/x', false],
    ['nope', false],
  ])('tells whether %s is an official host', (url, official) => {
    expect(isOfficial(url)).toBe(official);
  });

  it('lists tickets, tells whether one is stored, and saves a captured one in a new environment', async () => {
    const stored: Partial<TicketRecord>[] = [{ id: 'a', authorization: 'tf_other' }];
    const asked: RpcMethod[] = [];
    const rpc: RpcClient = {
      request: async <M extends RpcMethod>(method: M, params: RpcParams<M>) => {
        asked.push(method);
        switch (method) {
          case 'tickets.list':
            return stored.slice() as never;
          case 'environments.list':
            return ENVS.slice(0, 1) as never;
          case 'environments.save':
            return { ...env('new', 'http://127.0.0.1:8787'), ...(params as object) } as never;
          case 'tickets.save': {
            const t = { id: 'b', ...(params as object) };
            stored.push(t);
            return { ticket: t, created: true } as never;
          }
        }
        throw new Error(`unexpected ${method}`);
      },
    };
    const tickets = createTicketsStore(rpc);
    expect(tickets.isStored(FAKE_TICKET)).toBeNull();
    await tickets.refresh();
    expect(tickets.isStored(FAKE_TICKET)).toBe(false);
    const call = decoded(apiCall({ base: 'http://127.0.0.1:8787' }));
    await tickets.save(call);
    expect(asked).toEqual([
      'tickets.list',
      'environments.list',
      'environments.save',
      'tickets.save',
      'tickets.list',
    ]);
    expect(tickets.isStored(FAKE_TICKET)).toBe(true);
  });

  it('reports an unreachable background and cannot save without one', async () => {
    const rpc: RpcClient = { request: async () => Promise.reject(new Error('unreachable')) };
    const tickets = createTicketsStore(rpc);
    await tickets.refresh();
    expect(tickets.error.value).toBe('unreachable');
    await expect(createTicketsStore(null).save(decoded(apiCall()))).rejects.toThrow('Nothing to save');
  });
});
