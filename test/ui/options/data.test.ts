import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../lib/settings/settings';
import type { StoreCounts } from '../../../lib/store/schema';
import { createDataStore } from '../../../lib/ui/options/data';
import { buildExport, exportFileName, type ExportDocument } from '../../../lib/ui/options/export';
import { fakeRpc, makeEnvironment, makeHistory, makeTicket } from '../popup/fakes';

const TICKET = makeTicket().authorization;
const SIGNATURE = 'F9yi6VAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAMQ==';

function setup() {
  let counts: StoreCounts = { tickets: 2, history: 5, captures: 40, environments: 2 };
  const rpc = fakeRpc({
    'data.counts': () => counts,
    'data.clear': ({ stores }) => {
      counts = { ...counts, ...Object.fromEntries(stores.map((s) => [s, 0])) };
      return counts;
    },
    'environments.list': () => [makeEnvironment()],
    'history.list': () => [
      makeHistory(),
      makeHistory({
        id: 'h2',
        kind: 'login',
        actionClass: null,
        action: 'Login',
        url: `http://127.0.0.1:8787/?signature=${encodeURIComponent(SIGNATURE)}`,
        requestBody: '',
        responseText: `{"Code":"Success","Data":{"Authorization":"${TICKET}"}}`,
      }),
    ],
    'tickets.list': () => [makeTicket()],
  });
  const download = vi.fn<(name: string, text: string) => void>();
  const data = createDataStore({
    rpc,
    settings: () => DEFAULT_SETTINGS,
    download,
    now: () => Date.UTC(2026, 10, 29),
  });
  return { rpc, data, download };
}

describe('clearing data', () => {
  it('shows the counts of what will go before clearing', async () => {
    const { data, rpc } = setup();
    await data.askClear();
    expect(data.confirming.value).toEqual({ tickets: 2, history: 5, captures: 40, environments: 2 });
    expect(rpc.paramsOf('data.clear')).toEqual([]);
    await data.confirmClear();
    expect(rpc.paramsOf('data.clear')).toEqual([{ stores: ['tickets', 'history', 'captures'] }]);
    expect(data.counts.value).toMatchObject({ tickets: 0, history: 0, captures: 0, environments: 2 });
    expect(data.cleared.value?.captures).toBe(40);
    expect(data.confirming.value).toBeNull();
  });

  it('clears only the groups left selected', async () => {
    const { data, rpc } = setup();
    data.toggle('tickets', false);
    await data.askClear();
    await data.confirmClear();
    expect(rpc.paramsOf('data.clear')).toEqual([{ stores: ['history', 'captures'] }]);
  });

  it('can be cancelled', async () => {
    const { data, rpc } = setup();
    await data.askClear();
    data.cancelClear();
    expect(data.confirming.value).toBeNull();
    expect(rpc.paramsOf('data.clear')).toEqual([]);
  });
});

describe('export', () => {
  it('downloads settings, environments, history and masked tickets', async () => {
    const { data, download } = setup();
    expect(await data.exportData(false)).toBe(true);
    const [name, text] = download.mock.calls[0]!;
    expect(name).toBe('cme-devtools-2026-11-29.json');
    expect(text).not.toContain(TICKET);
    expect(text).not.toContain(SIGNATURE);
    expect(text).not.toContain(encodeURIComponent(SIGNATURE));
    const doc = JSON.parse(text) as ExportDocument;
    expect(doc).toMatchObject({ format: 'cme-devtools-export', masked: true, settings: DEFAULT_SETTINGS });
    expect(doc.environments).toHaveLength(1);
    expect(doc.history).toHaveLength(2);
    expect(doc.tickets[0]!.authorization).toBe('tf_…cdef');
  });

  it('keeps everything in full when revealed', async () => {
    const { data, download } = setup();
    await data.exportData(true);
    const doc = JSON.parse(download.mock.calls[0]![1]) as ExportDocument;
    expect(doc.masked).toBe(false);
    expect(doc.tickets[0]!.authorization).toBe(TICKET);
    expect(doc.history[0]!.url).toContain(TICKET);
  });

  it('masks a ticket met in a non-JSON body too', () => {
    const doc = buildExport({
      settings: DEFAULT_SETTINGS,
      environments: [],
      tickets: [makeTicket()],
      history: [makeHistory({ responseText: `oops ${TICKET}`, error: `failed for ${TICKET}` })],
      reveal: false,
      now: 0,
    });
    expect(JSON.stringify(doc)).not.toContain(TICKET);
    expect(exportFileName(0)).toBe('cme-devtools-1970-01-01.json');
  });
});
