import { createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { describeFile, EVENTS_FILE, MANIFEST, TOKENS_FILE, type Manifest } from './backup-format';
import { CliError, count, plural, say } from './common';
import { describeTarget, openSource, storeFromEnv } from './stores';

const PAGE = 1_000;

/**
 * `npm run log -- export --out <dir>`: the whole history (every event, every token record with its
 * hash) as NDJSON, with a manifest of counts, epoch, head seq and sha256 checksums. Reads through
 * the store's interface, from Redis or from the embedded folder, while the server runs: the backup
 * holds the log up to the head it found when it started.
 */
export async function exportLog(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
  if (!values.out) throw new CliError('usage: npm run log -- export --out <folder>');
  const out = values.out;
  if (existsSync(join(out, MANIFEST))) throw new CliError(`${out} holds a backup already: give another folder`);
  const target = storeFromEnv();
  const source = await openSource(target);
  try {
    const { epoch, seq: head } = await source.head();
    mkdirSync(out, { recursive: true });
    const events = createWriteStream(join(out, EVENTS_FILE));
    for (let after = 0; after < head; ) {
      const page = await source.read(after, Math.min(PAGE, head - after));
      if (page.epoch !== epoch) throw new CliError(`the log was replaced during the export (epoch ${epoch} became ${page.epoch}); export again`);
      if (!page.events.length) throw new CliError(`the log ends at seq ${after}, before its head ${head}`);
      for (const e of page.events) if (!events.write(`${JSON.stringify(e)}\n`)) await once(events, 'drain');
      after = page.events.at(-1)!.seq;
      if (after % (PAGE * 100) === 0) say(`exported ${count(after)} of ${count(head)} events`);
    }
    events.end();
    await once(events, 'close');
    const tokens = (await source.listTokens()).sort((a, b) => a.id.localeCompare(b.id));
    writeFileSync(join(out, TOKENS_FILE), tokens.map((t) => `${JSON.stringify(t)}\n`).join(''));

    const manifest: Manifest = {
      format: 'ioc-wall-backup',
      version: 1,
      createdAt: new Date().toISOString(),
      source: describeTarget(target),
      epoch,
      head,
      counts: { events: head, tokens: tokens.length },
      files: { [EVENTS_FILE]: await describeFile(join(out, EVENTS_FILE)), [TOKENS_FILE]: await describeFile(join(out, TOKENS_FILE)) },
    };
    writeFileSync(join(out, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    say(`exported ${count(head)} events (seq 1 to ${count(head)}, epoch ${epoch}) and ${plural(tokens.length, 'token')} from ${describeTarget(target)} to ${out}`);
    return 0;
  } finally {
    await source.close();
  }
}
