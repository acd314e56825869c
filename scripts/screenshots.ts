// `npm run screenshots`: the README's pictures, taken in real Chromium with the built extension against the
// sandbox's demo page, so they show the product as it is today. It walks the README's "first five minutes":
// adds the sandbox as an environment on the options page, logs in from the popup through the sandbox's
// dev-server signature URL and calls an action, opens the demo with DevTools on the CME panel, selects the
// demo's failing call, and replays a demo call under the popup's ticket to show the diff.
//
//   npm run screenshots                 docs/screenshots/*.webp (committed; each ≤ 150 KB, all ≤ 600 KB)
//   npm run screenshots -- --review     also every page in en and zh_CN, light and dark, as PNGs in
//                                       test-results/screenshots/ (not committed), to look at before a change
//
// Builds the Chrome extension first when the build is missing or older than its sources. Every view is
// checked for full tickets and signatures before it is kept: the product masks them, and so must the pictures.
// A view that cannot be reached stops the script with one line naming it.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { explainError } from '../lib/cme/errors';
import { startSandbox, type RunningSandbox } from '../lib/node/sandbox/main';
import { browserPath } from '../test/setup/browsers';
import { ensureBuilds, extensionTarget, type BuildCaller } from './builds';
import { launch, type TestBrowser, type TestPage, type TestPanel } from '../test/e2e/harness';
import { poll } from '../test/e2e/harness/util';
import {
  choose,
  FAILING_CODE,
  type HookRow,
  openDemoWithPanel,
  pickAction,
  pickedTicket,
  resultText,
  rowsOf,
  rpc,
  selectRow,
  setLanguage,
  waitForPanelText,
} from '../test/e2e/scenarios/support';

const root = resolve(import.meta.dirname, '..');
const DOCS = join(root, 'docs/screenshots');
const REVIEW = join(root, 'test-results/screenshots');
/** CSS px at device scale 1: wide enough for the panel's list and detail side by side, legible when shrunk. */
const WINDOW = { width: 1280, height: 800 };
const QUALITY = 80;
const BUDGET_EACH = 150 * 1024;
const BUDGET_ALL = 600 * 1024;
/** The second identity the walkthrough logs in from the popup, and replays a demo call under. */
const POPUP_USER = 'other_user';

type Lang = 'en' | 'zh_CN';
type View = 'options' | 'popup' | 'panel-failed-call' | 'replay-diff';

/** The README's pictures (from the light run), by view and language. */
const DOCS_NAMES: Partial<Record<`${View}.${Lang}`, string>> = {
  'panel-failed-call.en': 'panel-failed-call.webp',
  'panel-failed-call.zh_CN': 'panel-failed-call.zh.webp',
  'popup.zh_CN': 'popup.zh.webp',
  'replay-diff.en': 'replay-diff.webp',
};

/** A failure the script reports in one line. */
class Stop extends Error {}

/** Runs one step; any failure becomes one line naming the step. */
async function step<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Stop) throw error;
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new Stop(`${what}: ${message}`);
  }
}

/** Waits until the page has painted what the last steps changed (two frames, and any web fonts). */
async function settle(target: TestPage | TestPanel): Promise<void> {
  await target.evaluate(`(async () => {
    await document.fonts.ready;
    for (let i = 0; i < 2; i++) await new Promise((r) => requestAnimationFrame(() => r(null)));
    return true;
  })()`);
}

/** Everything a page or the panel shows as text, form values included. */
function shownText(target: TestPage | TestPanel): Promise<string> {
  return target.evaluate<string>(`(() => {
    const parts = [document.body.innerText];
    for (const el of document.querySelectorAll('input, textarea')) parts.push(el.value);
    for (const el of document.querySelectorAll('select')) parts.push(el.selectedOptions[0]?.textContent ?? '');
    for (const el of document.querySelectorAll('[title]')) parts.push(el.getAttribute('title'));
    return parts.join('\\n');
  })()`);
}

