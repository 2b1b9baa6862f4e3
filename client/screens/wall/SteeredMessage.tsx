import { memo } from 'react';

/** A message from the desk over the whole wall ("Leaders' visit 15:00") until it is cleared or runs out. */
export const SteeredMessage = memo(function SteeredMessage({ text }: { text: string }) {
  return (
    <div className="steer-message" data-testid="steer-message" role="alert">
      <div className="steer-message-text">{text}</div>
    </div>
  );
});
