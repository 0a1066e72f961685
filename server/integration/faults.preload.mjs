// Loaded into the sync server's process by the fault tests (node --import tsx --import faults.preload.mjs server/cli.ts)
// when CHIBO_FAULT_STOP=<midway|commit>:<n> is set. It watches the database driver (better-sqlite3 for SQLite, pg for
// PostgreSQL) and, in the nth transaction that writes ward records (a push), holds the server still, saying
// "CHIBO_FAULT_STOPPED" on stdout, so the test can SIGKILL it exactly there:
//   midway — inside the transaction, after its records were written and before the epoch's new token and lastSeq:
//            nothing of the push may survive the kill;
//   commit — just after the transaction committed, before the answer is sent: the push survives, its answer is lost.
// With CHIBO_FAULT_WAIT=1 it loads the server's modules and then waits for a line on stdin before the server starts:
// the tests make the process that replaces a killed server ahead of time, and start it the moment the port is free.
// The server's code is not changed; without the variables this file does nothing.
import fs from 'node:fs';
import { createRequire } from 'node:module';

if (process.env.CHIBO_FAULT_WAIT === '1') {
  await Promise.all(['../app.ts', '../admin.ts', '../db.ts', '../errors.ts'].map((m) => import(new URL(m, import.meta.url).href)));
  await new Promise((resolve) => {
    let input = '';
    process.stdin.on('data', (d) => {
      input += d;
      if (input.includes('\n')) resolve();
    });
  });
  process.stdin.pause();
}

const spec = process.env.CHIBO_FAULT_STOP ?? '';
const match = /^(midway|commit):(\d+)$/.exec(spec);

if (match) {
  const at = match[1];
  const nth = Number(match[2]);
  const require = createRequire(`${process.cwd()}/package.json`);
  let pushes = 0;
  let fired = false;

  const say = () => fs.writeSync(1, '\nCHIBO_FAULT_STOPPED\n');
  const isRecordsWrite = (sql) => /^\s*insert\s+into\s+"?records"?[\s(]/i.test(sql);
  const isCommit = (sql) => /^\s*commit\b/i.test(sql);
  const isTokenWrite = (sql) => /^\s*update\s+"site_epochs"/i.test(sql);
  const isBegin = (sql) => /^\s*(begin|start transaction)\b/i.test(sql);

  // ---- SQLite: synchronous, so the hold is a blocking wait. -------------------------------------------------------
  const Database = require('better-sqlite3');
  const prepare = Database.prototype.prepare;
  const txn = new WeakMap(); // connection → the push number of its open transaction, or 0
  const holdSync = () => {
    say();
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30_000);
  };
  Database.prototype.prepare = function (sql, ...rest) {
    const statement = prepare.call(this, sql, ...rest);
    if (typeof sql !== 'string' || !(isBegin(sql) || isRecordsWrite(sql) || isTokenWrite(sql) || isCommit(sql))) return statement;
    const run = statement.run;
    const db = statement.database;
    statement.run = function (...args) {
      if (isBegin(sql)) {
        txn.set(db, 0);
        return run.apply(this, args);
      }
      if (isRecordsWrite(sql) && db.inTransaction && !txn.get(db)) txn.set(db, ++pushes);
      if (isTokenWrite(sql) && at === 'midway' && txn.get(db) === nth && !fired) {
        fired = true;
        holdSync();
      }
      if (isCommit(sql)) {
        const n = txn.get(db);
        txn.set(db, 0);
        const result = run.apply(this, args);
        if (at === 'commit' && n === nth && !fired) {
          fired = true;
          holdSync();
        }
        return result;
      }
      return run.apply(this, args);
    };
    return statement;
  };

  // ---- PostgreSQL: asynchronous, so the hold is a promise that does not settle before the kill. ------------------------
  const pg = require('pg');
  const query = pg.Client.prototype.query;
  const hold = () => {
    say();
    return new Promise((resolve) => setTimeout(resolve, 30_000));
  };
  pg.Client.prototype.query = function (config, values, callback) {
    const sql = typeof config === 'string' ? config : config?.text;
    if (typeof sql !== 'string' || typeof callback === 'function' || typeof values === 'function') return query.call(this, config, values, callback);
    if (isBegin(sql)) {
      this.__chiboPush = 0;
      return query.call(this, config, values);
    }
    if (isRecordsWrite(sql) && !this.__chiboPush) this.__chiboPush = ++pushes;
    if (isTokenWrite(sql) && at === 'midway' && this.__chiboPush === nth && !fired) {
      fired = true;
      return hold().then(() => query.call(this, config, values));
    }
    if (isCommit(sql)) {
      const n = this.__chiboPush;
      this.__chiboPush = 0;
      if (at === 'commit' && n === nth && !fired) {
        fired = true;
        return query.call(this, config, values).then(async (result) => {
          await hold();
          return result;
        });
      }
    }
    return query.call(this, config, values);
  };
}
