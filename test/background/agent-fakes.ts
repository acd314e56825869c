/** Fakes of the browser APIs the page agent's background uses: scripting, permissions, ports. */
import type { AgentScript, HostPermissionsLike, ScriptingLike } from '../../lib/background/agent-sites';
import type { PortLike, SenderLike } from '../../lib/protocol';

/** `browser.scripting` keeping registrations in a map (`persist: false` forgets them on `restart()`). */
export function fakeScripting() {
  const registered = new Map<string, AgentScript>();
  const log: string[] = [];
  const scripting: ScriptingLike = {
    async registerContentScripts(scripts) {
      for (const s of scripts) {
        if (registered.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
      }
      for (const s of scripts) registered.set(s.id, s);
      log.push(`register ${scripts.map((s) => s.id).join(',')}`);
    },
    async unregisterContentScripts({ ids }) {
      for (const id of ids) registered.delete(id);
      log.push(`unregister ${ids.join(',')}`);
    },
    async getRegisteredContentScripts({ ids }) {
      return ids.flatMap((id) => (registered.has(id) ? [registered.get(id) as AgentScript] : []));
    },
  };
  return { scripting, registered, log };
}

/** `browser.permissions` over a set of granted origin patterns, with its events. */
export function fakePermissions(granted: string[] = []) {
  const set = new Set(granted);
  const removedListeners: ((p: { origins?: string[] }) => void)[] = [];
  const addedListeners: ((p: { origins?: string[] }) => void)[] = [];
  const removed: string[] = [];
  const permissions: HostPermissionsLike = {
    async contains({ origins }) {
      return origins.every((o) => set.has(o));
    },
    async remove({ origins }) {
      for (const o of origins) set.delete(o);
      removed.push(...origins);
      return true;
    },
    onRemoved: { addListener: (l) => void removedListeners.push(l) },
    onAdded: { addListener: (l) => void addedListeners.push(l) },
  };
  return {
    permissions,
    granted: set,
    removed,
    /** The user removed a host in the browser's UI. */
    revoke(origin: string) {
      set.delete(origin);
      for (const l of removedListeners) l({ origins: [origin] });
    },
    grant(origin: string) {
      set.add(origin);
      for (const l of addedListeners) l({ origins: [origin] });
    },
  };
}

/** The background's end of a port a sender opened; `send` delivers a message as the browser would. */
export function fakePort(name: string, sender: SenderLike) {
  const messageListeners: ((m: unknown) => void)[] = [];
  const disconnectListeners: (() => void)[] = [];
  const posted: unknown[] = [];
  let disconnected = false;
  const port: PortLike = {
    name,
    sender,
    postMessage(m) {
      if (disconnected) throw new Error('Attempting to use a disconnected port object');
      posted.push(JSON.parse(JSON.stringify(m)));
    },
    disconnect: () => void (disconnected = true),
    onMessage: { addListener: (l) => void messageListeners.push(l) },
    onDisconnect: { addListener: (l) => void disconnectListeners.push(l) },
  };
  return {
    port,
    posted,
    get disconnected() {
      return disconnected;
    },
    send(message: unknown) {
      for (const l of messageListeners) l(message);
    },
    /** The other end went away (tab closed, panel closed). */
    close() {
      disconnected = true;
      for (const l of disconnectListeners) l();
    },
  };
}
