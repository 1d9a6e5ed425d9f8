// seeker.mjs: a help-seeker's connection: join and leave the queue, relay and end its one chat.
import { handleRelay } from './chat.mjs';
import { Endpoint, error } from './messages.mjs';

const LANES = new Set(['support', 'consultation']);
const LANGUAGE = /^[a-z]{2,3}$/;

export class HelpSeeker extends Endpoint {
    constructor(ws, pairing) {
        super(ws);
        this.pairing = pairing;
        this.chat = null;  // set and cleared by the pairing
    }

    onMessage(type, message) {
        switch (type) {
        case 'join':
            return this.join(message);
        case 'leave':
            this.pairing.leave(this);  // leaves the queue only, never a chat
            return this.send({ type: 'left' });
        case 'msg':
        case 'ack': {
            if (!this.chat) return this.send(error('not_in_chat', 'There is no chat to send to.'));
            const reply = handleRelay(this.chat, 'seeker', type, message);
            if (reply) this.send(reply);
            return;
        }
        case 'end':
            if (!this.chat) return this.send(error('not_in_chat', 'There is no chat to end.'));
            return this.pairing.endChat(this.chat, 'ended_by_help_seeker');
        default:
            return this.send(error('unknown_type', 'Unknown message type.'));
        }
    }

    join({ lane, language }) {
        if (this.chat || this.pairing.isWaiting(this)) {
            return this.send(error('already_joined', 'You are already waiting or in a chat.'));
        }
        if (!LANES.has(lane) || typeof language !== 'string' || !LANGUAGE.test(language)) {
            return this.send(error('bad_message', 'join needs a lane (support or consultation) and a language code.'));
        }
        const position = this.pairing.join(this, lane, language);
        if (position !== null) this.send({ type: 'queue', position, estimated_wait: null });
    }

    onClose() {
        this.pairing.leave(this);
        if (this.chat) this.pairing.endChat(this.chat, 'help_seeker_gone');
    }
}
