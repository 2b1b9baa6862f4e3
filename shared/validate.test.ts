import { describe, expect, it } from 'vitest';
import { catalogOf } from './catalog';
import { ProvinceConfigSchema } from './config';
import { EventSchema, type IocEvent } from './events';
import { createProjection, derive } from './projection';
import { checkAgainstLive, checkEvent } from './validate';

const catalog = catalogOf(
  ProvinceConfigSchema.parse({
    province: { id: 'p', name: { en: 'P' }, timeZone: 'Asia/Ho_Chi_Minh' },
    locales: ['en'],
    defaultLocale: 'en',
    // Days back to 2020 stay within the kept window, so these cases test the since rule alone.
    keepDays: 4000,
    units: [{ id: 'ops', kind: 'agency', name: { en: 'Ops' } }],
    indicators: [{ id: 'n', kind: 'counter', name: { en: 'N' } }],
    groups: [{ id: 'g', name: { en: 'G' } }],
    items: [
      { id: 'late', kind: 'task', group: 'g', title: { en: 'Late' }, lead: 'ops', due: '2024-01-01' },
      { id: 'later', kind: 'task', group: 'g', title: { en: 'Later' }, lead: 'ops', due: '2099-01-01' },
    ],
  }),
);
const now = Date.parse('2024-04-02T08:00:00Z');
const event = (fields: Record<string, unknown>): IocEvent => EventSchema.parse({ id: 'e1', unit: 'ops', at: '2024-04-02T08:00:00Z', ...fields });
const command = (fields: Record<string, unknown>) => checkEvent(catalog, event({ type: 'display.command', target: 'all', ...fields }), now);

describe('commands to the walls', () => {
  it('accepts each action with the fields it takes', () => {
    expect(command({ action: 'show_page', page: 'plan', seconds: 30 })).toEqual([]);
    expect(command({ action: 'message', text: 'Leaders visit 15:00' })).toEqual([]);
    expect(command({ action: 'message', text: 'Drill', seconds: 600 })).toEqual([]);
    for (const action of ['pause', 'resume', 'clear']) expect(command({ action })).toEqual([]);
  });

  it('names the missing, extra or unknown field', () => {
    expect(command({ action: 'show_page', page: 'plan' })).toEqual([{ path: 'seconds', message: 'show_page needs seconds', code: 'command_needs', params: { action: 'show_page', field: 'seconds' } }]);
    expect(command({ action: 'show_page', page: 'nowhere', seconds: 30 })).toEqual([{ path: 'page', message: 'unknown page "nowhere"; use one of overview, localities, plan, models', code: 'unknown_page', params: { page: 'nowhere', pages: 'overview, localities, plan, models' } }]);
    expect(command({ action: 'message' })).toEqual([{ path: 'text', message: 'message needs text', code: 'command_needs', params: { action: 'message', field: 'text' } }]);
    expect(command({ action: 'pause', text: 'x' })).toEqual([{ path: 'text', message: 'pause takes no text', code: 'command_takes_no', params: { action: 'pause', field: 'text' } }]);
  });
});

describe('checks against the live state', () => {
  const state = derive(catalog, createProjection(catalog), now);
  const facts = { activeAlerts: new Set(state.alerts.map((a) => a.id)), displays: new Set(['lobby']) };

  it('refuses to acknowledge an alert that is not active now', () => {
    expect(state.alerts.map((a) => a.id)).toEqual(['overdue:late']);
    expect(checkAgainstLive(facts, event({ type: 'alert.acknowledged', alert: 'overdue:late' }))).toEqual([]);
    expect(checkAgainstLive(facts, event({ type: 'alert.acknowledged', alert: 'overdue:later' }))).toEqual([
      { path: 'alert', message: '"overdue:later" is not active now (it may have cleared); nothing to acknowledge', code: 'alert_not_active', params: { alert: 'overdue:later' } },
    ]);
  });

  it('refuses to steer a wall that is not connected, but always accepts all', () => {
    expect(checkAgainstLive(facts, event({ type: 'display.command', target: 'lobby', action: 'pause' }))).toEqual([]);
    expect(checkAgainstLive(facts, event({ type: 'display.command', target: 'all', action: 'pause' }))).toEqual([]);
    expect(checkAgainstLive(facts, event({ type: 'display.command', target: 'gone', action: 'pause' }))).toEqual([{ path: 'target', message: 'no wall "gone" is connected now', code: 'display_not_connected', params: { target: 'gone' } }]);
  });
});

