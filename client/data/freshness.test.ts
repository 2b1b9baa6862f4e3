import { describe, expect, it } from 'vitest';
import { catalogOf } from '@shared/catalog';
import { createProjection } from '@shared/projection';
import { smallProvince } from '../../test/fixtures/province';
import { freshnessOf } from './freshness';
import type { LiveView } from './liveView';
import { retryDelay } from './retry';

const catalog = catalogOf(smallProvince());
const NOW = 1_000_000;
const STALE = 60_000;
type Input = Parameters<typeof freshnessOf>[0];
const live = (patch: Partial<LiveView> = {}): Input => ({
  status: 'live',
  catalog,
  projection: createProjection(catalog),
  configError: null,
  lastContact: NOW - 1_000,
  health: { store: 'ok', behind: 0, behindSince: null, at: NOW - 1_000 },
  ...patch,
});

describe('freshnessOf()', () => {
  it('is current while heartbeats confirm the data within the threshold', () => {
    expect(freshnessOf(live(), NOW, STALE)).toEqual({ kind: 'current' });
  });

  it('says the store is unavailable as soon as the node says so, as of the last confirmed moment', () => {
    expect(freshnessOf(live({ health: { store: 'unavailable', behind: 0, behindSince: null, at: NOW } }), NOW, STALE)).toEqual({ kind: 'store_unavailable', since: NOW - 1_000 });
  });

  it('goes stale when nothing confirms the data for longer than the threshold, connected or not by the transport', () => {
    expect(freshnessOf(live({ lastContact: NOW - STALE - 1 }), NOW, STALE)).toEqual({ kind: 'stale', since: NOW - STALE - 1 });
    expect(freshnessOf(live({ lastContact: NOW - STALE + 1 }), NOW, STALE).kind).toBe('current');
  });

  it('goes stale when the node stays behind the log for longer than the threshold, even while events arrive', () => {
    const behind = (since: number) => live({ health: { store: 'ok', behind: 12, behindSince: since, at: NOW }, lastContact: NOW });
    expect(freshnessOf(behind(NOW - 5_000), NOW, STALE).kind).toBe('current');
    expect(freshnessOf(behind(NOW - STALE - 1), NOW, STALE).kind).toBe('stale');
  });

  it('puts a lost connection and a refused token before anything the last heartbeat said', () => {
    const unavailable = { store: 'unavailable' as const, behind: 0, behindSince: null, at: NOW };
    expect(freshnessOf(live({ status: 'disconnected', health: unavailable }), NOW, STALE)).toEqual({ kind: 'disconnected', since: NOW - 1_000 });
    expect(freshnessOf(live({ status: 'unauthorized' }), NOW, STALE)).toEqual({ kind: 'unauthorized' });
  });

  it('says the config cannot be loaded only when there is nothing to draw', () => {
    expect(freshnessOf(live({ catalog: null, projection: null, lastContact: 0, configError: 'network', status: 'disconnected' }), NOW, STALE)).toEqual({ kind: 'no_config' });
    expect(freshnessOf(live({ configError: 'network', status: 'disconnected' }), NOW, STALE).kind).toBe('disconnected');
    expect(freshnessOf(live({ catalog: null, projection: null, lastContact: 0, status: 'connecting' }), NOW, STALE)).toEqual({ kind: 'connecting' });
  });
});

describe('retryDelay()', () => {
  it('doubles from the base up to the maximum, never below Retry-After, within ±20%', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 10].map((a) => retryDelay(a, 1_000, 30_000, null, mid))).toEqual([1_000, 2_000, 4_000, 8_000, 30_000]);
    expect(retryDelay(0, 1_000, 30_000, 5_000, mid)).toBe(5_000);
    expect(retryDelay(2, 1_000, 30_000, null, () => 0)).toBe(3_200);
    expect(retryDelay(2, 1_000, 30_000, null, () => 1)).toBe(4_800);
  });
});
