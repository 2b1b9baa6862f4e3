/**
 * Province configs for the 2025 shape of Vietnam's local government: 34 provinces, 3,321
 * communes, two levels. Deterministic: the same call gives the same config, byte for byte.
 * The benchmarks and docs (test/bench/scale.md) use it; an operator can start from it.
 *
 * The provinces' names are those in force from 1 July 2025; each one's commune count is taken
 * from public reporting of the June 2025 resolutions (not checked against each resolution; they
 * add up to the national 3,321). The communes' names are not reproduced here, so they are
 * numbered and the config says so ("illustrative").
 */
import type { z } from 'zod';
import type { ProvinceConfigSchema } from '@shared/config';

/** A config as written to a file, before the schema fills its defaults. */
export type ProvinceConfigInput = z.input<typeof ProvinceConfigSchema>;

export interface NationalProvince {
  id: string;
  vi: string;
  en: string;
  communes: number;
}

/** The 34 provinces and centrally-run cities from 1 July 2025 and their commune-level units (3,321 in all). */
export const PROVINCES_2025: readonly NationalProvince[] = [
  { id: 'ha-noi', vi: 'Thành phố Hà Nội', en: 'Hà Nội', communes: 126 },
  { id: 'hue', vi: 'Thành phố Huế', en: 'Huế', communes: 40 },
  { id: 'lai-chau', vi: 'Tỉnh Lai Châu', en: 'Lai Châu', communes: 38 },
  { id: 'dien-bien', vi: 'Tỉnh Điện Biên', en: 'Điện Biên', communes: 45 },
  { id: 'son-la', vi: 'Tỉnh Sơn La', en: 'Sơn La', communes: 75 },
  { id: 'lang-son', vi: 'Tỉnh Lạng Sơn', en: 'Lạng Sơn', communes: 65 },
  { id: 'quang-ninh', vi: 'Tỉnh Quảng Ninh', en: 'Quảng Ninh', communes: 54 },
  { id: 'thanh-hoa', vi: 'Tỉnh Thanh Hóa', en: 'Thanh Hóa', communes: 166 },
  { id: 'nghe-an', vi: 'Tỉnh Nghệ An', en: 'Nghệ An', communes: 130 },
  { id: 'ha-tinh', vi: 'Tỉnh Hà Tĩnh', en: 'Hà Tĩnh', communes: 69 },
  { id: 'cao-bang', vi: 'Tỉnh Cao Bằng', en: 'Cao Bằng', communes: 56 },
  { id: 'tuyen-quang', vi: 'Tỉnh Tuyên Quang', en: 'Tuyên Quang', communes: 124 },
  { id: 'lao-cai', vi: 'Tỉnh Lào Cai', en: 'Lào Cai', communes: 99 },
  { id: 'thai-nguyen', vi: 'Tỉnh Thái Nguyên', en: 'Thái Nguyên', communes: 92 },
  { id: 'phu-tho', vi: 'Tỉnh Phú Thọ', en: 'Phú Thọ', communes: 148 },
  { id: 'bac-ninh', vi: 'Tỉnh Bắc Ninh', en: 'Bắc Ninh', communes: 99 },
  { id: 'hung-yen', vi: 'Tỉnh Hưng Yên', en: 'Hưng Yên', communes: 104 },
  { id: 'hai-phong', vi: 'Thành phố Hải Phòng', en: 'Hải Phòng', communes: 114 },
  { id: 'ninh-binh', vi: 'Tỉnh Ninh Bình', en: 'Ninh Bình', communes: 129 },
  { id: 'quang-tri', vi: 'Tỉnh Quảng Trị', en: 'Quảng Trị', communes: 78 },
  { id: 'da-nang', vi: 'Thành phố Đà Nẵng', en: 'Đà Nẵng', communes: 94 },
  { id: 'quang-ngai', vi: 'Tỉnh Quảng Ngãi', en: 'Quảng Ngãi', communes: 96 },
  { id: 'gia-lai', vi: 'Tỉnh Gia Lai', en: 'Gia Lai', communes: 135 },
  { id: 'khanh-hoa', vi: 'Tỉnh Khánh Hòa', en: 'Khánh Hòa', communes: 65 },
  { id: 'lam-dong', vi: 'Tỉnh Lâm Đồng', en: 'Lâm Đồng', communes: 124 },
  { id: 'dak-lak', vi: 'Tỉnh Đắk Lắk', en: 'Đắk Lắk', communes: 102 },
  { id: 'ho-chi-minh', vi: 'Thành phố Hồ Chí Minh', en: 'Hồ Chí Minh City', communes: 168 },
  { id: 'dong-nai', vi: 'Tỉnh Đồng Nai', en: 'Đồng Nai', communes: 95 },
  { id: 'tay-ninh', vi: 'Tỉnh Tây Ninh', en: 'Tây Ninh', communes: 96 },
  { id: 'can-tho', vi: 'Thành phố Cần Thơ', en: 'Cần Thơ', communes: 103 },
  { id: 'vinh-long', vi: 'Tỉnh Vĩnh Long', en: 'Vĩnh Long', communes: 124 },
  { id: 'dong-thap', vi: 'Tỉnh Đồng Tháp', en: 'Đồng Tháp', communes: 102 },
  { id: 'ca-mau', vi: 'Tỉnh Cà Mau', en: 'Cà Mau', communes: 64 },
  { id: 'an-giang', vi: 'Tỉnh An Giang', en: 'An Giang', communes: 102 },
];

