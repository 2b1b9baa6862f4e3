import type { ProvinceConfig } from './config';

/**
 * The unit an operator's (or admin's) writes go under: the one they chose when it is a unit of
 * the config, else the config's desk unit, else the first agency, else the first unit.
 */
export function operatorUnit(config: ProvinceConfig, chosen: string | null = null): string {
  if (chosen && config.units.some((u) => u.id === chosen)) return chosen;
  return config.desk?.unit ?? (config.units.find((u) => u.kind === 'agency') ?? config.units[0]!).id;
}
