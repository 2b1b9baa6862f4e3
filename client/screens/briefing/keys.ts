export type KeyAction = 'next' | 'previous' | 'first' | 'last' | 'refresh' | 'mark' | 'baselines' | 'stepBack' | 'stepForward' | 'timeline' | 'print' | 'close';

/**
 * What a key does. Presenter clickers send PageDown/PageUp (some also arrows or space), so
 * those move between slides; a clicker's "blank screen" keys (B, period) are left alone.
 */
export function keyAction(key: string, shift = false): KeyAction | null {
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
    case 'PageDown':
      return 'next';
    case ' ':
      return shift ? 'previous' : 'next';
    case 'ArrowLeft':
    case 'ArrowUp':
    case 'PageUp':
    case 'Backspace':
      return 'previous';
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    case 'r':
    case 'R':
      return 'refresh';
    case 'm':
    case 'M':
      return 'mark';
    case 'g':
    case 'G':
      return 'baselines';
    case '[':
      return 'stepBack';
    case ']':
      return 'stepForward';
    case 't':
    case 'T':
      return 'timeline';
    case 'p':
    case 'P':
      return 'print';
    case 'Escape':
      return 'close';
    default:
      return null;
  }
}

/** The slide index after `action`, within 0..count-1. */
export function moveSlide(index: number, count: number, action: KeyAction): number {
  if (action === 'next') return Math.min(count - 1, index + 1);
  if (action === 'previous') return Math.max(0, index - 1);
  if (action === 'first') return 0;
  if (action === 'last') return count - 1;
  return index;
}
