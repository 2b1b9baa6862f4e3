import { describe, expect, it } from 'vitest';
import { catalogOf } from '@shared/catalog';
import { ProvinceConfigSchema } from '@shared/config';
import type { StoredEvent } from '@shared/events';
import { createProjection } from '@shared/projection';
import { chooseBaseline } from './baseline';
import { keyAction, moveSlide } from './keys';
import { briefingSearch, parseBriefingOptions } from './options';
import { applyUntil, replayEnd, replayInstant } from './replay';

const ORDER = ['headline', 'models', 'plan', 'late', 'rankings', 'silent', 'notes', 'scorecard'] as const;

describe('briefing options from the address', () => {
  it('opens on the asked slide, baseline and moment', () => {
    expect(parseBriefingOptions('?slide=late&baseline=2048&seq=3000&lang=en', ORDER)).toEqual({ slides: [...ORDER], slide: 'late', baseline: 2048, moment: { seq: 3000 }, lang: 'en', print: false });
    expect(parseBriefingOptions('?at=2024-04-02T14:32:00%2B07:00&print=1', ORDER)).toMatchObject({ slide: 'headline', moment: { at: '2024-04-02T14:32:00+07:00' }, print: true });
  });

  it('takes the slide order from ?slides=, else the config, and ignores what it cannot read', () => {
    expect(parseBriefingOptions('?slides=late,headline,gossip,late&slide=models', ORDER)).toMatchObject({ slides: ['late', 'headline'], slide: 'late' });
    expect(parseBriefingOptions('?slide=nope&baseline=-1&seq=abc&at=yesterday', ['notes', 'late'])).toEqual({ slides: ['notes', 'late'], slide: 'notes', baseline: null, moment: null, lang: null, print: false });
  });

  it('writes the shown slide, baseline and moment back, keeping other parameters', () => {
    expect(briefingSearch('?lang=en&seq=5', { slide: 'plan', baseline: 12, moment: { at: '2024-04-02T07:32:00.000Z' } })).toBe('?lang=en&slide=plan&baseline=12&at=2024-04-02T07%3A32%3A00.000Z');
    expect(briefingSearch('?slide=late&baseline=3&at=x', { slide: 'late', baseline: null, moment: null })).toBe('?slide=late');
  });
});

describe('keys and the clicker', () => {
  it('moves between slides with arrows, Page Up/Down, space, Home and End', () => {
    const keys = ['ArrowRight', 'PageDown', ' ', 'ArrowLeft', 'PageUp', 'Home', 'End'].map((k) => keyAction(k));
    expect(keys).toEqual(['next', 'next', 'next', 'previous', 'previous', 'first', 'last']);
    expect(keyAction(' ', true)).toBe('previous');
    expect([keyAction('r'), keyAction('M'), keyAction('['), keyAction(']'), keyAction('t'), keyAction('x')]).toEqual(['refresh', 'mark', 'stepBack', 'stepForward', 'timeline', null]);
  });

  it('stays within the first and last slide', () => {
    expect([moveSlide(0, 8, 'previous'), moveSlide(7, 8, 'next'), moveSlide(3, 8, 'first'), moveSlide(3, 8, 'last'), moveSlide(3, 8, 'next')]).toEqual([0, 7, 0, 7, 4]);
  });
});

describe('the default baseline', () => {
  const marks = [
    { seq: 10, at: '2024-03-26T02:00:00.000Z', title: 'Week 12' },
    { seq: 50, at: '2024-04-02T02:00:00.000Z', title: 'Week 13' },
  ];
  it('is the latest mark before the shown state, so a state frozen at a mark compares with the one before', () => {
    expect(chooseBaseline(marks, 50, null)).toEqual({ seq: 10, mark: marks[0] });
    expect(chooseBaseline(marks, 70, null)).toEqual({ seq: 50, mark: marks[1] });
    expect(chooseBaseline(marks, 10, null)).toBeNull();
  });
  it('is any chosen seq, named by its mark when there is one', () => {
    expect(chooseBaseline(marks, 70, 10)).toEqual({ seq: 10, mark: marks[0] });
    expect(chooseBaseline(marks, 70, 33)).toEqual({ seq: 33, mark: null });
  });
});

describe('replaying a day', () => {
  const catalog = catalogOf(ProvinceConfigSchema.parse({ province: { id: 'p', name: { en: 'P' }, timeZone: 'UTC' }, locales: ['en'], defaultLocale: 'en', units: [{ id: 'a', kind: 'agency', name: { en: 'A' } }], indicators: [], groups: [], items: [] }));
  const note = (seq: number, receivedAt: string) => ({ id: `n${seq}`, type: 'note.posted', unit: 'a', at: receivedAt, text: `n${seq}`, severity: 'info', seq, receivedAt, by: 't' }) as StoredEvent;

  it('applies the events received up to the replay clock, in order, and says how many it used', () => {
    const projection = createProjection(catalog);
    const buffer = [note(1, '2024-04-02T01:00:00.000Z'), note(2, '2024-04-02T02:00:00.000Z'), note(3, '2024-04-02T03:00:00.000Z')];
    expect(applyUntil(catalog, projection, buffer, Date.parse('2024-04-02T02:00:00.000Z'))).toBe(2);
    expect(projection.seq).toBe(2);
    expect(projection.notes.map((n) => n.text)).toEqual(['n1', 'n2']);
    expect(() => applyUntil(catalog, projection, [note(4, '2024-04-02T03:00:00.000Z')], Date.parse('2024-04-03T00:00:00.000Z'))).toThrow(/does not follow/);
  });

  it('runs the day at 60x or 600x real time and stops at its end', () => {
    const start = Date.parse('2024-04-02T00:00:00.000Z');
    const end = start + 86_399_999;
    const later = Date.parse('2024-04-05T12:00:00.000Z');
    expect(replayInstant(start, end, 1_000, 61_000, 60, later) - start).toBe(3_600_000);
    expect(replayInstant(start, end, 1_000, 7_000, 600, later) - start).toBe(3_600_000);
    expect(replayInstant(start, end, 0, 1e9, 600, later)).toBe(end);
    expect(replayEnd(end, later)).toBe(end);
  });

  it('replaying today just after midnight, catches up with the present and never passes it', () => {
    const start = Date.parse('2024-04-02T00:00:00.000Z');
    const end = start + 86_399_999;
    // The clock the page reads: 00:05 when the replay starts, a real second later each second.
    const now = (realElapsed: number) => start + 300_000 + realElapsed;
    expect(replayInstant(start, end, 0, 250, 600, now(250)) - start).toBe(150_000);
    expect(replayInstant(start, end, 0, 1_000, 600, now(1_000))).toBe(now(1_000));
    expect(replayInstant(start, end, 0, 3_000, 600, now(3_000))).toBe(now(3_000));
    expect(replayEnd(end, now(3_000))).toBe(now(3_000));
  });
});
