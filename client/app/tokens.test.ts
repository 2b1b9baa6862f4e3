import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../data/memoryStorage';
import { screenAt } from './routes';
import { screenToken, tokenKey } from './tokens';

const place = (storage: Storage, hash = '') => {
  const p = { hash, storage, cleared: false, clearHash: () => (p.cleared = true) };
  return p;
};

describe('tokens per screen', () => {
  it('remembers a token from the fragment for its screen and clears the fragment', () => {
    const storage = new MemoryStorage();
    const opened = place(storage, '#token=wall-secret');
    expect(screenToken('wall', opened)).toBe('wall-secret');
    expect(opened.cleared).toBe(true);
    expect(screenToken('wall', place(storage))).toBe('wall-secret');
  });

  it('does not let a console link replace the wall token kept on the same browser', () => {
    const storage = new MemoryStorage();
    screenToken('wall', place(storage, '#token=wall-secret'));
    expect(screenToken('console', place(storage, '#token=unit-secret'))).toBe('unit-secret');
    expect(screenToken('wall', place(storage))).toBe('wall-secret');
    expect(screenToken('console', place(storage))).toBe('unit-secret');
    expect(screenToken('admin', place(storage))).toBeNull();
  });

  it('moves a wall token kept before tokens were per screen, and gives it to no other screen', () => {
    const storage = new MemoryStorage();
    storage.setItem('ioc.token', 'old-wall');
    expect(screenToken('console', place(storage))).toBeNull();
    expect(screenToken('wall', place(storage))).toBe('old-wall');
    expect(storage.getItem('ioc.token')).toBeNull();
    expect(storage.getItem(tokenKey('wall'))).toBe('old-wall');
  });
});

describe('routes', () => {
  it('maps each path to its screen, / to the wall, and anything else to none', () => {
    expect(screenAt('/')).toBe('wall');
    expect(screenAt('/wall')).toBe('wall');
    expect(screenAt('/wall/')).toBe('wall');
    expect(screenAt('/console')).toBe('console');
    expect(screenAt('/briefing')).toBe('briefing');
    expect(screenAt('/admin')).toBe('admin');
    expect(screenAt('/nope')).toBeNull();
  });
});
