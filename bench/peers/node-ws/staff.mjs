// staff.mjs: a staff connection: a login without accounts (everyone is a counsellor), then duty
// and the relay for the counsellor's chats.
import { handleRelay } from './chat.mjs';
import { Endpoint, error, randomB64 } from './messages.mjs';

const SALT = 'AAAAAAAAAAAAAAAAAAAAAA';  // 16 zero bytes: the peer has no accounts to salt
const SESSION_SECONDS = 12 * 3600;
const MAX_PSEUDONYM_BYTES = 64;
const MAX_CAPACITY = 1000;  // tillit-server's own ceiling

export class Staff extends Endpoint {
    constructor(ws, pairing) {
        super(ws);
        this.pairing = pairing;
        this.signedIn = false;
        this.chats = new Map();  // chat id → Chat, kept by the pairing
        this.capacity = 0;
    }

    onMessage(type, message) {
        if (type === 'login_salt' || type === 'login') {
            if (this.signedIn) return this.send(error('already_signed_in', 'This connection is already signed in.'));
            return type === 'login' ? this.login(message) : this.loginSalt(message);
        }
        if (!this.signedIn) return this.send(error('unknown_type', 'Unknown message type.'));
        switch (type) {
        case 'duty':
            return this.duty(message);
        case 'msg':
        case 'ack': {
            const chat = this.chatOf(message);
            if (!chat) return this.send(error('no_such_chat', 'You have no chat with that id.'));
            const reply = handleRelay(chat, 'counsellor', type, message);
            if (reply) this.send(reply);
            return;
        }
        case 'end': {
            const chat = this.chatOf(message);
            if (!chat) return this.send(error('no_such_chat', 'You have no chat with that id.'));
            return this.pairing.endChat(chat, 'ended_by_counsellor');
        }
        default:
            return this.send(error('unknown_type', 'Unknown message type.'));
        }
    }

    loginSalt({ pseudonym }) {
        if (!validPseudonym(pseudonym)) return this.send(error('bad_message', 'login_salt needs a pseudonym.'));
        this.send({ type: 'login_salt', salt: SALT });
    }

    // No password check: any pseudonym with an auth value signs in as a counsellor.
    login({ pseudonym, auth }) {
        if (!validPseudonym(pseudonym) || typeof auth !== 'string' || auth.length === 0) {
            return this.send(error('bad_message', 'login needs a pseudonym and a 32-byte auth value.'));
        }
        this.signedIn = true;
        this.send({
            type: 'login_ok',
            token: randomB64(32),
            expires_at: Math.floor(Date.now() / 1000) + SESSION_SECONDS,
            pseudonym,
            role: 'counsellor',
            languages: ['sv', 'en', 'ar'],
            lanes: ['support', 'consultation'],
            must_change_password: false,
            identity_public_key: null,
            wrapped_identity_key: null,
            certificate: null,
        });
    }

    duty({ on, capacity }) {
        if (typeof on !== 'boolean') return this.send(error('bad_message', 'duty needs "on": true or false.'));
        if (!on) {
            this.pairing.goOffDuty(this);
            return this.send({ type: 'duty', on: false });
        }
        // Like tillit-server: a missing, negative or fractional capacity means 1, above 1000 is 1000.
        const places = Number.isSafeInteger(capacity) && capacity >= 0 ? Math.min(capacity, MAX_CAPACITY) : 1;
        if (places === 0) return this.send(error('bad_capacity', 'Choose a capacity the centre allows.'));
        this.send({ type: 'duty', on: true, capacity: places });  // before any chat that duty brings
        this.pairing.goOnDuty(this, places);
    }

    chatOf({ chat }) {
        return typeof chat === 'string' ? this.chats.get(chat) : undefined;
    }

    // The chats end for the help-seekers (the peer keeps no chat for a counsellor to come back to).
    onClose() {
        this.signedIn = false;
        this.pairing.goOffDuty(this);
        for (const chat of [...this.chats.values()]) this.pairing.endChat(chat, 'counsellor_gone');
    }
}

function validPseudonym(pseudonym) {
    if (typeof pseudonym !== 'string' || pseudonym.length === 0) return false;
    return Buffer.byteLength(pseudonym, 'utf8') <= MAX_PSEUDONYM_BYTES;
}
