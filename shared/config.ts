import { z } from 'zod';
import { BriefingConfigSchema, DEFAULT_BRIEFING } from './briefing/config';

/** An id in a province config: lower-case letters, digits, `_` and `-`. */
export const ConfigIdSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'use 1-64 of a-z 0-9 _ - (starting with a letter or digit)');

/** A text in each of the config's locales, e.g. `{ "vi": "Công an tỉnh", "en": "Provincial Police" }`. */
export const LocalizedSchema = z.record(z.string(), z.string().min(1));
export type Localized = z.infer<typeof LocalizedSchema>;

const IsoDateSchema = z.iso.date();

/** A counter's default `max` for one unit and one day. */
export const DEFAULT_COUNTER_MAX = 10_000_000;
/**
 * The largest `max` a counter may have: running totals stay exact integers (below 2^53) for
 * thousands of units over years of days.
 */
export const MAX_COUNTER_MAX = 1_000_000_000;
/** Gauge bounds; the running sums keep gauges in ten-thousandths, exact within these bounds. */
export const GAUGE_LIMIT = 10_000_000;
/** Default per-day window (`keepDays`): this year and last year's same period. */
export const DEFAULT_KEEP_DAYS = 400;

export const UnitKindSchema = z.enum(['agency', 'locality', 'enterprise']);

export const UnitSchema = z.strictObject({
  id: ConfigIdSchema,
  kind: UnitKindSchema,
  name: LocalizedSchema,
  short: LocalizedSchema.optional(),
  parent: ConfigIdSchema.optional(),
  tile: z.strictObject({ row: z.int().min(0), col: z.int().min(0) }).optional(),
  population: z.number().int().positive().optional(),
  /** Hours without a report after which the unit is flagged silent; default `alerts.silentAfterHours`. */
  silentAfterHours: z.number().positive().optional(),
});
export type UnitConfig = z.infer<typeof UnitSchema>;

const ThresholdsSchema = z.strictObject({ warn: z.number(), bad: z.number() });

const indicatorBase = {
  id: ConfigIdSchema,
  name: LocalizedSchema,
  /** What the value counts, shown beside it, e.g. `{ "vi": "hồ sơ", "en": "dossiers" }`. */
  measure: LocalizedSchema.optional(),
  format: z.enum(['number', 'percent']).default('number'),
  target: z.number().optional(),
  direction: z.enum(['up', 'down']).default('up'),
  /** Status bounds: with direction `up`, below `warn` is warn and below `bad` is bad. */
  thresholds: ThresholdsSchema.optional(),
  headline: z.boolean().default(false),
};

export const CounterIndicatorSchema = z.strictObject({
  ...indicatorBase,
  kind: z.literal('counter'),
  /** Totals sum the periods of the current calendar year (`year`) or of all time (`all`). */
  window: z.enum(['year', 'all']).default('year'),
  allowNegative: z.boolean().default(false),
  /** The largest value one unit may report for one day (and, with allowNegative, the most negative); whole numbers only. */
  max: z.int().min(1).max(MAX_COUNTER_MAX).default(DEFAULT_COUNTER_MAX),
  /** Counters whose sum this counter is, for a (scope, day) where all of them are in force; a unit may report this counter alone. */
  parts: z.array(ConfigIdSchema).min(2).optional(),
});

export const GaugeIndicatorSchema = z.strictObject({
  ...indicatorBase,
  kind: z.literal('gauge'),
  /** How the province value combines the latest value of each scope. */
  aggregate: z.enum(['sum', 'latest', 'mean']).default('sum'),
  allowNegative: z.boolean().default(false),
  /** Bounds of a reported value; default 0 (or -max with allowNegative) to 10,000,000. */
  min: z.number().min(-GAUGE_LIMIT).max(GAUGE_LIMIT).optional(),
  max: z.number().min(-GAUGE_LIMIT).max(GAUGE_LIMIT).optional(),
});

export const RatioIndicatorSchema = z.strictObject({
  ...indicatorBase,
  kind: z.literal('ratio'),
  numerator: ConfigIdSchema,
  denominator: ConfigIdSchema,
  /** `numerator`: the denominator sums only the (unit, day) cells that have a numerator value in force. */
  denominatorScopes: z.enum(['all', 'numerator']).default('all'),
});

export const IndicatorSchema = z.discriminatedUnion('kind', [CounterIndicatorSchema, GaugeIndicatorSchema, RatioIndicatorSchema]);
export type IndicatorConfig = z.infer<typeof IndicatorSchema>;
export type CounterIndicator = z.infer<typeof CounterIndicatorSchema>;
export type GaugeIndicator = z.infer<typeof GaugeIndicatorSchema>;
export type RatioIndicator = z.infer<typeof RatioIndicatorSchema>;

export const ItemStatusSchema = z.enum(['not_started', 'in_progress', 'done', 'blocked']);

/** The kinds of derived alert. */
export const AlertKindSchema = z.enum(['overdue', 'indicator_bad', 'unit_silent', 'data_quality']);

/**
 * An outbound webhook: where to POST alert changes, which ones, and the HMAC secret, given inline
 * (`secret`, for tests and development) or, better, as the name of an environment variable (`secretEnv`).
 */
