import { timeAndDate } from '../../ui/format';
import { memo, useState } from 'react';
import type { BriefingMark } from '@shared/projection';
import { fill } from '../../i18n';
import type { Lang } from '../../i18n/lang';
import { Button, Field, Select } from '../../ui/fields';
import { WriteResult } from './WriteResult';
import type { DeskEvent, WriteState } from './useWrite';

const SEVERITIES = ['info', 'warning', 'critical'] as const;

interface Props {
  lastMark: BriefingMark | null;
  lang: Lang;
  noteState: WriteState;
  writeNote: (event: DeskEvent) => Promise<boolean>;
  markState: WriteState;
  writeMark: (event: DeskEvent) => Promise<boolean>;
}

/** A note with a severity for the walls' live ticker, and a briefing mark ("since last briefing" counts from it). */
export const NotesPanel = memo(function NotesPanel({ lastMark, lang, noteState, writeNote, markState, writeMark }: Props) {
  const { t } = lang;
  const [text, setText] = useState('');
  const [severity, setSeverity] = useState<(typeof SEVERITIES)[number]>('info');
  const [title, setTitle] = useState('');
  return (
    <section className="desk-card desk-notes" data-testid="desk-notes">
      <h2>{t.desk_notes}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void writeNote({ type: 'note.posted', text: text.trim(), severity }).then((ok) => ok && setText(''));
        }}
      >
        <Field label={t.desk_noteText} value={text} maxLength={500} onChange={(e) => setText(e.target.value)} data-testid="note-text" />
        <div className="desk-row">
          <Select label={t.desk_severity} options={SEVERITIES.map((s) => ({ value: s, text: t[`sev_${s}`] }))} value={severity} onChange={(e) => setSeverity(e.target.value as (typeof SEVERITIES)[number])} data-testid="note-severity" />
          <Button kind="primary" type="submit" disabled={noteState.busy || !text.trim()} data-testid="note-post">
            {t.desk_postNote}
          </Button>
        </div>
        <WriteResult state={noteState} />
      </form>
      <h2>{t.desk_briefing}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void writeMark({ type: 'briefing.marked', title: title.trim() }).then((ok) => ok && setTitle(''));
        }}
      >
        <div className="desk-row">
          <Field label={t.desk_briefingTitle} value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} data-testid="mark-title" />
          <Button kind="primary" type="submit" disabled={markState.busy || !title.trim()} data-testid="mark-post">
            {t.desk_mark}
          </Button>
        </div>
        {lastMark && <div className="desk-meta">{fill(t.desk_lastMark, { title: lastMark.title, time: timeAndDate(lastMark.at, lang) })}</div>}
        <WriteResult state={markState} />
      </form>
    </section>
  );
});
