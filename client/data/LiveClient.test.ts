import { createServer, type Server as HttpServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Server } from 'socket.io';
import { catalogOf } from '@shared/catalog';
import { createProjection, derive } from '@shared/projection';
import type { StoredEvent } from '@shared/events';
import { loadProvinceConfig } from '../../server/config/load';
import { LiveClient } from './LiveClient';

/** A Storage kept in memory, standing in for the browser's localStorage in Node. */
class MemoryStorage implements Storage {
  private data = new Map<string, string>();
  get length() {
    return this.data.size;
  }
  clear() {
    this.data.clear();
  }
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  key(i: number) {
    return [...this.data.keys()][i] ?? null;
  }
  removeItem(key: string) {
    this.data.delete(key);
  }
  setItem(key: string, value: string) {
    this.data.set(key, value);
  }
}

const config = loadProvinceConfig();
const catalog = catalogOf(config);
const stateView = () => derive(catalog, createProjection(catalog), Date.parse('2024-04-02T07:00:00Z'));
const note = (seq: number): StoredEvent => ({ id: `n${seq}`, type: 'note.posted', unit: 'dic', at: '2024-04-02T07:00:00Z', text: `note ${seq}`, severity: 'info', seq, receivedAt: '2024-04-02T07:00:00Z', by: 't' });

let http: HttpServer | null = null;
let client: LiveClient | null = null;
afterEach(async () => {
  client?.stop();
  await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
  http = null;
});

/** A stand-in server that speaks the socket protocol however the test tells it to. */
async function protocolServer(onConnect: (socket: import('socket.io').Socket) => void, refuse?: string): Promise<string> {
  http = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(config));
  });
  const io = new Server(http);
  if (refuse) io.use((_s, next) => next(new Error(refuse)));
  io.on('connection', onConnect);
  await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', () => resolve()));
  const address = http.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe('LiveClient', () => {
  it('applies events at seq = last + 1 only, and asks for a resync on a gap', async () => {
    let resyncs = 0;
    const url = await protocolServer((socket) => {
      socket.emit('snapshot', { epoch: 'e1', seq: 0, serverTime: '2024-04-02T07:00:00Z', clockRate: 1, simulated: false, state: stateView() });
      socket.emit('events', { epoch: 'e1', events: [note(1), note(2), note(2)] });
      socket.emit('events', { epoch: 'e1', events: [note(4)] });
      socket.on('resync', () => (resyncs += 1));
    });
    client = new LiveClient({ token: 't', url, storage: new MemoryStorage() });
    await client.start();
    await until(() => resyncs === 1);
    expect(client.getView().projection?.seq).toBe(2);
    expect(client.getView().projection?.notes.map((n) => n.text)).toEqual(['note 1', 'note 2']);
  });

  it('keeps the last state in storage, so the next start draws before it connects', async () => {
    const storage = new MemoryStorage();
    const url = await protocolServer((socket) => {
      socket.emit('snapshot', { epoch: 'e1', seq: 0, serverTime: '2024-04-02T07:00:00Z', clockRate: 1, simulated: false, state: stateView() });
      socket.emit('events', { epoch: 'e1', events: [note(1)] });
    });
    client = new LiveClient({ token: 't', url, storage });
    await client.start();
    await until(() => client!.getView().projection?.seq === 1);
    client.save();
    client.stop();
    const offline = new LiveClient({ token: 't', url: 'http://127.0.0.1:1', storage });
    client = offline;
    void offline.start();
    await until(() => offline.getView().projection?.seq === 1);
    expect(offline.getView().epoch).toBe('e1');
    // The banner's "data as of" is when the saved state was last current, not the epoch of time.
    expect(Date.now() - offline.getView().lastContact).toBeLessThan(5_000);
  });

  it('reloads the page once when the server speaks another protocol version, never in a loop', async () => {
    let reloads = 0;
    const storage = new MemoryStorage();
    const url = await protocolServer(() => {}, 'protocol_mismatch');
    let refusals = 0;
    client = new LiveClient({ token: 't', url, storage, reload: () => (reloads += 1), retryRefusedMs: 100 });
    await client.start();
    await until(() => reloads === 1);
    // The client keeps asking (as a reloaded page would) but reloads only once a minute.
    (client as unknown as { socket: { on(e: string, f: () => void): void } }).socket.on('connect_error', () => (refusals += 1));
    await until(() => refusals >= 3);
    expect(reloads).toBe(1);
    expect(client.getView().status).toBe('disconnected');
  });

  it('stops and says so when the token is refused', async () => {
    const url = await protocolServer(() => {}, 'unauthorized');
    client = new LiveClient({ token: 't', url, storage: new MemoryStorage() });
    await client.start();
    await until(() => client!.getView().status === 'unauthorized');
  });
});
