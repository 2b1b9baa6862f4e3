import { isWithin, type Catalog } from '../catalog';
import { ItemStatusSchema, type IndicatorConfig } from '../config';
import type { ErrorDetail } from '../errors';
import { EventIdSchema, type IocEvent } from '../events';
import type { Role } from '../roles';
import { localDay, startOfLocalDay } from '../time';
import { checkEvents } from '../validate';
import { digest } from './digest';
import { parseCsv, problemOf, type CsvProblem, type CsvRecord } from './parse';
import { says } from '../problems';

type Said = ReturnType<typeof says>;

/** Who imports: the token's role and unit, as `GET /api/v1/me` says. */
export interface Importer {
  role: Role;
  unit?: string | null;
}

export interface CsvContext {
  catalog: Catalog;
  me: Importer;
  /** Now (ms): days after today in the province's time zone are refused; progress rows are dated today. */
  now: number;
}

/** An event made from one row (and, for counts, one cell), with where its fields came from. */
export interface CsvEvent {
  event: IocEvent;
  line: number;
  /** Event field -> the column it was read from. */
  columns: Record<string, number>;
}

export type CsvKind = 'counts' | 'progress';

export interface CsvImport {
  kind: CsvKind | null;
  events: CsvEvent[];
  problems: CsvProblem[];
  /** Data rows read (the header not counted). */
  rows: number;
}

export const COUNTS_HEADER = 'unit,day,<indicator id>,...';
export const PROGRESS_HEADER = 'item,status,percent,note';
const PROGRESS_COLUMNS = ['item', 'status', 'percent', 'note'];

/**
 * Reads a CSV import and turns it into events, or lists every problem with its line, column and
 * the event field it concerns. All or nothing: callers send the events only when there is no problem.
 * Ids come from the content, so the same file imported twice is stored once.
 */
export function readImport(bytes: Uint8Array, ctx: CsvContext): CsvImport {
  const { table, problems } = parseCsv(bytes);
  if (problems.length) return { kind: null, events: [], problems, rows: 0 };
  const [header, ...rows] = table.records;
  if (!header) return { kind: null, events: [], problems: [{ line: 1, column: 1, path: '(file)', ...says('empty') }], rows: 0 };
  const names = header.cells.map((c) => c.trim().toLowerCase());
  const refusal = ctx.me.role === 'viewer' || ctx.me.role === 'operator' ? says('role_may_not_import', { role: ctx.me.role }) : null;
  const kind: CsvKind | null = names.includes('item') ? 'progress' : names.includes('unit') && names.includes('day') ? 'counts' : null;
  if (!kind) return { kind, events: [], problems: [{ line: header.line, column: 1, path: '(file)', ...says('bad_header', { counts: COUNTS_HEADER, progress: PROGRESS_HEADER }) }], rows: rows.length };
  if (refusal) return { kind, events: [], problems: [{ line: header.line, column: 1, path: '(token)', ...refusal }], rows: rows.length };
  const out = kind === 'counts' ? countRows(names, header, rows, ctx, table.delimiter) : progressRows(names, header, rows, ctx, table.delimiter);
  return { kind, ...out, rows: rows.length };
}

/** The row and cell a server's detail path (`events.N.field`, N within a batch starting at `offset`) points at. */
export function locate(events: CsvEvent[], offset: number, detail: ErrorDetail): CsvProblem {
  const [, index, field = ''] = /^events\.(\d+)\.?(.*)$/.exec(detail.path) ?? /^()()(.*)$/.exec(detail.path)!;
  const e = index !== '' ? events[offset + Number(index)] : events[offset];
  return { line: e?.line ?? 1, column: e?.columns[field] ?? 1, path: field || detail.path, ...problemOf(detail) };
}

type Rows = Pick<CsvImport, 'events' | 'problems'>;

