import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadEvent } from '@shared/events';
import type { Alert } from '@shared/projection';
import { PROTOCOL_VERSION, type ClientToServerEvents, type DisplayHello, type ServerToClientEvents } from '@shared/protocol';
import { waitFor } from '../helpers/process';
import { dropPrefix, testPrefix } from '../helpers/redis';
import { api, issueToken, startServer, type TestServer } from '../helpers/server';

const prefix = testPrefix('desk');
let nodeA: TestServer;
let nodeB: TestServer;
let operator: { id: string; token: string };
let viewer: string;
const sockets: Socket[] = [];

/** A wall that introduces itself, and records every event it is sent. */
function wall(url: string, hello: DisplayHello): { socket: Socket<ServerToClientEvents, ClientToServerEvents>; events: ReadEvent[] } {
  const events: ReadEvent[] = [];
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connectSocket(url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: viewer, protocol: PROTOCOL_VERSION, display: hello } });
  socket.on('events', (m) => events.push(...m.events));
  sockets.push(socket);
  return { socket, events };
}
/** The log's last seq (the state is read after catching up with the store). */
const head = async (url: string) => (await api(url, '/api/v1/state')).body.seq as number;
const displays = async (url: string, token = operator.token) => (await api(url, '/api/v1/displays', { token })).body.displays as { id: string; label: string; node: string; page: string | null; connectedAt: string; lastSeenAt: string }[];
const command = (target: string, fields: Record<string, unknown>) => ({ id: `cmd-${Date.now()}-${Math.random().toString(36).slice(2)}`, type: 'display.command', unit: 'dic', at: new Date().toISOString(), target, ...fields });

beforeAll(async () => {
  nodeA = await startServer({ prefix, nodeId: 'node-a' });
  nodeB = await startServer({ prefix, nodeId: 'node-b' });
  operator = await issueToken(nodeA.url, 'operator');
  viewer = (await issueToken(nodeA.url, 'viewer')).token;
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await nodeA.close();
  await nodeB.close();
  await dropPrefix(prefix);
});

describe('acknowledging alerts', () => {
  it('stores an acknowledgement of an active alert and shows who gave it, when, with what note', async () => {
    // t03 of the demo plan was due on 2024-03-18 and is not done: overdue on the real clock.
    const res = await api(nodeA.url, '/api/v1/events', { token: operator.token, body: { id: 'ack-t03', type: 'alert.acknowledged', unit: 'dic', at: new Date().toISOString(), alert: 'overdue:t03', note: 'Called the lead unit' } });
    expect(res.status).toBe(202);
    const state = (await api(nodeB.url, '/api/v1/state', { token: operator.token })).body.state as { alerts: Alert[] };
    const alert = state.alerts.find((a) => a.id === 'overdue:t03');
    expect(alert).toMatchObject({ acknowledged: true, ack: { unit: 'dic', by: operator.id, note: 'Called the lead unit' } });
    const operators = (await api(nodeB.url, '/api/v1/operators', { token: operator.token })).body.operators as { id: string; label: string }[];
    expect(operators.find((o) => o.id === operator.id)?.label).toBe('test operator');
  });

  it('refuses to acknowledge an alert that is not active, and stores nothing', async () => {
    const before = await head(nodeA.url);
    // t01 is done in the demo plan, so never overdue.
    const res = await api(nodeA.url, '/api/v1/events', { token: operator.token, body: { events: [{ id: 'ack-t01', type: 'alert.acknowledged', unit: 'dic', at: new Date().toISOString(), alert: 'overdue:t01' }] } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_event', details: [{ path: 'events.0.alert', message: '"overdue:t01" is not active now (it may have cleared); nothing to acknowledge' }] });
    expect(await head(nodeA.url)).toBe(before);
  });
});

describe('the walls connected, and steering them', () => {
  it('lists a wall connected to another node with its label, node, page and times, until it leaves', async () => {
    const lobby = wall(nodeB.url, { id: 'lobby', label: 'Lobby wall', screen: 'wall', page: 'overview' });
    await waitFor(async () => (await displays(nodeA.url)).some((d) => d.id === 'lobby'), 5_000, 'the lobby wall listed on node A');
    const [listed] = (await displays(nodeA.url)).filter((d) => d.id === 'lobby');
    expect(listed).toMatchObject({ label: 'Lobby wall', node: 'node-b', page: 'overview', screen: 'wall' });
    expect(Date.parse(listed!.connectedAt)).toBeGreaterThan(Date.now() - 10_000);
    lobby.socket.emit('display.status', { page: 'plan' });
    await waitFor(async () => (await displays(nodeA.url)).find((d) => d.id === 'lobby')?.page === 'plan', 5_000, 'the new page listed');
    lobby.socket.close();
    await waitFor(async () => !(await displays(nodeA.url)).some((d) => d.id === 'lobby'), 5_000, 'the lobby wall gone from the list');
  });

  it('lets only operators and admins list walls', async () => {
    expect((await api(nodeA.url, '/api/v1/displays', { token: viewer })).status).toBe(403);
    expect((await api(nodeA.url, '/api/v1/displays')).status).toBe(200);
  });

  it('sends a command to a wall on another node through the log, within a second', async () => {
    const hall = wall(nodeB.url, { id: 'hall', label: 'Hall', screen: 'wall' });
    await waitFor(async () => (await displays(nodeA.url)).some((d) => d.id === 'hall'), 5_000, 'the hall wall listed');
    const sent = command('hall', { action: 'show_page', page: 'plan', seconds: 30 });
    const res = await api(nodeA.url, '/api/v1/events', { token: operator.token, body: sent });
    expect(res.status).toBe(202);
    const started = Date.now();
    await waitFor(async () => hall.events.some((e) => e.id === sent.id), 1_000, 'the command at the wall');
    expect(Date.now() - started).toBeLessThan(1_000);
    const state = (await api(nodeB.url, '/api/v1/state', { token: viewer })).body.state as { steering: Record<string, unknown> };
    expect(state.steering.hall).toMatchObject({ page: { page: 'plan', seconds: 30 } });
  });

  it('refuses a command to a wall that is gone, and stores nothing', async () => {
    const before = await head(nodeA.url);
    const res = await api(nodeA.url, '/api/v1/events', { token: operator.token, body: command('lobby', { action: 'pause' }) });
    expect(res.status).toBe(400);
    expect(res.body.error?.details).toEqual([{ path: 'target', message: 'no wall "lobby" is connected now', code: 'display_not_connected', params: { target: 'lobby' } }]);
    expect(await head(nodeA.url)).toBe(before);
  });

  it('refuses commands from units and viewers, and malformed ones', async () => {
    const unit = (await issueToken(nodeA.url, 'unit', 'dic')).token;
    expect((await api(nodeA.url, '/api/v1/events', { token: unit, body: command('all', { action: 'pause' }) })).status).toBe(403);
    expect((await api(nodeA.url, '/api/v1/events', { token: viewer, body: command('all', { action: 'pause' }) })).status).toBe(403);
    const bad = await api(nodeA.url, '/api/v1/events', { token: operator.token, body: command('all', { action: 'show_page', page: 'plan' }) });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.details).toEqual([{ path: 'seconds', message: 'show_page needs seconds', code: 'command_needs', params: { action: 'show_page', field: 'seconds' } }]);
  });
});
