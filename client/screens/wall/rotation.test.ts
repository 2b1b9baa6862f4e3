import { describe, expect, it } from 'vitest';
import { DEFAULT_ROTATION, parseRotation, parseWallOptions } from './rotation';

describe('rotation from the URL', () => {
  it('reads pages with their durations in order', () => {
    expect(parseRotation('overview:60,localities:30')).toEqual([
      { page: 'overview', seconds: 60 },
      { page: 'localities', seconds: 30 },
    ]);
  });

  it('skips unknown pages and bad durations, and falls back to the default when nothing is left', () => {
    expect(parseRotation('plan:abc,nope:10,plan:2,localities:15')).toEqual([{ page: 'localities', seconds: 15 }]);
    expect(parseRotation('nope:10')).toEqual(DEFAULT_ROTATION);
    expect(parseRotation(null)).toEqual(DEFAULT_ROTATION);
  });

  it('reads language, stale threshold and layout, with defaults for bad values', () => {
    expect(parseWallOptions('?lang=en&stale=30&layout=wide')).toMatchObject({ lang: 'en', staleAfter: 30, layout: 'wide' });
    expect(parseWallOptions('?stale=-4&layout=round')).toMatchObject({ lang: null, staleAfter: 60, layout: 'auto' });
  });
});
