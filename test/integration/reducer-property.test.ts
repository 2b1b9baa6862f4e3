import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalEvent, type IocEvent } from '@shared/events';
import { apply, createProjection, serializeProjection, type Projection } from '@shared/projection';
import { EmbeddedStore } from '../../server/store/embedded';
import { contentHash } from '../../server/store/hash';
import { RedisStore } from '../../server/store/redis';
import type { Store } from '../../server/store/store';
import { api, demoConfig, startServer, type TestServer } from '../helpers/server';
import { dropPrefix, testPrefix, TEST_REDIS_URL } from '../helpers/redis';

/**
 * Issue 19 point 1: for random logs with corrections, out-of-order reports, values the rules
 * refuse (already in an older log) and restarts, the state a node applies live equals the state
 * a full replay of the log gives and the state `?seq=` time travel gives, at every sampled seq.
 */

const T0 = Date.parse('2024-04-02T07:00:00.000Z');
const UNITS = demoConfig.units.slice(0, 3).map((u) => u.id);
const COUNTERS = ['dossiers_online', 'dossiers_total', 'dossiers_online_full', 'dossiers_online_partial'];
const GAUGE = demoConfig.indicators.find((i) => i.kind === 'gauge')!.id;
const DAYS = ['2024-03-30', '2024-03-31', '2024-04-01', '2024-04-02'];

interface Report {
  unit: string;
  indicator: string;
  period: string;
  value: number;
  /** Minutes before the clock: reports arrive out of the order of their `at`. */
  minutesAgo: number;
}

type Op = { kind: 'batch'; reports: Report[]; direct: boolean } | { kind: 'restart' };

const value = fc.oneof({ weight: 8, arbitrary: fc.nat(60) }, { weight: 1, arbitrary: fc.constantFrom(1e17, 1e308, -3, 2.5, 10_000_001) });
const report: fc.Arbitrary<Report> = fc.record({
  unit: fc.constantFrom(...UNITS),
  indicator: fc.constantFrom(...COUNTERS, GAUGE),
  period: fc.constantFrom(...DAYS),
  value,
  minutesAgo: fc.nat(600),
});
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('batch' as const), reports: fc.array(report, { minLength: 1, maxLength: 4 }), direct: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
);

/** A projection as a snapshot keeps it: what must be equal is what survives a restart. */
const stable = (p: Projection): unknown => JSON.parse(serializeProjection(p));

interface Harness {
  open(): Promise<Store>;
  cleanup(): Promise<void>;
}

function redisHarness(): Harness {
  const prefix = testPrefix('reducer-prop');
  return { open: async () => new RedisStore({ url: TEST_REDIS_URL, prefix }), cleanup: () => dropPrefix(prefix) };
}

function embeddedHarness(): Harness {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-reducer-prop-'));
  return { open: async () => new EmbeddedStore(dir), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function runLog(harness: Harness, ops: Op[]): Promise<void> {
  let clockMs = T0;
  const clock = { now: () => clockMs, rate: 1, simulated: false };
  const prefix = testPrefix('reducer-prop-server');
  let server: TestServer = await startServer({ prefix, store: await harness.open(), clock, snapshotEvery: 5 });
  /** The live state at the end of each op, by seq. */
  const live = new Map<number, unknown>();
  let n = 0;
  try {
    for (const step of ops) {
      clockMs += 60_000;
      if (step.kind === 'restart') {
        await server.close();
        server = await startServer({ prefix, store: await harness.open(), clock, snapshotEvery: 5 });
      } else {
        const events: IocEvent[] = step.reports.map((r) => ({
          id: `p${n++}`,
          type: 'indicator.reported',
          unit: r.unit,
          indicator: r.indicator,
          period: r.period,
          value: r.value,
          at: new Date(clockMs - r.minutesAgo * 60_000).toISOString(),
        }));
        // Direct appends stand for an older log, written before today's rules: nothing refuses them.
        if (step.direct) await server.store.append(events.map((event) => ({ event, by: 'old', hash: contentHash(canonicalEvent(event)) })), clockMs);
        else await api(server.url, '/api/v1/events', { body: { events } });
      }
      await server.app.follower.catchUp();
      live.set(server.app.follower.projection.seq, stable(server.app.follower.projection));
    }
    const head = (await server.store.head()).seq;
    // A full replay of the log from nothing.
    const replayed = createProjection(server.app.catalog);
    for (let after = 0; ; ) {
      const page = await server.store.read(after, 1_000);
      if (!page.events.length) break;
      for (const e of page.events) apply(server.app.catalog, replayed, e);
      after = page.events[page.events.length - 1]!.seq;
    }
    expect(replayed.seq).toBe(head);
    expect(stable(replayed)).toEqual(live.get(head) ?? stable(createProjection(server.app.catalog)));
    // Time travel at every recorded seq, newest first, so it steps back across snapshots.
    for (const [seq, state] of [...live].reverse()) {
      expect(stable((await server.app.timeTravel.at({ seq })).projection), `seq ${seq}`).toEqual(state);
    }
  } finally {
    await server.close();
    await harness.cleanup();
  }
}

describe.each([
  ['embedded', embeddedHarness],
  ['redis', redisHarness],
])('the %s store: live equals replay equals time travel', (_name, harness) => {
  it('for random logs with corrections, out-of-order and invalid reports, and restarts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 18 }), (ops) => runLog(harness(), ops)),
      { numRuns: 12 },
    );
  }, 240_000);
});