/** The full tickets and signatures the sandbox has handed out (none may appear in a picture). */
function secretsOf(sandbox: RunningSandbox): string[] {
  return sandbox.state.tickets.map((t) => t.ticket).filter((s) => s.length >= 12);
}

/** What the browser holds: stored tickets, and the tickets and signatures of captured calls. */
async function browserSecrets(ext: TestPage, panel: TestPanel | null): Promise<string[]> {
  const stored = await rpc<{ authorization: string }[]>(ext, 'tickets.list');
  const secrets = stored.map((t) => t.authorization);
  if (panel) {
    for (const row of await rowsOf(panel)) {
      if (row.ticket) secrets.push(row.ticket);
      const signature = new URL(row.url).searchParams.get('signature');
      if (signature) secrets.push(signature);
    }
  }
  return secrets.filter((s) => s.length >= 12);
}

/** Refuses a picture that would show a full ticket or signature. */
async function assertMasked(target: TestPage | TestPanel, secrets: string[], view: string): Promise<void> {
  const text = await shownText(target);
  for (const secret of secrets) {
    if (text.includes(secret) || text.includes(encodeURIComponent(secret))) {
      throw new Stop(`${view}: a full ticket or signature is on screen; refusing to keep this picture`);
    }
  }
}

interface Run {
  dark: boolean;
  /** Where a view in a language goes (its format follows the file name); none to skip it. */
  target: (view: View, lang: Lang) => string[];
}

