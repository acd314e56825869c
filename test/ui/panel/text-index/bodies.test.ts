// The text index's reads straight from the capture log's IndexedDB: whole bodies by id, and a tab's search
// texts newest first; a page upgrading the schema closes the reader's connection, which reopens.
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../../lib/store';
import { idbBodyReader, idbTextLoader } from '../../../../lib/ui/panel/text-index/bodies';
import { captureInput, rawCall } from '../../../store/fixtures';

let n = 0;

/** A store on the global (fake) IndexedDB under a name of its own, with two calls of tab 7 and one of tab 8. */
async function logged() {
  const name = `bodies-test-${++n}`;
  const store = openStore({ name });
  const body = (text: string) => rawCall({ response: { status: 200, headers: [], body: { text } } });
  const ids = await store.addCaptures(7, [
    captureInput({ raw: body('{"first":"answer"}'), searchText: 'one' }),
    captureInput({ raw: body('{"second":"answer"}'), searchText: 'two' }),
  ]);
  const [other] = await store.addCaptures(8, [captureInput()]);
  return { name, store, ids, other: other! };
}

describe('the text index’s IndexedDB reads', () => {
  it('reads whole bodies by id (null for an id with none)', async () => {
    const { name, ids } = await logged();
    const read = idbBodyReader(name);
    const [first, second, missing] = await read([ids[0]!, ids[1]!, 999]);
    expect(first).toBe('{"Limit":10}\n{"first":"answer"}');
    expect(second).toContain('{"second":"answer"}');
    expect(missing).toBeNull();
  });

  it("loads a tab's search texts newest first, and only that tab's", async () => {
    const { name, ids, other } = await logged();
    const batches: [number, string][][] = [];
    await idbTextLoader(name)(7, (items) => batches.push(items));
    const seen = batches.flat().map(([id]) => id);
    expect(seen.sort()).toEqual([...ids].sort());
    expect(seen).not.toContain(other);
  });

  it('lets another page upgrade the database, and reads again after', async () => {
    const { name, ids, store } = await logged();
    const read = idbBodyReader(name);
    expect(await read([ids[0]!])).toHaveLength(1);
    store.close();
    // A newer version opening: the reader's connection must give way, or this would stay blocked.
    const upgrade = indexedDB.open(name, 1000);
    await new Promise<void>((resolve, reject) => {
      upgrade.onsuccess = () => {
        upgrade.result.close();
        resolve();
      };
      upgrade.onerror = () => reject(upgrade.error);
      upgrade.onblocked = () => reject(new Error('blocked by the reader'));
    });
    expect((await read([ids[0]!]))[0]).toContain('first');
  });
});
