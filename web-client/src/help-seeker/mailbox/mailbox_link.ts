// The mailbox's own connection to the server (a second socket beside the queue's, so the place in
// the queue is kept): requests go one after another, each answered by the next mailbox answer.
// Opened on the first request, stopped when the person leaves the mailbox. A drop fails the
// request in flight (its answer may be lost: the person tries again); the rest wait for the reconnect.
import type { ServerMessage } from '../../net/server_socket';
import { decodeMailboxAnswer, type MailboxAnswer } from '../../net/mailbox_messages';

/** The socket as the link needs it (ServerSocket fits); events come back through the link's methods. */
export interface LinkSocket {
  start(): void;
  send(message: object): boolean;
  stop(): void;
}

type Reply = (answer: MailboxAnswer) => void;

/** The answer a request gets when the connection dropped before its answer came. */
export const CONNECTION_LOST: MailboxAnswer = { type: 'error', code: 'connection_lost', retryAfter: undefined, expected: undefined };

export class MailboxLink {
  private socket: LinkSocket | undefined;
  private open = false;
  private readonly waiting: { message: object; reply: Reply }[] = [];
  private inFlight: Reply | undefined;

  /** `makeSocket` is called on the first request after each stop; it reports through opened/received/dropped. */
  constructor(private readonly makeSocket: (link: MailboxLink) => LinkSocket) {}

  request(message: object, reply: Reply): void {
    this.waiting.push({ message, reply });
    if (!this.socket) {
      this.socket = this.makeSocket(this);
      this.socket.start();
    } else {
      this.next();
    }
  }

  opened(): void {
    this.open = true;
    this.next();
  }

  received(message: ServerMessage): void {
    const answer = decodeMailboxAnswer(message);
    const reply = this.inFlight;
    if (!reply) return;
    this.inFlight = undefined;
    reply(answer ?? { type: 'error', code: 'server_error', retryAfter: undefined, expected: undefined });
    this.next();
  }

  dropped(): void {
    this.open = false;
    const reply = this.inFlight;
    this.inFlight = undefined;
    reply?.(CONNECTION_LOST);
  }

  /** Closes the connection and forgets every request (their answers are no longer wanted). */
  stop(): void {
    this.waiting.length = 0;
    this.inFlight = undefined;
    this.open = false;
    this.socket?.stop();
    this.socket = undefined;
  }

  private next(): void {
    if (!this.open || this.inFlight || !this.socket) return;
    const first = this.waiting.shift();
    if (!first) return;
    if (this.socket.send(first.message)) this.inFlight = first.reply;
    else this.waiting.unshift(first);
  }
}
