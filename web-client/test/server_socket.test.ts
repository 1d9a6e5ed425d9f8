// The server socket's reconnecting (src/net/server_socket.ts) with a fake WebSocket and fake
// timers: pauses grow to 10 s when nothing waits on the page, stay at most 2 s while a chat is
// open (issue 20: back within seconds of the network), the browser's `online` event reconnects at
// once, and a socket stopped in `dropped` (a chat moved elsewhere) never comes back.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ServerSocket, URGENT_RECONNECT_MAX_MS, type SocketEnvironment } from '../src/net/server_socket';

/** Only what ServerSocket touches of a WebSocket. */
class FakeWebSocket {
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  sent: string[] = [];
  send(data: string) { this.sent.push(data); }
  close() { this.readyState = 3; }
  open() { this.readyState = 1; this.onopen?.(); }
  drop() { this.readyState = 3; this.onclose?.(); }
}

function rig() {
  const sockets: FakeWebSocket[] = [];
  const timers = new Map<number, { at: number; callback: () => void }>();
  let now = 0;
  let next = 1;
  let online: (() => void) | undefined;
  const env: SocketEnvironment = {
    open: () => {
      const socket = new FakeWebSocket();
      sockets.push(socket);
      return socket as unknown as WebSocket;
    },
    schedule: (callback, ms) => {
      const handle = next++;
      timers.set(handle, { at: now + ms, callback });
      return () => void timers.delete(handle);
    },
    onOnline: (callback) => { online = callback; },
  };
  const events = { opened: 0, dropped: 0, stopOnDrop: false };
  const socket: ServerSocket = new ServerSocket({
    opened: () => { events.opened += 1; },
    message: () => undefined,
    dropped: () => {
      events.dropped += 1;
      if (events.stopOnDrop) socket.stop();
    },
  }, 'ws://test/ws', env);
  /** Runs timers until a new socket is opened; returns how long that took. */
  const untilNextAttempt = (): number => {
    const before = sockets.length;
    const start = now;
    while (sockets.length === before) {
      const due = [...timers.entries()].sort(([, a], [, b]) => a.at - b.at)[0];
      assert.ok(due, 'a reconnect is scheduled');
      timers.delete(due[0]);
      now = due[1].at;
      due[1].callback();
    }
    return now - start;
  };
  return { socket, sockets, events, untilNextAttempt, online: () => online?.(), pending: () => timers.size };
}

describe('server socket: reconnecting', () => {
  test('with nothing waiting the pauses grow to 10 s; while a chat is open they stay at most 2 s', () => {
    const calm = rig();
    calm.socket.start();
    const pauses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      calm.sockets.at(-1)!.drop();
      pauses.push(calm.untilNextAttempt());
    }
    assert.deepEqual(pauses, [500, 1000, 2000, 5000, 10000, 10000]);

    const urgent = rig();
    urgent.socket.setUrgent(true);
    urgent.socket.start();
    const short: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      urgent.sockets.at(-1)!.drop();
      short.push(urgent.untilNextAttempt());
    }
    assert.ok(short.every((pause) => pause <= URGENT_RECONNECT_MAX_MS), `pauses ${short.join(', ')}`);
  });

  test('a chat opening during a long pause cuts it short', () => {
    const r = rig();
    r.socket.start();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      r.sockets.at(-1)!.drop();
      if (attempt < 4) r.untilNextAttempt();
    }
    r.socket.setUrgent(true);
    assert.ok(r.untilNextAttempt() <= URGENT_RECONNECT_MAX_MS);
  });

  test('the browser\'s online event reconnects at once; a success starts the pauses over', () => {
    const r = rig();
    r.socket.start();
    r.sockets[0]!.open();
    for (let attempt = 0; attempt < 4; attempt += 1) {
      r.sockets.at(-1)!.drop();
      r.untilNextAttempt();
    }
    r.sockets.at(-1)!.drop();
    const before = r.sockets.length;
    r.online();
    assert.equal(r.sockets.length, before + 1, 'a new attempt without waiting');
    assert.equal(r.pending(), 0, 'the scheduled one is cancelled');
    r.sockets.at(-1)!.open();
    r.sockets.at(-1)!.drop();
    assert.equal(r.untilNextAttempt(), 500);
    r.online(); // while connecting, not waiting: nothing more
    assert.equal(r.sockets.length, before + 2);
  });

  test('stopped when told of the drop (a chat moved elsewhere): no reconnect, not even on online', () => {
    const r = rig();
    r.events.stopOnDrop = true;
    r.socket.start();
    r.sockets[0]!.open();
    r.sockets[0]!.drop();
    r.online();
    assert.equal(r.sockets.length, 1);
    assert.equal(r.pending(), 0);
    assert.equal(r.events.dropped, 1);
  });
});
