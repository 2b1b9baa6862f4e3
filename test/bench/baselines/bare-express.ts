// Baseline for ingest: a bare Express handler that parses the same JSON and answers 202, storing nothing.
import express from 'express';

const app = express();
app.post('/api/v1/events', express.json({ limit: '1mb' }), (req, res) => {
  const body = req.body as { events?: { id: string }[]; id?: string };
  const events = body.events ?? [body as { id: string }];
  res.status(202).json({ accepted: events.map((e, i) => ({ id: e.id, seq: i + 1 })), duplicates: [] });
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
