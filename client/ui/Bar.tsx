/** A horizontal bar filled to `percent` (0 to 100), with an optional lighter `before` mark behind it (a baseline) and a colour. */
export function Bar({ percent, before = null, colour }: { percent: number; before?: number | null; colour?: string }) {
  return (
    <span className="bar">
      {before !== null && <span className="bar-before" style={{ width: `${before}%` }} />}
      <span className="bar-fill" style={colour === undefined ? { width: `${percent}%` } : { width: `${percent}%`, background: colour }} />
    </span>
  );
}
