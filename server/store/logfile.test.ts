import { describe, expect, it } from 'vitest';
import { headerLine, scanLog } from './logfile';

const event = (seq: number, id = `e${seq}`, text = 'hello') =>
  JSON.stringify({ id, unit: 'dic', at: '2024-04-02T14:00:00+07:00', type: 'note.posted', text, severity: 'info', seq, receivedAt: '2024-04-02T07:00:00.000Z', by: 'tok' });
const log = (...lines: string[]) => Buffer.from(lines.map((l) => `${l}\n`).join(''));
const header = headerLine('epoch-1', new Date('2024-04-02T07:00:00Z')).trim();

describe('scanLog()', () => {
  it('reads a sound log: its header, its events in order and their dedupe keys', () => {
    const bytes = log(header, event(1), event(2));
    const scan = scanLog(bytes);
    expect(scan.problems).toEqual([]);
    expect(scan.header?.epoch).toBe('epoch-1');
    expect(scan.events.map((e) => e.seq)).toEqual([1, 2]);
    expect(scan.ids.get('dic\ne2')).toMatchObject({ seq: 2, line: 3 });
    expect([scan.validBytes, scan.validLines, scan.lines]).toEqual([bytes.length, 3, 3]);
  });

  it('reads a log trimmed by retention from the firstSeq its header names, and no seq before it', () => {
    const trimmed = headerLine('epoch-1', new Date('2024-04-02T07:00:00Z'), 41).trim();
    expect(scanLog(log(trimmed, event(41), event(42))).problems).toEqual([]);
    expect(scanLog(log(trimmed, event(1))).problems.map((p) => [p.line, p.kind])).toEqual([[2, 'order']]);
    expect(scanLog(log(JSON.stringify({ ...JSON.parse(trimmed), firstSeq: 0 }))).problems.map((p) => p.kind)).toEqual(['header']);
  });

  it('reports each damage once, not its echo, and says what repair does about it', () => {
    const bytes = log(header, event(1), event(2), event(2), 'not json', event(4), '[1]', event(5), JSON.stringify({ seq: 6, id: 'x' }), event(7), event(9, 'e8'), event(9), event(10, 'e1'), event(11));
    const scan = scanLog(bytes);
    expect(scan.problems.map((p) => [p.line, p.kind, p.seq])).toEqual([
      [4, 'duplicate', 2],
      [5, 'json', 3],
      [7, 'stray', undefined],
      [9, 'shape', 6],
      [11, 'seq', 8],
      [13, 'duplicate', 10],
    ]);
    expect(scan.problems[0]!.message).toBe('seq 2 stored a second time (first at line 3)');
    expect(scan.problems[3]!.message).toBe('not a stored event: no valid type, unit, receivedAt, by');
    expect(scan.problems[4]!.message).toBe('seq 9 where 8 was expected (the lines around it hold 7 and 9)');
    expect(scan.problems[5]!.message).toBe('event id "e1" of unit "dic" stored twice (first at line 2)');
    expect(scan.fixes.map((f) => [f.kind, f.line, 'seq' in f ? f.seq : null])).toEqual([
      ['drop', 4, null],
      ['damaged', 5, 3],
      ['drop', 7, null],
      ['damaged', 9, 6],
      ['damaged', 11, 8],
      ['damaged', 13, 10],
    ]);
    expect(scan.kept.map((k) => k.seq)).toEqual([1, 2, 4, 5, 7, 9, 11]);
    expect(scan.unplaceable).toBeNull();
    expect(scan.events.map((e) => e.seq)).toEqual([1, 2]);
    expect(scan.validLines).toBe(3);
    expect(bytes.subarray(0, scan.validBytes).toString()).toBe(`${header}\n${event(1)}\n${event(2)}\n`);
  });

  it('counts a real gap once, and calls seqs out of order or a damaged header unplaceable', () => {
    const gap = scanLog(log(header, event(1), event(5), event(6)));
    expect(gap.problems).toEqual([{ line: 3, kind: 'gap', seq: 2, message: 'seqs 2 to 4 are missing' }]);
    expect(gap.fixes.map((f) => ('seq' in f ? f.seq : null))).toEqual([2, 3, 4]);
    const order = scanLog(log(header, event(1), event(3), event(2), event(4)));
    expect(order.problems.map((p) => p.kind)).toEqual(['gap', 'order']);
    expect(order.unplaceable).toMatch(/line 4 holds seq 2 after seq 3: the seqs are out of order/);
    const broken = scanLog(log('{"format":"ioc-wall-lo', event(1)));
    expect(broken.problems.map((p) => [p.line, p.kind])).toEqual([[1, 'header']]);
    expect(broken.unplaceable).toMatch(/^the header \(line 1\) is damaged/);
  });

  it('reads an archived day against the seqs its index names: damage at its end is placed too', () => {
    const day = scanLog(log(event(41), 'garbage', event(43)), { day: { first: 41, last: 45 } });
    expect(day.problems.map((p) => [p.line, p.kind, p.seq])).toEqual([
      [2, 'json', 42],
      [4, 'gap', 44],
    ]);
    expect(day.fixes.map((f) => ('seq' in f ? f.seq : null))).toEqual([42, 44, 45]);
  });

  it('calls a last line without its newline torn, unless a server is writing it', () => {
    const bytes = Buffer.concat([log(header, event(1)), Buffer.from(event(2).slice(0, 30))]);
    expect(scanLog(bytes).problems).toEqual([{ line: 3, kind: 'torn', message: expect.stringContaining('cut short (30 bytes and no newline)') }]);
    expect(scanLog(bytes).fixes).toMatchObject([{ kind: 'cut', line: 3 }]);
    expect(scanLog(bytes).events.map((e) => e.seq)).toEqual([1]);
    expect(scanLog(bytes, { tailInFlight: true }).problems).toEqual([]);
    expect(scanLog(bytes).validLines).toBe(2);
  });

  it('reads a log from before headers, and an empty one', () => {
    expect(scanLog(log(event(1), event(2)))).toMatchObject({ header: null, problems: [], validLines: 2 });
    expect(scanLog(Buffer.alloc(0))).toMatchObject({ header: null, problems: [], lines: 0, validBytes: 0 });
  });
});
