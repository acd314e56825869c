/**
 * axe-core in a page or in our DevTools panel, through the harness's `evaluate` (an extension page's CSP
 * refuses an inline or blob <script>; what the harness evaluates goes around it), and a table of what it
 * found for the test output.
 *
 * In Firefox the panel's code reaches it from a frame script, whose scope is privileged: axe runs there in a
 * sandbox with the panel's principal and the panel's window as its prototype (what a content script is), so
 * it sees the page's own DOM and styles, not Xray views of them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { TestPage, TestPanel } from '../harness';

/** Anything that evaluates JS in a page: an extension page, a web page or our panel. */
export type Evaluates = Pick<TestPage, 'evaluate'> | Pick<TestPanel, 'evaluate'>;

/** One rule axe found broken, with the elements that break it. */
export interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  /** CSS selectors of the elements that fail (the first 8). */
  targets: string[];
  /** How many elements fail. */
  nodes: number;
  /** axe's explanation for the first element (what to fix). */
  summary: string;
}

/** What axe checks: WCAG 2.0 A and AA, WCAG 2.1 AA, and axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] as const;

/** The impacts the issue forbids. */
export const BLOCKING = new Set<AxeViolation['impact']>(['serious', 'critical']);

// ASCII only: Firefox's frame scripts arrive as data: URLs and may be read as Latin-1. Every non-ASCII
// character of axe's source sits in a string or a regular expression, where \uXXXX means the same.
let source: string | null = null;
function axeSource(): string {
  source ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8').replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return source;
}

/** The expression that runs axe on `document` (where `axe` is defined) and returns its violations as JSON. */
function runExpression(include: string | undefined, disable: readonly string[]): string {
  const context = include ? `{ include: [${JSON.stringify(include)}] }` : 'document';
  const rules = Object.fromEntries(disable.map((id) => [id, { enabled: false }]));
  return `axe.run(${context}, { runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} },
      resultTypes: ['violations'], rules: ${JSON.stringify(rules)} })
    .then((r) => JSON.stringify(r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.length, targets: v.nodes.slice(0, 8).map((n) => n.target.join(' ')),
      summary: (v.nodes[0] && v.nodes[0].failureSummary || '').slice(0, 400) }))))`;
}

/**
 * Runs axe-core in `target` and returns its violations. `include` limits the run to one element (a
 * selector); `disable` turns rules off by id. axe is injected once per document.
 */
export async function runAxe(
  target: Evaluates,
  opts: { include?: string; disable?: readonly string[] } = {},
): Promise<AxeViolation[]> {
  const run = runExpression(opts.include, opts.disable ?? []);
  // Firefox's panel answers from a frame script (privileged): there axe lives in a sandbox that is the
  // panel's own realm, made for each call; its global finds the panel's `axe` through its prototype.
  const where = await target.evaluate<'frame-script' | 'page'>(
    `typeof content === 'object' && typeof sendAsyncMessage === 'function' ? 'frame-script' : 'page'`,
  );
  const inSandbox = (code: string) => `(() => {
    const Cu = Components.utils;
    return Cu.evalInSandbox(${JSON.stringify(code)}, Cu.Sandbox(content, { sandboxPrototype: content, wantXrays: false }));
  })()`;
  const wrap = (code: string) => (where === 'page' ? code : inSandbox(code));
  if (!(await target.evaluate<boolean>(wrap('typeof axe === "object"')))) {
    await target.evaluate(wrap(`(() => { ${axeSource()}; return typeof axe === 'object'; })()`));
  }
  const json = await target.evaluate<string>(wrap(run));
  return JSON.parse(json) as AxeViolation[];
}

/** The violations that fail a view: serious and critical. */
export const blocking = (violations: readonly AxeViolation[]): AxeViolation[] =>
  violations.filter((v) => BLOCKING.has(v.impact));

/** One line per violation and view, for the test output: `view | impact | rule | n | help | first target`. */
export function violationTable(
  found: readonly { view: string; violations: readonly AxeViolation[] }[],
): string {
  const rows = found.flatMap(({ view, violations }) =>
    violations.map((v) => [view, v.impact ?? '-', v.id, String(v.nodes), v.help, v.targets[0] ?? '']),
  );
  if (rows.length === 0) return '(none)';
  const head = ['view', 'impact', 'rule', 'n', 'help', 'first element'];
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (r: string[]) => r.map((c, i) => c.slice(0, 60).padEnd(widths[i]!)).join(' | ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

/** What the focus ring check found on a page. */
export interface FocusRings {
  /** Controls focused with a visible focus (`:focus-visible` matched). */
  checked: number;
  /** Controls that showed no ring (no outline, no changed box shadow or border) when focused. */
  missing: string[];
  /** Controls whose programmatic focus did not match `:focus-visible` (the browser's heuristics). */
  notVisible: number;
}

/**
 * Focuses every rendered, enabled control of the page (buttons, links, inputs, selects, text areas,
 * summaries, anything in the tab order) as keyboard focus would (`focusVisible: true`), and names those
 * whose focus shows nothing: no outline, and no box shadow, outline or border colour that changes on them
 * or on the box around them (a code editor's frame shows its text area's focus). Leaves the focus where it
 * was.
 */
export function focusRings(target: Evaluates): Promise<FocusRings> {
  return target.evaluate<FocusRings>(`(() => {
    const view = document.defaultView;
    const controls = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), ' +
      'select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';
    const look1 = (el) => { const cs = view.getComputedStyle(el);
      return [cs.outlineStyle, cs.outlineWidth, cs.outlineColor, cs.boxShadow, cs.borderTopColor].join('|'); };
    const look = (el) => [el, el.parentElement, el.parentElement && el.parentElement.parentElement]
      .filter(Boolean).map(look1).join('/');
    const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.getAttribute('name') ? '[name=' + el.getAttribute('name') + ']' : '') +
      (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    const before = document.activeElement;
    const out = { checked: 0, missing: [], notVisible: 0 };
    for (const el of document.querySelectorAll(controls)) {
      if (el.getClientRects().length === 0 || view.getComputedStyle(el).visibility === 'hidden') continue;
      const idle = look(el);
      el.focus({ preventScroll: true, focusVisible: true });
      if (document.activeElement !== el) continue;
      if (!el.matches(':focus-visible')) { out.notVisible++; el.blur(); continue; }
      out.checked++;
      const cs = view.getComputedStyle(el);
      const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
      if (!outline && look(el) === idle) out.missing.push(name(el));
      el.blur();
    }
    if (before && before.focus) before.focus({ preventScroll: true });
    return out;
  })()`);
}
