// A TCP path between the browser and the server that a test can cut as a dead network does.
import { createServer, connect, type Server, type Socket } from 'node:net';

// ---------------------------------------------------------------------------------------------
// A network path that can be cut

export interface CuttableProxy {
  /** http://127.0.0.1:PORT: the server, seen through the proxy (a page loaded here connects its WebSocket here too). */
  baseUrl: string;
  /**
   * Cuts the path as a dead network does: every open connection is destroyed (the browser's
   * WebSocket closes) and new ones are refused until restore().
   */
  cut(): void;
  restore(): void;
  /** Resolves once `count` connections were refused while cut (the browser tried again that often). */
  waitForRefused(count: number, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A TCP proxy on 127.0.0.1 in front of the server. It changes nothing in the bytes (the Host and
 * Origin headers stay the proxy's own, which the server takes as same-origin). It exists because
 * a browser's offline mode does not close a WebSocket that is already open.
 */
export async function startCuttableProxy(targetPort: number): Promise<CuttableProxy> {
  const open = new Set<Socket>();
  let cutNow = false;
  let refused = 0;
  const refusedWaiters: { count: number; done: () => void }[] = [];
  const server: Server = createServer((client) => {
    if (cutNow) {
      client.destroy();
      refused += 1;
      for (const waiter of refusedWaiters.filter((w) => refused >= w.count)) {
        refusedWaiters.splice(refusedWaiters.indexOf(waiter), 1);
        waiter.done();
      }
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    open.add(client);
    open.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no port');
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    cut: () => {
      cutNow = true;
      for (const socket of open) socket.destroy();
      open.clear();
    },
    restore: () => {
      cutNow = false;
    },
    waitForRefused: (count, timeoutMs) => new Promise<void>((resolveWait, rejectWait) => {
      const target = refused + count;
      const timer = setTimeout(() => rejectWait(new Error(`fewer than ${count} connections were tried within ${timeoutMs} ms`)), timeoutMs);
      refusedWaiters.push({ count: target, done: () => { clearTimeout(timer); resolveWait(); } });
    }),
    close: () => new Promise<void>((resolveClose) => {
      for (const socket of open) socket.destroy();
      server.close(() => resolveClose());
    }),
  };
}
