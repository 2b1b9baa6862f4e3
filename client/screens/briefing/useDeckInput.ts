import { useEffect, useRef } from 'react';
import { keyAction, type KeyAction } from './keys';

/** Horizontal travel (CSS px) that makes a swipe. */
const SWIPE_PX = 60;

/**
 * Keys (a presenter's clicker included) and horizontal swipes, turned into actions; typing in a
 * form field is left alone, as is everything while `enabled` is false (a dialog is open).
 */
export function useDeckInput(onAction: (action: KeyAction) => void, enabled: boolean): void {
  const latest = useRef(onAction);
  latest.current = onAction;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA')) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const action = keyAction(e.key, e.shiftKey);
      if (!action) return;
      e.preventDefault();
      latest.current(action);
    };
    let start: { x: number; y: number } | null = null;
    const onDown = (e: TouchEvent) => {
      const touch = e.touches[0];
      start = touch && e.touches.length === 1 ? { x: touch.clientX, y: touch.clientY } : null;
    };
    const onUp = (e: TouchEvent) => {
      const touch = e.changedTouches[0];
      if (!start || !touch) return;
      const dx = touch.clientX - start.x;
      const dy = touch.clientY - start.y;
      start = null;
      if (Math.abs(dx) >= SWIPE_PX && Math.abs(dx) > 1.5 * Math.abs(dy)) latest.current(dx < 0 ? 'next' : 'previous');
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('touchstart', onDown, { passive: true });
    window.addEventListener('touchend', onUp);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('touchstart', onDown);
      window.removeEventListener('touchend', onUp);
    };
  }, [enabled]);
}
