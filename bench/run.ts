// `npm run bench -- <name> [options]`: runs bench/<name>.ts, whose `run(args)` returns the figures, and prints them as
// one JSON line, the last line on stdout. Progress goes to stderr.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface Benchmark {
  run(args: string[]): Promise<Record<string, unknown>>;
}

const here = path.dirname(fileURLToPath(import.meta.url));

function available(): string[] {
  return fs
    .readdirSync(here)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts') && file !== 'run.ts')
    .map((file) => file.slice(0, -3))
    .sort();
}

async function main(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  const names = available();
  if (!name || !names.includes(name)) {
    process.stderr.write(
      `${name ? `Unknown benchmark "${name}".` : 'No benchmark named.'} Usage: npm run bench -- <name> [options]\n` +
        `Available benchmarks: ${names.length > 0 ? names.join(', ') : '(none)'}\n`,
    );
    return 2;
  }
  const module = (await import(pathToFileURL(path.join(here, `${name}.ts`)).href)) as Partial<Benchmark>;
  if (typeof module.run !== 'function') {
    process.stderr.write(`bench/${name}.ts does not export run(args).\n`);
    return 2;
  }
  const figures = await module.run(args);
  process.stdout.write(`${JSON.stringify({ bench: name, ...figures })}\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
