import type { Application } from '../app';
import type { Role } from '@shared/api';
import { Simulator } from './simulator';

const DEMO_LABEL = 'demo:';

export interface DemoOptions {
  port: number;
  simulate: boolean;
  /** Demo mode (no admin token): issue display tokens and print the pages' URLs. */
  printTokens: boolean;
}

/**
 * Issues fresh demo tokens (revoking the last run's), prints the pages' URLs and starts
 * the simulated units. Returns a function that stops the simulation.
 */
export async function startDemo(app: Application, options: DemoOptions): Promise<() => Promise<void>> {
  await app.follower.whenLoaded();
  for (const old of await app.tokens.list()) if (old.label.startsWith(DEMO_LABEL)) await app.tokens.revoke(old.id);
  const issue = async (role: Role, label: string, unit?: string) =>
    (await app.tokens.issue({ role, label: `${DEMO_LABEL}${label}`, ...(unit ? { unit } : {}) })).token;

  if (options.printTokens) {
    const base = `http://localhost:${options.port}`;
    const admin = await issue('admin', 'admin');
    const lines = [
      '',
      'IOC Wall is running in demo mode' + (options.simulate ? ' with simulated units (clock from 2024-04-02 14:00 +07:00)' : ''),
      `  wall:      ${base}/wall#token=${await issue('viewer', 'wall')}`,
      `  briefing:  ${base}/briefing#token=${await issue('operator', 'briefing')}`,
      `  console:   ${base}/console#token=${await issue('unit', 'console (dic)', 'dic')}  (unit: dic)`,
      `  admin:     ${base}/admin#token=${admin}`,
      `  API:       curl -H "Authorization: Bearer ${admin}" ${base}/api/v1/state`,
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  if (!options.simulate) return async () => {};

  const unitTokens = new Map<string, string>();
  for (const unit of app.catalog.config.units) unitTokens.set(unit.id, await issue('unit', `simulator (${unit.id})`, unit.id));
  const simulator = new Simulator({
    baseUrl: `http://127.0.0.1:${options.port}`,
    catalog: app.catalog,
    clock: app.clock,
    tokens: unitTokens,
    state: () => app.follower.projection,
    onError: (err) => app.logger.warn({ err: err instanceof Error ? err.message : err }, 'simulator'),
  });
  await simulator.start();
  return () => simulator.stop();
}
