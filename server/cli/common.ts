import { relative, resolve } from 'node:path';

/** A failure to report in one line and exit 1 on. */
export class CliError extends Error {}

/** The embedded store's folder: `--dir`, else IOC_DATA_DIR, else ./data, as the server reads it. */
export function dataDir(dir: string | undefined): string {
  return resolve(dir || process.env.IOC_DATA_DIR || './data');
}

export const count = (n: number) => n.toLocaleString('en-US');

/** `1 token`, `2 tokens`. */
export const plural = (n: number, word: string) => `${count(n)} ${n === 1 ? word : `${word}s`}`;

export function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** `npm run log -- <args>`, pointed at `dir` unless it is the default ./data. */
export function logCommand(dir: string, args: string): string {
  const env = relative(process.cwd(), dir) === 'data' ? '' : `IOC_DATA_DIR=${dir} `;
  return `${env}npm run log -- ${args}`;
}
