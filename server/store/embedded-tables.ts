import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './files';
import { SerialQueue } from './serial';
import type { SideTable, TokenRecord } from './store';

/**
 * The embedded store's small tables beside its log: the tokens (`tokens.json`) and the side
 * tables (`<table>.json`), held in memory and each file rewritten whole on a change.
 */
export class EmbeddedTables {
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly side = new Map<SideTable, Record<string, string>>();
  /** One file write at a time, in order: an older state never lands after a newer one. */
  private readonly writes = new SerialQueue();

  constructor(private readonly dir: string) {}

  async load(): Promise<void> {
    const path = join(this.dir, 'tokens.json');
    if (!existsSync(path)) return;
    for (const t of JSON.parse(await readFile(path, 'utf8')) as TokenRecord[]) this.tokens.set(t.id, t);
  }

  createToken(record: TokenRecord): Promise<void> {
    this.tokens.set(record.id, record);
    return this.saveTokens();
  }

  listTokens(): TokenRecord[] {
    return [...this.tokens.values()];
  }

  findToken(hash: string): TokenRecord | null {
    for (const t of this.tokens.values()) if (t.hash === hash) return t;
    return null;
  }

  /** False when there was no such token. */
  async revokeToken(id: string): Promise<boolean> {
    if (!this.tokens.delete(id)) return false;
    await this.saveTokens();
    return true;
  }

  putFields(table: SideTable, fields: Record<string, string>): Promise<void> {
    return this.writes.run(async () => {
      const merged = { ...(await this.getFields(table)), ...fields };
      this.side.set(table, merged);
      await writeFileAtomic(join(this.dir, `${table}.json`), JSON.stringify(merged));
    });
  }

  async getFields(table: SideTable): Promise<Record<string, string>> {
    let fields = this.side.get(table);
    if (!fields) {
      const path = join(this.dir, `${table}.json`);
      fields = existsSync(path) ? (JSON.parse(await readFile(path, 'utf8')) as Record<string, string>) : {};
      this.side.set(table, fields);
    }
    return { ...fields };
  }

  private saveTokens(): Promise<void> {
    // Serialized when its turn comes, so the file gets every change made before it.
    return this.writes.run(() => writeFileAtomic(join(this.dir, 'tokens.json'), JSON.stringify(this.listTokens())));
  }
}
