import { describe, expect, it } from 'vitest';
import { formatDate, formatDayWithWeekday, formatTime } from './format';
import { localDay, localYear, startOfLocalDay } from './time';

describe('localYear()', () => {
  it('turns the year at local midnight, on both sides of UTC', () => {
    // Hanoi is UTC+7: 2024 starts there at 2023-12-31T17:00Z.
    expect(localYear(Date.parse('2023-12-31T16:59:59.999Z'), 'Asia/Ho_Chi_Minh')).toBe('2023');
    expect(localYear(Date.parse('2023-12-31T17:00:00.000Z'), 'Asia/Ho_Chi_Minh')).toBe('2024');
    // New York is UTC-5 in winter: 2024 starts there at 2024-01-01T05:00Z.
    expect(localYear(Date.parse('2024-01-01T04:59:59.999Z'), 'America/New_York')).toBe('2023');
    expect(localYear(Date.parse('2024-01-01T05:00:00.000Z'), 'America/New_York')).toBe('2024');
  });

  it('agrees with localDay on every hour of a year', () => {
    for (let ms = Date.parse('2023-12-25T00:00:00Z'); ms < Date.parse('2025-01-05T00:00:00Z'); ms += 3_600_000) {
      for (const zone of ['Asia/Ho_Chi_Minh', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) expect(localYear(ms, zone)).toBe(localDay(ms, zone).slice(0, 4));
    }
  });
});

describe('startOfLocalDay()', () => {
  it('gives the instant local midnight starts a day', () => {
    expect(new Date(startOfLocalDay('2024-04-03', 'Asia/Ho_Chi_Minh')).toISOString()).toBe('2024-04-02T17:00:00.000Z');
    expect(new Date(startOfLocalDay('2024-04-03', 'UTC')).toISOString()).toBe('2024-04-03T00:00:00.000Z');
  });
});

describe('localDay()', () => {
  it('turns the day at local midnight, also in zones 30 and 45 minutes off the hour, asked in any order', () => {
    const cases: [string, string, string][] = [
      ['Asia/Ho_Chi_Minh', '2024-04-02T16:59:59.999Z', '2024-04-02'],
      ['Asia/Ho_Chi_Minh', '2024-04-02T17:00:00.000Z', '2024-04-03'],
      ['Asia/Kolkata', '2024-04-02T18:29:59.999Z', '2024-04-02'],
      ['Asia/Kolkata', '2024-04-02T18:30:00.000Z', '2024-04-03'],
      ['Asia/Kathmandu', '2024-04-02T18:14:59.999Z', '2024-04-02'],
      ['Asia/Kathmandu', '2024-04-02T18:15:00.000Z', '2024-04-03'],
    ];
    for (const pass of [1, 2]) for (const [zone, at, day] of cases) expect(localDay(Date.parse(at), zone), `${zone} ${at} (pass ${pass})`).toBe(day);
  });
});

describe('days in a time zone', () => {
  it('startOfLocalDay() is local midnight, in Vietnam and in a zone with summer time, the same when asked again', () => {
    expect(new Date(startOfLocalDay('2024-04-02', 'Asia/Ho_Chi_Minh')).toISOString()).toBe('2024-04-01T17:00:00.000Z');
    expect(new Date(startOfLocalDay('2024-07-01', 'Europe/Paris')).toISOString()).toBe('2024-06-30T22:00:00.000Z');
    expect(new Date(startOfLocalDay('2024-01-01', 'Europe/Paris')).toISOString()).toBe('2023-12-31T23:00:00.000Z');
    expect(startOfLocalDay('2024-04-02', 'Asia/Ho_Chi_Minh')).toBe(startOfLocalDay('2024-04-02', 'Asia/Ho_Chi_Minh'));
  });

  it('localDay() changes at local midnight, not at UTC midnight', () => {
    expect(localDay(Date.parse('2024-12-31T16:59:59Z'), 'Asia/Ho_Chi_Minh')).toBe('2024-12-31');
    expect(localDay(Date.parse('2024-12-31T17:00:00Z'), 'Asia/Ho_Chi_Minh')).toBe('2025-01-01');
  });

  it('formatDayWithWeekday() writes a calendar day with its weekday in the display locale, whatever the zone, and nothing for a non-day', () => {
    expect(formatDayWithWeekday('2024-04-02', 'vi-VN')).toBe('Thứ Ba, 02/04/2024');
    expect(formatDayWithWeekday('2024-02-04', 'vi-VN')).toBe('Chủ Nhật, 04/02/2024');
    expect(formatDayWithWeekday('2024-04-02', 'en-GB')).toBe('Tuesday, 02/04/2024');
    expect(formatDayWithWeekday('', 'vi-VN')).toBeNull();
    expect(formatDayWithWeekday('2024-02-30x', 'vi-VN')).toBeNull();
  });

  it('formatTime() and formatDate() give the local clock in the display locale, with or without seconds', () => {
    const at = Date.parse('2024-04-02T07:32:05Z');
    expect(formatTime(at, 'vi-VN', 'Asia/Ho_Chi_Minh')).toBe('14:32');
    expect(formatTime(at, 'vi-VN', 'Asia/Ho_Chi_Minh', true)).toBe('14:32:05');
    expect(formatTime(at, 'en-GB', 'Europe/Paris')).toBe('09:32');
    expect(formatDate(at, 'vi-VN', 'Asia/Ho_Chi_Minh')).toBe('02/04/2024');
  });
});

describe('localDay() before the year 1000', () => {
  it('writes four-digit years, so the day parses back (no RangeError from nextDay)', () => {
    const ms = Date.parse('0999-12-31T00:00:00Z');
    expect(localDay(ms, 'Asia/Ho_Chi_Minh')).toBe('0999-12-31');
    expect(localYear(ms, 'Asia/Ho_Chi_Minh')).toBe('0999');
    expect(startOfLocalDay(localDay(ms, 'UTC'), 'UTC')).toBe(ms);
  });
});
