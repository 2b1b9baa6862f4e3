import { parseArgs } from 'node:util';
import { runImport } from './import-run';

const USAGE = 'usage: npm run import -- <file.csv> --url <server> --token <token>';

/** `npm run import`: see runImport; exits 0 when all is stored, 1 otherwise. */
async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { url: { type: 'string' }, token: { type: 'string' } } });
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 1;
  }
  const { values, positionals } = parsed;
  const token = values.token ?? process.env.IOC_TOKEN;
  if (positionals.length !== 1 || !values.url || !token) {
    console.error(USAGE);
    return 1;
  }
  try {
    return await runImport({ file: positionals[0]!, url: values.url, token, out: (line) => console.log(line) });
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : '';
    console.error(`import failed: ${err instanceof Error ? err.message : String(err)}${cause}`);
    return 1;
  }
}

process.exitCode = await main();
