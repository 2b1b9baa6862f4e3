import type { Catalog } from '@shared/catalog';
import type { IocEvent } from '@shared/events';
import type { Projection } from '@shared/projection';
import { addDays, localDay, startOfLocalDay } from '@shared/time';
import type { Clock } from '../clock';
import { dossierProfiles, dossiersSoFar, unitRandom, workdayFraction, type DossierProfile } from './profiles';

export interface SimulatorOptions {
  baseUrl: string;
  catalog: Catalog;
  clock: Clock;
  /** A unit token for each unit: simulated units write through the real API, as real ones do. */
  tokens: Map<string, string>;
  state: () => Projection;
  onError: (err: unknown) => void;
  tickMs?: number;
}

const BACKFILL_DAYS = 30;
const NOTES: [string, 'info' | 'warning' | 'critical'][] = [
  ['Đã hoàn thành rà soát dữ liệu dân cư tại 3 xã', 'info'],
  ['Hệ thống một cửa điện tử gián đoạn 15 phút, đã khắc phục', 'warning'],
  ['Tổ chức tập huấn VNeID mức 2 cho cán bộ cấp xã', 'info'],
  ['Đề nghị hỗ trợ đường truyền tại bộ phận một cửa', 'warning'],
  ['Tăng cường tuyên truyền nộp hồ sơ trực tuyến', 'info'],
  ['Máy chủ dịch vụ công quá tải giờ cao điểm', 'critical'],
];

/**
 * The demo's units: on a simulated clock they report the day's dossiers so far, move their
 * tasks and models forward (some fall behind), update service counts and post the odd note.
 * Everything goes through POST /api/v1/events with each unit's own token.
 */
export class Simulator {
  private timer: NodeJS.Timeout | null = null;
  private readonly profiles: DossierProfile[];
  private lastDay: string | null = null;
  private ticks = 0;
  private inFlight: Promise<void> = Promise.resolve();
  private serial = 0;

  constructor(private readonly o: SimulatorOptions) {
    this.profiles = dossierProfiles(o.catalog);
  }

  private get tz(): string {
    return this.o.catalog.config.province.timeZone;
  }

  async start(): Promise<void> {
    if (this.o.state().seq === 0) await this.backfill();
    this.timer = setInterval(() => {
      this.inFlight = this.inFlight.then(() => this.tick()).catch(this.o.onError);
    }, this.o.tickMs ?? 2_000);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.inFlight;
  }

  /** A fresh log gets the month before the demo's start, so trends and rankings have history. */
  private async backfill(): Promise<void> {
    const today = localDay(this.o.clock.now(), this.tz);
    for (const p of this.profiles) {
      const events: IocEvent[] = [];
      for (let d = BACKFILL_DAYS; d >= 1; d--) events.push(...this.dossierEvents(p, addDays(today, -d), 1));
      await this.post(p.unit, events);
    }
    await this.post('dic', [this.gauge('dic', 'essential_services', 38), this.gauge('dic', 'paperless_services', 12)]);
    await this.post('police', [this.gauge('police', 'vneid_level2', 1_250_000)]);
  }

  private async tick(): Promise<void> {
    this.ticks += 1;
    const now = this.o.clock.now();
    const today = localDay(now, this.tz);
    const minutes = (now - startOfLocalDay(today, this.tz)) / 60_000;
    if (this.lastDay !== null && this.lastDay !== today) {
      // Close the day that ended with every unit's final figures.
      for (const p of this.profiles) if (this.reports(p.unit, this.lastDay)) await this.post(p.unit, this.dossierEvents(p, this.lastDay, 1));
    }
    this.lastDay = today;
    for (const p of this.profiles) {
      if (Math.random() < 0.12 && this.reports(p.unit, today)) await this.post(p.unit, this.dossierEvents(p, today, workdayFraction(minutes)));
    }
    if (Math.random() < 0.35) await this.progressSomething();
    if (this.ticks % 15 === 0) await this.gauges();
    if (Math.random() < 0.04) {
      const [text, severity] = NOTES[Math.floor(Math.random() * NOTES.length)]!;
      const units = [...this.o.tokens.keys()];
      const unit = units[Math.floor(Math.random() * units.length)]!;
      await this.post(unit, [{ ...this.base(unit), type: 'note.posted', text, severity }]);
    }
  }

  /** Kỳ Sơn, remote and mountainous, goes quiet for two days in every four: the wall flags it silent. */
  private reports(unit: string, day: string): boolean {
    if (unit !== 'ky-son') return true;
    const n = Math.floor(Date.parse(`${day}T00:00:00Z`) / 86_400_000) % 4;
    return n !== 1 && n !== 2;
  }

  private async progressSomething(): Promise<void> {
    const state = this.o.state();
    const open = this.o.catalog.config.items.filter((i) => state.items[i.id]?.status !== 'done');
    const item = open[Math.floor(Math.random() * open.length)];
    if (!item) return;
    const current = state.items[item.id]!;
    // About a quarter of the plan falls behind: those items barely move.
    const lagging = unitRandom(`${item.id}:late`) < 0.25;
    if (lagging && Math.random() < 0.85) return;
    if (current.status === 'blocked' && Math.random() < 0.7) return;
    const percent = Math.min(100, Math.round(current.percent + 3 + Math.random() * 9));
    const status = percent >= 100 ? 'done' : 'in_progress';
    await this.post(item.lead, [{ ...this.base(item.lead), type: 'progress.reported', item: item.id, status, percent }]);
  }

  private async gauges(): Promise<void> {
    const state = this.o.state();
    const latest = (id: string, scope: string, fallback: number) => state.gauges[id]?.[scope]?.value ?? fallback;
    const essential = Math.min(53, latest('essential_services', 'dic', 38) + (Math.random() < 0.2 ? 1 : 0));
    const paperless = Math.min(20, latest('paperless_services', 'dic', 12) + (Math.random() < 0.12 ? 1 : 0));
    const vneid = latest('vneid_level2', 'police', 1_250_000) + Math.round(400 + Math.random() * 900);
    await this.post('dic', [this.gauge('dic', 'essential_services', essential), this.gauge('dic', 'paperless_services', paperless)]);
    await this.post('police', [this.gauge('police', 'vneid_level2', vneid)]);
  }

  private dossierEvents(p: DossierProfile, day: string, fraction: number): IocEvent[] {
    const { online, total } = dossiersSoFar(p, day, fraction);
    const at = new Date(Math.min(this.o.clock.now(), startOfLocalDay(day, this.tz) + (7.5 + 10 * fraction) * 3_600_000)).toISOString();
    return [
      { ...this.base(p.unit, at), type: 'indicator.reported', indicator: 'dossiers_online', value: online, period: day },
      { ...this.base(p.unit, at), type: 'indicator.reported', indicator: 'dossiers_total', value: total, period: day },
    ];
  }

  private gauge(unit: string, indicator: string, value: number): IocEvent {
    return { ...this.base(unit), type: 'indicator.reported', indicator, value, period: localDay(this.o.clock.now(), this.tz) };
  }

  private base(unit: string, at = new Date(this.o.clock.now()).toISOString()) {
    this.serial += 1;
    return { id: `sim.${unit}.${Date.parse(at)}.${this.serial}`, unit, at };
  }

  private async post(unit: string, events: IocEvent[]): Promise<void> {
    const token = this.o.tokens.get(unit);
    if (!token || !events.length) return;
    const res = await fetch(`${this.o.baseUrl}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(events.length === 1 ? events[0] : { events }),
    });
    if (!res.ok) this.o.onError(new Error(`simulated ${unit}: ${res.status} ${await res.text()}`));
  }
}
