// @vitest-environment happy-dom
/** The call detail's Initiator section: "Called from file:line", a link where DevTools can open it. */
import { cleanup, fireEvent, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { CallDetail } from '../../../components/panel/call-detail';
import { createAttributor } from '../../../lib/cme/attribute';
import type { RawCall } from '../../../lib/cme/types';
import { wireSelection } from '../../../lib/ui/panel/boot';
import { createDetailStore } from '../../../lib/ui/panel/detail';
import { apiCall, FAKE_TICKET } from '../../cme/factories';
import { logOf, makeUi, renderPanel, settle } from './panel-fixtures';

afterEach(cleanup);

const INITIATOR = {
  type: 'script',
  stack: {
    callFrames: [
      {
        functionName: 'call',
        url: `http://127.0.0.1:8787/static/demo.js?auth=${FAKE_TICKET}`,
        lineNumber: 41,
        columnNumber: 9,
      },
    ],
  },
};

async function shown(
  raw: RawCall,
  openResource?: (url: string, line: number, column?: number) => Promise<void>,
) {
  const { rows, bodies } = logOf([raw]);
  const base = await makeUi(rows, bodies);
  const detail = createDetailStore({
    body: (id) => base.panel.body(id),
    decode: { attributor: createAttributor() },
    openResource,
  });
  wireSelection(base.panel, detail, base.replay);
  const ui = { ...base, detail };
  const view = renderPanel(ui, <CallDetail />);
  ui.panel.select(1);
  await waitFor(() => expect(detail.state.value.status).toBe('ready'), { timeout: 5000 });
  await settle(5);
  return view.container.querySelector('[data-section="initiator"]');
}

describe('call detail initiator', () => {
  it('opens the calling line in DevTools where the browser allows (Chrome)', async () => {
    const opened: unknown[][] = [];
    const section = await shown(
      { ...apiCall(), initiator: INITIATOR },
      async (...args) => void opened.push(args),
    );
    const link = section?.querySelector('button[name="open-initiator"]');
    expect(link?.textContent).toBe('Called from demo.js:42');
    // The URL in the tooltip is masked like every other view.
    expect(link?.getAttribute('title')).toContain('demo.js?auth=tf_…27ec (call)');
    expect(section?.innerHTML).not.toContain(FAKE_TICKET);
    fireEvent.click(link!);
    expect(opened).toEqual([[INITIATOR.stack.callFrames[0]!.url, 41, 9]]);
  });

  it('shows the location as text where the browser cannot open it (Firefox)', async () => {
    const section = await shown({ ...apiCall(), initiator: INITIATOR });
    expect(section?.querySelector('button')).toBeNull();
    expect(section?.textContent).toContain('Called from demo.js:42');
  });

  it('has no Initiator section when the browser gave none', async () => {
    expect(await shown(apiCall())).toBeNull();
    expect(await shown({ ...apiCall(), initiator: { type: 'other' } })).toBeNull();
  });
});
