import { describe, expect, it } from 'vitest';
import { catalogOf } from '../catalog';
import { ProvinceConfigSchema } from '../config';
import { EventIdSchema } from '../events';
import { parseCsv } from './parse';
import { locate, parseDay, readImport, type CsvContext, type Importer } from './rows';
import { runImport } from './run';

const catalog = catalogOf(
  ProvinceConfigSchema.parse({
    province: { id: 'p', name: { vi: 'Tỉnh', en: 'Province' }, timeZone: 'Asia/Ho_Chi_Minh' },
    locales: ['vi', 'en'],
    defaultLocale: 'vi',
    units: [
      { id: 'vinh', kind: 'locality', name: { vi: 'Vinh', en: 'Vinh' } },
      { id: 'ben-thuy', kind: 'locality', name: { vi: 'Bến Thủy', en: 'Ben Thuy' }, parent: 'vinh' },
      { id: 'dic', kind: 'agency', name: { vi: 'Sở TT&TT', en: 'DIC' } },
    ],
    indicators: [
      { id: 'dossiers_online', kind: 'counter', name: { vi: 'x', en: 'x' }, parts: ['dossiers_online_full', 'dossiers_online_partial'] },
      { id: 'dossiers_online_full', kind: 'counter', name: { vi: 'x', en: 'x' } },
      { id: 'dossiers_online_partial', kind: 'counter', name: { vi: 'x', en: 'x' } },
      { id: 'dossiers_total', kind: 'counter', name: { vi: 'x', en: 'x' } },
      { id: 'online_rate', kind: 'ratio', name: { vi: 'x', en: 'x' }, numerator: 'dossiers_online', denominator: 'dossiers_total' },
      { id: 'essential_services', kind: 'gauge', name: { vi: 'x', en: 'x' } },
    ],
    groups: [{ id: 'g01', name: { vi: 'G', en: 'G' } }],
    items: [
      { id: 'm01', kind: 'model', title: { vi: 'M', en: 'M' }, lead: 'dic', due: '2024-12-31' },
      { id: 't01', kind: 'task', group: 'g01', title: { vi: 'T', en: 'T' }, lead: 'vinh', due: '2024-06-30' },
    ],
  }),
);
const NOW = Date.parse('2024-04-02T10:00:00+07:00');
const admin: Importer = { role: 'admin' };
const ctx = (me: Importer = admin, now = NOW): CsvContext => ({ catalog, me, now });
const bytes = (text: string) => new TextEncoder().encode(text);
const read = (text: string | Uint8Array, me?: Importer) => readImport(typeof text === 'string' ? bytes(text) : text, ctx(me));
const reasons = (text: string | Uint8Array, me?: Importer) => read(text, me).problems.map((p) => `line ${p.line}, column ${p.column} (${p.path}): ${p.reason}`);

describe('parseCsv()', () => {
  it('reads an Excel export: BOM, semicolons, CRLF, quoted fields with doubled quotes and line breaks, empty rows', () => {
    const text = '\uFEFFitem;status;percent;note\r\nm01;in_progress;45,5;"Triển khai; ""giai đoạn 2""\r\nở 3 huyện"\r\n;;;\r\nt01;done;;\r\n';
    const { table, problems } = parseCsv(bytes(text));
    expect(problems).toEqual([]);
    expect(table.delimiter).toBe(';');
    expect(table.records).toEqual([
      { line: 1, cells: ['item', 'status', 'percent', 'note'] },
      { line: 2, cells: ['m01', 'in_progress', '45,5', 'Triển khai; "giai đoạn 2"\nở 3 huyện'] },
      { line: 5, cells: ['t01', 'done', '', ''] },
    ]);
  });

  it('reads a comma file without BOM or final line break', () => {
    const { table } = parseCsv(bytes('unit,day,dossiers_online\nvinh,2024-04-01,12'));
    expect(table.delimiter).toBe(',');
    expect(table.records.at(-1)).toEqual({ line: 2, cells: ['vinh', '2024-04-01', '12'] });
  });

  it('names the line and field of bytes that are not UTF-8, and calls a file of both encodings mixed', () => {
    const latin1 = new Uint8Array([...bytes('unit,day,dossiers_online\nvinh,2024-04-01,1\n'), ...bytes('vinh,2024-04-02,'), 0xe9, ...bytes('\n')]);
    expect(parseCsv(latin1).problems).toEqual([{ line: 3, column: 3, path: '(file)', code: 'not_utf8', params: {}, reason: expect.stringContaining('not UTF-8') }]);
    const mixed = new Uint8Array([...bytes('item,status,percent,note\nm01,done,100,Hoàn thành\n'), ...bytes('t01,done,100,Ho'), 0xe0, ...bytes('n\n')]);
    expect(parseCsv(mixed).problems).toEqual([{ line: 3, column: 4, path: '(file)', code: 'mixed_encoding', params: {}, reason: expect.stringContaining('mixed encodings') }]);
    expect(parseCsv(new Uint8Array([0xff, 0xfe, 0x75, 0])).problems[0]?.reason).toContain('UTF-16');
  });

  it('says when a quoted field is never closed', () => {
    expect(parseCsv(bytes('item,status,percent,note\nm01,done,100,"never closed\n')).problems).toEqual([{ line: 2, column: 4, path: '(file)', code: 'unclosed_quote', params: {}, reason: expect.stringContaining('not closed') }]);
  });
});

