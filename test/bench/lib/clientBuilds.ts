import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** The web app as built by this tree (`npm run build`). */
export const CURRENT_DIST = join(ROOT, 'dist/client');

/**
 * The web app of an earlier commit, built into a temporary directory (kept for the next run):
 * its client/ and shared/ from git, this tree's node_modules.
 */
export async function buildClientAt(ref: string): Promise<string> {
  const commit = execFileSync('git', ['rev-parse', '--short=12', ref], { cwd: ROOT, encoding: 'utf8' }).trim();
  const dir = join(tmpdir(), `ioc-wall-client-${commit}`);
  const dist = join(dir, 'dist');
  if (existsSync(join(dist, 'index.html'))) return dist;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('sh', ['-c', `git archive ${commit} client shared | tar -x -C "${dir}"`], { cwd: ROOT });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  await build({
    configFile: false,
    root: join(dir, 'client'),
    logLevel: 'warn',
    plugins: [react()],
    resolve: { alias: { '@shared': join(dir, 'shared') } },
    build: { outDir: dist, emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  });
  return dist;
}
