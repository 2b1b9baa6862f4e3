import { z } from 'zod';

/** No IOC data is older than this: a query time before it is a mistake (and years before 1000 broke date formatting). */
export const EARLIEST_QUERY_TIME = Date.UTC(2000, 0, 1);

/** A query parameter that is a decimal integer in [min, max]: digits only, so `""`, `0x10`, `1e3`, `-1`, ` 1` are refused. */
export function decimalInt(min: number, max = Number.MAX_SAFE_INTEGER) {
  return z
    .string()
    .regex(/^\d{1,16}$/, 'use a decimal integer (digits only)')
    .transform(Number)
    .pipe(z.int().min(min).max(max));
}

/** A query parameter that is an ISO 8601 time with an offset, from 2000 on. */
export const isoTime = z.iso
  .datetime({ offset: true, message: 'use an ISO 8601 time with an offset' })
  .refine((v) => Date.parse(v) >= EARLIEST_QUERY_TIME, { message: 'use a time from 2000-01-01 on', params: { code: 'time_before_2000' } });