describe('readImport(): counts', () => {
  it('makes one event per cell, scoped to the row unit, dated at the start of its day, skipping empty cells', () => {
    const imp = read('unit,day,dossiers_online,dossiers_total,essential_services\nvinh,2024-04-01,118,160,\nben-thuy,01/04/2024,,20,3\n');
    expect(imp.problems).toEqual([]);
    expect(imp.kind).toBe('counts');
    expect(imp.events.map((e) => e.event)).toEqual([
      { id: 'csv:vinh:2024-04-01:dossiers_online:118', type: 'indicator.reported', unit: 'vinh', scope: 'vinh', at: '2024-03-31T17:00:00.000Z', indicator: 'dossiers_online', value: 118, period: '2024-04-01' },
      { id: 'csv:vinh:2024-04-01:dossiers_total:160', type: 'indicator.reported', unit: 'vinh', scope: 'vinh', at: '2024-03-31T17:00:00.000Z', indicator: 'dossiers_total', value: 160, period: '2024-04-01' },
      expect.objectContaining({ unit: 'ben-thuy', indicator: 'dossiers_total', value: 20, period: '2024-04-01' }),
      expect.objectContaining({ unit: 'ben-thuy', indicator: 'essential_services', value: 3 }),
    ]);
    expect(imp.events[2]).toMatchObject({ line: 3, columns: { value: 4, period: 2 } });
  });

  it('derives ids from content: the same file gives the same ids, a corrected value a new one', () => {
    const first = read('unit,day,dossiers_online\nvinh,2024-04-01,118\n').events.map((e) => e.event.id);
    expect(read('unit,day,dossiers_online\r\nvinh,2024-04-01,118\r\n').events.map((e) => e.event.id)).toEqual(first);
    expect(read('unit,day,dossiers_online\nvinh,2024-04-01,119\n').events[0]?.event.id).not.toBe(first[0]);
    const long = read(`unit,day,dossiers_online\nvinh,2024-04-01,${'9'.repeat(80)}\n`).events[0]!.event.id;
    expect(EventIdSchema.safeParse(long).success).toBe(true);
  });

  it('writes for a unit token as its own unit, about itself or a unit below it, and refuses others', () => {
    const mine = read('unit,day,dossiers_online\nben-thuy,2024-04-01,5\n', { role: 'unit', unit: 'vinh' });
    expect(mine.events[0]?.event).toMatchObject({ unit: 'vinh', scope: 'ben-thuy' });
    expect(reasons('unit,day,dossiers_online\ndic,2024-04-01,5\n', { role: 'unit', unit: 'vinh' })).toEqual(['line 2, column 1 (scope): this token reports for "vinh" and its units only']);
    expect(reasons('unit,day,dossiers_online\nvinh,2024-04-01,5\n', { role: 'viewer' })).toEqual(['line 1, column 1 ((token)): a viewer token may not import reports']);
  });

  it('lists every problem with line, column and field: header, unit, indicator, number, sign, future, duplicates', () => {
    const text = [
      'unit,day,dossiers_online,online_rate,nope',
      'vinh,2024-04-01,1,,',
    ].join('\n');
    expect(reasons(text)).toEqual([
      'line 1, column 4 (indicator): "online_rate" is a ratio: report its counters instead',
      'line 1, column 5 (indicator): unknown indicator "nope"',
    ]);
    const rows = [
      'unit;day;dossiers_online;dossiers_total',
      'vinh;2024-04-01;12;-3',
      'hanoi;2024-04-01;1;2',
      'vinh;2024-04-03;1;2',
      'vinh;2024-04-01;12;twelve',
      'vinh;2024-04-02;1,5;2',
      'vinh;2024-04-01;13;',
      'vinh;31/02/2024;1;',
    ].join('\r\n');
    expect(reasons(rows)).toEqual([
      'line 2, column 4 (value): -3 is negative',
      'line 3, column 1 (scope): unknown unit "hanoi"',
      // The day after today is the shared check's (the one HTTP and the console run), said once for the row.
      'line 4, column 2 (period): 2024-04-03 is after today (2024-04-02): report a day once it has begun',
      'line 5, column 4 (value): "twelve" is not a number',
      'line 6, column 3 (value): 1,5 is not a whole number (write counts without separators, e.g. 1234)',
      'line 7, column 3 (value): line 2 gives 12 for vinh, 2024-04-01, dossiers_online',
      'line 8, column 2 (period): "31/02/2024" is not a day: use YYYY-MM-DD (or DD/MM/YYYY)',
    ]);
    expect(read(rows).events.length).toBeGreaterThan(0);
    expect(read(rows).problems.find((p) => p.line === 4)).toMatchObject({ code: 'period_after_today', params: { day: '2024-04-03', today: '2024-04-02' } });
  });

  it('keeps one event for a row repeated with the same value', () => {
    expect(read('unit,day,dossiers_online\nvinh,2024-04-01,5\nvinh,2024-04-01,5\n').events).toHaveLength(1);
  });

  it('refuses a header of neither format', () => {
    expect(reasons('donvi,ngay,so\nvinh,2024-04-01,1\n')).toEqual(['line 1, column 1 ((file)): the header must be unit,day,<indicator id>,... (counts) or item,status,percent,note (progress)']);
    expect(reasons('')).toEqual(['line 1, column 1 ((file)): the file is empty']);
  });
});

