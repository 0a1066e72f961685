// Run by start.mjs in a child process, so everything @electron/rebuild and node-gyp print (they write straight to
// stdout/stderr) lands in one log that start.mjs can read to tell a missing network from a missing compiler.
// Argument: the JSON options for @electron/rebuild's rebuild().
import { rebuild } from '@electron/rebuild';

try {
  await rebuild(JSON.parse(process.argv[2] ?? '{}'));
} catch (error) {
  console.error(error?.stack ?? error);
  if (error?.cause) console.error('cause:', error.cause?.stack ?? error.cause);
  process.exit(1);
}
