/**
 * First step of `npm test`: makes sure the system tools the tests use are installed (see
 * tools.ts), so that a missing one stops the run at once instead of failing tests later.
 */
import { PrepareError, prepareTools } from './tools';

try {
  prepareTools();
} catch (err) {
  if (!(err instanceof PrepareError)) throw err;
  console.error(`npm test: ${err.message}`);
  process.exit(1);
}
