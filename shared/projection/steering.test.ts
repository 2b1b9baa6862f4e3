import { describe, expect, it } from 'vitest';
import type { DisplayCommand, StoredEvent } from '../events';
import { applyCommand, MAX_STEERED_TARGETS, steeringFor, type SteeringState } from './steering';

type Fields = Pick<DisplayCommand, 'target' | 'action'> & Partial<Pick<DisplayCommand, 'page' | 'seconds' | 'text'>>;

/** Applies commands given as [seq, receivedAt, fields] to a fresh state. */
function steer(commands: [number, string, Fields][]): SteeringState {
  const state: SteeringState = {};
  for (const [seq, at, fields] of commands) {
    const event = { id: `c${seq}`, type: 'display.command', unit: 'ops', at, seq, receivedAt: at, by: 'tok', ...fields } as DisplayCommand & StoredEvent;
    applyCommand(state, event, new Date(at).toISOString());
  }
  return state;
}
const t = (iso: string) => Date.parse(iso);

describe('steering the walls', () => {
  it('shows a commanded page until its seconds have passed, then nothing', () => {
    const state = steer([[1, '2024-04-02T07:00:00Z', { target: 'all', action: 'show_page', page: 'plan', seconds: 30 }]]);
    expect(steeringFor(state, 'lobby', t('2024-04-02T07:00:29.999Z')).page).toMatchObject({ page: 'plan', until: t('2024-04-02T07:00:30Z') });
    expect(steeringFor(state, 'lobby', t('2024-04-02T07:00:30Z')).page).toBeNull();
  });

  it('counts seconds in real time on a simulated clock running 60 times faster', () => {
    const state = steer([[1, '2024-04-02T07:00:00Z', { target: 'all', action: 'show_page', page: 'plan', seconds: 10 }]]);
    // 10 real seconds are 600 simulated ones.
    expect(steeringFor(state, 'lobby', t('2024-04-02T07:09:59Z'), 60).page?.page).toBe('plan');
    expect(steeringFor(state, 'lobby', t('2024-04-02T07:10:00Z'), 60).page).toBeNull();
  });

  it('lets the later of a command to all and a command to one wall win, aspect by aspect', () => {
    const state = steer([
      [1, '2024-04-02T07:00:00Z', { target: 'all', action: 'pause' }],
      [2, '2024-04-02T07:00:01Z', { target: 'lobby', action: 'resume' }],
      [3, '2024-04-02T07:00:02Z', { target: 'lobby', action: 'message', text: 'Leaders visit 15:00' }],
    ]);
    expect(steeringFor(state, 'lobby', t('2024-04-02T08:00:00Z'))).toMatchObject({ paused: false, message: { text: 'Leaders visit 15:00', until: null } });
    expect(steeringFor(state, 'hall', t('2024-04-02T08:00:00Z'))).toMatchObject({ paused: true, message: null });
    const later = steer([
      [1, '2024-04-02T07:00:00Z', { target: 'lobby', action: 'resume' }],
      [2, '2024-04-02T07:00:01Z', { target: 'all', action: 'pause' }],
    ]);
    expect(steeringFor(later, 'lobby', t('2024-04-02T08:00:00Z')).paused).toBe(true);
  });

  it('clears a message and a shown page at once, but leaves a pause', () => {
    const state = steer([
      [1, '2024-04-02T07:00:00Z', { target: 'all', action: 'pause' }],
      [2, '2024-04-02T07:00:00Z', { target: 'all', action: 'message', text: 'Drill', seconds: 600 }],
      [3, '2024-04-02T07:00:00Z', { target: 'all', action: 'show_page', page: 'plan', seconds: 600 }],
      [4, '2024-04-02T07:00:10Z', { target: 'all', action: 'clear' }],
    ]);
    expect(steeringFor(state, 'lobby', t('2024-04-02T07:00:11Z'))).toEqual({ page: null, paused: true, message: null });
  });

  it('does not replay a message older than its seconds to a wall that connects late', () => {
    const state = steer([[1, '2024-04-02T07:00:00Z', { target: 'all', action: 'message', text: 'Drill', seconds: 60 }]]);
    expect(steeringFor(state, 'new-wall', t('2024-04-02T07:01:00Z')).message).toBeNull();
  });

  it('keeps at most MAX_STEERED_TARGETS targets, forgetting the one commanded longest ago but never all', () => {
    const commands: [number, string, Fields][] = [[1, '2024-04-02T07:00:00Z', { target: 'all', action: 'pause' }]];
    for (let i = 0; i <= MAX_STEERED_TARGETS; i++) commands.push([i + 2, '2024-04-02T07:00:00Z', { target: `wall-${i}`, action: 'resume' }]);
    const state = steer(commands);
    expect(Object.keys(state)).toHaveLength(MAX_STEERED_TARGETS);
    expect(state.all).toBeDefined();
    expect(state['wall-0']).toBeUndefined();
    expect(state[`wall-${MAX_STEERED_TARGETS}`]).toBeDefined();
  });
});
