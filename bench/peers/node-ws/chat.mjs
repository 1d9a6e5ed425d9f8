// chat.mjs: one chat between a help-seeker and a counsellor: the sequence numbers of each
// direction, the frames held for a side until it acknowledges them, and delivered receipts.
import { error } from './messages.mjs';

export const MAX_UNACKNOWLEDGED = 256;
export const MAX_PAYLOAD_CHARS = 8192;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

// What the chat keeps about one side: the next seq it may send, the highest seq it has
// acknowledged, and the frames forwarded to it that it has not acknowledged yet.
class ChatEnd {
    constructor(endpoint) {
        this.endpoint = endpoint;
        this.nextSeq = 1;
        this.acknowledged = 0;
        this.held = [];
    }
}

export class Chat {
    constructor(id, seeker, counsellor, lane, language) {
        this.id = id;
        this.lane = lane;
        this.language = language;
        this.seeker = seeker;
        this.counsellor = counsellor;
        this.ended = false;
        this.ends = { seeker: new ChatEnd(seeker), counsellor: new ChatEnd(counsellor) };
    }

    // `msg` from one side: the answer for the sender; an accepted frame goes to the other side.
    relay(from, seq, payload) {
        const sender = this.ends[from];
        const receiver = this.ends[other(from)];
        if (seq < sender.nextSeq) return { type: 'accepted', chat: this.id, seq };  // a duplicate: dropped
        if (seq > sender.nextSeq) {
            return error('out_of_order', 'Messages must be numbered one after another.',
                         { chat: this.id, seq, expected: sender.nextSeq });
        }
        if (receiver.held.length >= MAX_UNACKNOWLEDGED) {
            return error('peer_backlog_full', 'The other side is not receiving: this message was not accepted.',
                         { chat: this.id, seq });
        }
        sender.nextSeq += 1;
        const text = JSON.stringify({ type: 'msg', chat: this.id, seq, payload });
        receiver.held.push({ seq, text });  // kept until acknowledged, as a relay that resends would
        receiver.endpoint.sendText(text);
        return { type: 'accepted', chat: this.id, seq };
    }

    // A cumulative `ack` from one side: forget what it has and tell the sender `delivered`.
    acknowledge(by, seq) {
        const receiver = this.ends[by];
        const sender = this.ends[other(by)];
        const upTo = Math.min(seq, sender.nextSeq - 1);  // only what was forwarded can be acknowledged
        if (upTo <= receiver.acknowledged) return;
        receiver.acknowledged = upTo;
        while (receiver.held.length > 0 && receiver.held[0].seq <= upTo) receiver.held.shift();
        sender.endpoint.send({ type: 'delivered', chat: this.id, seq: upTo });
    }
}

function other(side) {
    return side === 'seeker' ? 'counsellor' : 'seeker';
}

// `msg` or `ack` from `side` of `chat`, fields checked: the answer for the sender, or null.
export function handleRelay(chat, side, type, message) {
    const seq = message.seq;
    if (!Number.isSafeInteger(seq) || seq < 1) return error('bad_message', 'A sequence number "seq" from 1 up is needed.');
    if (type === 'ack') {
        chat.acknowledge(side, seq);
        return null;
    }
    const payload = message.payload;
    if (typeof payload !== 'string' || payload.length === 0 || payload.length > MAX_PAYLOAD_CHARS || !BASE64URL.test(payload)) {
        return error('bad_message', 'The payload must be base64 text of at most 8192 characters.', { chat: chat.id, seq });
    }
    return chat.relay(side, seq, payload);
}
