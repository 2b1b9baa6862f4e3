import { connect, type Socket } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { KEEP_ALIVE_ADVERTISED_S } from '../../server/http/keepalive';
import { dropPrefix, testPrefix } from '../helpers/redis';
import { ADMIN_TOKEN, startServer } from '../helpers/server';

/** Sends one request on `socket` and resolves with the response head (status line and headers). */
function request(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(text);
      if (end !== -1 && length && text.length >= end + 4 + Number(length[1])) {
        socket.off('data', onData);
        socket.off('close', onClose);
        resolve(text.slice(0, end));
      }
    };
    const onClose = () => reject(new Error('the server closed the connection'));
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.write(`GET /api/v1/me HTTP/1.1\r\nHost: ioc-wall.test\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\n\r\n`);
  });
}

describe('keep-alive', () => {
  it('a connection idle past the advertised keep-alive time is still open for the producer that reuses it', async () => {
    const prefix = testPrefix('keepalive');
    const server = await startServer({ prefix });
    onTestFinished(async () => {
      await server.close();
      await dropPrefix(prefix);
    });
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    onTestFinished(() => void socket.destroy());
    await new Promise((resolve) => socket.once('connect', resolve));
    const first = await request(socket);
    expect(first).toMatch(/^HTTP\/1\.1 200/);
    expect(first).toMatch(new RegExp(`keep-alive: timeout=${KEEP_ALIVE_ADVERTISED_S}\\r?$`, 'im'));
    // A client whose event loop saw the answer late reuses the connection after the hint has run out.
    await new Promise((r) => setTimeout(r, KEEP_ALIVE_ADVERTISED_S * 1_000 + 1_500));
    expect(await request(socket)).toMatch(/^HTTP\/1\.1 200/);
  }, 20_000);
});
