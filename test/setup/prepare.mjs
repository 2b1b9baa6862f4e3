/**
 * First step of `npm test` (plain `node`, any user): makes sure the system tools the tests use
 * are installed (see tools.mjs), so that a missing one stops the run at once with one line
 * instead of failing tests later.
 */
import console from 'node:console';
import process from 'node:process';
import { PrepareError, prepareTools } from './tools.mjs';

try {
  prepareTools();
} catch (err) {
  if (!(err instanceof PrepareError)) throw err;
  console.error(`npm test: ${err.message}`);
  process.exit(1);
}
