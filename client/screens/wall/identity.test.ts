import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../data/memoryStorage';
import { wallIdentity } from './identity';

describe("a wall's identity", () => {
  it('takes the id and label from the address and keeps them for the next load', () => {
    const storage = new MemoryStorage();
    expect(wallIdentity('?display=lobby-1&label=Lobby%20wall', storage)).toEqual({ id: 'lobby-1', label: 'Lobby wall' });
    expect(wallIdentity('', storage)).toEqual({ id: 'lobby-1', label: 'Lobby wall' });
    expect(wallIdentity('?display=lobby-1', storage)).toEqual({ id: 'lobby-1', label: 'Lobby wall' });
  });

  it('makes up an id once when none is given, and refuses "all" and malformed ids', () => {
    const storage = new MemoryStorage();
    const first = wallIdentity('?display=all', storage, () => 0.5);
    expect(first.id).toMatch(/^wall-[0-9a-z]{6}$/);
    expect(first.label).toBe(first.id);
    expect(wallIdentity('?display=bad%20id', storage, () => 0.1)).toEqual(first);
  });

  it('labels a wall given a new id with that id, not the label of the old one', () => {
    const storage = new MemoryStorage();
    wallIdentity('?display=a&label=Old', storage);
    expect(wallIdentity('?display=b', storage)).toEqual({ id: 'b', label: 'b' });
  });
});
