/** Helpers shared by the browser adapters. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, extname } from 'node:path';

/** The image format a screenshot's file name asks for: `.jpg`/`.jpeg`, `.webp`, else PNG. */
export function imageFormat(path: string): 'png' | 'jpeg' | 'webp' {
  const ext = extname(path).toLowerCase();
  if (ext === '.jpg' || ext === '.jpeg') return 'jpeg';
  return ext === '.webp' ? 'webp' : 'png';
}

/** Makes the folder of a screenshot's `path` (test-results/ is not in a clone); returns the path. */
export function inFolder(path: string): string {
  mkdirSync(dirname(path), { recursive: true });
  return path;
}

/** Writes a screenshot's base64 data to `path`, making its folder first. */
export function writeImage(path: string, base64: string): void {
  writeFileSync(inFolder(path), Buffer.from(base64, 'base64'));
}

/** Quality of a lossy screenshot when none is asked for. */
export const DEFAULT_QUALITY = 85;

/** Poll `probe` until it returns a truthy value; throw a message naming `what` after `timeoutMs`. */
export async function poll<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 15_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
