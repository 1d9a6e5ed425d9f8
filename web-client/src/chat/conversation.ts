// One conversation as one side sees it, across epochs, transfers and re-pairings (docs/crypto.md,
// "Chat content"): our messages with their numbers and delivery state, the peer's messages taken
// once by number, the sync of each epoch, and the one order both sides agree on.
// Pure state: no socket, no DOM, no crypto. The chat sessions seal what it returns.
import type { MessageContent, SyncContent } from './content';

/** Which side of the conversation this is; on a tie in the order rule the help-seeker's message comes first. */
export type Side = 'help_seeker' | 'counsellor';

/** waiting: held or sent, not yet confirmed; delivered: the peer has it; not_delivered: the conversation ended without. */
export type MessageState = 'waiting' | 'delivered' | 'not_delivered';

/** One line of the conversation as the page shows it. */
export interface ConversationMessage {
  /** Stable for the life of the page: 'mine-K' (K counts what we wrote here), 'theirs-N' (the peer's number). */
  readonly id: string;
  readonly from: 'mine' | 'theirs';
  readonly text: string;
  /** Always 'delivered' for the peer's messages. */
  readonly state: MessageState;
}

interface OwnMessage {
  readonly id: string;
  // Given when the message first goes out: a reloaded console learns its numbering only from the peer's sync.
  n: number | undefined;
  readonly seen: number;
  readonly text: string;
  state: MessageState;
  // Sealed in the current epoch (a new epoch sends it again unless the peer's sync says it has it).
  sentThisEpoch: boolean;
}

interface PeerMessage { readonly n: number; readonly seen: number; readonly text: string }

/** A message in one of the two chains of the order rule. */
interface Placed { readonly n: number; readonly seen: number; readonly line: ConversationMessage }

export class Conversation {
  // In the order written; the numbered ones come first and have rising n.
  private readonly own: OwnMessage[] = [];
  // In the order taken, which is rising n (anything not above the highest is a duplicate).
  private readonly theirs: PeerMessage[] = [];
  private highestTheirs = 0;
  // The largest `received` any sync of the peer has said: our numbering continues above it.
  private peerHadMost = 0;
  // This epoch: whether the peer's sync arrived, what it said, and which relay seq carried which own n.
  private peerSynced = false;
  private peerHasNow = 0;
  private readonly carriedBy = new Map<number, number>();
  private written = 0;
  private over = false;
  private changes = 0;

  constructor(readonly side: Side) {}

  /** Goes up by one on every change of messages(): a page can skip drawing when it is the same. */
  get revision(): number {
    return this.changes;
  }

  /** The highest message number taken from the peer: `seen` of what we write now, `received` of our sync. */
  get received(): number {
    return this.highestTheirs;
  }

  /** The peer's sync of the current epoch has arrived: our messages go out as they are written. */
  get peerSyncSeen(): boolean {
    return this.peerSynced;
  }

  /** The conversation has ended (endConversation): nothing more is written or sent. */
  get ended(): boolean {
    return this.over;
  }

  /** Our sync for the current epoch: the first content frame we seal once the channel is ready. */
  sync(): SyncContent {
    return { type: 'sync', received: this.highestTheirs };
  }

  /** A message we write: shown at once as waiting; returns its id (undefined once the conversation has ended). */
  write(text: string): string | undefined {
    if (this.over) return undefined;
    const id = `mine-${++this.written}`;
    this.own.push({ id, n: undefined, seen: this.highestTheirs, text, state: 'waiting', sentThisEpoch: false });
    this.changes++;
    return id;
  }

  /**
   * What to seal and send now, in order of n: nothing before the peer's sync of this epoch; after
   * it every message of ours the peer does not have and that has not gone out in this epoch (a
   * message keeps its n, seen and text whenever it is sent again). Marks them sent: call
   * carried() with the relay seq of each frame.
   */
  outgoing(): MessageContent[] {
    if (!this.peerSynced || this.over) return [];
    const out: MessageContent[] = [];
    let numbered = false;
    for (const message of this.own) {
      if (message.sentThisEpoch || message.state === 'not_delivered') continue;
      if (message.n !== undefined && message.n <= this.peerHasNow) continue;
      if (message.n === undefined) {
        message.n = this.nextNumber();
        numbered = true; // it leaves the held tail for its place in the order
      }
      message.sentThisEpoch = true;
      out.push({ type: 'message', n: message.n, seen: message.seen, text: message.text });
    }
    if (numbered) this.changes++;
    return out;
  }

  /** The relay frame `seq` of this epoch carries our message `n`. */
  carried(n: number, seq: number): void {
    this.carriedBy.set(seq, n);
  }

