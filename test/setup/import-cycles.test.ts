import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findCycles, importGraph } from './import-cycles';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** A throwaway project: a tsconfig with the repo's `@shared` path and the given files. */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'cycles-'));
  roots.push(root);
  writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', baseUrl: '.', paths: { '@shared/*': ['shared/*'] } } }));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

const named = (root: string, cycles: string[][]) => cycles.map((c) => c.map((f) => relative(root, f)));

describe('the import cycle check', () => {
  it('sees a cycle made only of type imports, through a tsconfig path', () => {
    const root = project({
      'server/store.ts': "import type { Outcome } from './run';\nexport interface Store { run(): Outcome }\n",
      'server/run.ts': "import { dayOf } from '@shared/days';\nexport interface Outcome { n: number }\n",
      'shared/days.ts': "export type { Store } from '../server/store';\nexport const dayOf = 1;\n",
    });
    expect(named(root, findCycles(importGraph(root)))).toEqual([['server/run.ts', 'shared/days.ts', 'server/store.ts', 'server/run.ts']]);
  });

  it('passes a tree whose imports all point one way', () => {
    const root = project({
      'server/a.ts': "import type { B } from './b';\nimport { c } from '../shared/c';\nexport const a: B = c;\n",
      'server/b.ts': "import { c } from '../shared/c';\nexport type B = typeof c;\n",
      'shared/c.ts': 'export const c = 1;\n',
    });
    expect(findCycles(importGraph(root))).toEqual([]);
  });
});
