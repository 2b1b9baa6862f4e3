import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Finished {
  code: number | null;
  output: string;
}

/** Runs a TypeScript entry point of the repository (as `npm run` would, through tsx) until it exits, or kills it after `ms`. */
export function runScript(script: string, args: string[], env: Record<string, string> = {}, ms = 30_000): Promise<Finished> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: ROOT,
      env: { ...process.env, IOC_LOG_LEVEL: 'warn', IOC_SIMULATE: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => proc.kill('SIGKILL'), ms);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** `npm run log -- <args>`. */
export const runLog = (args: string[], env: Record<string, string> = {}) => runScript('server/cli/log.ts', args, env);