export const WebhookSchema = z
  .strictObject({
    id: ConfigIdSchema,
    url: z.url({ protocol: /^https?$/, message: 'use an http:// or https:// URL' }),
    kinds: z.array(AlertKindSchema).min(1).default(['overdue', 'indicator_bad', 'unit_silent']),
    /** Only alerts about these units or units below them; province-wide indicator alerts then are not sent. */
    units: z.array(ConfigIdSchema).min(1).optional(),
    secret: z.string().min(16, 'use at least 16 characters').optional(),
    secretEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'the name of an environment variable, e.g. IOC_HOOK_OPS_SECRET').optional(),
  })
  .refine((w) => (w.secret === undefined) !== (w.secretEnv === undefined), { path: ['secretEnv'], message: 'give secretEnv (or, for tests, secret), not both' });
export type WebhookConfig = z.infer<typeof WebhookSchema>;
export type ItemStatus = z.infer<typeof ItemStatusSchema>;

export const GroupSchema = z.strictObject({ id: ConfigIdSchema, name: LocalizedSchema, illustrative: z.boolean().default(false) });
export type GroupConfig = z.infer<typeof GroupSchema>;

export const ItemSchema = z.strictObject({
  id: ConfigIdSchema,
  kind: z.enum(['task', 'model']),
  group: ConfigIdSchema.optional(),
  title: LocalizedSchema,
  lead: ConfigIdSchema,
  support: z.array(ConfigIdSchema).default([]),
  /** The responsible official, as a title, e.g. "Director, Department of Health". */
  official: LocalizedSchema.optional(),
  due: IsoDateSchema,
  /**
   * The item's state when the plan was loaded; events move it on from here. `at` dates it: the
   * starting percent is then the forecast's first point, and a done item was done then.
   */
  initial: z
    .strictObject({ status: ItemStatusSchema, percent: z.number().min(0).max(100), at: z.iso.datetime({ offset: true }).optional() })
    .default({ status: 'not_started', percent: 0 }),
  illustrative: z.boolean().default(false),
  /** A model the province has asked to accelerate: called out on the briefing. */
  accelerate: z.boolean().default(false),
});
export type ItemConfig = z.infer<typeof ItemSchema>;

export const ProvinceConfigSchema = z
  .strictObject({
    province: z.strictObject({
      id: ConfigIdSchema,
      name: LocalizedSchema,
      /** IANA time zone: days, due dates and year windows are counted in it. */
      timeZone: z.string().min(1),
    }),
    /** The earliest day an event's `at` or `period` may fall on: older ones are a bad clock or a bad paste. */
    since: IsoDateSchema.default('2020-01-01'),
    locales: z.array(z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/)).min(1),
    defaultLocale: z.string(),
    alerts: z
      .strictObject({
        silentAfterHours: z.number().positive().default(48),
        atRiskDays: z.int().positive().default(14),
        /** An item due within `atRiskDays` is at risk while its percent is below this. */
        atRiskBelowPercent: z.number().min(0).max(100).default(80),
      })
      .default({ silentAfterHours: 48, atRiskDays: 14, atRiskBelowPercent: 80 }),
    /** How the scorecard judges daily reports: due by `cutoff` (province time) on each working day (Monday to Friday, minus `holidays`). */
    scoring: z
      .strictObject({
        cutoff: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM, e.g. 17:00').default('17:00'),
        holidays: z.array(IsoDateSchema).default([]),
      })
      .default({ cutoff: '17:00', holidays: [] }),
    units: z.array(UnitSchema).min(1),
    indicators: z.array(IndicatorSchema),
    groups: z.array(GroupSchema),
    items: z.array(ItemSchema),
    briefing: BriefingConfigSchema.default(DEFAULT_BRIEFING),
    /** The operator's desk: the unit its notes, acknowledgements and commands are written as, by default. */
    desk: z.strictObject({ unit: ConfigIdSchema }).optional(),
    webhooks: z.array(WebhookSchema).default([]),
    /** Days of per-day values the state keeps; older days live on in the period totals, and reports for them are refused. */
    keepDays: z.int().min(31).max(4000).default(DEFAULT_KEEP_DAYS),
    /**
     * The province's own map: a GeoJSON file of its units (path relative to the config) whose
     * features name a unit id in `property`. Without it the localities page draws the tile grid.
     */
    map: z.strictObject({ geojson: z.string().min(1), property: z.string().min(1) }).optional(),
  })
  // Cross-references are checked even when some fields have the wrong type, so one start lists every problem.
  .superRefine(checkReferencesSafely, { when: (payload) => hasLists(payload.value) });
export type ProvinceConfig = z.infer<typeof ProvinceConfigSchema>;

type RawConfig = Omit<ProvinceConfig, never>;

function hasLists(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return ['units', 'indicators', 'groups', 'items', 'locales'].every((k) => Array.isArray(v[k])) && typeof v.province === 'object' && v.province !== null;
}

