#!/usr/bin/env node
// Prints web-ext lint's findings and fails on any error (warnings are listed, explained in the README).
import { readFileSync } from 'node:fs';

const file = process.argv[2];
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.error(`web-ext lint produced no readable report (${file}): ${error.message}`);
  process.exit(1);
}
const { errors = [], warnings = [], notices = [] } = report;
for (const w of warnings) console.log(`warning ${w.code}: ${w.message} (${w.file ?? ''})`);
for (const e of errors) console.log(`ERROR ${e.code}: ${e.message} (${e.file ?? ''})`);
console.log(`web-ext lint: ${errors.length} errors, ${warnings.length} warnings, ${notices.length} notices`);
process.exit(errors.length > 0 ? 1 : 0);
