#!/usr/bin/env node
// Merge UI messages into public/_locales/{en,zh_CN}/messages.json, keeping keys sorted.
// Input: a JSON file { "key": { "en": "...", "zh_CN": "...", "placeholders"?: {...} }, ... } or "-" for stdin.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

const src = process.argv[2];
if (!src) {
  console.error('usage: node scripts/add-messages.mjs FILE.json|-');
  process.exit(2);
}
const input = JSON.parse(readFileSync(src === '-' ? 0 : src, 'utf8'));
for (const lang of ['en', 'zh_CN']) {
  const path = new URL(`../public/_locales/${lang}/messages.json`, import.meta.url);
  const messages = JSON.parse(readFileSync(path, 'utf8'));
  for (const [key, value] of Object.entries(input)) {
    if (!/^[A-Za-z0-9_]+$/.test(key)) throw new Error(`bad message key ${key}`);
    if (typeof value[lang] !== 'string' || !value[lang]) throw new Error(`${key}: missing ${lang}`);
    messages[key] = {
      message: value[lang],
      ...(value.placeholders ? { placeholders: value.placeholders } : {}),
    };
  }
  const sorted = Object.fromEntries(Object.entries(messages).sort(([a], [b]) => a.localeCompare(b)));
  const tmp = `${path.pathname}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(sorted, null, 2) + '\n');
  renameSync(tmp, path);
}
console.log(`merged ${Object.keys(input).length} messages`);
