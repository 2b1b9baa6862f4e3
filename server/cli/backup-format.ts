import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { z } from 'zod';

/** A backup is a folder: these two NDJSON files and a manifest that describes and checksums them. */
export const MANIFEST = 'manifest.json';
export const EVENTS_FILE = 'events.ndjson';
export const TOKENS_FILE = 'tokens.ndjson';

const FileEntrySchema = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.int().min(0), lines: z.int().min(0) });

export const ManifestSchema = z.object({
  format: z.literal('ioc-wall-backup'),
  version: z.literal(1),
  createdAt: z.string(),
  /** Where it was taken from, for people reading it. */
  source: z.string(),
  epoch: z.string(),
  /** The seq of the last event in the backup; events are 1 to head. */
  head: z.int().min(0),
  counts: z.object({ events: z.int().min(0), tokens: z.int().min(0) }),
  files: z.object({ [EVENTS_FILE]: FileEntrySchema, [TOKENS_FILE]: FileEntrySchema }),
});
export type Manifest = z.infer<typeof ManifestSchema>;
export type FileEntry = z.infer<typeof FileEntrySchema>;

export const TokenRecordSchema = z.object({
  id: z.string().min(1),
  hash: z.string().min(1),
  role: z.enum(['admin', 'operator', 'unit', 'viewer']),
  unit: z.string().nullable(),
  label: z.string(),
  createdAt: z.string(),
});

/** The sha256, size and line count of a file, read as a stream. */
export async function describeFile(path: string): Promise<FileEntry> {
  const hash = createHash('sha256');
  let bytes = 0;
  let lines = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines += 1;
  }
  return { sha256: hash.digest('hex'), bytes, lines };
}

/** The lines of a file, one at a time. */
export function linesOf(path: string): AsyncIterable<string> {
  return createInterface({ input: createReadStream(path), crlfDelay: Infinity });
}
