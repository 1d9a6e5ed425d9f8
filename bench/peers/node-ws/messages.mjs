// messages.mjs: building and sending the peer's JSON messages (tillit-server's shapes, "type" first).
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';

// An error as tillit-server writes it: code, message, then any of chat, seq, expected.
export function error(code, message, extra = {}) {
    return { type: 'error', code, message, ...extra };
}

// URL-safe base64 without padding of `bytes` random bytes (chat ids, tokens).
export function randomB64(bytes) {
    return randomBytes(bytes).toString('base64url');
}

// One side of the relay's connections: a WebSocket that JSON goes out on while it is open.
export class Endpoint {
    constructor(ws) {
        this.ws = ws;
    }

    send(message) {
        this.sendText(JSON.stringify(message));
    }

    sendText(text) {
        if (this.ws.readyState === WebSocket.OPEN) this.ws.send(text);
    }
}
