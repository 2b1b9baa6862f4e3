import { describe, expect, it } from 'vitest';
import { StateQuerySchema, TokenCreateSchema } from '@shared/api';
import { ApiError } from '@shared/call';
import { catalogOf } from '@shared/catalog';
import { ProvinceConfigSchema } from '@shared/config';
import { detailsOf } from '@shared/errors';
import { EventSchema } from '@shared/events';
import { PROBLEMS } from '@shared/problems';
import { checkEvents } from '@shared/validate';
import en from './locales/en';
import vi from './locales/vi';
import { namesFor } from './names';
import { detailText, failureText } from './problems';

const catalog = catalogOf(
  ProvinceConfigSchema.parse({
    province: { id: 'p', name: { vi: 'Tỉnh', en: 'Province' }, timeZone: 'Asia/Ho_Chi_Minh' },
    locales: ['vi', 'en'],
    defaultLocale: 'vi',
    keepDays: 60,
    units: [{ id: 'dic', kind: 'agency', name: { vi: 'Sở Thông tin và Truyền thông', en: 'DIC' } }],
    indicators: [
      { id: 'online', kind: 'counter', name: { vi: 'Hồ sơ trực tuyến', en: 'Online dossiers' }, max: 1000 },
      { id: 'total', kind: 'counter', name: { vi: 'Tổng hồ sơ', en: 'All dossiers' }, max: 1000 },
      { id: 'rate', kind: 'ratio', name: { vi: 'Tỷ lệ', en: 'Rate' }, numerator: 'online', denominator: 'total' },
    ],
    groups: [],
    items: [],
  }),
);
const now = Date.parse('2024-04-02T08:00:00Z');
const t = vi.messages;
const names = namesFor(catalog, 'vi');
const report = (indicator: string, value: number, period = '2024-04-01') =>
  EventSchema.parse({ id: `e-${indicator}`, type: 'indicator.reported', unit: 'dic', at: '2024-04-02T08:00:00Z', indicator, value, period });
const vietnamese = (events: ReturnType<typeof report>[]) => checkEvents(catalog, events, now).map(({ detail }) => detailText(t, detail, names));

describe('problems in the reader\'s language', () => {
  it('has a Vietnamese and an English text for every code, with the same parameters as the English template', () => {
    for (const [code, template] of Object.entries(PROBLEMS)) {
      const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const key = `problem_${code}` as keyof typeof t;
      expect(en.messages[key], code).toBe(template);
      // A Vietnamese text may leave a parameter out but never invents one (the field's path is always given, and the period checks give the day).
      for (const name of params(t[key])) expect(params(template).concat('day', 'path'), `${code}: {${name}}`).toContain(name);
    }
  });

  it('says the shared checks\' refusals in Vietnamese, naming indicators and units as the config does', () => {
    expect(vietnamese([report('online', 5000)])).toEqual(['tối đa là 1000']);
    expect(vietnamese([report('online', 2.5)])).toEqual(['phải là số nguyên']);
    expect(vietnamese([report('online', 1, '2024-01-01')])).toEqual(['ngày 2024-01-01 nằm ngoài 60 ngày lưu giữ (chỉ nhận từ 2024-02-03)']);
    expect(vietnamese([report('online', 1, '2024-04-03')])).toEqual(['2024-04-03 là ngày sau hôm nay (2024-04-02): chỉ báo cáo một ngày khi ngày đó đã bắt đầu']);
    expect(vietnamese([report('online', 11), report('total', 10)])).toEqual(['Hồ sơ trực tuyến (11) lớn hơn Tổng hồ sơ (10) của Sở Thông tin và Truyền thông ngày 2024-04-01']);
  });

  it('reads a server answer\'s details from their codes, and an uncoded detail by its field', () => {
    const refused = new ApiError('forbidden', 403, 'Not allowed', null, [{ path: 'type', message: 'a unit may not write display.command', code: 'unit_may_not_write', params: { type: 'display.command' } }]);
    expect(failureText(t, refused, names)).toBe('mã đơn vị không được ghi “Lệnh màn hình”');
    expect(failureText(t, new ApiError('store_unavailable', 503, 'The event store is not reachable'), names)).toBe(t.err_store_unavailable);
    expect(detailText(t, { path: 'events.0.value', message: 'some new English check' })).toBe('máy chủ không chấp nhận giá trị này (events.0.value)');
    // Schema issues: zod's own kinds, and a refinement that names its code.
    const token = TokenCreateSchema.safeParse({ role: 'unit', label: 'Một phòng' });
    expect(token.success ? [] : detailsOf(token.error).map((d) => detailText(t, d, names))).toEqual(['mã của đơn vị cần chọn một đơn vị; các vai trò khác thì không']);
    const event = EventSchema.safeParse({ id: 'e', type: 'indicator.reported', unit: 'dic', at: '2024-04-02T08:00:00Z', indicator: 'online', value: 'ten', period: '2024-04-01' });
    expect(event.success ? [] : detailsOf(event.error).map((d) => detailText(t, d, names))).toEqual(['sai kiểu dữ liệu']);
    const query = StateQuerySchema.safeParse({ at: '2024-04-02T08:00:00Z', seq: '3' });
    expect(query.success ? [] : detailsOf(query.error, ['query']).map((d) => [d.code, detailText(t, d, names)])).toEqual([['at_or_seq', 'chỉ dùng một trong hai: thời điểm (at) hoặc số thứ tự sự kiện (seq)']]);
  });
});