/** One browser: the walkthrough, with the pictures `run.target` asks for, in English and then Chinese. */
async function tour(sandbox: RunningSandbox, run: Run): Promise<void> {
  const theme = run.dark ? 'dark' : 'light';
  const browser: TestBrowser = await step(`launching Chromium (${theme})`, () =>
    launch('chromium', { devtools: true, dark: run.dark, windowSize: WINDOW }),
  );
  try {
    // Options: add the sandbox as an environment, as a new user does once.
    const options = await step('the options page', async () => {
      const page = await browser.openExtensionPage('/options.html');
      await page.waitForText('Tencent Cloud');
      await page.fill('#options-env-name', 'Sandbox');
      await page.fill('#options-env-login', sandbox.url);
      await page.click('#options-env-add');
      await poll('the Sandbox environment row', () =>
        page.evaluate<boolean>(`!!document.querySelector('.options-env-row[data-env-name="Sandbox"]')`),
      );
      return page;
    });

    // Popup: log in through the sandbox's dev-server signature URL, then call DescribeClass.
    const popup = await step('the popup: logging in through the dev-server URL', async () => {
      const page = await browser.openExtensionPage('/popup.html');
      await page.waitForText('No stored ticket yet');
      const envs = await rpc<{ id: string; name: string }[]>(page, 'environments.list');
      await choose(page, '#popup-login-env', envs.find((e) => e.name === 'Sandbox')!.id);
      // The popup offers npm start's dev-server URL already; another port must be typed in.
      const template = `${sandbox.url}/dev/signature?userId={userId}`;
      const offered = await page.evaluate<string>(`document.querySelector('#popup-login-url').value`);
      if (sandbox.port === 8787 && offered !== template) {
        throw new Error(`the dev-server URL offered is ${offered}, not ${template}`);
      }
      if (offered !== template) await page.fill('#popup-login-url', template);
      await page.fill('#popup-login-user', POPUP_USER);
      await page.click('#popup-login-submit');
      await poll('the new ticket picked', async () => (await pickedTicket(page)).includes(POPUP_USER));
      return page;
    });
    await step('the popup: calling Material/DescribeClass', async () => {
      await pickAction(popup, 'Material/DescribeClass');
      await popup.click('#popup-send');
      await poll('the answer', async () => (await resultText(popup)).includes('Success'));
    });

    // Panel: the demo's calls, captured live once DevTools is attached — run once with "Run again" on a
    // page that made none on load, as the scenarios do (a reload's navigation could clear the log after
    // the rows were read, and the rows' ids with it).
    const { panel } = await step('the demo page and the CME panel in DevTools', () =>
      openDemoWithPanel(browser, sandbox.url),
    );
    const rows = await step("the demo's calls in the panel", async () => {
      // A row's Code arrives with its response body, a moment after the row.
      const failed = (r: HookRow) => r.action === 'DeleteMaterial' && !r.ok && r.code === FAILING_CODE;
      const listed = await poll(
        `the demo's DeleteMaterial failing with ${FAILING_CODE}`,
        async () => {
          const now = await rowsOf(panel);
          return now.some(failed) ? now : null;
        },
        10_000,
      ).catch(async (error: Error) => {
        const seen = (await rowsOf(panel)).map((r) => `${r.action ?? r.kind} ${r.code ?? ''}`.trim());
        throw new Error(`${error.message}; listed: ${seen.join(', ')}`);
      });
      return listed;
    });
    const failing = rows.find((r) => r.action === 'DeleteMaterial')!;
    const replayed = rows.find((r) => r.action === 'DescribeClass')!;
    const secrets = [...secretsOf(sandbox), ...(await browserSecrets(options, panel))];
    if (secrets.length === 0) throw new Stop('no ticket or signature found to check the pictures against');

    const explained = explainError(FAILING_CODE, 'api')!;
    for (const lang of ['en', 'zh_CN'] as const) {
      const zh = lang === 'zh_CN';
      await step(`switching the language to ${lang}`, async () => {
        await setLanguage(browser, lang);
        await waitForPanelText(panel, zh ? '保留日志' : 'Preserve log');
        await popup.waitForText(zh ? '发送' : 'Send');
      });

      const optionsShot = run.target('options', lang);
      if (optionsShot.length > 0) {
        await step(`the options page (${lang}, ${theme})`, async () => {
          await options.waitForText(zh ? '环境' : 'Environments');
          await settle(options);
          await assertMasked(options, secrets, 'the options page');
          for (const path of optionsShot) {
            await options.screenshot(path, { selector: '.options-root', quality: QUALITY });
          }
        });
      }

      const popupShot = run.target('popup', lang);
      if (popupShot.length > 0) {
        await step(`the popup's answer (${lang}, ${theme})`, async () => {
          // The popup scrolls inside its 600 px: from the action picked down to the answer.
          await popup.evaluate(`document.querySelector('.popup-call').scrollIntoView({ block: 'start' })`);
          await settle(popup);
          await assertMasked(popup, secrets, 'the popup');
          for (const path of popupShot)
            await popup.screenshot(path, { selector: '.popup-root', quality: QUALITY });
        });
      }

      const replayShot = run.target('replay-diff', lang);
      if (replayShot.length > 0) {
        await step(`the replay diff (${lang}, ${theme})`, async () => {
          await selectRow(panel, replayed.id);
          await poll('the Replay tab', () =>
            panel.evaluate<boolean>(`!!document.querySelector('button[name="tab-replay"]')`),
          );
          await panel.click('button[name="tab-replay"]');
          await panel.click('input[name="replay-mode"][value="ticket"]');
          const ticketId = await poll(`${POPUP_USER}'s ticket in the replay picker`, () =>
            panel.evaluate<string | null>(
              `[...document.querySelectorAll('select[name="replay-ticket"] option')]
                 .find((o) => o.textContent.includes(${JSON.stringify(POPUP_USER)}))?.value ?? null`,
            ),
          );
          await choose(panel, 'select[name="replay-ticket"]', ticketId);
          await panel.click('button[name="replay-run"]');
          await poll(
            'the replay result',
            () => panel.evaluate<boolean>(`!!document.querySelector('[data-replay="result"]')`),
            20_000,
          );
          await waitForPanelText(panel, zh ? '差异' : 'Differences');
          await poll('the diff table', () =>
            panel.evaluate<boolean>(`!!document.querySelector('[data-section="diff"] .diff-table tbody tr')`),
          );
          // The whole story from the top: the mode, the ticket, both answers, and the diff's first rows.
          await panel.evaluate(`(document.querySelector('.cme-detail-body').scrollTop = 0, true)`);
          await settle(panel);
          await assertMasked(panel, secrets, 'the replay diff');
          for (const path of replayShot) await panel.screenshot(path, { quality: QUALITY });
        });
      }

      const failedShot = run.target('panel-failed-call', lang);
      if (failedShot.length > 0) {
        await step(`the failed call explained (${lang}, ${theme})`, async () => {
          await selectRow(panel, failing.id);
          await poll('the Overview tab', () =>
            panel.evaluate<boolean>(`!!document.querySelector('button[name="tab-overview"]')`),
          );
          await panel.click('button[name="tab-overview"]');
          await waitForPanelText(panel, zh ? explained.messageZh : explained.messageEn);
          await settle(panel);
          await assertMasked(panel, secrets, 'the failed call');
          for (const path of failedShot) await panel.screenshot(path, { quality: QUALITY });
        });
      }
    }
  } finally {
    await browser.close().catch(() => {});
  }
}

