import { describe, expect, it } from 'vitest';
import { formatDate, formatTime } from './format';
import { localDay, startOfLocalDay } from './time';

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

  it('formatTime() and formatDate() give the local clock in the display locale, with or without seconds', () => {
    const at = Date.parse('2024-04-02T07:32:05Z');
    expect(formatTime(at, 'vi-VN', 'Asia/Ho_Chi_Minh')).toBe('14:32');
    expect(formatTime(at, 'vi-VN', 'Asia/Ho_Chi_Minh', true)).toBe('14:32:05');
    expect(formatTime(at, 'en-GB', 'Europe/Paris')).toBe('09:32');
    expect(formatDate(at, 'vi-VN', 'Asia/Ho_Chi_Minh')).toBe('02/04/2024');
  });
});
