import { describe, expect, it } from 'vitest';
import { describeIssues, ProvinceConfigSchema } from './config';

const valid = {
  province: { id: 'p', name: { vi: 'Tỉnh', en: 'Province' }, timeZone: 'Asia/Ho_Chi_Minh' },
  locales: ['vi', 'en'],
  defaultLocale: 'vi',
  units: [
    { id: 'a', kind: 'locality', name: { vi: 'A', en: 'A' } },
    { id: 'a1', kind: 'locality', name: { vi: 'A1', en: 'A1' }, parent: 'a' },
    { id: 'a11', kind: 'locality', name: { vi: 'A11', en: 'A11' }, parent: 'a1' },
  ],
  indicators: [
    { id: 'on', kind: 'counter', name: { vi: 'x', en: 'x' } },
    { id: 'all', kind: 'counter', name: { vi: 'x', en: 'x' } },
    { id: 'rate', kind: 'ratio', name: { vi: 'x', en: 'x' }, numerator: 'on', denominator: 'all' },
  ],
  groups: [{ id: 'g', name: { vi: 'G', en: 'G' } }],
  items: [{ id: 't', kind: 'task', group: 'g', title: { vi: 'T', en: 'T' }, lead: 'a11', due: '2024-05-01' }],
};

const problems = (config: unknown) => {
  const parsed = ProvinceConfigSchema.safeParse(config);
  return parsed.success ? [] : describeIssues(parsed.error);
};

describe('province config', () => {
  it('accepts a unit tree three levels deep and fills defaults', () => {
    const config = ProvinceConfigSchema.parse(valid);
    expect(config.alerts.silentAfterHours).toBe(48);
    expect(config.items[0]?.initial).toEqual({ status: 'not_started', percent: 0 });
  });

  it('names the field of every problem', () => {
    const bad = structuredClone(valid) as Record<string, unknown> & typeof valid;
    bad.units[1]!.parent = 'nowhere';
    bad.indicators[2] = { ...bad.indicators[2]!, denominator: 'rate' } as (typeof valid.indicators)[number];
    bad.items[0]!.lead = 'ghost';
    (bad.units[0]!.name as Record<string, string>) = { vi: 'A' };
    bad.province.timeZone = 'Mars/Olympus';
    expect(problems(bad)).toEqual(
      expect.arrayContaining([
        'units.1.parent: unknown unit "nowhere"',
        'indicators.2.denominator: "rate" must be a counter',
        'items.0.lead: unknown unit "ghost"',
        'units.0.name.en: missing the en text',
        'province.timeZone: "Mars/Olympus" is not an IANA time zone',
      ]),
    );
  });

  it('refuses duplicate ids, parent cycles and unknown fields', () => {
    const bad = structuredClone(valid);
    bad.units[0] = { ...bad.units[0]!, parent: 'a11' } as (typeof valid.units)[number];
    bad.groups.push({ id: 'g', name: { vi: 'G', en: 'G' } });
    expect(problems(bad)).toEqual(expect.arrayContaining(['groups.1.id: duplicate id "g"', expect.stringMatching(/^units: parent cycle/)]));
    expect(problems({ ...valid, colour: 'red' })[0]).toMatch(/colour/);
  });

  it('fills the briefing defaults and checks its slides, weights and scored indicator', () => {
    const config = ProvinceConfigSchema.parse(valid);
    expect(config.briefing.slides[0]).toBe('headline');
    expect(config.briefing.scorecard).toEqual({ weights: { onTime: 0.5, online: 0.3, reporting: 0.2 }, reportingDays: 14 });
    expect(config.items[0]?.accelerate).toBe(false);
    const bad = { ...valid, briefing: { slides: ['headline', 'gossip'], scorecard: { indicator: 'on', weights: { onTime: 0, online: 0, reporting: 0 } } } };
    expect(problems(bad)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^briefing\.slides\.1: /), expect.stringMatching(/^briefing\.scorecard\.weights: at least one weight/)]),
    );
    const notRatio = { ...valid, briefing: { scorecard: { indicator: 'on' } } };
    expect(problems(notRatio)).toEqual(['briefing.scorecard.indicator: "on" is not a ratio indicator']);
  });

  it('takes webhooks with a secret from the environment or inline, and names what is wrong with one', () => {
    const hook = { id: 'ops', url: 'https://hooks.example.org/ioc', secretEnv: 'IOC_HOOK_OPS' };
    expect(ProvinceConfigSchema.parse({ ...valid, webhooks: [hook] }).webhooks[0]?.kinds).toEqual(['overdue', 'indicator_bad', 'unit_silent']);
    expect(ProvinceConfigSchema.parse({ ...valid }).webhooks).toEqual([]);
    expect(
      problems({
        ...valid,
        webhooks: [
          { ...hook, secret: 'sixteen-characters' },
          { id: 'b', url: 'ftp://x.org', secret: 'short', units: ['ghost'], kinds: ['late'] },
          { ...hook, secretEnv: undefined },
        ],
      }),
    ).toEqual(
      expect.arrayContaining([
        'webhooks.0.secretEnv: give secretEnv (or, for tests, secret), not both',
        'webhooks.1.url: use an http:// or https:// URL',
        'webhooks.1.secret: use at least 16 characters',
        expect.stringMatching(/^webhooks\.1\.kinds\.0: /),
        'webhooks.2.secretEnv: give secretEnv (or, for tests, secret), not both',
      ]),
    );
    expect(problems({ ...valid, webhooks: [{ ...hook, units: ['ghost'] }, hook] })).toEqual(['webhooks.1.id: duplicate id "ops"', 'webhooks.0.units.0: unknown unit "ghost"']);
    expect(problems({ ...valid, desk: { unit: 'ghost' } })).toEqual(['desk.unit: unknown unit "ghost"']);
  });
});
