/**
 * `npm run national-configs -- --out <dir>`: writes the national roll-up's configs, one JSON file
 * per province deployment (`<province>.json`, its communes as units) and `vn.json` for the
 * national roll-up deployment (the 34 provinces as units). Deterministic: the same files every run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROVINCES_2025, provinceDeploymentConfig, rollupConfig } from './national';

const at = process.argv.indexOf('--out');
const out = at > 0 ? process.argv[at + 1] : undefined;
if (!out) {
  console.error('usage: npm run national-configs -- --out <dir>');
  process.exit(1);
}
const dir = resolve(out);
mkdirSync(dir, { recursive: true });
for (const p of PROVINCES_2025) writeFileSync(join(dir, `${p.id}.json`), `${JSON.stringify(provinceDeploymentConfig(p), null, 2)}\n`);
writeFileSync(join(dir, 'vn.json'), `${JSON.stringify(rollupConfig(), null, 2)}\n`);
console.log(`${PROVINCES_2025.length} province configs and vn.json written to ${dir}`);
