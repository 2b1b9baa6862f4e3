import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import { issueToken } from '../../helpers/server';
import { dropPrefix, testPrefix, TEST_REDIS_URL } from '../../helpers/redis';
import { spawnServer, type ServerProcess } from '../../helpers/process';
import { ADMIN_TOKEN } from '../cases/context';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * An earlier commit's whole product (server and web app) in a temporary directory, kept for the
 * next run: its files from git, this tree's node_modules, its web app built into its dist/client.
 * The server comes along because a client only understands the snapshots of its own server.
 */
async function checkoutOf(ref: string): Promise<string> {
  const commit = execFileSync('git', ['rev-parse', '--short=12', ref], { cwd: ROOT, encoding: 'utf8' }).trim();
  const dir = join(tmpdir(), `ioc-wall-design-${commit}`);
  const dist = join(dir, 'dist/client');
  if (existsSync(join(dist, 'index.html'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('sh', ['-c', `git archive ${commit} | tar -x -C "${dir}"`], { cwd: ROOT });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  await build({
    configFile: false,
    root: join(dir, 'client'),
    logLevel: 'warn',
    plugins: [react()],
    resolve: { alias: { '@shared': join(dir, 'shared') } },
    build: { outDir: dist, emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  });
  return dir;
}

export interface Design {
  url: string;
  /** A viewer token of this design's own server. */
  viewer: string;
}

/**
 * This tree's product and the one at `previousRef` (null: this tree's only), each as its own
 * server process on real Redis under its own prefix, each serving its own web app, started
 * together: the wall benchmarks measure both in one run.
 */
export interface Designs<Previous extends Design | null> {
  current: Design;
  previous: Previous;
  stop(): Promise<void>;
}
export function startDesigns(name: string, previousRef: string): Promise<Designs<Design>>;
export function startDesigns(name: string, previousRef: string | null): Promise<Designs<Design | null>>;
export async function startDesigns(name: string, previousRef: string | null): Promise<Designs<Design | null>> {
  const servers: { server: ServerProcess; prefix: string }[] = [];
  const start = async (root: string, design: string): Promise<Design> => {
    const prefix = testPrefix(`bench-${name}-${design}`);
    const server = await spawnServer({ REDIS_URL: TEST_REDIS_URL, IOC_REDIS_PREFIX: prefix, IOC_ADMIN_TOKEN: ADMIN_TOKEN, IOC_RATE_LIMIT: '0', IOC_LOG_LEVEL: 'error' }, undefined, root);
    servers.push({ server, prefix });
    return { url: server.url, viewer: (await issueToken(server.url, 'viewer')).token };
  };
  const stop = async () => {
    for (const { server, prefix } of servers) {
      await server.stop();
      await dropPrefix(prefix);
    }
  };
  // Settled, not raced: a start that fails still waits for the other, so that stop() finds it.
  const [current, previous] = await Promise.allSettled([start(ROOT, 'current'), previousRef === null ? null : checkoutOf(previousRef).then((root) => start(root, 'previous'))]);
  if (current.status === 'rejected' || previous.status === 'rejected') {
    await stop();
    throw [current, previous].flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []))[0];
  }
  return { current: current.value, previous: previous.value, stop };
}
