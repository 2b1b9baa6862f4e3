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
    expect(scanLog(log(trimmed, event(1))).problems.map((p) => [p.line, p.kind])).toEqual([[2, 'seq']]);
    expect(scanLog(log(JSON.stringify({ ...JSON.parse(trimmed), firstSeq: 0 }))).problems.map((p) => p.kind)).toEqual(['shape']);
  });

  it('reports every problem by line, and keeps the prefix before the first', () => {
    const bytes = log(header, event(1), event(2), event(2), 'not json', event(3), '[1]', JSON.stringify({ seq: 4, id: 'x' }), event(5), event(4, 'e1'), event(4, 'e2', 'other'), headerLine('epoch-2').trim());
    const scan = scanLog(bytes);
    expect(scan.problems.map((p) => [p.line, p.kind])).toEqual([
      [4, 'seq'],
      [5, 'json'],
      [7, 'shape'],
      [8, 'shape'],
      [9, 'seq'],
      [10, 'duplicate'],
      [11, 'duplicate'],
      [12, 'epoch'],
    ]);
    expect(scan.problems[0]!.message).toBe('seq 2 where 3 was expected (seq 2 is at line 3)');
    expect(scan.problems[3]!.message).toBe('not a stored event: no valid type, unit, receivedAt, by');
    expect(scan.problems[5]!.message).toBe('event id "e1" of unit "dic" stored twice (first at line 2)');
    expect(scan.problems[6]!.message).toBe('event id "e2" of unit "dic" reused with other content (first at line 3)');
    expect(scan.problems[7]!.message).toMatch(/^the header of another log \(epoch .*; this log's is epoch-1\): two logs were joined$/);
    expect(scan.events.map((e) => e.seq)).toEqual([1, 2]);
    expect(scan.validLines).toBe(3);
    expect(bytes.subarray(0, scan.validBytes).toString()).toBe(`${header}\n${event(1)}\n${event(2)}\n`);
  });

  it('calls a last line without its newline torn, unless a server is writing it', () => {
    const bytes = Buffer.concat([log(header, event(1)), Buffer.from(event(2).slice(0, 30))]);
    expect(scanLog(bytes).problems).toEqual([{ line: 3, kind: 'torn', message: expect.stringContaining('cut short (30 bytes and no newline)') }]);
    expect(scanLog(bytes, { tailInFlight: true }).problems).toEqual([]);
    expect(scanLog(bytes).validLines).toBe(2);
  });

  it('reads a log from before headers, and an empty one', () => {
    expect(scanLog(log(event(1), event(2)))).toMatchObject({ header: null, problems: [], validLines: 2 });
    expect(scanLog(Buffer.alloc(0))).toMatchObject({ header: null, problems: [], lines: 0, validBytes: 0 });
  });
});
