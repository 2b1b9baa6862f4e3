import { describe, expect, it } from 'vitest';
import { HandshakeAuthSchema } from './protocol';

describe('the handshake', () => {
  it("takes a wall's introduction, and ignores a malformed one rather than refusing the screen", () => {
    const hello = { id: 'lobby-1', label: 'Sảnh chính', screen: 'wall', page: 'overview' };
    expect(HandshakeAuthSchema.parse({ token: 't', protocol: 1, display: hello }).display).toEqual(hello);
    for (const display of [{ id: 'all', label: 'x', screen: 'wall' }, { id: 'bad id', label: 'x', screen: 'wall' }, { id: 'a', label: '', screen: 'wall' }, 'lobby', { id: 'a', label: 'x', screen: 'wall', extra: 1 }]) {
      const parsed = HandshakeAuthSchema.safeParse({ token: 't', protocol: 1, display });
      expect(parsed.success && parsed.data.display).toBeUndefined();
    }
    expect(HandshakeAuthSchema.parse({ token: 't', protocol: 1 }).display).toBeUndefined();
  });
});
