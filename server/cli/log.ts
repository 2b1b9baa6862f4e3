import { CliError } from './common';
import { repair } from './repair';
import { resend } from './resend';
import { verify } from './verify';

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = { verify, repair, resend };

const USAGE = `usage: npm run log -- <command>
  verify [--dir <folder>]        check the embedded store's log, line by line (safe while the server runs)
  repair [--dir <folder>]        keep the log's valid part, quarantine the rest (the server must be stopped)
  resend <file> --url <server> --token <admin token>
                                 put quarantined events back through the API
The folder is IOC_DATA_DIR (default ./data) unless --dir says otherwise.`;

const [name, ...args] = process.argv.slice(2);
const command = name ? COMMANDS[name] : undefined;
if (!command) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(name && name !== 'help' ? 1 : 0);
}
try {
  process.exitCode = await command(args);
} catch (err) {
  if (!(err instanceof CliError) && !(err instanceof TypeError && 'code' in err)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exitCode = 1;
}
