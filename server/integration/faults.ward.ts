// A ward's sync as its own process, for the fault tests (faults.test.ts): opens the data folder, runs one sync cycle
// and exits. Told where (argv[3]), it first adds a temporary trigger that holds the process still inside the
// transaction that applies what came from the server, saying "CHIBO_FAULT_STOPPED" on stdout, so the test can SIGKILL
// it there:
//   push    — applying a push's answer (the first acknowledged outbox entry deleted);
//   pull    — applying a pull page (the first superior document written);
//   recover — recovering after EPOCH_CONFLICT or a restored backup (the first entry of the fresh outbox written).
// Usage: node --import tsx server/integration/faults.ward.ts <data folder> [push|pull|recover]
import fs from 'node:fs';
import { startRuntime } from '../../core/runtime';

const [dataDir, point] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: faults.ward.ts <data folder> [push|pull|recover]');

const TRIGGERS: Record<string, string> = {
  push: 'AFTER DELETE ON main.outbox',
  pull: 'AFTER INSERT ON main.superior_documents',
  recover: 'AFTER INSERT ON main.outbox',
};

const runtime = startRuntime({ dataDir, host: 'cli', appVersion: '0.0.0-test', log: () => {}, sync: { background: false } });
const sqlite = runtime.store.sqlite;
if (point) {
  const when = TRIGGERS[point];
  if (!when) throw new Error(`unknown stop point ${point}`);
  sqlite.function('chibo_fault_hold', () => {
    fs.writeSync(1, '\nCHIBO_FAULT_STOPPED\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30_000);
    return 0;
  });
  sqlite.exec(`CREATE TEMP TRIGGER chibo_fault_hold ${when} BEGIN SELECT chibo_fault_hold(); END`);
}
const outcome = await runtime.context.sync.run();
fs.writeSync(1, `\n${JSON.stringify({ error: outcome.error?.message ?? null, summary: outcome.summary })}\n`);
await runtime.close();
