// One chat's numbering on the relay, for one epoch (docs/protocol.md, "Relay"): outgoing frames
// get seq 1, 2, 3 … and move from sending to sent (server has it) to delivered (the peer has it)
// or undelivered; incoming frames are taken once each, in order, and acknowledged.
// No socket here: the caller sends the messages this returns.

export type DeliveryState = 'sending' | 'sent' | 'delivered' | 'undelivered';

export interface MsgFrame { type: 'msg'; chat: string; seq: number; payload: string }
export interface AckFrame { type: 'ack'; chat: string; seq: number }

interface Outgoing { payload: string; state: DeliveryState }

export class RelayLink {
  private nextSeq = 1;
  private received = 0;
  // Every frame of this epoch not yet delivered or given up, by seq.
  private readonly outgoing = new Map<number, Outgoing>();

  constructor(readonly chat: string, readonly epoch: number) {}

  /** The highest seq taken from the peer in this epoch (for `resume`'s last_received). */
  get lastReceived(): number {
    return this.received;
  }

  /** Numbers a payload and returns the frame to send now (and again after a reconnect until accepted). */
  send(payload: string): MsgFrame {
    const seq = this.nextSeq++;
    this.outgoing.set(seq, { payload, state: 'sending' });
    return this.frame(seq, payload);
  }

  /** The server took frame `seq`. Returns true if that changed its state. */
  accepted(seq: number): boolean {
    const frame = this.outgoing.get(seq);
    if (!frame || frame.state !== 'sending') return false;
    frame.state = 'sent';
    return true;
  }

  /** The peer has every frame up to `upTo`: returns the seqs that became delivered now, ascending. */
  delivered(upTo: number): number[] {
    const done = [...this.outgoing.keys()].filter((seq) => seq <= upTo).sort((a, b) => a - b);
    for (const seq of done) this.outgoing.delete(seq);
    return done;
  }

  /** The server gave these up (chat ended, new epoch): returns those that were still ours to track. */
  undelivered(seqs: readonly number[]): number[] {
    const lost = seqs.filter((seq) => this.outgoing.has(seq));
    for (const seq of lost) this.outgoing.delete(seq);
    return lost;
  }

  /** Frames without `accepted`, from `from` on, in order: to send again after a reconnect or an out_of_order. */
  unaccepted(from = 1): MsgFrame[] {
    return [...this.outgoing.entries()]
      .filter(([seq, frame]) => seq >= from && frame.state === 'sending')
      .sort(([a], [b]) => a - b)
      .map(([seq, frame]) => this.frame(seq, frame.payload));
  }

  /** Every frame still tracked (sending or sent): all of them are undelivered when an epoch dies. */
  pending(): number[] {
    return [...this.outgoing.keys()].sort((a, b) => a - b);
  }

  /**
   * An incoming frame: 'new' when it is the next one (take it, then ack), 'duplicate' when it was
   * taken before (ack again, drop it), 'gap' when one is missing before it (a broken relay: new epoch).
   */
  receive(seq: number): 'new' | 'duplicate' | 'gap' {
    if (seq <= this.received) return 'duplicate';
    if (seq !== this.received + 1) return 'gap';
    this.received = seq;
    return 'new';
  }

  /** The cumulative acknowledgement of everything taken so far. */
  ack(): AckFrame {
    return { type: 'ack', chat: this.chat, seq: this.received };
  }

  private frame(seq: number, payload: string): MsgFrame {
    return { type: 'msg', chat: this.chat, seq, payload };
  }
}
