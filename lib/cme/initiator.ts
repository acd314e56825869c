/**
 * Where a call was made from, as the browser's initiator says (Chrome's `_initiator`): the first script
 * frame with a URL (through async `parent` stacks), else the initiator's own URL and line. Pure: the
 * call detail shows it and opens it in DevTools where the browser allows.
 */
import type { CallInitiator } from './types';

/** Where a call was made from, as its initiator tells: the first script frame with a URL, else its URL. */
export interface InitiatorLocation {
  url: string;
  /** 0-based, as DevTools gives it (and as `devtools.panels.openResource` takes it). */
  lineNumber: number | null;
  columnNumber: number | null;
  functionName: string | null;
}

/** The source location of an initiator (Chrome's `_initiator`); null when it has none. Never throws. */
export function initiatorLocation(initiator: CallInitiator | undefined): InitiatorLocation | null {
  if (initiator === undefined) return null;
  // The stack's frames first (a fetch from a script), through `parent` stacks (async calls), bounded.
  let stack: unknown = initiator.stack;
  for (let hops = 0; isObject(stack) && hops < 64; hops++) {
    const frames = Array.isArray(stack.callFrames) ? stack.callFrames : [];
    for (const frame of frames) {
      if (isObject(frame) && typeof frame.url === 'string' && frame.url !== '') {
        return {
          url: frame.url,
          lineNumber: isNumber(frame.lineNumber) ? frame.lineNumber : null,
          columnNumber: isNumber(frame.columnNumber) ? frame.columnNumber : null,
          functionName:
            typeof frame.functionName === 'string' && frame.functionName !== '' ? frame.functionName : null,
        };
      }
    }
    stack = stack.parent;
  }
  if (typeof initiator.url === 'string' && initiator.url !== '') {
    return {
      url: initiator.url,
      lineNumber: isNumber(initiator.lineNumber) ? initiator.lineNumber : null,
      columnNumber: isNumber(initiator.columnNumber) ? initiator.columnNumber : null,
      functionName: null,
    };
  }
  return null;
}

/** `file:line` of a location for people: the URL's last path segment (no query) and the 1-based line. */
export function initiatorLabel(location: InitiatorLocation): string {
  const path = location.url.replace(/[?#].*$/, '');
  const file = path.slice(path.replace(/\/+$/, '').lastIndexOf('/') + 1) || path;
  return location.lineNumber === null ? file : `${file}:${location.lineNumber + 1}`;
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
