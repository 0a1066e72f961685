#!/usr/bin/env node
// npm test: type-check every layer, lint (with the layer rules), the unit and integration tests, then the end-to-end
// tests in Chromium. Every step runs even when an earlier one fails, so one run shows everything; the exit code is
// non-zero if any step failed. The last line counts the tests of both runners.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const artifacts = path.join(root, 'e2e', 'artifacts');
fs.mkdirSync(artifacts, { recursive: true });
const vitestJson = path.join(artifacts, 'vitest.json');
const playwrightJson = path.join(artifacts, 'playwright.json');
fs.rmSync(vitestJson, { force: true });
fs.rmSync(playwrightJson, { force: true });

const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const steps = [
  ['Kiểm tra kiểu (typecheck)', 'npm', ['run', '--silent', 'typecheck']],
  ['Lint và quy tắc tầng', bin('eslint'), ['.']],
  ['Kiểm thử đơn vị và tích hợp (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]],
  ['Kiểm thử đầu-cuối trong Chromium (Playwright)', bin('playwright'), ['test', '-c', 'e2e/playwright.config.ts', '--reporter=list,json']],
];

const failed = [];
for (const [label, command, args] of steps) {
  console.log(`\n=== ${label} ===`);
  const env = { ...process.env };
  if (command === bin('playwright')) env.PLAYWRIGHT_JSON_OUTPUT_NAME = playwrightJson;
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) failed.push(label);
}

let passed = 0;
let failures = 0;
let skipped = 0;
if (fs.existsSync(vitestJson)) {
  const v = JSON.parse(fs.readFileSync(vitestJson, 'utf8'));
  passed += v.numPassedTests;
  failures += v.numFailedTests;
  skipped += v.numPendingTests + v.numTodoTests;
}
if (fs.existsSync(playwrightJson)) {
  const p = JSON.parse(fs.readFileSync(playwrightJson, 'utf8'));
  passed += p.stats.expected + p.stats.flaky;
  failures += p.stats.unexpected;
  skipped += p.stats.skipped;
}

console.log('');
if (failed.length > 0) console.log(`Các bước thất bại: ${failed.join('; ')}`);
if (failed.length > 0 && failures === 0) failures = failed.length;
console.log(`Summary: ${passed} passed, ${failures} failed, ${skipped} skipped`);
process.exit(failed.length > 0 ? 1 : 0);
