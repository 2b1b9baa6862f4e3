import { HEARTBEAT_MS, type HeartbeatMessage } from '@shared/protocol';
import type { Clock } from '../clock';
import type { LogFollower } from '../log/follower';
import type { IoServer } from './types';

/** This node's heartbeat now: the store's health and how far its follower is behind the log. */
export function heartbeatOf(follower: LogFollower, clock: Clock): HeartbeatMessage {
  const h = follower.health();
  return {
    serverTime: new Date(clock.now()).toISOString(),
    epoch: h.epoch,
    head: h.head,
    behind: h.behind,
    store: h.storeOk ? 'ok' : 'unavailable',
    lastReadAt: h.lastReadAt ? new Date(h.lastReadAt).toISOString() : null,
  };
}

/** Sends every display a heartbeat every `ms`; returns the function that stops it. */
export function startHeartbeat(io: IoServer, follower: LogFollower, clock: Clock, ms = HEARTBEAT_MS): () => void {
  const timer = setInterval(() => {
    if (io.sockets.sockets.size > 0) io.emit('heartbeat', heartbeatOf(follower, clock));
  }, ms);
  timer.unref();
  return () => clearInterval(timer);
}
