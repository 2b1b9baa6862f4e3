import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { describe, expect, it, onTestFinished } from 'vitest';
import { io as connectSocket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '@shared/protocol';
import { LOOKUPS_IN_FLIGHT_PER_ADDRESS } from '../../server/auth/authenticate';
import { RedisStore } from '../../server/store/redis';
import type { Store } from '../../server/store/store';
import { dropPrefix, testPrefix, TEST_REDIS_URL } from '../helpers/redis';
import { ADMIN_TOKEN, Display, issueToken, startServer, type StartOptions } from '../helpers/server';

/** The real Redis store, with a count of its token lookups: the work a made-up token costs. */
function countingLookups(store: Store): { store: Store; lookups: () => number } {
  let lookups = 0;
  const counted = new Proxy(store, {
    get(target, prop) {
      if (prop === 'findToken') {
        return (hash: string) => {
          lookups += 1;
          return target.findToken(hash);
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: counted, lookups: () => lookups };
}

/** A server with the production limits (20 unknown tokens per address per second, 100 requests per token), cleaned up after the test. */
async function limitedServer(options: Partial<StartOptions> = {}) {
  const prefix = testPrefix('limits');
  const counting = countingLookups(new RedisStore({ url: TEST_REDIS_URL, prefix }));
  const server = await startServer({ prefix, store: counting.store, authFailuresPerSecond: 20, rateLimitPerSecond: 100, ...options });
  onTestFinished(async () => {
    try {
      await server.close();
    } finally {
      await dropPrefix(prefix);
    }
  });
  return { ...server, lookups: counting.lookups };
}

interface Answer {
  status: number;
  retryAfter: string | undefined;
  code: string | undefined;
}

/** GET `path` from the local address `from` (any of 127.0.0.0/8 reaches the server), as a client on that machine would. */
function get(url: string, path: string, token: string | null, from = '127.0.0.1', headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { localAddress: from, agent: false, headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => {
        let code: string | undefined;
        try {
          code = (JSON.parse(body) as { error?: { code?: string } }).error?.code;
        } catch {
          code = undefined;
        }
        const retryAfter = res.headers['retry-after'];
        resolve({ status: res.statusCode ?? 0, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, code });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

const madeUp = () => `ioc_${randomBytes(32).toString('base64url')}`;

/**
 * Sends up to `count` requests with made-up tokens, `concurrency` at a time, and returns their answers;
 * stops early once `stop` says so (each test waits for a condition, not for a machine of a given speed).
 */
async function guess(url: string, count: number, opts: { from?: string; concurrency?: number; forwardedFor?: () => string; stop?: (answers: Answer[]) => boolean } = {}): Promise<Answer[]> {
  const answers: Answer[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count && !opts.stop?.(answers)) {
      next += 1;
      answers.push(await get(url, '/api/v1/state', madeUp(), opts.from, opts.forwardedFor ? { 'x-forwarded-for': opts.forwardedFor() } : {}));
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 10 }, worker));
  return answers;
}

/** Guesses until the address is refused (at most 500 tries). */
const untilLimited = (url: string, opts: Parameters<typeof guess>[2] = {}) => guess(url, 500, { ...opts, stop: (answers) => answers.some((a) => a.status === 429) });

const count = (answers: Answer[], status: number) => answers.filter((a) => a.status === status).length;

async function untilAnswered(check: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('rate limits that rotating tokens cannot side-step', () => {
  it('limits hundreds of made-up tokens by address, stops looking them up, and leaves a well-behaved client unaffected', async () => {
    const server = await limitedServer();
    const { token: good } = await issueToken(server.url, 'viewer');
    // The well-behaved client has been working before the attack.
    expect((await get(server.url, '/api/v1/state', good)).status).toBe(200);

    const lookupsBefore = server.lookups();
    const started = Date.now();
    const answers = await guess(server.url, 400);
    const seconds = (Date.now() - started) / 1_000;
    const lookups = server.lookups() - lookupsBefore;
    const refused = answers.filter((a) => a.status === 429);
    console.log(`400 made-up tokens in ${seconds.toFixed(2)} s: ${count(answers, 401)} answered 401, ${refused.length} answered 429; store lookups ${lookups}`);
    expect(count(answers, 401) + refused.length).toBe(400);
    // At most 20 a second get as far as a lookup (plus the requests already in flight when the budget ran out).
    const allowed = (Math.ceil(seconds) + 1) * (20 + 10);
    expect(count(answers, 401)).toBeLessThanOrEqual(allowed);
    expect(refused.length).toBeGreaterThanOrEqual(Math.max(1, 400 - allowed));
    for (const a of refused) expect([a.code, Number(a.retryAfter)]).toEqual(['rate_limited', 1]);
    // A refused guess costs no lookup: only those answered 401 reached the store.
    expect(lookups).toBe(count(answers, 401));

    // During another attack, the well-behaved client is served, from the attacker's address and from its own.
    const goodAnswers: number[] = [];
    let attacking = true;
    const wellBehaved = (async () => {
      while (attacking) {
        goodAnswers.push((await get(server.url, '/api/v1/state', good)).status);
        goodAnswers.push((await get(server.url, '/api/v1/config', good, '127.0.0.2')).status);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const second = await guess(server.url, 5_000, { stop: (answers) => count(answers, 429) >= 100 });
    attacking = false;
    await wellBehaved;
    expect(count(second, 429)).toBeGreaterThan(0);
    expect(goodAnswers.length).toBeGreaterThan(0);
    expect(goodAnswers.filter((s) => s !== 200)).toEqual([]);

    // A token never used from the limited address is not looked up there either; from another address it works.
    const { token: fresh } = await issueToken(server.url, 'viewer');
    const [busy, otherAddress] = await Promise.all([untilLimited(server.url), get(server.url, '/api/v1/state', fresh, '127.0.0.3')]);
    expect(count(busy, 429)).toBeGreaterThan(0);
    expect(otherAddress.status).toBe(200);

    // The budget comes back by itself.
    await untilAnswered(async () => (await get(server.url, '/api/v1/state', madeUp())).status === 401, 'a made-up token to be answered 401 again');
    const metrics = await fetch(`${server.url}/metrics`).then((r) => r.text());
    expect(Number(/ioc_rate_limited_total\{by="address"\} (\d+)/.exec(metrics)?.[1])).toBeGreaterThanOrEqual(refused.length + count(second, 429));
  }, 90_000);

  it('limits known tokens per token id: one token over its budget does not spend another one on the same address', async () => {
    const server = await limitedServer({ rateLimitPerSecond: 5 });
    const [a, b] = [(await issueToken(server.url, 'viewer')).token, (await issueToken(server.url, 'viewer')).token];
    const flood: Answer[] = [];
    for (let round = 0; round < 10 && !count(flood, 429); round++) flood.push(...(await Promise.all(Array.from({ length: 15 }, () => get(server.url, '/api/v1/config', a)))));
    expect(count(flood, 429)).toBeGreaterThan(0);
    expect(flood.filter((r) => r.status === 429).every((r) => r.code === 'rate_limited' && Number(r.retryAfter) >= 1)).toBe(true);
    expect((await get(server.url, '/api/v1/config', b)).status).toBe(200);
    const metrics = await fetch(`${server.url}/metrics`).then((r) => r.text());
    expect(Number(/ioc_rate_limited_total\{by="token"\} (\d+)/.exec(metrics)?.[1])).toBe(count(flood, 429));
  });

  it('ignores X-Forwarded-For unless the peer is a trusted proxy, and then believes only what the proxy added', async () => {
    const plain = await limitedServer();
    // Without IOC_TRUST_PROXY, a client that makes up an X-Forwarded-For per request is still one address.
    let n = 0;
    const spoofed = await untilLimited(plain.url, { forwardedFor: () => `203.0.113.${++n % 250}` });
    expect(count(spoofed, 429)).toBeGreaterThan(0);

    const proxied = await limitedServer({ trustProxy: ['127.0.0.1'] });
    // Behind the trusted proxy (127.0.0.1), 10.0.0.1 spends its own budget, whatever it claims in front of its address.
    const behind = await untilLimited(proxied.url, { forwardedFor: () => `198.51.100.${++n % 250}, 10.0.0.1` });
    expect(count(behind, 429)).toBeGreaterThan(0);
    const neighbour = await get(proxied.url, '/api/v1/state', madeUp(), '127.0.0.1', { 'x-forwarded-for': '10.0.0.2' });
    expect(neighbour.status).toBe(401);
    // A peer that is not a trusted proxy is counted by its own address, whatever header it sends.
    const untrusted = await untilLimited(proxied.url, { from: '127.0.0.4', forwardedFor: () => `10.1.${++n % 250}.1` });
    expect(count(untrusted, 429)).toBeGreaterThan(0);
  }, 60_000);

  it('counts Socket.IO handshakes with made-up tokens against the same address budget, and still admits a known display', async () => {
    const server = await limitedServer();
    const { token: viewer } = await issueToken(server.url, 'viewer');
    expect((await get(server.url, '/api/v1/config', viewer)).status).toBe(200);
    // While made-up tokens flood the API from this address, handshakes with made-up tokens meet the same budget.
    const refusals: string[] = [];
    const limited = () => refusals.includes('rate_limited');
    const flood = guess(server.url, 5_000, { stop: () => limited() || refusals.length >= 200 });
    while (!limited() && refusals.length < 200) {
      const d = new Display(server.url, madeUp());
      try {
        refusals.push(await d.refused());
      } finally {
        d.close();
      }
    }
    await flood;
    expect(refusals).toContain('rate_limited');
    expect(refusals.filter((r) => r !== 'rate_limited' && r !== 'unauthorized')).toEqual([]);
    // The budget is spent, yet a display with a token this node knows is admitted.
    await untilLimited(server.url);
    for (const token of [viewer, ADMIN_TOKEN]) {
      const display = new Display(server.url, token);
      try {
        await display.until(() => display.snapshots.length === 1);
      } finally {
        display.close();
      }
    }
  }, 60_000);

  it('answers a burst of 200 concurrent made-up tokens from one address with at most 20 + N lookups, and 429 for the rest', async () => {
    // The budget's one-second window is held still, so the burst cannot straddle two windows and get 20 more.
    const heldAt = Date.now();
    const server = await limitedServer({ authBudgetNow: () => heldAt });
    const answers = await Promise.all(Array.from({ length: 200 }, () => get(server.url, '/api/v1/state', madeUp())));
    const lookups = server.lookups();
    console.log(`200 concurrent made-up tokens: ${count(answers, 401)} answered 401, ${count(answers, 429)} answered 429; store lookups ${lookups} (at most 20 + ${LOOKUPS_IN_FLIGHT_PER_ADDRESS})`);
    expect(count(answers, 401) + count(answers, 429)).toBe(200);
    expect(lookups).toBeLessThanOrEqual(20 + LOOKUPS_IN_FLIGHT_PER_ADDRESS);
    // Every 401 was a lookup; every other answer is 429 without one.
    expect(count(answers, 401)).toBe(lookups);
    expect(count(answers, 429)).toBeGreaterThanOrEqual(200 - 20 - LOOKUPS_IN_FLIGHT_PER_ADDRESS);
    const metrics = await fetch(`${server.url}/metrics`).then((r) => r.text());
    expect(Number(/ioc_token_lookups_total\{found="false"\} (\d+)/.exec(metrics)?.[1])).toBe(lookups);
  });

  it('connects 2,000 displays with valid tokens reconnecting at once from one address (a room behind NAT after a node restart): none refused', async () => {
    const server = await limitedServer();
    // Tokens this node has never verified, as after a restart: each needs a lookup.
    const issued = await server.app.tokens.issueMany(Array.from({ length: 2_000 }, (_, i) => ({ role: 'viewer' as const, label: `wall ${i}` })));
    const outcomes = await Promise.all(
      issued.map(
        ({ token }) =>
          new Promise<string>((resolve) => {
            const socket = connectSocket(server.url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: 60_000, auth: { token, protocol: PROTOCOL_VERSION } });
            socket.once('connect', () => {
              resolve('connected');
              socket.close();
            });
            socket.once('connect_error', (err) => {
              resolve(`${err.message} ${String((err as { description?: { message?: string } }).description?.message ?? (err as { description?: unknown }).description)}`);
              socket.close();
            });
          }),
      ),
    );
    const refused = outcomes.filter((o) => o !== 'connected');
    console.log(`2,000 displays reconnecting from one address: ${outcomes.length - refused.length} connected, ${refused.length} refused; store lookups ${server.lookups()}`);
    expect(refused).toEqual([]);
    expect(server.lookups()).toBe(2_000);
  }, 120_000);
});
