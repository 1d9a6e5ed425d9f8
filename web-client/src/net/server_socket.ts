// The one WebSocket to the server (docs/protocol.md, "Transport"): JSON in and out, and a calm
// reconnect with growing pauses after a drop. Knows no message types: each app decides what to
// send when the socket (re)opens (resume, session) and what the messages mean.

export interface ServerMessage { type: string; [field: string]: unknown }

export interface SocketEvents {
  opened(): void; // (re)connected: send the first message now
  message(message: ServerMessage): void;
  dropped(): void; // lost; a reconnect is scheduled unless stop() was called
}

/** The server's WebSocket URL: same origin, always exactly /ws (nothing in the URL). */
export const serverSocketUrl = (): string => `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;

// Pauses before reconnect attempts: quick at first, then at most every 10 s.
const RECONNECT_DELAYS_MS = [500, 1000, 2000, 5000, 10000];

export class ServerSocket {
  private socket: WebSocket | undefined;
  private stopped = false;
  private attempts = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly events: SocketEvents, private readonly url = serverSocketUrl()) {}

  get isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Connects (and reconnects after drops until stop()). */
  start(): void {
    this.stopped = false;
    this.connect();
  }

  /** Sends one message; false when the socket is not open (the caller keeps what must not be lost). */
  send(message: object): boolean {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  /** Closes for good: no reconnect. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    const socket = this.socket;
    this.socket = undefined;
    if (socket && socket.readyState <= WebSocket.OPEN) socket.close(1000);
  }

  private connect(): void {
    const socket = new WebSocket(this.url);
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
      const delay = RECONNECT_DELAYS_MS[Math.min(this.attempts++, RECONNECT_DELAYS_MS.length - 1)];
      this.timer = setTimeout(() => {
        if (!this.stopped) this.connect();
      }, delay);
    };
  }
}