  /**
   * One content frame from the peer. A message not above the highest number taken is a duplicate
   * and dropped; the sync marks what the peer has as delivered and lets outgoing() go on.
   * Returns whether messages() changed.
   */
  receive(content: MessageContent | SyncContent): boolean {
    if (content.type === 'message') {
      if (content.n <= this.highestTheirs) return false;
      this.theirs.push({ n: content.n, seen: content.seen, text: content.text });
      this.highestTheirs = content.n;
      this.changes++;
      return true;
    }
    // One sync per epoch: a second one would only say less than what came since.
    if (this.peerSynced) return false;
    this.peerSynced = true;
    this.peerHasNow = content.received;
    this.peerHadMost = Math.max(this.peerHadMost, content.received);
    let changed = false;
    for (const message of this.own) {
      if (message.n !== undefined && message.n <= content.received && message.state === 'waiting') {
        message.state = 'delivered';
        changed = true;
      }
    }
    if (changed) this.changes++;
    return changed;
  }

  /** The relay's `delivered` for these seqs of this epoch: returns the ids of our messages delivered now. */
  relayDelivered(seqs: readonly number[]): string[] {
    const ids: string[] = [];
    for (const seq of seqs) {
      const n = this.carriedBy.get(seq);
      this.carriedBy.delete(seq);
      const message = n === undefined ? undefined : this.own.find((own) => own.n === n);
      if (message?.state !== 'waiting') continue;
      message.state = 'delivered';
      ids.push(message.id);
    }
    if (ids.length > 0) this.changes++;
    return ids;
  }

  /** The relay's `undelivered`: the messages stay waiting (the next epoch's sync sends them again). */
  relayUndelivered(seqs: readonly number[]): void {
    for (const seq of seqs) this.carriedBy.delete(seq);
  }

  /** A new epoch (or, for the help-seeker, a new chat id after requeued): numbering and messages stay. */
  enterEpoch(): void {
    this.peerSynced = false;
    this.peerHasNow = 0;
    this.carriedBy.clear();
    for (const message of this.own) message.sentThisEpoch = false;
  }

  /** The conversation is over: every message of ours still waiting is not delivered. Returns their ids. */
  end(): string[] {
    this.over = true;
    const ids: string[] = [];
    for (const message of this.own) {
      if (message.state !== 'waiting') continue;
      message.state = 'not_delivered';
      ids.push(message.id);
    }
    if (ids.length > 0) this.changes++;
    return ids;
  }

  /**
   * Every message in the order both sides agree on: the merge of the two chains in which a
   * message comes after the sender's earlier ones and after every peer message with n ≤ its
   * `seen` that is here; when both could come next, the help-seeker's first. Our messages not
   * numbered yet (held before the peer's first sync) come last, as written.
   */
  messages(): ConversationMessage[] {
    const mine: Placed[] = [];
    const held: ConversationMessage[] = [];
    for (const message of this.own) {
      const line: ConversationMessage = { id: message.id, from: 'mine', text: message.text, state: message.state };
      if (message.n === undefined) held.push(line);
      else mine.push({ n: message.n, seen: message.seen, line });
    }
    const theirs: Placed[] = this.theirs.map((message) => ({
      n: message.n, seen: message.seen,
      line: { id: `theirs-${message.n}`, from: 'theirs', text: message.text, state: 'delivered' },
    }));
    const [helpSeeker, counsellor] = this.side === 'help_seeker' ? [mine, theirs] : [theirs, mine];
    return [...mergeChains(helpSeeker, counsellor), ...held];
  }

  private nextNumber(): number {
    const highestOwn = this.own.reduce((most, message) => Math.max(most, message.n ?? 0), 0);
    return Math.max(highestOwn, this.peerHadMost) + 1;
  }
}

/** The order rule over two chains, each in rising n. Deterministic, so both sides get the same list from the same messages. */
function mergeChains(helpSeeker: readonly Placed[], counsellor: readonly Placed[]): ConversationMessage[] {
  const ordered: ConversationMessage[] = [];
  let h = 0;
  let c = 0;
  while (h < helpSeeker.length || c < counsellor.length) {
    const nextH = helpSeeker[h];
    const nextC = counsellor[c];
    // A message may come once every peer message it had seen is placed: the peer's next one is above its `seen`.
    // When both may come, and when neither may (each claims to have seen the other: only a broken
    // peer says so), the help-seeker's comes first.
    const counsellorFirst = nextC !== undefined
      && (nextH === undefined || (nextC.n <= nextH.seen && nextH.n > nextC.seen));
    if (counsellorFirst) {
      ordered.push(nextC.line);
      c++;
    } else if (nextH !== undefined) {
      ordered.push(nextH.line);
      h++;
    }
  }
  return ordered;
}