function countRows(names: string[], header: CsvRecord, rows: CsvRecord[], ctx: CsvContext, delimiter: string): Rows {
  const { catalog, me } = ctx;
  const problems: CsvProblem[] = [];
  const events: CsvEvent[] = [];
  const unitCol = names.indexOf('unit');
  const dayCol = names.indexOf('day');
  const indicators = new Map<number, Exclude<IndicatorConfig, { kind: 'ratio' }>>();
  names.forEach((name, i) => {
    if (i === unitCol || i === dayCol || name === '') return;
    const column = i + 1;
    const ind = catalog.indicators.get(name);
    if (names.indexOf(name) !== i) problems.push({ line: header.line, column, path: 'indicator', ...says('second_column', { name }) });
    else if (!ind) problems.push({ line: header.line, column, path: 'indicator', ...says('unknown_indicator', { name }) });
    else if (ind.kind === 'ratio') problems.push({ line: header.line, column, path: 'indicator', ...says('ratio_column', { name }) });
    else indicators.set(i, ind);
  });
  if (!indicators.size && !problems.length) problems.push({ line: header.line, column: names.length + 1, path: 'indicator', ...says('no_indicator') });
  const tz = catalog.config.province.timeZone;
  const seen = new Map<string, { line: number; value: number }>();

  for (const row of rows) {
    const cell = (i: number) => (row.cells[i] ?? '').trim();
    const problem = (i: number, path: string, what: Said) => problems.push({ line: row.line, column: i + 1, path, ...what });
    const scope = cell(unitCol);
    const scopeOk = checkScope(catalog, me, scope, (what) => problem(unitCol, 'scope', what));
    const day = parseDay(cell(dayCol));
    // A day after today, before `since` or out of the kept window is the shared check's (withShared).
    if (day === null) problem(dayCol, 'period', says('not_a_day', { value: cell(dayCol) }));
    row.cells.forEach((raw, i) => {
      if (raw.trim() !== '' && i >= names.length) problem(i, 'value', says('value_outside_header'));
      else if (raw.trim() !== '' && names[i] === '') problem(i, 'value', says('value_unnamed_column'));
    });
    checkParts(indicators, (i) => parseNumber(cell(i), delimiter), (i, reason) => problem(i, 'value', reason));
    for (const [i, ind] of indicators) {
      const raw = cell(i);
      if (raw === '') continue;
      const value = parseNumber(raw, delimiter);
      if (value === null) problem(i, 'value', says('not_a_number', { value: raw }));
      else if (value < 0 && !ind.allowNegative) problem(i, 'value', says('negative', { value: raw }));
      else if (ind.kind === 'counter' && !Number.isInteger(value)) problem(i, 'value', says('not_whole', { value: raw }));
      else if (scopeOk && day !== null) {
        const key = `${scope}|${day}|${ind.id}`;
        const first = seen.get(key);
        if (first && first.value !== value) problem(i, 'value', says('value_conflict', { line: first.line, value: first.value, scope, day, indicator: ind.id }));
        if (first) continue;
        seen.set(key, { line: row.line, value });
        const event: IocEvent = {
          id: contentId(`csv:${scope}:${day}:${ind.id}:${value}`),
          type: 'indicator.reported',
          unit: me.role === 'unit' && me.unit ? me.unit : scope,
          scope,
          at: new Date(startOfLocalDay(day, tz)).toISOString(),
          indicator: ind.id,
          value,
          period: day,
        };
        events.push({ event, line: row.line, columns: { id: i + 1, unit: unitCol + 1, scope: unitCol + 1, period: dayCol + 1, at: dayCol + 1, indicator: i + 1, value: i + 1 } });
      }
    }
  }
  return { events, problems: withShared(problems, events, ctx) };
}

function progressRows(names: string[], header: CsvRecord, rows: CsvRecord[], ctx: CsvContext, delimiter: string): Rows {
  const { catalog, me, now } = ctx;
  const problems: CsvProblem[] = [];
  const events: CsvEvent[] = [];
  names.forEach((name, i) => {
    if (name !== '' && !PROGRESS_COLUMNS.includes(name)) problems.push({ line: header.line, column: i + 1, path: '(file)', ...says('unknown_column', { name, progress: PROGRESS_HEADER }) });
  });
  const col = (name: string) => names.indexOf(name);
  if (col('status') < 0) problems.push({ line: header.line, column: names.length + 1, path: 'status', ...says('no_status_column') });
  const tz = catalog.config.province.timeZone;
  const today = localDay(now, tz);
  const seen = new Map<string, { line: number; content: string }>();

  for (const row of rows) {
    const cell = (name: string) => (col(name) < 0 ? '' : (row.cells[col(name)] ?? '').trim());
    const problem = (name: string, path: string, what: Said) => problems.push({ line: row.line, column: Math.max(0, col(name)) + 1, path, ...what });
    const itemId = cell('item');
    const item = catalog.items.get(itemId);
    if (!item) problem('item', 'item', itemId === '' ? says('item_missing') : says('unknown_item', { item: itemId }));
    else if (me.role === 'unit' && item.lead !== me.unit) problem('item', 'item', says('not_your_item', { item: itemId, lead: item.lead, unit: me.unit ?? '' }));
    const statusRaw = cell('status').toLowerCase().replace(/[\s-]+/g, '_');
    const status = ItemStatusSchema.safeParse(statusRaw);
    if (!status.success) problem('status', 'status', says('bad_status', { value: cell('status'), statuses: ItemStatusSchema.options.join(', ') }));
    const percentRaw = cell('percent').replace(/%$/, '').trim();
    const percent = percentRaw === '' ? undefined : parseNumber(percentRaw, delimiter);
    if (percent === null || (percent !== undefined && (percent < 0 || percent > 100))) problem('percent', 'percent', says('bad_percent', { value: cell('percent') }));
    const note = cell('note');
    if (note.length > 1000) problem('note', 'note', says('note_too_long', { length: note.length }));
    if (!item || !status.success || percent === null || note.length > 1000) continue;
    const content = `${status.data}|${percent ?? ''}|${note}`;
    const first = seen.get(item.id);
    if (first && first.content !== content) problem('item', 'item', says('progress_conflict', { line: first.line, item: item.id }));
    if (first) continue;
    seen.set(item.id, { line: row.line, content });
    const event: IocEvent = {
      id: contentId(`csv:${item.id}:${today}:${digest(content)}`),
      type: 'progress.reported',
      unit: me.role === 'unit' && me.unit ? me.unit : item.lead,
      at: new Date(startOfLocalDay(today, tz)).toISOString(),
      item: item.id,
      status: status.data,
      ...(percent !== undefined ? { percent } : {}),
      ...(note !== '' ? { note } : {}),
    };
    const c = (name: string) => Math.max(0, col(name)) + 1;
    events.push({ event, line: row.line, columns: { id: c('item'), item: c('item'), unit: c('item'), status: c('status'), percent: c('percent'), note: c('note'), at: 1 } });
  }
  return { events, problems: withShared(problems, events, ctx) };
}

