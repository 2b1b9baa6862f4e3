import { memo, useEffect, useState } from 'react';
import { formatDate, formatTime } from '@shared/format';

/**
 * The time and date of `now()` (the server's clock), redrawn on its own timer: the only part
 * of a screen that changes every second, so nothing else has to.
 */
export const Clock = memo(function Clock({ now, locale, timeZone }: { now: () => number; locale: string; timeZone: string }) {
  const [at, setAt] = useState(now);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      setAt(now());
      // Wake at the next whole real second, so the seconds step evenly.
      timer = setTimeout(tick, 1000 - (Date.now() % 1000) + 5);
    };
    tick();
    return () => clearTimeout(timer);
  }, [now]);
  return (
    <>
      <span className="time">{formatTime(at, locale, timeZone, true)}</span>
      <span className="date">{formatDate(at, locale, timeZone)}</span>
    </>
  );
});
