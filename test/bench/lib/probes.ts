/** Readings the national bench takes from the processes it runs: CPU time, Redis INFO, a display's snapshot. */
import { readFileSync } from 'node:fs';
import { io } from 'socket.io-client';
import { redisCli } from '../../helpers/cluster';
import type { RedisProcess } from '../../helpers/process';

const TICKS_PER_SECOND = 100;

/** User + system CPU time of a process, in ms (Linux /proc). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // After "pid (comm) ", utime and stime are the 12th and 13th fields.
  return ((Number(fields[11]) + Number(fields[12])) * 1_000) / TICKS_PER_SECOND;
}

/** Resident memory of a process, in bytes. */
export function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1] ?? 0) * 1_024;
}

function infoField(info: string, field: string): number {
  const line = info.split('\n').find((l) => l.startsWith(`${field}:`));
  return Number(line?.split(':')[1] ?? 0);
}

/** The cluster's masters (as they are now). */
export async function masters(nodes: RedisProcess[]): Promise<RedisProcess[]> {
  const roles = await Promise.all(nodes.map((n) => redisCli(n.port, 'ROLE')));
  return nodes.filter((_, i) => roles[i]!.startsWith('master'));
}

/** Per Redis (e.g. the masters): used memory (bytes), CPU (ms), commands processed. */
export async function redisReadings(nodes: { port: number }[]): Promise<{ port: number; memory: number; cpuMs: number; commands: number }[]> {
  return Promise.all(
    nodes.map(async (n) => {
      const info = await redisCli(n.port, 'INFO');
      return {
        port: n.port,
        memory: infoField(info, 'used_memory'),
        cpuMs: (infoField(info, 'used_cpu_user') + infoField(info, 'used_cpu_sys')) * 1_000,
        commands: infoField(info, 'total_commands_processed'),
      };
    }),
  );
}

/** A display connecting: time to its snapshot and the snapshot's size as JSON. */
export function snapshotProbe(url: string, token: string): Promise<{ ms: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token, protocol: 1 } });
    socket.once('snapshot', (m: unknown) => {
      const ms = performance.now() - started;
      socket.close();
      resolve({ ms, bytes: Buffer.byteLength(JSON.stringify(m)) });
    });
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** `GET /api/v1/state`: median time of `rounds` and the body's size. */
export async function stateProbe(url: string, token: string, rounds = 5): Promise<{ ms: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    const res = await fetch(`${url}/api/v1/state`, { headers: { authorization: `Bearer ${token}` } });
    bytes = (await res.arrayBuffer()).byteLength;
    times.push(performance.now() - started);
  }
  return { ms: [...times].sort((a, b) => a - b)[Math.floor(rounds / 2)]!, bytes };
}
