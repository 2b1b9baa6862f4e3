import { demoConfig } from '../../helpers/server';

const UNITS = demoConfig.units.map((u) => u.id);
const ITEMS = demoConfig.items.map((i) => ({ id: i.id, lead: i.lead }));
const DAYS = 60;

/**
 * Event `n` of a log shaped like a real one: mostly daily dossier counts from every unit over
 * 60 days, progress reports on every task and model, notes and the odd briefing mark, so that
 * replaying it builds a full-sized projection.
 */
export function mixedEvent(n: number, tag: string): Record<string, unknown> {
  const at = new Date().toISOString();
  const base = { id: `${tag}-${n}`, at };
  const kind = n % 20;
  if (kind < 16) {
    const unit = UNITS[n % UNITS.length]!;
    const day = new Date(Date.UTC(2024, 0, 1) + (Math.floor(n / 16_667) % DAYS) * 86_400_000).toISOString().slice(0, 10);
    const total = 100 + (n % 97);
    const indicator = kind % 2 ? 'dossiers_total' : 'dossiers_online';
    return { ...base, type: 'indicator.reported', unit, indicator, value: indicator === 'dossiers_total' ? total : Math.floor(total * 0.7), period: day };
  }
  if (kind < 19) {
    const item = ITEMS[n % ITEMS.length]!;
    return { ...base, type: 'progress.reported', unit: item.lead, item: item.id, status: 'in_progress', percent: (Math.floor(n / ITEMS.length) % 99) + 1 };
  }
  if (n % 10_000 === 19) return { ...base, type: 'briefing.marked', unit: 'ppc-office', title: `Bench briefing ${n}` };
  return { ...base, type: 'note.posted', unit: UNITS[n % UNITS.length]!, text: `note ${n}`, severity: 'info' };
}

/** Writes `total` mixed events as fast as `concurrency` requests of `batch` allow. */
export async function writeMixed(url: string, token: string, total: number, tag: string, batch = 500, concurrency = 8): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const start = next;
      next += batch;
      const events = Array.from({ length: Math.min(batch, total - start) }, (_, i) => mixedEvent(start + i, tag));
      for (;;) {
        const res = await fetch(`${url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ events }) });
        await res.arrayBuffer();
        if (res.status === 202) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
