import { ImportRefusedError, StoreOpenError } from '../store/store';
import { CliError } from './common';
import { exportLog } from './log-export';
import { importLog } from './log-import';
import { repair } from './repair';
import { resend } from './resend';
import { verify } from './verify';

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = { verify, repair, resend, export: exportLog, import: importLog };

const USAGE = `usage: npm run log -- <command>
  verify [--dir <folder>] [--archive <folder>]
                                 check the embedded store's log and archived days, line by line (safe while the server runs)
  repair [--dir <folder>] [--archive <folder>]
                                 mend them in place: every intact event kept as it was, a damaged line
                                 replaced by a log.damaged event, its bytes quarantined (the server must be stopped)
  resend <file> --url <server> --token <admin token>
                                 re-send quarantined events you want back through the API
  export --out <folder>          back up the whole history (events, tokens) with a manifest and checksums
  import <folder>                load a backup into an empty store (same seqs and epoch)
verify and repair read IOC_DATA_DIR (default ./data) unless --dir says otherwise; export and
import use the store the server would: REDIS_URL and IOC_REDIS_PREFIX, else IOC_DATA_DIR.`;

const [name, ...args] = process.argv.slice(2);
const command = name ? COMMANDS[name] : undefined;
if (!command) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(name && name !== 'help' ? 1 : 0);
}
try {
  process.exitCode = await command(args);
} catch (err) {
  if (!(err instanceof CliError || err instanceof StoreOpenError || err instanceof ImportRefusedError || (err instanceof TypeError && 'code' in err))) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exitCode = 1;
}
