/** The popup's send: refused (nothing sent, the reason kept) without a ticket, an action, or a valid body. */
import type { Signal } from '@preact/signals';
import type { CallResult, CallRunner } from './call';
import type { Editor, SendBlock } from './editor';
import type { Identity } from './identity';

/** What sending needs. */
export interface SendDeps {
  call: CallRunner;
  identity: Pick<Identity, 'ticket' | 'environment'>;
  editor: Pick<Editor, 'actionClass' | 'action' | 'actionValid' | 'check'>;
  /** Why the last send was refused (null: it went out). */
  blocked: Signal<SendBlock | null>;
}

/** Create the popup's send: the result of the call, or null when refused or another call is in flight. */
export function createSend({ call, identity, editor, blocked }: SendDeps) {
  return async function send(): Promise<CallResult | null> {
    if (call.sending.value) return null;
    const t = identity.ticket.value;
    const c = editor.check.value;
    const why: SendBlock | null = !t
      ? 'no-ticket'
      : !editor.actionValid.value
        ? 'no-action'
        : !c.ok
          ? 'invalid-body'
          : null;
    blocked.value = why;
    if (why !== null || !t) return null;
    return call.run({
      actionClass: editor.actionClass.value,
      action: editor.action.value,
      body: c.value,
      ticket: t,
      environment: identity.environment.value,
    });
  };
}