function checkReferencesSafely(config: RawConfig, ctx: z.RefinementCtx): void {
  try {
    checkReferences(config, ctx);
  } catch {
    // An entry too malformed to follow: its type errors are reported already.
  }
}

function checkReferences(config: RawConfig, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  if (!config.locales.includes(config.defaultLocale)) issue(['defaultLocale'], `"${config.defaultLocale}" is not one of locales`);
  if (!isTimeZone(config.province.timeZone)) issue(['province', 'timeZone'], `"${config.province.timeZone}" is not an IANA time zone`);

  const texts = (value: Localized | undefined, path: (string | number)[]) => {
    if (!value) return;
    for (const locale of config.locales) if (!value[locale]) issue([...path, locale], `missing the ${locale} text`);
  };
  texts(config.province.name, ['province', 'name']);

  const unitIds = duplicatesCheck(config.units, 'units', issue);
  config.units.forEach((unit, i) => {
    texts(unit.name, ['units', i, 'name']);
    if (unit.parent !== undefined && !unitIds.has(unit.parent)) issue(['units', i, 'parent'], `unknown unit "${unit.parent}"`);
  });
  const cycle = findParentCycle(config.units);
  if (cycle) issue(['units'], `parent cycle: ${cycle.join(' -> ')}`);

  const indicatorIds = duplicatesCheck(config.indicators, 'indicators', issue);
  const kindOf = new Map(config.indicators.map((ind) => [ind.id, ind.kind]));
  config.indicators.forEach((ind, i) => {
    texts(ind.name, ['indicators', i, 'name']);
    if (ind.thresholds) {
      const { warn, bad } = ind.thresholds;
      const ordered = ind.direction === 'up' ? bad <= warn : bad >= warn;
      if (!ordered) issue(['indicators', i, 'thresholds'], `with direction ${ind.direction}, bad must be ${ind.direction === 'up' ? 'at most' : 'at least'} warn`);
    }
    if (ind.kind === 'counter' && ind.parts) {
      ind.parts.forEach((part, j) => {
        if (!indicatorIds.has(part)) issue(['indicators', i, 'parts', j], `unknown indicator "${part}"`);
        else if (kindOf.get(part) !== 'counter' || part === ind.id) issue(['indicators', i, 'parts', j], `"${part}" must be another counter`);
      });
    }
    if (ind.kind === 'gauge' && ind.min !== undefined && ind.max !== undefined && ind.min > ind.max) issue(['indicators', i, 'min'], 'must be at most max');
    if (ind.kind === 'ratio') {
      for (const side of ['numerator', 'denominator'] as const) {
        const ref = ind[side];
        if (!indicatorIds.has(ref)) issue(['indicators', i, side], `unknown indicator "${ref}"`);
        else if (kindOf.get(ref) !== 'counter') issue(['indicators', i, side], `"${ref}" must be a counter`);
      }
    }
  });

  const groupIds = duplicatesCheck(config.groups, 'groups', issue);
  config.groups.forEach((group, i) => texts(group.name, ['groups', i, 'name']));
  duplicatesCheck(config.items, 'items', issue);
  config.items.forEach((item, i) => {
    texts(item.title, ['items', i, 'title']);
    if (!unitIds.has(item.lead)) issue(['items', i, 'lead'], `unknown unit "${item.lead}"`);
    item.support.forEach((u, j) => unitIds.has(u) || issue(['items', i, 'support', j], `unknown unit "${u}"`));
    if (item.kind === 'task' && item.group === undefined) issue(['items', i, 'group'], 'a task needs a group');
    if (item.group !== undefined && !groupIds.has(item.group)) issue(['items', i, 'group'], `unknown group "${item.group}"`);
  });
  const scored = config.briefing?.scorecard.indicator;
  if (scored !== undefined && kindOf.get(scored) !== 'ratio') issue(['briefing', 'scorecard', 'indicator'], `"${scored}" is not a ratio indicator`);
  if (config.desk && !unitIds.has(config.desk.unit)) issue(['desk', 'unit'], `unknown unit "${config.desk.unit}"`);
  const webhooks = config.webhooks ?? [];
  duplicatesCheck(webhooks, 'webhooks', issue);
  webhooks.forEach((hook, i) => hook.units?.forEach((u, j) => unitIds.has(u) || issue(['webhooks', i, 'units', j], `unknown unit "${u}"`)));
}

function duplicatesCheck(list: { id: string }[], name: string, issue: (path: (string | number)[], message: string) => void): Set<string> {
  const seen = new Set<string>();
  list.forEach((entry, i) => {
    if (seen.has(entry.id)) issue([name, i, 'id'], `duplicate id "${entry.id}"`);
    seen.add(entry.id);
  });
  return seen;
}

function findParentCycle(units: { id: string; parent?: string | undefined }[]): string[] | null {
  const parentOf = new Map(units.map((u) => [u.id, u.parent]));
  for (const unit of units) {
    const path = [unit.id];
    let next = unit.parent;
    while (next !== undefined && path.length <= units.length) {
      path.push(next);
      if (next === unit.id) return path;
      next = parentOf.get(next);
    }
  }
  return null;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Formats zod issues as `path: message` lines, for start-up errors. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
}
