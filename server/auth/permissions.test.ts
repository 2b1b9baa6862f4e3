import { describe, expect, it } from 'vitest';
import { catalogOf } from '@shared/catalog';
import type { IocEvent } from '@shared/events';
import { loadProvinceConfig } from '../config/load';
import { writeRefusal } from './permissions';
import type { Principal } from './tokens';

const catalog = catalogOf(loadProvinceConfig());
const at = '2024-04-02T14:00:00+07:00';
const unit = (id: string): Principal => ({ tokenId: 't', role: 'unit', unit: id });
const report = (u: string, scope?: string): IocEvent => ({ id: 'e', type: 'indicator.reported', unit: u, at, indicator: 'dossiers_online', value: 1, period: '2024-04-02', ...(scope ? { scope } : {}) });
const progress = (u: string, item: string): IocEvent => ({ id: 'e', type: 'progress.reported', unit: u, at, item, status: 'in_progress' });
const note: IocEvent = { id: 'e', type: 'note.posted', unit: 'dic', at, text: 'x', severity: 'info' };
const brief: IocEvent = { id: 'e', type: 'briefing.marked', unit: 'dic', at, title: 'Weekly' };
const steer: IocEvent = { id: 'e', type: 'display.command', unit: 'dic', at, target: 'all', action: 'pause' };

describe('writeRefusal()', () => {
  it('lets a unit report for itself and refuses another unit or an out-of-scope scope', () => {
    expect(writeRefusal(catalog, unit('vinh'), report('vinh'))).toBeNull();
    expect(writeRefusal(catalog, unit('vinh'), report('cua-lo'))?.path).toBe('unit');
    expect(writeRefusal(catalog, unit('vinh'), report('vinh', 'cua-lo'))?.path).toBe('scope');
  });

  it('lets a unit report progress only on items it leads (m01 is led by dic)', () => {
    expect(writeRefusal(catalog, unit('dic'), progress('dic', 'm01'))).toBeNull();
    expect(writeRefusal(catalog, unit('health'), progress('health', 'm01'))).toEqual({
      path: 'item',
      code: 'not_your_item',
      params: { item: 'm01', lead: 'dic', unit: 'health' },
      message: 'not yours: "m01" is led by "dic", not "health"',
    });
  });

  it('gives operators notes, acknowledgements and marks; viewers nothing; admins everything', () => {
    const operator: Principal = { tokenId: 't', role: 'operator', unit: null };
    expect(writeRefusal(catalog, operator, brief)).toBeNull();
    expect(writeRefusal(catalog, operator, report('vinh'))?.path).toBe('type');
    expect(writeRefusal(catalog, { tokenId: 't', role: 'viewer', unit: null }, note)?.path).toBe('type');
    expect(writeRefusal(catalog, { tokenId: 't', role: 'admin', unit: null }, report('vinh', 'cua-lo'))).toBeNull();
    expect(writeRefusal(catalog, unit('dic'), brief)?.path).toBe('type');
  });

  it('lets only operators and admins steer the walls, and nobody write the server\'s webhook bookkeeping', () => {
    expect(writeRefusal(catalog, { tokenId: 't', role: 'operator', unit: null }, steer)).toBeNull();
    expect(writeRefusal(catalog, { tokenId: 't', role: 'admin', unit: null }, steer)).toBeNull();
    expect(writeRefusal(catalog, { tokenId: 't', role: 'viewer', unit: null }, steer)?.path).toBe('type');
    expect(writeRefusal(catalog, unit('dic'), steer)).toEqual({ path: 'type', code: 'unit_may_not_write', params: { type: 'display.command' }, message: 'a unit may not write display.command' });
  });
});
