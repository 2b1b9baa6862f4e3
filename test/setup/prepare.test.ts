import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { findCommand, prepareTools, TOOLS, type Tool } from './tools.mjs';

const SETUP = fileURLToPath(new URL('.', import.meta.url));
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A folder anyone can read, with a bin/ of symlinks to the given commands and a copy of the prepare step. */
function sandbox(commands: string[]): { dir: string; bin: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-prepare-'));
  dirs.push(dir);
  chmodSync(dir, 0o755);
  const bin = join(dir, 'bin');
  mkdirSync(bin, { mode: 0o755 });
  // A copy, because the repository may sit where another user cannot read it (e.g. under /root).
  for (const f of ['tools.mjs', 'prepare.mjs']) copyFileSync(join(SETUP, f), join(dir, f));
  for (const name of commands) {
    const path = findCommand(name);
    if (!path) throw new Error(`${name} is not installed here`);
    symlinkSync(path, join(bin, name));
  }
  return { dir, bin };
}

/** Runs the prepare step as `node prepare.mjs`, as user nobody when this is root, with PATH = `bin`. */
function runPrepare(dir: string, bin: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const setpriv = findCommand('setpriv');
  const asNobody = process.getuid?.() === 0 ? [setpriv ?? 'setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'] : [];
  const argv = [...asNobody, process.execPath, join(dir, 'prepare.mjs')];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd: dir, env: { PATH: bin, HOME: dir, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

const commandTools = TOOLS.filter((t) => t.file === undefined);

describe('the prepare step of npm test', () => {
  it('as a non-root user with tools missing, exits 1 within 10 s with one line naming them and the apt-get command', async () => {
    const { dir, bin } = sandbox(['node', 'apt-get']);
    const hidden = commandTools.filter((t) => findCommand(t.name, { PATH: bin }) === null);
    // redis-server lives in /usr/bin, which this PATH does not reach.
    expect(hidden.map((t) => t.name)).toContain('redis-server');

    const run = await runPrepare(dir, bin);
    expect(run.code).toBe(1);
    expect(run.ms).toBeLessThan(10_000);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    for (const t of hidden) expect(lines[0]).toContain(t.name);
    const pkgs = [...new Set(hidden.map((t) => t.pkg))].join(' ');
    expect(lines[0]).toContain(`install them as root: apt-get update && apt-get install -y ${pkgs}`);
  });

  it('with every tool present, exits 0 at once without calling apt-get', async () => {
    // No apt-get on this PATH: had it tried to install anything it would have failed.
    const { dir, bin } = sandbox(['node', ...commandTools.map((t) => t.name)]);
    const run = await runPrepare(dir, bin);
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(run.ms).toBeLessThan(5_000);
  });

  it('names CHROMIUM_PATH when it points at nothing, since installing chromium would not help', async () => {
    const { dir, bin } = sandbox(['node', 'apt-get', ...commandTools.map((t) => t.name)]);
    const run = await runPrepare(dir, bin, { CHROMIUM_PATH: join(dir, 'no-chromium') });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(`npm test: CHROMIUM_PATH=${join(dir, 'no-chromium')} is not an executable file (unset it to use /usr/bin/chromium)`);
  });

  it('as root with apt-get, installs every missing package with one update and one install, and says so in one line', () => {
    const { dir, bin } = sandbox([]);
    // A stand-in apt-get that logs its calls and "installs" a package by linking its command into bin/.
    const missing: Tool[] = commandTools.filter((t) => ['redis-sentinel', 'pdftotext'].includes(t.name));
    const links = missing.map((t) => `/bin/ln -sf ${findCommand(t.name)} ${join(bin, t.name)}`).join('\n  ');
    const aptGet = join(dir, 'apt-get');
    writeFileSync(aptGet, `#!/bin/sh\necho "$*" >> ${join(dir, 'apt.log')}\nif [ "$1" = install ]; then\n  ${links}\nfi\n`, { mode: 0o755 });
    symlinkSync(aptGet, join(bin, 'apt-get'));
    for (const name of ['redis-server', 'redis-cli', 'haproxy']) symlinkSync(findCommand(name)!, join(bin, name));

    const lines: string[] = [];
    prepareTools({ env: { PATH: bin }, root: true, log: (l) => lines.push(l), tools: [...commandTools] });
    expect(lines).toEqual(['installing missing test tools with apt-get: redis-sentinel poppler-utils']);
    expect(readFileSync(join(dir, 'apt.log'), 'utf8').trim().split('\n')).toEqual(['update -qq', 'install -y -qq redis-sentinel poppler-utils']);
    for (const t of missing) expect(findCommand(t.name, { PATH: bin })).toBe(join(bin, t.name));
  });
});
