import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AppendResponseSchema, EventSchema, MAX_BATCH, type IocEvent } from '@shared/events';
import { ErrorBodySchema } from '@shared/errors';
import { CliError, count, say } from './common';

interface Line {
  /** Line number in the quarantine file. */
  line: number;
  event: IocEvent;
}

interface Tally {
  stored: number;
  duplicates: number;
  /** Events the server would not take: an id stored before with other content, or an event it finds invalid. */
  refused: { line: number; reason: string }[];
}

/** Busy or unavailable answers (429, 503) are waited out this many times in a row before giving up. */
const MAX_WAITS = 30;

/**
 * `npm run log -- resend <file> --url <server> --token <admin token>`: puts quarantined events
 * back through the API, in file order, in batches of up to 500, with their own ids. Events the
 * log already has are answered as duplicates, so nothing doubles and re-running is safe.
 */
export async function resend(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { url: { type: 'string' }, token: { type: 'string' }, batch: { type: 'string' } },
  });
  const [file] = positionals;
  const token = values.token ?? process.env.IOC_ADMIN_TOKEN;
  if (!file || !values.url || !token) throw new CliError('usage: npm run log -- resend <quarantine file> --url <server> --token <admin token>');
  const size = Math.min(MAX_BATCH, Math.max(1, Number(values.batch ?? MAX_BATCH) || MAX_BATCH));
  const endpoint = new URL('/api/v1/events', values.url).toString();

  const { events, skipped } = readQuarantine(file);
  for (const s of skipped) say(`line ${s.line}: not an event, not sent (${s.reason})`);
  const tally: Tally = { stored: 0, duplicates: 0, refused: [] };
  for (let i = 0; i < events.length; i += size) {
    const batch = events.slice(i, i + size);
    await send(endpoint, token, batch, tally);
    say(`sent ${count(i + batch.length)} of ${count(events.length)}: ${count(tally.stored)} stored, ${count(tally.duplicates)} already in the log`);
  }
  for (const r of tally.refused) say(`line ${r.line}: refused by the server: ${r.reason}`);
  say();
  say(
    `${count(events.length)} events: ${count(tally.stored)} stored, ${count(tally.duplicates)} already in the log (duplicates), ${count(tally.refused.length)} refused; ` +
      `${count(skipped.length)} ${skipped.length === 1 ? 'line' : 'lines'} not events`,
  );
  if (tally.refused.length) say('Refused events are not in the log: fix them (or drop them) and re-send.');
  return tally.refused.length ? 1 : 0;
}

/** The quarantine's stored events as they were written (without seq, receivedAt and writer), and the lines that are not events. */
function readQuarantine(file: string): { events: Line[]; skipped: { line: number; reason: string }[] } {
  const events: Line[] = [];
  const skipped: { line: number; reason: string }[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (!text.trim()) return;
      let stored: unknown;
      try {
        stored = JSON.parse(text);
      } catch (err) {
        return skipped.push({ line: i + 1, reason: `not valid JSON: ${(err as Error).message}` });
      }
      const { seq: _seq, receivedAt: _receivedAt, by: _by, ...written } = (typeof stored === 'object' && stored !== null ? stored : {}) as Record<string, unknown>;
      const parsed = EventSchema.safeParse(written);
      if (!parsed.success) return skipped.push({ line: i + 1, reason: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'event'}: ${issue.message}`).join('; ') });
      events.push({ line: i + 1, event: parsed.data });
    });
  return { events, skipped };
}

/** Sends one batch; events the server refuses are set aside (a batch is all or nothing) and the rest sent again. */
async function send(endpoint: string, token: string, batch: Line[], tally: Tally): Promise<void> {
  let rest = batch;
  let waits = 0;
  while (rest.length) {
    let res: Response;
    try {
      res = await fetch(endpoint, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events: rest.map((l) => l.event) }),
      });
    } catch (err) {
      throw new CliError(`cannot reach ${endpoint} (${(err as Error).message}); re-running the same command is safe`);
    }
    const body: unknown = await res.json().catch(() => null);
    if (res.status === 202) {
      const answer = AppendResponseSchema.parse(body);
      tally.stored += answer.accepted.length;
      tally.duplicates += answer.duplicates.length;
      return;
    }
    const error = ErrorBodySchema.safeParse(body);
    const message = error.success ? `${error.data.error.code}: ${error.data.error.message}` : `HTTP ${res.status}`;
    if ((res.status === 429 || res.status === 503) && waits < MAX_WAITS) {
      waits += 1;
      await new Promise((r) => setTimeout(r, 1_000 * Math.max(1, Number(res.headers.get('retry-after')) || 1)));
      continue;
    }
    const refused = new Map<number, string>();
    if (res.status === 400 || res.status === 409) {
      for (const d of error.success ? (error.data.error.details ?? []) : []) {
        const index = /^events\.(\d+)(?:\.|$)/.exec(d.path)?.[1];
        if (index !== undefined) refused.set(Number(index), `${d.path.replace(/^events\.\d+\.?/, '') || 'event'}: ${d.message}`);
      }
    }
    if (!refused.size) throw new CliError(`the server answered ${message}; nothing more was sent`);
    for (const [index, reason] of refused) tally.refused.push({ line: rest[index]!.line, reason });
    rest = rest.filter((_, i) => !refused.has(i));
  }
}