/** On one row, a counter given with all its parts (online = full-process + partial) must be their sum. */
function checkParts(indicators: Map<number, Exclude<IndicatorConfig, { kind: 'ratio' }>>, value: (column: number) => number | null, refuse: (column: number, what: Said) => void): void {
  const columnOf = new Map([...indicators].map(([i, ind]) => [ind.id, i]));
  for (const [i, ind] of indicators) {
    if (ind.kind !== 'counter' || !ind.parts?.length) continue;
    const whole = value(i);
    const parts = ind.parts.map((p) => (columnOf.has(p) ? value(columnOf.get(p)!) : null));
    if (whole === null || parts.some((p) => p === null)) continue;
    const sum = parts.reduce((a, p) => a! + p!, 0)!;
    if (whole !== sum) refuse(i, says('parts_disagree', { whole, parts: ind.parts.join(' + '), sum }));
  }
}

/** True when `me` may report about unit `scope`; otherwise says why. */
function checkScope(catalog: Catalog, me: Importer, scope: string, refuse: (what: Said) => void): boolean {
  if (scope === '') return refuse(says('unit_missing')), false;
  if (!catalog.units.has(scope)) return refuse(says('unknown_unit', { unit: scope })), false;
  if (me.role === 'unit' && !isWithin(catalog, scope, me.unit ?? '')) return refuse(says('scope_not_yours', { unit: me.unit ?? '' })), false;
  return true;
}

/**
 * The rows' own problems and those of the one validation HTTP and the console run (`checkEvents`)
 * on the events the good cells made, by line and column: what passes here is not refused there.
 */
function withShared(own: CsvProblem[], events: CsvEvent[], ctx: CsvContext): CsvProblem[] {
  const shared = checkEvents(
    ctx.catalog,
    events.map((e) => e.event),
    ctx.now,
  );
  // A day's cell gives an event both its period and its `at`, and a row's cells share a day: a cell
  // is named once, by the rows' own problem when it has one, else by the first shared one (the period's).
  const periods = new Set(shared.filter(({ detail }) => detail.path === 'period').map(({ index }) => index));
  const named = new Set(own.map((p) => `${p.line}:${p.column}`));
  const placed = shared
    .filter(({ index, detail }) => !(detail.path === 'at' && periods.has(index)))
    .map(({ index, detail: d }) => ({ line: events[index]!.line, column: events[index]!.columns[d.path] ?? 1, path: d.path, ...problemOf(d) }))
    .filter((p) => !named.has(`${p.line}:${p.column}`) && (named.add(`${p.line}:${p.column}`), true));
  return [...own, ...placed].sort((a, b) => a.line - b.line || a.column - b.column);
}

/** A readable id when it fits the contract's id rules, else a digest of it. */
function contentId(readable: string): string {
  return EventIdSchema.safeParse(readable).success ? readable : `csv:${digest(readable)}`;
}

/** A day as YYYY-MM-DD, from YYYY-MM-DD, YYYY/MM/DD or DD/MM/YYYY (day first, as Excel writes dates in Vietnamese). */
export function parseDay(raw: string): string | null {
  const iso = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(raw);
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(raw);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : dmy ? [dmy[3], dmy[2], dmy[1]] : [];
  if (!y || !m || !d) return null;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) return null;
  return date.toISOString().slice(0, 10);
}

/** A plain number: digits with an optional decimal point (a decimal comma too in a semicolon file). */
export function parseNumber(raw: string, delimiter: string): number | null {
  const text = delimiter === ';' ? raw.replace(/^(-?\d+),(\d+)$/, '$1.$2') : raw;
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : null;
}
