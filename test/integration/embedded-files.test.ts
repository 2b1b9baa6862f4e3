import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedStore } from '../../server/store/embedded';
import { DataDirLockedError } from '../../server/store/lock';
import { LogDamagedError } from '../../server/store/logfile';
import { note } from '../../server/store/store.contract';

const root = mkdtempSync(join(tmpdir(), 'ioc-embedded-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;
const freshDir = () => mkdtempSync(join(root, `d${(folders += 1)}-`));
const T0 = Date.parse('2024-04-02T07:00:00Z');

/** A folder whose log has events a, b, c, written by the store itself; the store is closed again. */
async function folderWithLog(): Promise<{ dir: string; epoch: string; lines: string[] }> {
  const dir = freshDir();
  const store = new EmbeddedStore(dir);
  await store.open();
  await store.append([note('a'), note('b'), note('c')], T0);
  const { epoch } = await store.head();
  await store.close();
  return { dir, epoch, lines: readFileSync(join(dir, 'events.log'), 'utf8').split('\n').slice(0, -1) };
}

async function opened(dir: string, notices: string[] = []): Promise<EmbeddedStore> {
  const store = new EmbeddedStore(dir, { onNotice: (m) => notices.push(m) });
  await store.open();
  return store;
}

describe('the embedded store on disk', () => {
  it('refuses a second store on a folder in use, naming this process, and lets it in once the first closes', async () => {
    const dir = freshDir();
    const first = await opened(dir);
    const second = new EmbeddedStore(dir);
    const refusal = await second.open().then(
      () => null,
      (err: unknown) => err,
    );
    expect(refusal).toBeInstanceOf(DataDirLockedError);
    expect((refusal as Error).message).toContain(`${dir} is in use by another IOC Wall process: pid ${process.pid}`);
    await first.close();
    await second.open();
    await second.close();
  });

  it('writes its epoch in the log itself, so a folder holding only events.log keeps its epoch and events', async () => {
    const { dir, epoch, lines } = await folderWithLog();
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'ioc-wall-log', epoch });
    const copy = freshDir();
    writeFileSync(join(copy, 'events.log'), readFileSync(join(dir, 'events.log')));
    const store = await opened(copy);
    try {
      expect(await store.head()).toEqual({ epoch, seq: 3 });
      expect(await store.append([note('c'), note('d')], T0)).toMatchObject({ ok: true, results: [{ seq: 3, duplicate: true }, { seq: 4 }] });
    } finally {
      await store.close();
    }
  });

  it('reads a log from before headers, with its epoch in meta.json; without meta.json it keeps the events under a new epoch', async () => {
    const { lines } = await folderWithLog();
    const dir = freshDir();
    writeFileSync(join(dir, 'events.log'), `${lines.slice(1).join('\n')}\n`);
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ epoch: 'legacy-epoch' }));
    let store = await opened(dir);
    expect(await store.head()).toEqual({ epoch: 'legacy-epoch', seq: 3 });
    await store.close();

    rmSync(join(dir, 'meta.json'));
    const notices: string[] = [];
    store = await opened(dir, notices);
    try {
      const head = await store.head();
      expect(head.seq).toBe(3);
      expect(head.epoch).not.toBe('legacy-epoch');
      expect(notices.join('\n')).toContain('meta.json was missing: kept all 3 events and gave the log a new epoch');
      expect(readFileSync(join(dir, 'events.log'), 'utf8')).toBe(`${lines.slice(1).join('\n')}\n`);
    } finally {
      await store.close();
    }
  });

  it('drops a last line cut short by a crash, says so, and goes on from there', async () => {
    const { dir, lines } = await folderWithLog();
    writeFileSync(join(dir, 'events.log'), `${lines.join('\n')}\n{"id":"d","type":"no`);
    const notices: string[] = [];
    const store = await opened(dir, notices);
    try {
      expect(notices.join('\n')).toContain('dropped a last line cut short by a crash (line 5; never acknowledged)');
      expect(await store.append([note('d')], T0)).toMatchObject({ ok: true, results: [{ seq: 4, duplicate: false }] });
      expect(readFileSync(join(dir, 'events.log'), 'utf8').split('\n').slice(0, -1)).toHaveLength(5);
    } finally {
      await store.close();
    }
  });

  it('refuses to open a log damaged in the middle, naming the line, and changes nothing', async () => {
    const { dir, lines } = await folderWithLog();
    const damaged = `${[lines[0], lines[1], 'garbage', lines[2], lines[3]].join('\n')}\n`;
    writeFileSync(join(dir, 'events.log'), damaged);
    const refusal = await new EmbeddedStore(dir).open().then(
      () => null,
      (err: unknown) => err,
    );
    expect(refusal).toBeInstanceOf(LogDamagedError);
    expect((refusal as Error).message).toContain('events.log is damaged at line 3: not valid JSON');
    expect((refusal as Error).message).toContain(`IOC_DATA_DIR=${dir} npm run log -- repair`);
    expect(readFileSync(join(dir, 'events.log'), 'utf8')).toBe(damaged);
    // The refusal let the folder go.
    await (await opened(freshDir())).close();
    writeFileSync(join(dir, 'events.log'), `${lines.join('\n')}\n`);
    await (await opened(dir)).close();
  });

  it('keeps snapshots per epoch and removes those of other epochs', async () => {
    const { dir, epoch } = await folderWithLog();
    mkdirSync(join(dir, 'snapshots', 'gone-epoch'), { recursive: true });
    writeFileSync(join(dir, 'snapshots', 'gone-epoch', '2-0.json'), '{}');
    writeFileSync(join(dir, 'snapshots', '2-0.json'), '{"from":"before epochs"}');
    const store = await opened(dir);
    try {
      expect(await store.saveSnapshot({ epoch, seq: 2, receivedAt: T0, state: '{"s":2}' })).toBe(true);
      expect(readdirSync(join(dir, 'snapshots'))).toEqual([epoch]);
      expect(existsSync(join(dir, 'snapshots', epoch, `2-${T0}.json`))).toBe(true);
      expect(await store.findSnapshot({ epoch, seq: 3 })).toEqual({ epoch, seq: 2, receivedAt: T0, state: '{"s":2}' });
    } finally {
      await store.close();
    }
  });
});
