/**
 * `npm run export-briefing -- --url <server> --token <token> --out briefing.pdf [--at <ISO time>] [--baseline <seq>] [--lang vi|en]`
 * Exit 0 with the PDF written; 2 for a bad command line; 1 when the server, the token, Chromium or the page fails.
 */
import { statSync } from 'node:fs';
import { exportBriefing, parseExportArgs, USAGE, type ExportOptions } from './briefing-pdf';

async function main(): Promise<void> {
  let options: ExportOptions;
  try {
    options = parseExportArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    process.exit(2);
  }
  try {
    const pages = await exportBriefing(options);
    console.log(`wrote ${options.out} (${pages} pages, ${Math.round(statSync(options.out).size / 1024)} KB)`);
  } catch (err) {
    console.error(`export-briefing: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}

await main();