describe('inputs a bad clock or a bad paste cannot sneak in', () => {
  const check = (fields: Record<string, unknown>) => checkEvent(catalog, event(fields), now);
  const report = (fields: Record<string, unknown>) => check({ type: 'indicator.reported', indicator: 'n', value: 1, period: '2024-04-02', ...fields });
  const note = (text: string) => check({ type: 'note.posted', text, severity: 'info' });

  it('refuses an at before the config since (default 2020-01-01) or more than 5 minutes ahead', () => {
    expect(catalog.config.since).toBe('2020-01-01');
    expect(report({ at: '0001-01-01T00:00:00Z' })).toEqual([{ path: 'at', message: 'is before 2020-01-01, the earliest day accepted (config since)', code: 'before_since', params: { since: '2020-01-01' } }]);
    // 2019-12-31 23:30 UTC is already 1 January 2020 in the province (+07:00): accepted.
    expect(report({ at: '2019-12-31T23:30:00Z', period: '2020-01-01' })).toEqual([]);
    expect(report({ at: '2019-12-31T16:59:59Z', period: '2020-01-01' })).toEqual([{ path: 'at', message: 'is before 2020-01-01, the earliest day accepted (config since)', code: 'before_since', params: { since: '2020-01-01' } }]);
    expect(report({ at: '2024-04-02T08:05:00Z' })).toEqual([]);
    expect(report({ at: '2024-04-02T08:05:01Z' })).toEqual([{ path: 'at', message: 'is more than 5 minutes in the future', code: 'at_future', params: { minutes: 5 } }]);
  });

  it('refuses a period before the config since or after the current local day', () => {
    expect(report({ period: '0000-01-01' })).toEqual([{ path: 'period', message: 'is before 2020-01-01, the earliest day accepted (config since)', code: 'before_since', params: { since: '2020-01-01' } }]);
    expect(report({ period: '9999-12-31' })).toEqual([{ path: 'period', message: '9999-12-31 is after today (2024-04-02): report a day once it has begun', code: 'period_after_today', params: { day: '9999-12-31', today: '2024-04-02', timeZone: 'Asia/Ho_Chi_Minh' } }]);
    expect(report({ period: '2020-01-01' })).toEqual([]);
    // 08:00 UTC is 15:00 in the province: 2 April is today, 3 April is not yet.
    expect(report({ period: '2024-04-03' })).toHaveLength(1);
    const later = catalogOf({ ...catalog.config, since: '2024-01-01' });
    expect(checkEvent(later, event({ type: 'indicator.reported', indicator: 'n', value: 1, period: '2023-12-31' }), now)).toEqual([{ path: 'period', message: 'is before 2024-01-01, the earliest day accepted (config since)', code: 'before_since', params: { since: '2024-01-01' } }]);
  });

  it('refuses NUL and other controls, bidi overrides and isolates, zero-width characters and unpaired surrogates, naming the field', () => {
    expect(note('a\u0000b')).toEqual([{ path: 'text', message: 'contains a control character (U+0000) at character 2', code: 'text_control', params: { char: 'U+0000', position: 2 } }]);
    expect(note('Trả lời\u202Egnp.exe')).toEqual([{ path: 'text', message: 'contains a bidi override or isolate character (U+202E) at character 8', code: 'text_bidi', params: { char: 'U+202E', position: 8 } }]);
    expect(note('x\u2066y')[0]?.message).toMatch(/bidi/);
    expect(note('Vi\u200Bnh')).toEqual([{ path: 'text', message: 'contains a zero-width character (U+200B) at character 3', code: 'text_zero_width', params: { char: 'U+200B', position: 3 } }]);
    expect(note('\uFEFFVinh')[0]?.message).toMatch(/zero-width/);
    expect(note('half \uD83D')).toEqual([{ path: 'text', message: 'contains an unpaired surrogate (U+D83D) at character 6', code: 'text_surrogate', params: { char: 'U+D83D', position: 6 } }]);
    expect(note('\uDE00 half')[0]?.message).toMatch(/unpaired surrogate/);
    expect(check({ type: 'progress.reported', item: 'later', status: 'in_progress', note: 'ok\u0007' })).toEqual([{ path: 'note', message: 'contains a control character (U+0007) at character 3', code: 'text_control', params: { char: 'U+0007', position: 3 } }]);
    expect(check({ type: 'briefing.marked', title: '\u202Aweekly' })[0]?.path).toBe('title');
    expect(check({ type: 'display.command', target: 'all', action: 'message', text: 'x\u200Dy' })[0]?.path).toBe('text');
  });

  it('keeps line feeds, tabs, Vietnamese and emoji, and stores text in NFC with LF line ends', () => {
    expect(note('Dòng 1\nDòng 2\tcột 😀')).toEqual([]);
    // "Nghệ" typed with combining marks becomes the precomposed letters; CRLF from Windows becomes LF.
    const decomposed = 'Nghe\u0323\u0302 An\r\nxong';
    const parsed = EventSchema.parse({ id: 'n1', type: 'note.posted', unit: 'ops', at: '2024-04-02T08:00:00Z', text: decomposed, severity: 'info' });
    expect(parsed.type === 'note.posted' && parsed.text).toBe('Nghệ An\nxong');
    expect(note('a\rb')[0]?.message).toMatch(/U\+000D/);
  });
});