/** Tasks every commune leads in the generated plan (it reports their progress). */
export const TASKS_PER_COMMUNE = 2;

/** The id of a province's n-th commune (1-based): `nghe-an-c007`. */
export const communeId = (province: string, n: number) => `${province}-c${String(n).padStart(3, '0')}`;

/** The commune ids of one province, in order. */
export const communeIds = (p: NationalProvince) => Array.from({ length: p.communes }, (_, i) => communeId(p.id, i + 1));

/** The ids of the tasks a commune leads. */
export const communeTaskIds = (commune: string) => Array.from({ length: TASKS_PER_COMMUNE }, (_, i) => `${commune}-t${i + 1}`);

const INDICATORS: ProvinceConfigInput['indicators'] = [
  { id: 'dossiers_online', kind: 'counter', name: { vi: 'Hồ sơ trực tuyến', en: 'Online dossiers' }, measure: { vi: 'hồ sơ', en: 'dossiers' } },
  { id: 'dossiers_total', kind: 'counter', name: { vi: 'Tổng hồ sơ tiếp nhận', en: 'Dossiers received' }, measure: { vi: 'hồ sơ', en: 'dossiers' } },
  {
    id: 'online_rate',
    kind: 'ratio',
    name: { vi: 'Tỷ lệ hồ sơ trực tuyến', en: 'Online submission rate' },
    numerator: 'dossiers_online',
    denominator: 'dossiers_total',
    format: 'percent',
    target: 0.8,
    thresholds: { warn: 0.8, bad: 0.5 },
    headline: true,
  },
  { id: 'vneid_level2', kind: 'gauge', name: { vi: 'Tài khoản VNeID mức 2 đã kích hoạt', en: 'VNeID level-2 accounts activated' }, measure: { vi: 'tài khoản', en: 'accounts' }, aggregate: 'sum', headline: true },
];

const TASK_TITLES = [
  { vi: 'Tiếp nhận hồ sơ trực tuyến toàn trình tại xã (minh họa)', en: 'Full-process online dossiers at the commune (illustrative)' },
  { vi: 'Làm sạch dữ liệu dân cư của xã (minh họa)', en: 'Cleaning the commune’s population data (illustrative)' },
];

const base = (id: string, name: { vi: string; en: string }) => ({
  province: { id, name, timeZone: 'Asia/Ho_Chi_Minh' },
  locales: ['vi', 'en'],
  defaultLocale: 'vi',
  alerts: { silentAfterHours: 48, atRiskDays: 14, atRiskBelowPercent: 80 },
});

function communeUnits(p: NationalProvince, parent?: string): ProvinceConfigInput['units'] {
  return communeIds(p).map((id, i) => ({
    id,
    kind: 'locality' as const,
    name: { vi: `Xã ${i + 1}, ${p.en} (minh họa)`, en: `Commune ${i + 1}, ${p.en} (illustrative)` },
    short: { vi: `Xã ${i + 1}`, en: `Commune ${i + 1}` },
    ...(parent ? { parent } : {}),
  }));
}

