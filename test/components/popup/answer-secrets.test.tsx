// @vitest-environment happy-dom
/**
 * Issue 15 on the popup: its answer and failure views go through one masker (the call's own secrets and
 * every stored ticket, by value, in any field), the header's switch shows the chosen ticket only, and an
 * answer that cannot render says what failed.
 */
import { cleanup, fireEvent, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallOutcome } from '../../../lib/protocol';
import { makeAnswer, makeTicket } from '../../ui/popup/fakes';
import { $, renderPopup } from './popup-fixtures';

afterEach(cleanup);

const TICKET = makeTicket().authorization;
// Another stored ticket, opaque: only by-value masking finds it.
const OTHER = 'Kw3storedTicketNotTf884217';
const tickets = [makeTicket(), makeTicket({ id: 't2', authorization: OTHER, userId: 'bob' })];

function nested(depth: number, leaf: unknown): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = { Level: v };
  return v;
}

async function send(answer: CallOutcome) {
  const r = await renderPopup({ tickets, handlers: { call: () => answer } });
  r.store.selectAction('Material', 'DescribeClass');
  fireEvent.click($(r.container, '#popup-send'));
  return r;
}

describe('the popup answer with secrets masked', () => {
  it('masks a stored ticket in Data (as a URL, 70 levels deep), in the Message and in the raw answer', async () => {
    const responseText = JSON.stringify({
      Code: 'InvalidParameter',
      Message: `ticket ${TICKET} and ${OTHER} bad`,
      RequestId: 'req-1',
      Data: { Url: `https://cdn.example/f?t=${OTHER}`, Deep: nested(70, `x ${TICKET}`) },
    });
    const { container } = await send(
      makeAnswer({
        responseText,
        envelope: {
          ok: false,
          code: 'InvalidParameter',
          message: `ticket ${TICKET} and ${OTHER} bad`,
          englishMessage: `ticket ${OTHER} bad`,
          requestId: 'req-1',
        },
      }),
    );
    await waitFor(() => expect($(container, '.popup-raw pre').textContent).toContain('InvalidParameter'));
    const result = $(container, '#popup-result');
    for (let i = 0; i < 100; i++) {
      const closed = result.querySelectorAll<HTMLButtonElement>('.jt-toggle[aria-expanded="false"]');
      if (closed.length === 0) break;
      closed.forEach((b) => fireEvent.click(b));
      await new Promise((r) => setTimeout(r, 0));
    }
    (result.querySelector('details') as HTMLDetailsElement).open = true;
    const text = result.textContent ?? '';
    expect(text).toContain('Level');
    expect(text).not.toContain(TICKET);
    expect(text).not.toContain(OTHER);
  });

  it('masks what is wrong with the answer (read from its text)', async () => {
    const { container } = await send(
      makeAnswer({
        responseText: `<html>${OTHER}</html>`,
        envelope: { ...makeAnswer().envelope, ok: false },
      }),
    );
    await waitFor(() => expect($(container, '.popup-problems').textContent).toContain('not JSON'));
    expect($(container, '#popup-result').textContent).not.toContain(OTHER);
  });

  it('masks a failure’s message and problems', async () => {
    const { container } = await send({
      ok: false,
      stage: 'answer',
      code: 'AuthFailure',
      message: `refused ${OTHER}`,
      serverMessage: `票据 ${OTHER} 无效`,
      serverEnglishMessage: `ticket ${OTHER} invalid`,
      httpStatus: 200,
      problems: [`auth=${TICKET}`],
    });
    await waitFor(() => expect($(container, '.popup-failure').textContent).toContain('refused'));
    const text = $(container, '#popup-result').textContent ?? '';
    expect(text).not.toContain(OTHER);
    expect(text).not.toContain(TICKET);
  });

  it('shows the chosen ticket when its switch is on, and nowhere else', async () => {
    const { container } = await send(
      makeAnswer({ responseText: `{"Code":"Success","Data":{"T":"${TICKET}"}}` }),
    );
    await waitFor(() => expect($(container, '.popup-raw pre').textContent).toContain('Success'));
    fireEvent.click($(container, '#popup-reveal'));
    await waitFor(() => expect($(container, '.popup-identity-detail').textContent).toContain(TICKET));
    expect($(container, '#popup-result').textContent).not.toContain(TICKET);
  });

  it('says what failed when the answer cannot be shown', async () => {
    // A RequestId that is not text: the answer view throws while rendering.
    const { container } = await send(
      makeAnswer({ envelope: { ...makeAnswer().envelope, requestId: 42 as never }, requestId: 42 as never }),
    );
    await waitFor(() => expect(container.querySelector('[data-view-failed]')).not.toBeNull());
    expect(container.querySelector('[data-view-failed]')?.textContent).toContain('could not be shown');
  });
});
