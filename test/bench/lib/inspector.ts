import WebSocket from 'ws';

export interface MemoryReading {
  heapUsed: number;
  rss: number;
}

/** Forces a full GC in a process started with --inspect, then reads its memory use. */
export async function memoryAfterGc(inspectPort: number): Promise<MemoryReading> {
  const list = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  const ws = new WebSocket(list[0]!.webSocketDebuggerUrl);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let id = 0;
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const mine = ++id;
      const onMessage = (data: WebSocket.RawData) => {
        const msg = JSON.parse(String(data)) as { id?: number; result?: Record<string, unknown> };
        if (msg.id === mine) {
          ws.off('message', onMessage);
          resolve(msg.result ?? {});
        }
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id: mine, method, params }));
    });
  await call('HeapProfiler.collectGarbage');
  await call('HeapProfiler.collectGarbage');
  const result = await call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true });
  ws.close();
  const usage = JSON.parse(String((result.result as { value: string }).value)) as { heapUsed: number; rss: number };
  return { heapUsed: usage.heapUsed, rss: usage.rss };
}
