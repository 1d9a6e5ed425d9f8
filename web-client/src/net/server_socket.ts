// The one WebSocket to the server (docs/protocol.md, "Transport"): JSON in and out, and a calm
// reconnect with growing pauses after a drop. Knows no message types: each app decides what to
// send when the socket (re)opens (resume, session) and what the messages mean.
import { browserSchedule, type Cancel, type Schedule } from '../scheduler';

export interface ServerMessage { type: string; [field: string]: unknown }

export interface SocketEvents {
  opened(): void; // (re)connected: send the first message now
  message(message: ServerMessage): void;
  dropped(): void; // lost; a reconnect is scheduled unless stop() was called
}

/** The server's WebSocket URL: same origin, always exactly /ws (nothing in the URL). */
export const serverSocketUrl = (): string => `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;

// Pauses before reconnect attempts: quick at first, then at most every 10 s.
export const RECONNECT_DELAYS_MS = [500, 1000, 2000, 5000, 10000];
/** The longest pause while a chat is open (setUrgent): a person is waiting on the other side. */
export const URGENT_RECONNECT_MAX_MS = 2000;

/** What the socket needs of the browser: a WebSocket maker, timers and the `online` event (tests fake them). */
export interface SocketEnvironment {
  open(url: string): WebSocket;
  schedule: Schedule;
  /** Calls `callback` whenever the browser says the network is back. */
  onOnline(callback: () => void): void;
}

const browserEnvironment = (): SocketEnvironment => ({
  open: (url) => new WebSocket(url),
  schedule: browserSchedule,
  onOnline: (callback) => window.addEventListener('online', callback),
});

/** The pause before reconnect attempt number `attempt` (0 first); capped while urgent. */
export function reconnectDelay(attempt: number, urgent: boolean): number {
  const delay = RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)]!;
  return urgent ? Math.min(delay, URGENT_RECONNECT_MAX_MS) : delay;
}

// WebSocket.readyState values (not WebSocket.OPEN: the unit tests run where there is no WebSocket).
const CONNECTING = 0;
const OPEN = 1;

export class ServerSocket {
  private socket: WebSocket | undefined;
  private stopped = false;
  private attempts = 0;
  private urgent = false;
  private cancelTimer: Cancel | undefined;
  // A reconnect is waiting for its timer (the `online` event may run it at once).
  private waiting = false;

  constructor(private readonly events: SocketEvents, private readonly url = serverSocketUrl(),
    private readonly env: SocketEnvironment = browserEnvironment()) {
    // The network is back (Wi-Fi again, out of the tunnel): try now rather than at the next pause.
    env.onOnline(() => this.reconnectNow());
  }

  get isOpen(): boolean {
    return this.socket?.readyState === OPEN;
  }

  /** Connects (and reconnects after drops until stop()). */
  start(): void {
    this.stopped = false;
    this.connect();
  }

  /**
   * While true (a chat is open), pauses between attempts stay at most URGENT_RECONNECT_MAX_MS, so
   * that the chat goes on within seconds of the network coming back.
   */
  setUrgent(urgent: boolean): void {
    if (urgent === this.urgent) return;
    this.urgent = urgent;
    if (urgent && this.waiting) this.schedule(); // a long pause already running is cut short
  }

  /** Sends one message; false when the socket is not open (the caller keeps what must not be lost). */
  send(message: object): boolean {
    if (!this.socket || this.socket.readyState !== OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  /** Closes for good: no reconnect. */
  stop(): void {
    this.stopped = true;
    this.waiting = false;
    this.cancelTimer?.();
    const socket = this.socket;
    this.socket = undefined;
    if (socket && (socket.readyState === CONNECTING || socket.readyState === OPEN)) socket.close(1000);
  }

  private reconnectNow(): void {
    if (this.stopped || !this.waiting) return;
    this.waiting = false;
    this.cancelTimer?.();
    this.connect();
  }

  private schedule(): void {
    this.cancelTimer?.();
    this.waiting = true;
    this.cancelTimer = this.env.schedule(() => this.reconnectNow(), reconnectDelay(this.attempts - 1, this.urgent));
  }

  private connect(): void {
    const socket = this.env.open(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.attempts = 0;
      this.events.opened();
    };
    socket.onmessage = (event: MessageEvent) => {
      if (typeof event.data !== 'string') return;
      let message: unknown;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (typeof message === 'object' && message !== null && typeof (message as ServerMessage).type === 'string') {
        this.events.message(message as ServerMessage);
      }
    };
    socket.onclose = () => {
      if (this.socket !== socket) return; // an old socket after stop() or a replacement
      this.socket = undefined;
      if (this.stopped) return;
      this.events.dropped();
      if (this.stopped) return; // dropped() may have stopped it (a chat moved elsewhere)
      this.attempts += 1;
      this.schedule();
    };
  }
}