function communeTasks(p: NationalProvince, due: string): ProvinceConfigInput['items'] {
  return communeIds(p).flatMap((commune) =>
    communeTaskIds(commune).map((id, t) => ({ id, kind: 'task' as const, group: `g${t + 1}`, title: TASK_TITLES[t]!, lead: commune, due, illustrative: true })),
  );
}

const GROUPS: ProvinceConfigInput['groups'] = TASK_TITLES.map((title, t) => ({ id: `g${t + 1}`, name: title, illustrative: true }));

/** One province as its own deployment: its communes as units, each leading its tasks. */
export function provinceDeploymentConfig(p: NationalProvince, due = '2025-12-31'): ProvinceConfigInput {
  return { ...base(p.id, { vi: p.vi, en: p.en }), units: communeUnits(p), indicators: INDICATORS, groups: GROUPS, items: communeTasks(p, due) };
}

/** Each province's place on the national wall's tile map: rows roughly north to south in 7 rows so the map fits a wall's panel (a sketch, not a map). */
export const NATIONAL_TILES: Readonly<Record<string, { row: number; col: number }>> = {
  'lai-chau': { row: 0, col: 0 }, 'lao-cai': { row: 0, col: 1 }, 'tuyen-quang': { row: 0, col: 2 }, 'cao-bang': { row: 0, col: 3 },
  'dien-bien': { row: 1, col: 0 }, 'son-la': { row: 1, col: 1 }, 'phu-tho': { row: 1, col: 2 }, 'thai-nguyen': { row: 1, col: 3 }, 'lang-son': { row: 1, col: 4 },
  'thanh-hoa': { row: 2, col: 1 }, 'ha-noi': { row: 2, col: 2 }, 'bac-ninh': { row: 2, col: 3 }, 'quang-ninh': { row: 2, col: 4 },
  'nghe-an': { row: 3, col: 1 }, 'ninh-binh': { row: 3, col: 2 }, 'hung-yen': { row: 3, col: 3 }, 'hai-phong': { row: 3, col: 4 },
  'ha-tinh': { row: 4, col: 1 }, 'quang-tri': { row: 4, col: 2 }, hue: { row: 4, col: 3 }, 'da-nang': { row: 4, col: 4 }, 'quang-ngai': { row: 4, col: 5 },
  'an-giang': { row: 5, col: 0 }, 'tay-ninh': { row: 5, col: 1 }, 'gia-lai': { row: 5, col: 2 }, 'dak-lak': { row: 5, col: 3 }, 'lam-dong': { row: 5, col: 4 }, 'khanh-hoa': { row: 5, col: 5 },
  'ca-mau': { row: 6, col: 0 }, 'can-tho': { row: 6, col: 1 }, 'dong-thap': { row: 6, col: 2 }, 'vinh-long': { row: 6, col: 3 }, 'ho-chi-minh': { row: 6, col: 4 }, 'dong-nai': { row: 6, col: 5 },
};

/**
 * The national roll-up deployment: the 34 provinces as units (on the tile map), each fed by its
 * own deployment's upstream reporter (IOC_UPSTREAM_URL) with that province's unit token.
 */
export function rollupConfig(): ProvinceConfigInput {
  return {
    ...base('vn', { vi: 'Toàn quốc', en: 'Viet Nam' }),
    units: PROVINCES_2025.map((p) => ({ id: p.id, kind: 'locality' as const, name: { vi: p.vi, en: p.en }, short: { vi: p.vi.replace(/^(Tỉnh|Thành phố) /, ''), en: p.en }, ...(NATIONAL_TILES[p.id] ? { tile: NATIONAL_TILES[p.id] } : {}) })),
    indicators: INDICATORS,
    groups: [],
    items: [],
  };
}

/** The whole nation as one deployment: 34 provinces, their 3,321 communes under them, every commune's tasks. */
export function nationalConfig(due = '2025-12-31'): ProvinceConfigInput {
  return {
    ...base('vn', { vi: 'Toàn quốc', en: 'Viet Nam' }),
    units: PROVINCES_2025.flatMap((p) => [{ id: p.id, kind: 'locality' as const, name: { vi: p.vi, en: p.en } }, ...communeUnits(p, p.id)]),
    indicators: INDICATORS,
    groups: GROUPS,
    items: PROVINCES_2025.flatMap((p) => communeTasks(p, due)),
  };
}
