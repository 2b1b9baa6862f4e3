import { createClient, createCluster, type RedisClientType, type RedisClusterType } from 'redis';

export type Reply = string | number | null | Reply[];

/** Where the store's Redis is: one server (`REDIS_URL`) or the seed nodes of a cluster (`IOC_REDIS_CLUSTER`). */
export type RedisTarget = { url: string } | { cluster: string[] };

/**
 * The connections one deployment needs, on one Redis or on a cluster. Every key of a deployment
 * shares its hash tag, so on a cluster every command goes to the master of that one slot
 * (`routingKey` names it): the Lua scripts, `WAIT` and the blocking reads all land on one node.
 */
export interface RedisConnection {
  readonly clustered: boolean;
  open(onError: (err: Error) => void): Promise<void>;
  close(): Promise<void>;
  /** Connected to the node that holds the deployment's keys. */
  ready(): boolean;
  /** Called after each (re)connect of the command connection. */
  onReady(listener: () => void): void;
  send(args: string[]): Promise<Reply>;
  /** On a connection of its own, so `XREAD BLOCK` never holds up other commands. */
  sendBlocking(args: string[]): Promise<Reply>;
  subscribe(channel: string, listener: (message: string) => void): Promise<void>;
  /** After a failure: look for the slot's master again (node-redis re-reads the topology only on MOVED/ASK). */
  refresh(): void;
}

const reconnectStrategy = (retries: number) => Math.min(100 * 2 ** retries, 2_000);

export function connectRedis(target: RedisTarget, routingKey: string): RedisConnection {
  return 'url' in target ? new SingleConnection(target.url) : new ClusterConnection(target.cluster, routingKey);
}

class SingleConnection implements RedisConnection {
  readonly clustered = false;
  private readonly client: RedisClientType;
  private readonly blocking: RedisClientType;
  private readonly subscriber: RedisClientType;

  constructor(url: string) {
    this.client = createClient({ url, disableOfflineQueue: true, socket: { connectTimeout: 2_000, reconnectStrategy } });
    this.blocking = this.client.duplicate();
    this.subscriber = this.client.duplicate();
  }

  async open(onError: (err: Error) => void): Promise<void> {
    const all = [this.client, this.blocking, this.subscriber];
    for (const c of all) {
      c.on('error', onError);
      void c.connect().catch(onError);
    }
    await Promise.all(all.map((c) => whenReady(c, 3_000)));
  }

  async close(): Promise<void> {
    await Promise.all([this.client, this.blocking, this.subscriber].map((c) => c.destroy()));
  }

  ready(): boolean {
    return this.client.isReady;
  }

  onReady(listener: () => void): void {
    this.client.on('ready', listener);
  }

  send(args: string[]): Promise<Reply> {
    if (!this.client.isReady) return Promise.reject(new Error('not connected to Redis'));
    return this.client.sendCommand(args) as Promise<Reply>;
  }

  sendBlocking(args: string[]): Promise<Reply> {
    if (!this.blocking.isReady) return Promise.reject(new Error('not connected to Redis'));
    return this.blocking.sendCommand(args) as Promise<Reply>;
  }

  async subscribe(channel: string, listener: (message: string) => void): Promise<void> {
    await whenReady(this.subscriber, 3_000);
    await this.subscriber.subscribe(channel, listener);
  }

  refresh(): void {}
}

type Cluster = RedisClusterType;

/**
 * A cluster client for commands and pub/sub, and a second one (its own node connections) for
 * blocking reads. Revocations use classic PUBLISH, which the cluster bus carries to every node,
 * so a subscriber on any node hears them.
 */
class ClusterConnection implements RedisConnection {
  readonly clustered = true;
  private readonly cluster: Cluster;
  private readonly blocking: Cluster;
  private readonly slot: number;
  private closed = false;
  private readyListeners: (() => void)[] = [];
  private lastRefresh = 0;
  private onError: (err: Error) => void = () => {};

  constructor(seeds: string[], private readonly routingKey: string) {
    this.slot = keySlot(routingKey);
    this.cluster = createCluster({
      rootNodes: seeds.map((url) => ({ url })),
      defaults: { disableOfflineQueue: true, socket: { connectTimeout: 1_000, reconnectStrategy } },
    });
    this.blocking = this.cluster.duplicate({ minimizeConnections: true });
  }

  async open(onError: (err: Error) => void): Promise<void> {
    this.onError = onError;
    for (const c of [this.cluster, this.blocking]) {
      c.on('error', onError);
      // A node that fails: the replica promoted in its place is found without waiting for a MOVED.
      c.on('node-error', () => this.refresh());
      c.on('node-ready', () => this.announceReady());
    }
    void this.connect(this.cluster);
    void this.connect(this.blocking);
    const deadline = Date.now() + 3_000;
    while (!this.ready() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  }

  /** Keeps trying the seed nodes until one answers (a cluster not up yet is not a reason to exit). */
  private async connect(c: Cluster): Promise<void> {
    while (!this.closed) {
      try {
        await c.connect();
        if (c === this.cluster) this.announceReady();
        return;
      } catch (err) {
        this.onError(err as Error);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  private announceReady(): void {
    if (this.ready()) for (const l of this.readyListeners) l();
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([this.cluster, this.blocking].map((c) => (c.isOpen ? c.destroy() : undefined)));
  }

  ready(): boolean {
    if (this.closed || !this.cluster.isOpen) return false;
    const master = this.cluster.slots[this.slot]?.master;
    return master?.client?.isReady ?? false;
  }

  onReady(listener: () => void): void {
    this.readyListeners.push(listener);
  }

  send(args: string[]): Promise<Reply> {
    if (!this.cluster.isOpen) return Promise.reject(new Error('not connected to the Redis cluster'));
    return this.cluster.sendCommand(this.routingKey, false, args) as Promise<Reply>;
  }

  sendBlocking(args: string[]): Promise<Reply> {
    if (!this.blocking.isOpen) return Promise.reject(new Error('not connected to the Redis cluster'));
    return this.blocking.sendCommand(this.routingKey, false, args) as Promise<Reply>;
  }

  async subscribe(channel: string, listener: (message: string) => void): Promise<void> {
    while (!this.cluster.isOpen && !this.closed) await new Promise((r) => setTimeout(r, 100));
    await this.cluster.subscribe(channel, listener);
  }

  refresh(): void {
    const now = Date.now();
    if (this.closed || now - this.lastRefresh < 250) return;
    this.lastRefresh = now;
    for (const c of [this.cluster, this.blocking]) {
      if (!c.isOpen) continue;
      const start = c.slots[this.slot]?.master.client ?? c.masters.find((m) => m.client)?.client;
      if (start) void c._slots.rediscover(start).catch(() => {});
    }
  }
}

/** Resolves when the client is connected, or after `ms` if it is not by then. */
function whenReady(client: RedisClientType, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    if (client.isReady) return resolve();
    const timer = setTimeout(resolve, ms);
    client.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** The cluster slot of a key: CRC16 (XMODEM) of its hash tag, modulo 16384, as Redis computes it. */
export function keySlot(key: string): number {
  const bytes = Buffer.from(key);
  const open = bytes.indexOf(0x7b);
  if (open !== -1) {
    const close = bytes.indexOf(0x7d, open + 1);
    if (close > open + 1) return crc16(bytes.subarray(open + 1, close)) % 16384;
  }
  return crc16(bytes) % 16384;
}

function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const b of bytes) {
    crc ^= b << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}
