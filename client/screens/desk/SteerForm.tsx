import { useState } from 'react';
import type { ConnectedDisplay } from '@shared/api';
import { ALL_DISPLAYS, WALL_PAGES } from '@shared/projection';
import type { Lang } from '../../i18n/lang';
import { Button, Field, Select } from '../../ui/fields';
import { WriteResult } from './WriteResult';
import type { DeskEvent, WriteState } from './useWrite';

/** Steer one wall or all: a page now for a while, pause or resume the rotation, a full-screen message, or clear. */
export function SteerForm({ walls, lang, writeState, write }: { walls: ConnectedDisplay[]; lang: Lang; writeState: WriteState; write: (event: DeskEvent) => Promise<boolean> }) {
  const { t } = lang;
  const [target, setTarget] = useState<string>(ALL_DISPLAYS);
  const [page, setPage] = useState<string>(WALL_PAGES[0]);
  const [seconds, setSeconds] = useState('60');
  const [text, setText] = useState('');
  const [messageSeconds, setMessageSeconds] = useState('');
  const ids = [...new Map(walls.map((w) => [w.id, w.label])).entries()];
  const targets = [{ value: ALL_DISPLAYS, text: t.desk_allWalls }, ...ids.map(([id, label]) => ({ value: id, text: label === id ? id : `${label} (${id})` }))];
  const command = (fields: Record<string, unknown>) => write({ type: 'display.command', target, ...fields });
  const busy = writeState.busy;
  return (
    <div className="desk-steer" data-testid="steer">
      <h3>{t.desk_steer}</h3>
      <Select label={t.desk_target} options={targets} value={target} onChange={(e) => setTarget(e.target.value)} data-testid="steer-target" />
      <div className="desk-row">
        <Select label={t.desk_page} options={WALL_PAGES.map((p) => ({ value: p, text: t[`page_${p}`] }))} value={page} onChange={(e) => setPage(e.target.value)} data-testid="steer-page" />
        <Field label={t.desk_seconds} type="number" min={5} max={86400} value={seconds} onChange={(e) => setSeconds(e.target.value)} data-testid="steer-seconds" />
        <Button kind="primary" disabled={busy} onClick={() => void command({ action: 'show_page', page, seconds: Number(seconds) })} data-testid="steer-show">
          {t.desk_showPage}
        </Button>
      </div>
      <div className="desk-row">
        <Button disabled={busy} onClick={() => void command({ action: 'pause' })} data-testid="steer-pause">
          {t.desk_pause}
        </Button>
        <Button disabled={busy} onClick={() => void command({ action: 'resume' })} data-testid="steer-resume">
          {t.desk_resume}
        </Button>
      </div>
      <div className="desk-row">
        <Field label={t.desk_messageText} value={text} maxLength={200} onChange={(e) => setText(e.target.value)} data-testid="steer-text" />
        <Field label={t.desk_messageSeconds} type="number" min={5} max={86400} value={messageSeconds} onChange={(e) => setMessageSeconds(e.target.value)} data-testid="steer-message-seconds" />
      </div>
      <div className="desk-row">
        <Button kind="primary" disabled={busy || !text.trim()} onClick={() => void command({ action: 'message', text: text.trim(), ...(messageSeconds ? { seconds: Number(messageSeconds) } : {}) })} data-testid="steer-message">
          {t.desk_showMessage}
        </Button>
        <Button kind="danger" disabled={busy} onClick={() => void command({ action: 'clear' })} data-testid="steer-clear">
          {t.desk_clear}
        </Button>
      </div>
      <WriteResult state={writeState} />
    </div>
  );
}
