import { useState } from 'react';
import { lineRanges, type HeldState } from '@shared/csv/batches';
import { readImport, type CsvImport } from '@shared/csv/rows';
import { runImport } from '@shared/csv/run';
import { fill } from '../../i18n';
import { csvProblemText, errorText } from '../../i18n/problems';
import type { Lang } from '../../i18n/lang';
import { Button } from '../../ui/fields';
import type { Fate, Outbox } from './outbox';

const PREVIEW_ROWS = 20;

type Progress = { state: 'sending'; sent: number } | { state: 'done'; stored: number; already: number } | { state: 'failed'; stored: number[]; notStored: number[]; reason: string };

/** Waits until a queued batch is stored or refused (it may wait through outages, retried with the same ids). */
async function settled(outbox: Outbox, key: string, first: Promise<Fate>): Promise<Fate> {
  let fate = await first;
  while (fate.state === 'waiting') fate = await outbox.next(key);
  return fate;
}

/** Drop a CSV file, see every problem or a preview, then send it in batches, each stored before the next. */
export function CsvPanel({ lang, unit, outbox, held }: { lang: Lang; unit: string; outbox: Outbox; held: () => HeldState & { seq: number } }) {
  const { t, names, catalog } = lang;
  const [file, setFile] = useState<{ name: string; imp: CsvImport } | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [over, setOver] = useState(false);

  const open = async (f: File) => {
    const bytes = new Uint8Array(await f.arrayBuffer());
    setProgress(null);
    setFile({ name: f.name, imp: readImport(bytes, { catalog, me: { role: 'unit', unit }, now: Date.now() }) });
  };
  const send = async () => {
    if (!file) return;
    setProgress({ state: 'sending', sent: 0 });
    const outcome = await runImport(file.imp.events, {
      send: async (events, batch) => {
        const queued = outbox.submit(fill(t.c_csvLabel, { file: file.name, lines: `${batch.firstLine}–${batch.lastLine}` }), events);
        const fate = queued ? await settled(outbox, queued.key, queued.outcome) : null;
        if (fate?.state === 'stored') return { stored: true, duplicateIds: fate.duplicateIds };
        if (fate?.state === 'refused') return { stored: false, code: fate.failure.code, message: fate.failure.message, details: fate.failure.details };
        return { stored: false, code: fate ? 'unauthorized' : 'queue_full', message: '', details: [] };
      },
      held: () => Promise.resolve(held()),
      progress: (p) => setProgress({ state: 'sending', sent: p.sent }),
    });
    if (outcome.state === 'done') return setProgress({ state: 'done', stored: outcome.stored, already: outcome.already });
    const reason = outcome.problems.map((p) => csvProblemText(t, p, names)).join('; ') || (outcome.code === 'unauthorized' ? t.c_revoked : outcome.code === 'queue_full' ? t.c_queueFull : errorText(t, outcome.code));
    setProgress({ state: 'failed', stored: outcome.storedLines, notStored: outcome.notStoredLines, reason });
  };

  const imp = file?.imp;
  return (
    <div className="csv" data-testid="csv">
      <label
        className={`dropzone ${over ? 'over' : ''}`}
        onDragOver={(e) => (e.preventDefault(), setOver(true))}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          const f = e.dataTransfer.files[0];
          if (f) void open(f);
        }}
      >
        <span>{t.c_csvDrop}</span>
        <input type="file" accept=".csv,text/csv" data-testid="csv-file" onChange={(e) => e.target.files?.[0] && void open(e.target.files[0])} />
      </label>
      <p className="muted">{t.c_csvFormats}</p>
      {imp && imp.problems.length > 0 && (
        <div className="outcome bad" data-testid="csv-problems" role="alert">
          <strong>{fill(t.c_csvProblems, { n: imp.problems.length, file: file.name })}</strong>
          <ul>
            {imp.problems.slice(0, 50).map((p, i) => (
              <li key={i}>{fill(t.c_csvProblem, { line: p.line, column: p.column, reason: csvProblemText(t, p, names) })}</li>
            ))}
          </ul>
        </div>
      )}
      {imp && !imp.problems.length && (
        <div data-testid="csv-preview">
          <p>{fill(t.c_csvReady, { n: imp.events.length, rows: imp.rows, file: file.name })}</p>
          <table className="console-table">
            <tbody>
              {imp.events.slice(0, PREVIEW_ROWS).map((e) => (
                <tr key={e.event.id}>
                  <td className="num">{e.line}</td>
                  {e.event.type === 'indicator.reported' ? (
                    <td>{`${names.unit(e.event.scope ?? e.event.unit)} · ${e.event.period} · ${names.indicator(e.event.indicator)}: ${e.event.value}`}</td>
                  ) : e.event.type === 'progress.reported' ? (
                    <td>{`${e.event.item} · ${t[`status_${e.event.status}`]}${e.event.percent !== undefined ? ` · ${e.event.percent}%` : ''}${e.event.note ? ` · ${e.event.note}` : ''}`}</td>
                  ) : (
                    <td />
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          {imp.events.length > PREVIEW_ROWS && <p className="muted">{fill(t.c_csvMore, { n: imp.events.length - PREVIEW_ROWS })}</p>}
          <Button kind="primary" onClick={() => void send()} disabled={progress?.state === 'sending' || !imp.events.length} data-testid="csv-send">
            {t.c_csvSend}
          </Button>
        </div>
      )}
      {progress && (
        <p className={`outcome ${progress.state === 'failed' ? 'bad' : progress.state === 'done' ? 'ok' : 'warn'}`} data-testid="csv-outcome" role="status">
          {progress.state === 'sending'
            ? fill(t.c_csvSending, { n: progress.sent })
            : progress.state === 'done'
              ? fill(t.c_csvDone, { n: progress.stored, already: progress.already })
              : fill(t.c_csvFailed, { reason: progress.reason, stored: lineRanges(progress.stored) || '—', notStored: lineRanges(progress.notStored) })}
        </p>
      )}
    </div>
  );
}
