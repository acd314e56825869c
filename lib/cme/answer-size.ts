/** The size of a call's answer body, as the panel's `larger-than:` filter compares it. */
import type { RawCall } from './types';

/**
 * The answer body's size in bytes: the browser's decoded size when it gave one (HAR `content.size`,
 * also when the capture kept only part of the text), else the text's length (characters; Base64 text
 * counted as the bytes it holds); 0 without an answer body.
 */
export function answerSize(raw: Pick<RawCall, 'response'>): number {
  const body = raw.response?.body;
  if (!body) return 0;
  if (typeof body.size === 'number' && Number.isFinite(body.size) && body.size >= 0) return body.size;
  const text = body.text ?? '';
  return body.encoding === 'base64' ? Math.floor((text.length * 3) / 4) : text.length;
}