/** Builds the Chrome extension when its build is missing or older than its sources. */
function ensureBuild(): void {
  if (!existsSync(browserPath('chromium'))) {
    throw new Stop(
      `Chromium is not installed at ${browserPath('chromium')} (apt-get install chromium, or set CHROMIUM_PATH)`,
    );
  }
  const target = { ...extensionTarget(root), chosenDir: false };
  const problem = ensureBuilds([target], (line) => console.log(line), undefined, SCREENSHOTS);
  if (problem !== null) throw new Stop(problem.replace(/^npm run screenshots: /, ''));
}

const SCREENSHOTS: BuildCaller = { name: 'npm run screenshots', needs: 'the screenshots' };

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  const review = process.argv.includes('--review');
  ensureBuild();
  // On npm start's port when it is free, so the pictures show the URLs the README's walkthrough uses.
  const sandbox = await step('starting the sandbox', () =>
    startSandbox({ port: 8787, host: '127.0.0.1', quiet: true }).catch(() =>
      startSandbox({ port: 0, host: '127.0.0.1', quiet: true }),
    ),
  );
  // The README's pictures go to a fresh folder first, and replace the committed ones only when all are made.
  const staging = mkdtempSync(join(tmpdir(), 'cme-screenshots-'));
  try {
    if (review) {
      rmSync(REVIEW, { recursive: true, force: true });
      mkdirSync(REVIEW, { recursive: true });
    }
    for (const dark of review ? [false, true] : [false]) {
      const theme = dark ? 'dark' : 'light';
      await tour(sandbox, {
        dark,
        target: (view, lang) => {
          const name = dark ? undefined : DOCS_NAMES[`${view}.${lang}`];
          return [
            ...(name ? [join(staging, name)] : []),
            ...(review ? [join(REVIEW, `${view}.${lang}.${theme}.png`)] : []),
          ];
        },
      });
    }
  } finally {
    await sandbox.close();
  }

  mkdirSync(DOCS, { recursive: true });
  let total = 0;
  const over: string[] = [];
  for (const name of readdirSync(staging).sort()) {
    const size = statSync(join(staging, name)).size;
    copyFileSync(join(staging, name), join(DOCS, name));
    total += size;
    if (size > BUDGET_EACH) over.push(`${name} is ${kb(size)} (budget ${kb(BUDGET_EACH)})`);
    console.log(`${relative(root, join(DOCS, name)).padEnd(44)} ${kb(size).padStart(9)}`);
  }
  rmSync(staging, { recursive: true, force: true });
  console.log(`${'total'.padEnd(44)} ${kb(total).padStart(9)}`);
  if (review) {
    for (const name of readdirSync(REVIEW).sort()) {
      console.log(
        `${relative(root, join(REVIEW, name)).padEnd(44)} ${kb(statSync(join(REVIEW, name)).size).padStart(9)}`,
      );
    }
  }
  if (total > BUDGET_ALL) over.push(`all together ${kb(total)} (budget ${kb(BUDGET_ALL)})`);
  if (over.length > 0) throw new Stop(`over budget: ${over.join('; ')}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`npm run screenshots: ${message.split('\n')[0]}`);
    process.exit(1);
  },
);
