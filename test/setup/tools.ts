/**
 * The system tools the tests use, where to find them, and the Debian package of each.
 * `prepareTools` installs missing ones with apt-get when it can (root, apt-get present), and
 * otherwise fails at once with one line naming them and the command that installs them.
 * Only node:* imports: the prepare step runs before `npm install`'s dependencies are needed.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface Tool {
  /** What messages call it; for a command, the name looked up on PATH. */
  name: string;
  /** The Debian package that provides it. */
  pkg: string;
  /** A fixed file instead of a command on PATH. */
  file?: string;
  /** An environment variable that points at the file instead (e.g. CHROMIUM_PATH). */
  env?: string;
  /** Who needs it. */
  why: string;
}

/** One row per tool: add a row when a test starts using a new program. */
export const TOOLS: readonly Tool[] = [
  { name: 'redis-server', pkg: 'redis-server', why: "the test run's own Redis; fault tests stop and restart theirs" },
  { name: 'redis-cli', pkg: 'redis-tools', why: 'talking to a test Redis by hand' },
  { name: 'redis-sentinel', pkg: 'redis-sentinel', why: 'failover tests' },
  { name: 'haproxy', pkg: 'haproxy', why: 'several nodes behind a load balancer' },
  { name: 'pdftotext', pkg: 'poppler-utils', why: 'reading back exported PDFs' },
  { name: 'chromium', pkg: 'chromium', file: '/usr/bin/chromium', env: 'CHROMIUM_PATH', why: 'e2e tests, the soak test, the pixel benchmark' },
  { name: 'Noto fonts', pkg: 'fonts-noto-core', file: '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf', why: 'Vietnamese glyphs in screenshots' },
];

/** Non-root users often lack the sbin folders on PATH, where e.g. haproxy lives. */
const SBIN = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

function usable(path: string, mode: number): boolean {
  try {
    accessSync(path, mode);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The absolute path of a command on PATH (then in the sbin folders), or null. */
export function findCommand(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const dirs = [...(env.PATH ?? '').split(delimiter).filter(Boolean), ...SBIN];
  for (const dir of dirs) {
    const path = join(dir, name);
    if (usable(path, constants.X_OK)) return path;
  }
  return null;
}

/** Where the tool is, or null when it is missing. */
export function findTool(tool: Tool, env: NodeJS.ProcessEnv = process.env): string | null {
  if (tool.file === undefined) return findCommand(tool.name, env);
  const path = (tool.env && env[tool.env]) || tool.file;
  const isFont = !tool.env;
  return usable(path, isFont ? constants.R_OK : constants.X_OK) ? path : null;
}

export class PrepareError extends Error {}

export interface PrepareOptions {
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  tools?: readonly Tool[];
}

/** Makes sure every tool is there, installing the missing ones if this is root on a machine with apt-get. */
export function prepareTools(options: PrepareOptions = {}): void {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => console.log(line));
  const tools = options.tools ?? TOOLS;
  const missing = tools.filter((t) => findTool(t, env) === null);
  if (missing.length === 0) return;

  // A wrong override is the user's choice of path: installing the package would not change it.
  const badOverride = missing.find((t) => t.env && env[t.env]);
  if (badOverride?.env) throw new PrepareError(`${badOverride.env}=${env[badOverride.env]} is not an executable file (unset it to use ${badOverride.file})`);

  const names = missing.map((t) => t.name).join(', ');
  const pkgs = [...new Set(missing.map((t) => t.pkg))];
  const command = `apt-get update && apt-get install -y ${pkgs.join(' ')}`;
  const aptGet = findCommand('apt-get', env);
  if (aptGet === null) throw new PrepareError(`missing test tools: ${names}; install the Debian packages ${pkgs.join(' ')} (on Debian: ${command})`);
  if (process.getuid?.() !== 0) throw new PrepareError(`missing test tools: ${names}; install them as root: ${command}`);

  log(`installing missing test tools with apt-get: ${pkgs.join(' ')}`);
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', ...pkgs]]) {
    const run = spawnSync(aptGet, args, { env: aptEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (run.status !== 0) {
      const why = `${run.stderr ?? ''}${run.stdout ?? ''}`.trim().split('\n').slice(-5).join(' / ') || String(run.error ?? `exit ${run.status}`);
      throw new PrepareError(`apt-get ${args[0]} failed (${why}); install them as root: ${command}`);
    }
  }
  const still = tools.filter((t) => findTool(t, env) === null);
  if (still.length) throw new PrepareError(`still missing after apt-get install: ${still.map((t) => t.name).join(', ')}`);
}

/** PATH plus the sbin folders holding a tool that PATH does not reach, so that tests can run each tool by name. */
export function pathWithTools(env: NodeJS.ProcessEnv = process.env): string {
  const path = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const tool of TOOLS) {
    if (tool.file !== undefined) continue;
    const found = findCommand(tool.name, env);
    const dir = found?.slice(0, found.lastIndexOf('/'));
    if (dir && !path.includes(dir)) path.push(dir);
  }
  return path.join(delimiter);
}
