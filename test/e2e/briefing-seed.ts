import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { localDay } from '@shared/time';
import { launchBrowser } from '../helpers/browser';
import { spawnServer, type ServerProcess } from '../helpers/process';
import { dropPrefix, testPrefix, TEST_REDIS_URL } from '../helpers/redis';
import { ADMIN_TOKEN, api, issueToken } from '../helpers/server';

export const TZ = 'Asia/Ho_Chi_Minh';
export const today = () => localDay(Date.now(), TZ);

let serial = 0;
const base = (unit: string) => ({ id: `seed-${Date.now()}-${++serial}`, unit, at: new Date().toISOString() });
export const dossiers = (unit: string, online: number, total: number) => [
  { ...base(unit), type: 'indicator.reported', indicator: 'dossiers_online', value: online, period: today() },
  { ...base(unit), type: 'indicator.reported', indicator: 'dossiers_total', value: total, period: today() },
];
export const gauge = (unit: string, indicator: string, value: number) => ({ ...base(unit), type: 'indicator.reported', indicator, value, period: today() });
export const progress = (unit: string, item: string, status: string, percent?: number) => ({ ...base(unit), type: 'progress.reported', item, status, ...(percent === undefined ? {} : { percent }) });
export const note = (unit: string, text: string) => ({ ...base(unit), type: 'note.posted', text, severity: 'warning' });
export const mark = (title: string) => ({ ...base('police'), type: 'briefing.marked', title });

/** Writes events with the admin token (or `token`); returns their seqs. */
export async function write(url: string, events: object[], token?: string): Promise<number[]> {
  const res = await api(url, '/api/v1/events', { body: { events }, ...(token ? { token } : {}) });
  if (res.status !== 202) throw new Error(`write: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body.accepted as { seq: number }[]).map((a) => a.seq);
}

export interface Seeded {
  operator: string;
  viewer: string;
  mark1: number;
  mark2: number;
  /** A seq between the marks. */
  middle: number;
}

/**
 * A log with two briefing marks and, between them, changes a leader would ask about: the online
 * rate up (Vinh overtakes others), VNeID accounts up, a model done, a new blocker, a note and an
 * acknowledgement; then more after the second mark.
 */
export async function seedBriefings(url: string): Promise<Seeded> {
  const operator = (await issueToken(url, 'operator')).token;
  const viewer = (await issueToken(url, 'viewer')).token;
  await write(url, [
    ...dossiers('vinh', 50, 100),
    ...dossiers('dien-chau', 60, 100),
    ...dossiers('nghi-loc', 40, 100),
    ...dossiers('quynh-luu', 70, 100),
    ...dossiers('ky-son', 30, 100),
    ...dossiers('pas-centre', 80, 100),
    ...dossiers('health', 55, 100),
    gauge('police', 'vneid_level2', 1_250_000),
    gauge('dic', 'essential_services', 40),
    progress('nam-dan', 'm19', 'in_progress', 60),
    progress('tan-ky', 'm20', 'in_progress', 76),
    note('dic', 'Ghi chú trước giao ban'),
  ]);
  const [mark1] = await write(url, [mark('Giao ban tuần 13')], operator);
  const [middle] = await write(url, [...dossiers('vinh', 95, 100), ...dossiers('ky-son', 45, 100), gauge('police', 'vneid_level2', 1_251_174)]);
  await write(url, [
    progress('nam-dan', 'm19', 'done'),
    progress('tan-ky', 'm20', 'blocked'),
    progress('health', 'm03', 'in_progress', 70),
    note('vinh', 'Ghi chú giữa hai buổi giao ban'),
    // An acknowledgement must name an active alert: t03 is overdue (t01 starts done).
    { ...base('police'), type: 'alert.acknowledged', alert: 'overdue:t03', note: 'Đã nhắc đơn vị' },
  ]);
  const [mark2] = await write(url, [mark('Giao ban tuần 14')], operator);
  await write(url, [note('dic', 'Ghi chú sau giao ban'), gauge('police', 'vneid_level2', 1_252_000)]);
  return { operator, viewer, mark1: mark1!, mark2: mark2!, middle: middle! };
}

/** What a briefing e2e file's tests share: a server on the test Redis with the seeded briefings, and a Chromium. */
export interface BriefingSuite {
  server: ServerProcess;
  seeded: Seeded;
  browser: Browser;
}

/** Starts the suite before the file's tests (under key prefix `name`) and stops it, and drops its keys, after them. */
export function briefingSuite(name: string): BriefingSuite {
  const prefix = testPrefix(name);
  const suite = {} as BriefingSuite;
  beforeAll(async () => {
    suite.server = await spawnServer({ REDIS_URL: TEST_REDIS_URL, IOC_REDIS_PREFIX: prefix, IOC_ADMIN_TOKEN: ADMIN_TOKEN, IOC_RATE_LIMIT: '0' });
    suite.seeded = await seedBriefings(suite.server.url);
    suite.browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
    await dropPrefix(prefix);
  });
  return suite;
}
