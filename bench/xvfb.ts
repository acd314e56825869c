/**
 * A virtual X display for headed browser benchmarks: a headed Chromium draws its windows (the page and a
 * docked DevTools share one) and composites frames as on a desktop, which headless Chromium does not.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

const XVFB = '/usr/bin/Xvfb';

/** A running display: its `DISPLAY` value and how to stop it. */
export interface Display {
  display: string;
  /** How the display was had: the caller's own (`DISPLAY`) or an Xvfb started here. */
  kind: 'own' | 'xvfb';
  stop(): void;
}

/** The caller's display when `DISPLAY` is set, else a new Xvfb screen; null when neither exists. */
export async function openDisplay(): Promise<Display | null> {
  if (process.env.DISPLAY) return { display: process.env.DISPLAY, kind: 'own', stop: () => {} };
  if (!existsSync(XVFB)) return null;
  // -displayfd: Xvfb picks a free display number and writes it to fd 3 once it accepts clients.
  const child: ChildProcess = spawn(
    XVFB,
    ['-displayfd', '3', '-screen', '0', '1920x1200x24', '-nolisten', 'tcp'],
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] },
  );
  const fd = child.stdio[3] as NodeJS.ReadableStream | null;
  if (!fd) return null;
  const number = await new Promise<string | null>((resolve) => {
    let text = '';
    const timer = setTimeout(() => resolve(null), 10_000);
    fd.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) {
        clearTimeout(timer);
        resolve(text.trim());
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(null);
    });
  });
  if (number === null) {
    child.kill();
    return null;
  }
  return { display: `:${number}`, kind: 'xvfb', stop: () => child.kill() };
}