describe('readImport(): progress', () => {
  it('reads status, percent (with % or a decimal comma) and note, dated today, as the lead unit for an admin', () => {
    const imp = read('\uFEFFitem;status;percent;note\r\nm01;In progress;45,5%;"Giai đoạn ""2"""\r\nt01;done;;\r\n');
    expect(imp.problems).toEqual([]);
    expect(imp.events.map((e) => e.event)).toEqual([
      { id: expect.stringMatching(/^csv:m01:2024-04-02:/), type: 'progress.reported', unit: 'dic', at: '2024-04-01T17:00:00.000Z', item: 'm01', status: 'in_progress', percent: 45.5, note: 'Giai đoạn "2"' },
      { id: expect.stringMatching(/^csv:t01:2024-04-02:/), type: 'progress.reported', unit: 'vinh', at: '2024-04-01T17:00:00.000Z', item: 't01', status: 'done' },
    ]);
  });

  it('refuses items a unit does not lead, unknown items and statuses, percents out of range', () => {
    const text = 'item,status,percent,note\nm01,done,100,\nt99,done,,\nt01,finished,,\nt01,done,140,\n';
    expect(reasons(text, { role: 'unit', unit: 'vinh' })).toEqual([
      'line 2, column 1 (item): not yours: "m01" is led by "dic", not "vinh"',
      'line 3, column 1 (item): unknown task or model "t99"',
      'line 4, column 2 (status): "finished" is not a status: use one of not_started, in_progress, done, blocked',
      'line 5, column 3 (percent): "140" is not a percent from 0 to 100',
    ]);
  });
});

describe('readImport(): the shared checks of every write', () => {
  it('refuses a day before the config since and a note with a control or bidi character, naming the cell', () => {
    expect(reasons('unit,day,dossiers_online\nvinh,1999-12-31,5\n')).toEqual([
      'line 2, column 2 (period): is before 2020-01-01, the earliest day accepted (config since)',
    ]);
    expect(reasons('item,status,percent,note\nm01,in_progress,40,"a\u0000b"\nt01,done,,"x\u202Ey"\n')).toEqual([
      'line 2, column 4 (note): contains a control character (U+0000) at character 2',
      'line 3, column 4 (note): contains a bidi override or isolate character (U+202E) at character 2',
    ]);
  });
});

