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
    units: [{ id: 'ops', kind: 'agency', name: { en: 'Ops' } }],
    indicators: [],
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
    expect(command({ action: 'show_page', page: 'plan' })).toEqual([{ path: 'seconds', message: 'show_page needs seconds' }]);
    expect(command({ action: 'show_page', page: 'nowhere', seconds: 30 })).toEqual([{ path: 'page', message: 'unknown page "nowhere"; use one of overview, localities, plan, models' }]);
    expect(command({ action: 'message' })).toEqual([{ path: 'text', message: 'message needs text' }]);
    expect(command({ action: 'pause', text: 'x' })).toEqual([{ path: 'text', message: 'pause takes no text' }]);
  });
});

describe('checks against the live state', () => {
  const state = derive(catalog, createProjection(catalog), now);
  const facts = { activeAlerts: new Set(state.alerts.map((a) => a.id)), displays: new Set(['lobby']) };

  it('refuses to acknowledge an alert that is not active now', () => {
    expect(state.alerts.map((a) => a.id)).toEqual(['overdue:late']);
    expect(checkAgainstLive(facts, event({ type: 'alert.acknowledged', alert: 'overdue:late' }))).toEqual([]);
    expect(checkAgainstLive(facts, event({ type: 'alert.acknowledged', alert: 'overdue:later' }))).toEqual([
      { path: 'alert', message: '"overdue:later" is not active now (it may have cleared); nothing to acknowledge' },
    ]);
  });

  it('refuses to steer a wall that is not connected, but always accepts all', () => {
    expect(checkAgainstLive(facts, event({ type: 'display.command', target: 'lobby', action: 'pause' }))).toEqual([]);
    expect(checkAgainstLive(facts, event({ type: 'display.command', target: 'all', action: 'pause' }))).toEqual([]);
    expect(checkAgainstLive(facts, event({ type: 'display.command', target: 'gone', action: 'pause' }))).toEqual([{ path: 'target', message: 'no wall "gone" is connected now' }]);
  });
});
