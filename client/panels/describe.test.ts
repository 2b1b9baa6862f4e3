import { describe, expect, it } from 'vitest';
import { catalogOf } from '@shared/catalog';
import { apply, createProjection, derive } from '@shared/projection';
import type { StoredEvent } from '@shared/events';
import { loadProvinceConfig } from '../../server/config/load';
import { langFor } from '../i18n/lang';
import { describeAlert } from './describe';

const catalog = catalogOf(loadProvinceConfig());
const AT = '2024-04-02T07:00:00.000Z';
const report = (seq: number, indicator: string, value: number): StoredEvent => ({ id: `e${seq}`, seq, type: 'indicator.reported', unit: 'vinh', indicator, value, period: '2024-04-01', at: AT, receivedAt: AT, by: 'k' });

describe('describeAlert() for data-quality alerts', () => {
  it('names the skipped event, or the figure and day to check, in Vietnamese and English', () => {
    const state = createProjection(catalog);
    [report(1, 'dossiers_total', 10), report(2, 'dossiers_online', 11), report(3, 'dossiers_total', 1e17)].forEach((e) => apply(catalog, state, e));
    const alerts = derive(catalog, state, Date.parse(AT)).alerts.filter((a) => a.kind === 'data_quality');
    expect(alerts.map((a) => describeAlert(a, langFor(catalog, 'vi')))).toEqual([
      'Thành phố Vinh: Tỷ lệ hồ sơ trực tuyến trên 100% ngày 01/04/2024',
      'Thành phố Vinh: sự kiện #3 có số liệu không hợp lệ, không được tính',
    ]);
    expect(describeAlert(alerts[1]!, langFor(catalog, 'en'))).toBe('Vinh City: event #3 has an invalid figure and is not counted');
  });
});
