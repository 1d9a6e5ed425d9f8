// pairing.mjs: the queue of waiting help-seekers and the counsellors on duty; pairs the longest
// waiting help-seeker with the least loaded counsellor who has a free place, and ends chats.
import { Chat } from './chat.mjs';
import { randomB64 } from './messages.mjs';

// Help-seekers are HelpSeeker objects (seeker.mjs: send, sendText, chat); counsellors are Staff
// objects (staff.mjs: send, sendText, chats, capacity). Every counsellor here serves every lane
// and language, so the longest waiting help-seeker can always take the first free place.
export class Pairing {
    constructor() {
        this.waiting = new Map();         // help-seeker → { lane, language, joinedAt }, in join order
        this.waitingPerLane = new Map();  // lane → how many are waiting in it
        this.onDuty = new Set();          // counsellors, in the order they came on duty
    }

    isWaiting(seeker) {
        return this.waiting.has(seeker);
    }

    // Queues the help-seeker and pairs whoever can be: its queue position, or null once paired.
    join(seeker, lane, language) {
        const position = (this.waitingPerLane.get(lane) ?? 0) + 1;
        this.waiting.set(seeker, { lane, language, joinedAt: Date.now() });
        this.waitingPerLane.set(lane, position);
        this.pairWaiting();
        return this.waiting.has(seeker) ? position : null;
    }

    leave(seeker) {
        const entry = this.waiting.get(seeker);
        if (!entry) return;
        this.waiting.delete(seeker);
        this.waitingPerLane.set(entry.lane, this.waitingPerLane.get(entry.lane) - 1);
    }

    // On duty, or a new capacity while on duty (keeping the counsellor's place in the order).
    goOnDuty(counsellor, capacity) {
        counsellor.capacity = capacity;
        this.onDuty.add(counsellor);
        this.pairWaiting();
    }

    // No new chats; those in progress go on.
    goOffDuty(counsellor) {
        this.onDuty.delete(counsellor);
    }

    // Tells both sides, frees the counsellor's place and gives it to whoever waits longest.
    endChat(chat, reason) {
        if (chat.ended) return;
        chat.ended = true;
        const text = JSON.stringify({ type: 'chat_ended', chat: chat.id, reason });
        chat.seeker.sendText(text);
        chat.counsellor.sendText(text);
        chat.seeker.chat = null;
        chat.counsellor.chats.delete(chat.id);
        this.pairWaiting();
    }

    pairWaiting() {
        for (const [seeker, entry] of this.waiting) {  // longest wait first
            const counsellor = this.leastLoaded();
            if (!counsellor) return;
            this.leave(seeker);
            this.startChat(seeker, counsellor, entry);
        }
    }

    // The counsellor on duty with a free place and the fewest chats per place; ties to the earlier.
    leastLoaded() {
        let best = null;
        let bestLoad = Infinity;
        for (const counsellor of this.onDuty) {
            const chats = counsellor.chats.size;
            if (chats >= counsellor.capacity) continue;
            const load = chats / counsellor.capacity;
            if (load < bestLoad) {
                best = counsellor;
                bestLoad = load;
            }
        }
        return best;
    }

    startChat(seeker, counsellor, { lane, language, joinedAt }) {
        const chat = new Chat(randomB64(16), seeker, counsellor, lane, language);
        seeker.chat = chat;
        counsellor.chats.set(chat.id, chat);
        counsellor.send({
            type: 'assigned', chat: chat.id, epoch: 0, lane, language, language_differs: false,
            age_band: null, topic: null, waited_seconds: Math.floor((Date.now() - joinedAt) / 1000),
        });
        seeker.send({
            type: 'paired', chat: chat.id, epoch: 0, lane, language, language_differs: false,
            token: randomB64(32), bundle: null,
        });
    }
}
