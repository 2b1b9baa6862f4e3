/**
 * The system tools the tests use, where to find them, and the Debian package of each.
 * `prepareTools` installs missing ones with apt-get when it can (root, apt-get present), and
 * otherwise fails at once with one line naming them and the command that installs them.
 * Plain JavaScript with node:* imports only (types in tools.d.mts), so that plain `node` runs
 * it as any user, before anything else. The table is the one place to add a tool.
 */
import { spawnSync } from 'node:child_process';
import console from 'node:console';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import process from 'node:process';

/** @type {readonly import('./tools.d.mts').Tool[]} */
export const TOOLS = [
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

export class PrepareError extends Error {}

/** @param {string} path @param {number} mode */
function usable(path, mode) {
  try {
    accessSync(path, mode);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** @type {import('./tools.d.mts').findCommand} */
export function findCommand(name, env = process.env) {
  const dirs = [...(env.PATH ?? '').split(delimiter).filter(Boolean), ...SBIN];
  for (const dir of dirs) {
    const path = join(dir, name);
    if (usable(path, constants.X_OK)) return path;
  }
  return null;
}

/** @type {import('./tools.d.mts').findTool} */
export function findTool(tool, env = process.env) {
  if (tool.file === undefined) return findCommand(tool.name, env);
  const path = (tool.env && env[tool.env]) || tool.file;
  // A program must be executable; a font only readable.
  return usable(path, tool.env ? constants.X_OK : constants.R_OK) ? path : null;
}

/** @type {import('./tools.d.mts').prepareTools} */
export function prepareTools(options = {}) {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line) => console.log(line));
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
  if (!(options.root ?? process.getuid?.() === 0)) throw new PrepareError(`missing test tools: ${names}; install them as root: ${command}`);

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

/** @type {import('./tools.d.mts').pathWithTools} */
export function pathWithTools(env = process.env) {
  const path = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const tool of TOOLS) {
    if (tool.file !== undefined) continue;
    const found = findCommand(tool.name, env);
    if (found && !path.includes(dirname(found))) path.push(dirname(found));
  }
  return path.join(delimiter);
}