describe('readImport(): full-process and partial online dossiers', () => {
  it('reads the dossiers_online_full and dossiers_online_partial columns, and refuses a row whose online figure is not their sum', () => {
    const ok = read('unit,day,dossiers_online_full,dossiers_online_partial,dossiers_total\nvinh,2024-04-01,80,38,160\n');
    expect(ok.problems).toEqual([]);
    expect(ok.events.map((e) => e.event.type === 'indicator.reported' && [e.event.indicator, e.event.value])).toEqual([
      ['dossiers_online_full', 80],
      ['dossiers_online_partial', 38],
      ['dossiers_total', 160],
    ]);
    expect(read('unit,day,dossiers_online,dossiers_online_full,dossiers_online_partial\nvinh,2024-04-01,118,80,38\n').problems).toEqual([]);
    expect(reasons('unit,day,dossiers_online,dossiers_online_full,dossiers_online_partial\nvinh,2024-04-01,120,80,38\n')).toEqual([
      'line 2, column 3 (value): 120 is not dossiers_online_full + dossiers_online_partial (118) on the same row; give the parts alone, or a matching sum',
    ]);
  });
});

describe('locate()', () => {
  it("maps the server's detail path in a batch back to the file's line and column", () => {
    const imp = read('unit,day,dossiers_online,dossiers_total\nvinh,2024-04-01,1,2\nvinh,2024-03-31,3,4\n');
    expect(locate(imp.events, 2, { path: 'events.1.value', message: 'x' })).toEqual({ line: 3, column: 4, path: 'value', code: 'check', params: { message: 'x', path: 'events.1.value' }, reason: 'x' });
    // A detail with one of the import's codes keeps it, so the screen renders it from the locale files.
    expect(locate(imp.events, 2, { path: 'events.1.value', message: '-3 is negative', code: 'negative', params: { value: -3 } })).toMatchObject({ code: 'negative', params: { value: -3 } });
  });
});

describe('parseDay()', () => {
  it('reads ISO days and day-first dates, and refuses days that do not exist', () => {
    expect(['2024-04-02', '2024/4/2', '02/04/2024', '2.4.2024'].map(parseDay)).toEqual(['2024-04-02', '2024-04-02', '2024-04-02', '2024-04-02']);
    expect(['2024-02-30', '04/31/2024', 'yesterday'].map(parseDay)).toEqual([null, null, null]);
  });
});

describe('runImport()', () => {
  const lines = (n: number) => read(['unit,day,dossiers_online', ...Array.from({ length: n }, (_, d) => `dic,${new Date(Date.UTC(2023, 0, 1 + d)).toISOString().slice(0, 10)},${d}`)].join('\n')).events;
  const empty = { seq: 0, counters: {}, gauges: {}, items: {} };

  it('sends batches in order and reports progress; a refused batch says which lines were stored', async () => {
    const events = lines(5);
    const sent: number[] = [];
    const progress: string[] = [];
    const outcome = await runImport(events, {
      batchSize: 2,
      send: async (batch) => {
        sent.push(batch.length);
        return sent.length < 3 ? { stored: true, duplicateIds: [] } : { stored: false, code: 'invalid_event', message: 'bad', details: [{ path: 'events.0.value', message: 'too big' }] };
      },
      held: async () => empty,
      progress: (p) => progress.push(`${p.sent}/${p.total} ${p.batch}/${p.batches}`),
    });
    expect(sent).toEqual([2, 2, 1]);
    expect(progress).toEqual(['2/5 1/3', '4/5 2/3']);
    expect(outcome).toMatchObject({ state: 'failed', batch: 3, firstLine: 6, lastLine: 6, storedLines: [2, 3, 4, 5], notStoredLines: [6], problems: [{ line: 6, column: 3, path: 'value', reason: 'too big' }] });
  });

  it('re-sends under a new id a duplicate whose value a later report replaced, and counts the rest as already stored', async () => {
    const events = lines(2);
    const sent: string[][] = [];
    const outcome = await runImport(events, {
      send: async (batch) => {
        sent.push(batch.map((e) => e.id));
        return { stored: true, duplicateIds: sent.length === 1 ? batch.map((e) => e.id) : [] };
      },
      // Day 2023-01-01 now holds 9 (replaced since); 2023-01-02 still holds the file's 1.
      held: async () => ({ ...empty, seq: 40, counters: { dossiers_online: { dic: { '2023-01-01': 9, '2023-01-02': 1 } } } }),
    });
    expect(sent).toHaveLength(2);
    expect(sent[1]).toHaveLength(1);
    expect(sent[1]![0]).not.toBe(events[0]!.event.id);
    expect(outcome).toEqual({ state: 'done', stored: 1, already: 1, lines: 2 });
  });
});
