// Baseline for push: a bare Socket.IO server that relays each POSTed batch to every socket at once.
import { createServer } from 'node:http';
import express from 'express';
import { Server } from 'socket.io';

const app = express();
const httpServer = createServer(app);
const io = new Server(httpServer, { serveClient: false });
let seq = 0;
app.post('/api/v1/events', express.json({ limit: '1mb' }), (req, res) => {
  const body = req.body as { events?: Record<string, unknown>[] };
  const events = (body.events ?? [body as Record<string, unknown>]).map((e) => ({ ...e, id: String(e.id), seq: ++seq, receivedAt: new Date().toISOString(), by: 'bare' }));
  io.emit('events', { epoch: 'bare', events });
  res.status(202).json({ accepted: events.map((e) => ({ id: e.id, seq: e.seq })), duplicates: [] });
});
io.on('connection', (socket) => socket.emit('snapshot', { epoch: 'bare', seq, serverTime: new Date().toISOString(), clockRate: 1, simulated: false, state: {} }));
httpServer.listen(0, '127.0.0.1', () => {
  const address = httpServer.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
process.on('SIGTERM', () => httpServer.close(() => process.exit(0)));
