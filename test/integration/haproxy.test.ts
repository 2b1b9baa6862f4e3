import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadEvent } from '@shared/events';
import { freePort, waitFor } from '../helpers/process';
import { dropPrefix, testPrefix } from '../helpers/redis';
import { api, Display, issueToken, noteEvent, startServer, type TestServer } from '../helpers/server';

const CONFIG = fileURLToPath(new URL('../../server/deploy/haproxy.cfg', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ioc-haproxy-'));
const socketPath = join(dir, 'admin.sock');
const prefix = testPrefix('haproxy');
const nodes: TestServer[] = [];
let haproxy: ChildProcess | undefined;
let lb = '';

/** One command on HAProxy's runtime API (the stats socket the config declares). */
function runtime(command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(socketPath, () => s.end(`${command}\n`));
    let out = '';
    s.on('data', (d: Buffer) => (out += d.toString()));
    s.on('end', () => resolve(out));
    s.on('error', reject);
  });
}

/** A request from a chosen loopback address (127.0.0.2, ...), so the client is not the balancer. */
function from(localAddress: string, url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { localAddress, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  // Three nodes on one Redis that believe X-Forwarded-For from the balancer (127.0.0.1) only.
  for (let i = 0; i < 3; i++) nodes.push(await startServer({ prefix, trustProxy: ['127.0.0.1'], authFailuresPerSecond: 20 }));
  const port = await freePort();
  const env = { ...process.env, IOC_LB_BIND: `127.0.0.1:${port}`, IOC_LB_SOCKET: socketPath, ...Object.fromEntries(nodes.map((n, i) => [`IOC_NODE${i + 1}`, n.url.replace('http://', '')])) };
  let out = '';
  haproxy = spawn('haproxy', ['-f', CONFIG, '-db'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  haproxy.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  haproxy.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  lb = `http://127.0.0.1:${port}`;
  await waitFor(async () => {
    if (haproxy?.exitCode !== null) throw new Error(`haproxy exited: ${out}`);
    return (await fetch(`${lb}/readyz`)).status === 200;
  }, 15_000, 'HAProxy');
}, 40_000);

afterAll(async () => {
  if (haproxy && haproxy.exitCode === null) {
    const h = haproxy;
    const exited = new Promise((r) => h.once('exit', r));
    h.kill('SIGTERM');
    await exited;
  }
  for (const n of nodes) await n.close().catch(() => {});
  await dropPrefix(prefix);
  rmSync(dir, { recursive: true, force: true });
});

/** A display that reconnects through the balancer and resumes from its (epoch, seq). */
class ResumingDisplay {
  current: Display;
  events: ReadEvent[] = [];
  reconnects = 0;
  private closed = false;
  constructor(private readonly url: string, private readonly token: string) {
    this.current = this.attach(new Display(url, token));
  }
  private attach(d: Display): Display {
    d.socket.on('events', (m) => this.events.push(...m.events));
    d.socket.on('disconnect', () => {
      if (this.closed) return;
      this.reconnects += 1;
      setTimeout(() => this.reopen(d), 200);
    });
    d.socket.on('connect_error', () => setTimeout(() => this.reopen(d), 200));
    return d;
  }
  private reopen(old: Display): void {
    if (this.closed || this.current !== old) return;
    old.close();
    this.current = this.attach(new Display(this.url, this.token, old.epoch === undefined ? undefined : { epoch: old.epoch, seq: old.seq }));
  }
  close(): void {
    this.closed = true;
    this.current.close();
  }
}

describe('three nodes behind HAProxy (server/deploy/haproxy.cfg)', () => {
  it('moves displays off a drained and stopped node: they resume from (epoch, seq) with no gap and no duplicate', async () => {
    const viewer = (await issueToken(lb, 'viewer')).token;
    const displays = Array.from({ length: 6 }, () => new ResumingDisplay(lb, viewer));
    try {
      await Promise.all(displays.map((d) => d.current.connected()));
      let written = 0;
      let writing = true;
      const producer = (async () => {
        while (writing) {
          const res = await api(lb, '/api/v1/events', { body: { events: [noteEvent()] } });
          if (res.status === 202) written += 1;
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      await waitFor(async () => written >= 20, 10_000, 'writes through the balancer');
      expect(await runtime('set server nodes/node1 state drain')).toBe('\n');
      await nodes[0]!.close();
      await waitFor(async () => written >= 80, 20_000, 'writes after the node stopped');
      writing = false;
      await producer;
      const head = await nodes[1]!.store.head();
      for (const d of displays) {
        await waitFor(async () => d.current.seq === head.seq, 15_000, `a display to reach seq ${head.seq}`);
        const seqs = d.events.map((e) => e.seq);
        // Across its connections, a display saw every seq once, in order.
        expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
        expect(d.current.gaps).toBe(0);
      }
      expect(displays.some((d) => d.reconnects > 0)).toBe(true);
      expect(await runtime('show servers state nodes')).toMatch(/node1/);
    } finally {
      for (const d of displays) d.close();
    }
  }, 60_000);

  it('believes X-Forwarded-For from the balancer only: the unknown-token limit counts the client behind it, and a client cannot claim another address', async () => {
    const bad = { authorization: 'Bearer not-a-token-000000000000000000000000' };
    const burst = async (url: string, address: string, spoof: boolean) => {
      const statuses: number[] = [];
      for (let i = 0; i < 80; i++) statuses.push(await from(address, `${url}/api/v1/tokens`, spoof ? { ...bad, 'x-forwarded-for': `10.9.${i}.1` } : bad));
      return statuses;
    };
    // Through the balancer, rotating a claimed address does not help: 127.0.0.2 is limited.
    const through = await burst(lb, '127.0.0.2', true);
    expect(through).toContain(429);
    // ... while another client behind the same balancer is not.
    expect(await from('127.0.0.3', `${lb}/api/v1/tokens`, bad)).toBe(401);
    // Straight to a node, the claim is not believed either: 127.0.0.4 is limited by its own address.
    const direct = await burst(nodes[1]!.url, '127.0.0.4', true);
    expect(direct).toContain(429);
    expect(direct.slice(0, 20).every((s) => s === 401)).toBe(true);
  }, 60_000);
});
