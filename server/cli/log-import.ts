import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { StoredEvent } from '@shared/events';
import type { TokenRecord } from '../store/store';
import { describeFile, EVENTS_FILE, linesOf, MANIFEST, ManifestSchema, TOKENS_FILE, TokenRecordSchema, type Manifest } from './backup-format';
import { CliError, count, plural, say } from './common';
import { describeTarget, openTarget, storeFromEnv } from './stores';

const BATCH = 1_000;

/**
 * `npm run log -- import <dir>`: loads a backup into an empty store of either kind (chosen from
 * the environment, as the server chooses), with the same seqs, times, writers and epoch.
 * Checks every checksum and the seqs first, and refuses a store that has events or tokens.
 */
export async function importLog(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const [dir] = positionals;
  if (!dir) throw new CliError('usage: npm run log -- import <backup folder>');
  const manifest = await checkBackup(dir);
  const tokens = await readTokens(join(dir, TOKENS_FILE), manifest);

  const target = storeFromEnv();
  const store = await openTarget(target);
  try {
    const head = await store.head();
    const existing = (await store.listTokens()).length;
    if (head.seq > 0 || existing > 0) {
      throw new CliError(`${describeTarget(target)} is not empty (${plural(head.seq, 'event')}, ${plural(existing, 'token')}): import only into an empty store`);
    }
    let batch: StoredEvent[] = [];
    let done = 0;
    const flush = async () => {
      await store.importEvents(manifest.epoch, batch);
      done += batch.length;
      batch = [];
      if (done % (BATCH * 100) === 0) say(`imported ${count(done)} of ${count(manifest.head)} events`);
    };
    for await (const line of linesOf(join(dir, EVENTS_FILE))) {
      batch.push(JSON.parse(line) as StoredEvent);
      if (batch.length === BATCH) await flush();
    }
    if (batch.length) await flush();
    for (const t of tokens) await store.createToken(t);
    say(`imported ${count(done)} events (seq 1 to ${count(done)}, epoch ${manifest.epoch}) and ${plural(tokens.length, 'token')} into ${describeTarget(target)}`);
    return 0;
  } finally {
    await store.close();
  }
}

/** The manifest, once every file matches its checksum and the events run 1 to head with no gap. */
async function checkBackup(dir: string): Promise<Manifest> {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) throw new CliError(`no ${MANIFEST} in ${dir}: not a backup made by npm run log -- export`);
  const parsed = ManifestSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new CliError(`${path} is not a backup manifest: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const manifest = parsed.data;
  for (const [name, expected] of Object.entries(manifest.files)) {
    const actual = await describeFile(join(dir, name));
    if (actual.sha256 !== expected.sha256 || actual.bytes !== expected.bytes) {
      throw new CliError(`${join(dir, name)} does not match its checksum in the manifest (the backup is damaged or was changed); nothing was imported`);
    }
  }
  let seq = 0;
  for await (const line of linesOf(join(dir, EVENTS_FILE))) {
    const event = JSON.parse(line) as Partial<StoredEvent>;
    if (event.seq !== seq + 1) throw new CliError(`${EVENTS_FILE} line ${seq + 1}: seq ${String(event.seq)} where ${seq + 1} was expected; nothing was imported`);
    seq += 1;
  }
  if (seq !== manifest.head || seq !== manifest.counts.events) throw new CliError(`${EVENTS_FILE} has ${seq} events, the manifest says ${manifest.head}; nothing was imported`);
  return manifest;
}

async function readTokens(path: string, manifest: Manifest): Promise<TokenRecord[]> {
  const tokens: TokenRecord[] = [];
  for await (const line of linesOf(path)) {
    const parsed = TokenRecordSchema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new CliError(`${TOKENS_FILE} line ${tokens.length + 1} is not a token record; nothing was imported`);
    tokens.push(parsed.data);
  }
  if (tokens.length !== manifest.counts.tokens) throw new CliError(`${TOKENS_FILE} has ${tokens.length} tokens, the manifest says ${manifest.counts.tokens}; nothing was imported`);
  return tokens;
}
