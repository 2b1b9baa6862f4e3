import type { Catalog } from '@shared/catalog';
import type { IocEvent } from '@shared/events';
import type { Projection } from '@shared/projection';
import { localDay, startOfLocalDay } from '@shared/time';
import type { Clock } from '../clock';
import { DEMO_GAUGES, dossierEvents, dossierProfiles, NOTES, reportsOn, unitRandom, workdayFraction, type DossierProfile } from './profiles';

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

  start(): void {
    this.timer = setInterval(() => {
      this.inFlight = this.inFlight.then(() => this.tick()).catch(this.o.onError);
    }, this.o.tickMs ?? 2_000);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.inFlight;
  }

  private async tick(): Promise<void> {
    this.ticks += 1;
    const now = this.o.clock.now();
    const today = localDay(now, this.tz);
    const minutes = (now - startOfLocalDay(today, this.tz)) / 60_000;
    if (this.lastDay !== null && this.lastDay !== today) {
      // Close the day that ended with every unit's final figures.
      for (const p of this.profiles) if (reportsOn(p.unit, this.lastDay)) await this.post(p.unit, this.dossierEvents(p, this.lastDay, 1));
    }
    this.lastDay = today;
    for (const p of this.profiles) {
      if (Math.random() < 0.12 && reportsOn(p.unit, today)) await this.post(p.unit, this.dossierEvents(p, today, workdayFraction(minutes)));
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
    const essential = Math.min(53, latest('essential_services', 'dic', DEMO_GAUGES.essential_services.value) + (Math.random() < 0.2 ? 1 : 0));
    const paperless = Math.min(20, latest('paperless_services', 'dic', DEMO_GAUGES.paperless_services.value) + (Math.random() < 0.12 ? 1 : 0));
    const vneid = latest('vneid_level2', 'police', DEMO_GAUGES.vneid_level2.value) + Math.round(400 + Math.random() * 900);
    await this.post('dic', [this.gauge('dic', 'essential_services', essential), this.gauge('dic', 'paperless_services', paperless)]);
    await this.post('police', [this.gauge('police', 'vneid_level2', vneid)]);
  }

  private dossierEvents(p: DossierProfile, day: string, fraction: number): IocEvent[] {
    const at = new Date(Math.min(this.o.clock.now(), startOfLocalDay(day, this.tz) + (7.5 + 10 * fraction) * 3_600_000)).toISOString();
    this.serial += 1;
    const serial = this.serial;
    return dossierEvents(p, day, fraction, at, (indicator) => `sim.${p.unit}.${Date.parse(at)}.${serial}.${indicator}`);
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
    const problem = await sendEvents(this.o.baseUrl, token, events);
    if (problem) this.o.onError(new Error(`simulated ${unit}: ${problem}`));
  }
}

/** Writes `events` with `token` through the API, as a real producer does; returns the refusal, if any. */
export async function sendEvents(baseUrl: string, token: string, events: IocEvent[]): Promise<string | null> {
  const res = await fetch(`${baseUrl}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(events.length === 1 ? events[0] : { events }),
  });
  return res.ok ? null : `${res.status} ${await res.text()}`;
}
