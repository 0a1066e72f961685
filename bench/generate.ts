// Generates a database file with db/generate and measures it: `npm run bench -- generate [--preset demo|ward|city]
// [--out FILE] [--seed N]`. The file is opened with openDatabase, so it has the app's schema and settings.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { v7 as uuidv7 } from 'uuid';
import { openDatabase } from '../db/connection';
import { generate, GENERATE_PRESETS, type GeneratePreset, type GenerateProgress } from '../db/generate/generate';

const here = path.dirname(fileURLToPath(import.meta.url));
const MIB = 1024 * 1024;

function fileSize(file: string): number {
  return fs.existsSync(file) ? fs.statSync(file).size : 0;
}

function progressReporter(started: number): (p: GenerateProgress) => void {
  let lastPrinted = 0;
  return (p) => {
    const now = Date.now();
    if (p.phase === 'branches' && now - lastPrinted < 5_000 && p.done !== p.total) return;
    lastPrinted = now;
    const seconds = ((now - started) / 1000).toFixed(0);
    process.stderr.write(`[${seconds}s] ${p.phase} ${p.done}/${p.total} (${((100 * p.done) / p.total).toFixed(1)}%)\n`);
  };
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const { values } = parseArgs({
    args,
    options: {
      preset: { type: 'string', default: 'city' },
      out: { type: 'string' },
      seed: { type: 'string', default: '1' },
    },
    strict: true,
  });
  const preset = values.preset as GeneratePreset;
  if (!(preset in GENERATE_PRESETS)) throw new Error(`--preset must be one of ${Object.keys(GENERATE_PRESETS).join(', ')}`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
  const out = path.resolve(values.out ?? path.join(here, 'out', `${preset}.sqlite`));
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(out + suffix, { force: true });

  const started = Date.now();
  const store = openDatabase(out);
  const summary = generate(store.sqlite, {
    preset,
    seed,
    ownerSite: uuidv7(),
    now: Date.now(),
    onProgress: progressReporter(started),
  });
  const checkpointStarted = Date.now();
  store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const checkpointMs = Date.now() - checkpointStarted;
  const pageCount = store.sqlite.pragma('page_count', { simple: true }) as number;
  const pageSize = store.sqlite.pragma('page_size', { simple: true }) as number;
  await store.close();
  const totalMs = Date.now() - started;

  const bytes = fileSize(out) + fileSize(`${out}-wal`);
  const organisations = 1 + summary.wardIds.length + summary.branches;
  const rows = organisations + summary.members + summary.meetings + summary.attendance;
  const generateSeconds = summary.elapsedMs / 1000;
  return {
    preset,
    seed,
    file: out,
    wards: summary.wardIds.length,
    branches: summary.branches,
    members: summary.members,
    meetings: summary.meetings,
    attendance: summary.attendance,
    rows,
    generateSeconds: Number(generateSeconds.toFixed(2)),
    checkpointSeconds: Number((checkpointMs / 1000).toFixed(2)),
    totalSeconds: Number((totalMs / 1000).toFixed(2)),
    rowsPerSecond: Math.round(rows / generateSeconds),
    attendancePerSecond: Math.round(summary.attendance / generateSeconds),
    bytes,
    mib: Number((bytes / MIB).toFixed(1)),
    bytesPerAttendanceRow: summary.attendance > 0 ? Number((bytes / summary.attendance).toFixed(1)) : null,
    pageSize,
    pageCount,
    // maxRSS is in kilobytes (KiB).
    peakRssMib: Number((process.resourceUsage().maxRSS / 1024).toFixed(1)),
    node: process.version,
  };
}
