// relay.test.mjs: drives relay.mjs, started as a child process on 127.0.0.1, with ws clients.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';

const RELAY = fileURLToPath(new URL('./relay.mjs', import.meta.url));
const WAIT_MS = 2000;          // the longest any one expected message may take
const TEST_TIMEOUT_MS = 15000;
const CHAT_ID = /^[A-Za-z0-9_-]{22}$/;

// Starts a relay on an ephemeral port; resolves once it has printed its one line.
async function startRelay() {
    const child = spawn(process.execPath, [RELAY, '--port', '0', '--address', '127.0.0.1'], {
        stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    const port = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`relay did not start: ${JSON.stringify(output)}`)), 10000);
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (chunk) => {
            output += chunk;
            const line = output.match(/^peer: listening on 127\.0\.0\.1:(\d+)\n/);
            if (line) {
                clearTimeout(timer);
                resolve(Number(line[1]));
            }
        });
        child.on('exit', (code) => {
            clearTimeout(timer);
            reject(new Error(`relay exited with ${code}`));
        });
    });
    return { child, port, url: `ws://127.0.0.1:${port}/ws`, output: () => output };
}

async function stopRelay(relay) {
    if (relay.child.exitCode !== null) return relay.child.exitCode;
    const exited = once(relay.child, 'exit');
    relay.child.kill('SIGTERM');
    const [code] = await exited;
    return code;
}

// Runs `body` against a fresh relay, which is stopped afterwards whatever happens.
function withRelay(name, body) {
    test(name, { timeout: TEST_TIMEOUT_MS }, async () => {
        const relay = await startRelay();
        const clients = [];
        const connect = async () => {
            const client = await Client.open(relay.url);
            clients.push(client);
            return client;
        };
        try {
            await body({ relay, connect });
        } finally {
            for (const client of clients) client.ws.terminate();
            await stopRelay(relay);
        }
    });
}

// A WebSocket client that queues what it receives, to be taken in order with next().
class Client {
    static async open(url) {
        const ws = new WebSocket(url);
        await once(ws, 'open');
        return new Client(ws);
    }

    constructor(ws) {
        this.ws = ws;
        this.received = [];
        this.waiters = [];
        ws.on('message', (data) => {
            const message = JSON.parse(data.toString());
            const waiter = this.waiters.shift();
            if (waiter) waiter(message);
            else this.received.push(message);
        });
    }

    send(message) {
        this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
    }

    next() {
        if (this.received.length > 0) return Promise.resolve(this.received.shift());
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
                this.waiters.splice(this.waiters.indexOf(take), 1);
                reject(new Error(`no message within ${WAIT_MS} ms`));
            }, WAIT_MS);
            const take = (message) => {
                clearTimeout(timer);
                resolve(message);
            };
            this.waiters.push(take);
        });
    }

    // Sends `message` and returns the first answer.
    async ask(message) {
        this.send(message);
        return this.next();
    }

    // Nothing more arrives within `ms` (a round trip through the relay proves it is quiet).
    async expectQuiet(ms = 100) {
        await new Promise((resolve) => setTimeout(resolve, ms));
        assert.deepEqual(this.received, []);
    }

    async close() {
        const closed = once(this.ws, 'close');
        this.ws.close();
        await closed;
    }
}

async function counsellor(connect, capacity = 1, pseudonym = 'anna') {
    const c = await connect();
    assert.deepEqual(await c.ask({ type: 'login_salt', pseudonym }), { type: 'login_salt', salt: 'AAAAAAAAAAAAAAAAAAAAAA' });
    const ok = await c.ask({ type: 'login', pseudonym, auth: 'A'.repeat(43) });
    assert.equal(ok.type, 'login_ok');
    assert.match(ok.token, /^[A-Za-z0-9_-]{43}$/);
    const now = Date.now() / 1000;
    assert.ok(ok.expires_at > now + 12 * 3600 - 60 && ok.expires_at < now + 12 * 3600 + 60);
    assert.deepEqual({ ...ok, token: undefined, expires_at: undefined }, {
        type: 'login_ok', token: undefined, expires_at: undefined, pseudonym, role: 'counsellor',
        languages: ['sv', 'en', 'ar'], lanes: ['support', 'consultation'], must_change_password: false,
        identity_public_key: null, wrapped_identity_key: null, certificate: null,
    });
    assert.deepEqual(await c.ask({ type: 'duty', on: true, capacity }), { type: 'duty', on: true, capacity });
    return c;
}

// A help-seeker who joins while a place is free: returns it with the chat id both sides got.
async function pairedSeeker(connect, c, lane = 'support', language = 'sv') {
    const s = await connect();
    const paired = await s.ask({ type: 'join', lane, language });
    const assigned = await c.next();
    assert.match(paired.chat, CHAT_ID);
    assert.deepEqual({ ...paired, token: undefined }, {
        type: 'paired', chat: paired.chat, epoch: 0, lane, language, language_differs: false, token: undefined, bundle: null,
    });
    assert.equal(typeof paired.token, 'string');
    assert.deepEqual(assigned, {
        type: 'assigned', chat: paired.chat, epoch: 0, lane, language, language_differs: false,
        age_band: null, topic: null, waited_seconds: 0,
    });
    return { s, chat: paired.chat };
}

withRelay('prints one line, answers 404 off /ws, exits 0 on SIGTERM', async ({ relay }) => {
    const status = (path, headers = {}) => new Promise((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: relay.port, path, headers }, (res) => {
            res.resume();
            resolve(res.statusCode);
        });
        req.on('upgrade', (res, socket) => {
            socket.destroy();
            resolve(res.statusCode);
        });
        req.on('error', reject);
        req.end();
    });
    assert.equal(await status('/'), 404);
    assert.equal(await status('/ws'), 404);  // a plain GET, no upgrade
    const upgrade = { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' };
    assert.equal(await status('/ws?token=x', upgrade), 404);
    assert.equal(await status('/other', upgrade), 404);
    assert.equal(await stopRelay(relay), 0);
    assert.match(relay.output(), /^peer: listening on 127\.0\.0\.1:\d+\n$/);
});

withRelay('bad_json, unknown_type before a side, logins', async ({ connect }) => {
    const x = await connect();
    assert.equal((await x.ask('not json')).code, 'bad_json');
    assert.equal((await x.ask('[1]')).code, 'bad_json');
    assert.equal((await x.ask({ kind: 'join' })).code, 'bad_json');
    assert.equal((await x.ask({ type: 'msg', seq: 1, payload: 'AA' })).code, 'unknown_type');
    assert.equal((await x.ask({ type: 'join', lane: 'nope', language: 'sv' })).code, 'bad_message');  // now a help-seeker
    assert.equal((await x.ask({ type: 'login_salt', pseudonym: 'anna' })).code, 'unknown_type');
    assert.deepEqual(await x.ask({ type: 'msg', seq: 1, payload: 'AA' }), { type: 'error', code: 'not_in_chat', message: 'There is no chat to send to.' });

    const staff = await connect();
    assert.equal((await staff.ask({ type: 'duty', on: true })).code, 'unknown_type');  // duty decides no side
    assert.equal((await staff.ask({ type: 'login_salt' })).code, 'bad_message');
    assert.equal((await staff.ask({ type: 'duty', on: true })).code, 'unknown_type');  // a staff connection now, not signed in
    assert.equal((await staff.ask({ type: 'login', pseudonym: 'anna', auth: 'A'.repeat(43) })).type, 'login_ok');
    assert.equal((await staff.ask({ type: 'login', pseudonym: 'anna', auth: 'A'.repeat(43) })).code, 'already_signed_in');
    assert.equal((await staff.ask({ type: 'join', lane: 'support', language: 'sv' })).code, 'unknown_type');
    assert.equal((await staff.ask({ type: 'duty' })).code, 'bad_message');
    assert.equal((await staff.ask({ type: 'duty', on: true, capacity: 0 })).code, 'bad_capacity');
    assert.deepEqual(await staff.ask({ type: 'duty', on: true, capacity: 'two' }), { type: 'duty', on: true, capacity: 1 });
    assert.deepEqual(await staff.ask({ type: 'duty', on: false }), { type: 'duty', on: false });
    assert.equal((await staff.ask({ type: 'msg', chat: 'AAAAAAAAAAAAAAAAAAAAAA', seq: 1, payload: 'AA' })).code, 'no_such_chat');
});

withRelay('a chat: pairing, msg both ways, ack, seq rules, end', async ({ connect }) => {
    const c = await counsellor(connect, 2);
    const { s, chat } = await pairedSeeker(connect, c);

    // Help-seeker → counsellor, with and without `chat`.
    assert.deepEqual(await s.ask({ type: 'msg', seq: 1, payload: 'aGVsbG8' }), { type: 'accepted', chat, seq: 1 });
    assert.deepEqual(await c.next(), { type: 'msg', chat, seq: 1, payload: 'aGVsbG8' });
    assert.deepEqual(await s.ask({ type: 'msg', chat: 'ignored', seq: 2, payload: 'Zm9v-_' }), { type: 'accepted', chat, seq: 2 });
    assert.deepEqual(await c.next(), { type: 'msg', chat, seq: 2, payload: 'Zm9v-_' });

    // Counsellor → help-seeker.
    assert.deepEqual(await c.ask({ type: 'msg', chat, seq: 1, payload: 'aGk' }), { type: 'accepted', chat, seq: 1 });
    assert.deepEqual(await s.next(), { type: 'msg', chat, seq: 1, payload: 'aGk' });

    // Acknowledgements: cumulative, capped at what was forwarded, an old one ignored.
    c.send({ type: 'ack', chat, seq: 1 });
    assert.deepEqual(await s.next(), { type: 'delivered', chat, seq: 1 });
    c.send({ type: 'ack', chat, seq: 9 });
    assert.deepEqual(await s.next(), { type: 'delivered', chat, seq: 2 });
    c.send({ type: 'ack', chat, seq: 2 });
    s.send({ type: 'ack', seq: 1 });
    assert.deepEqual(await c.next(), { type: 'delivered', chat, seq: 1 });
    await s.expectQuiet();

    // Sequence numbers.
    assert.deepEqual(await s.ask({ type: 'msg', seq: 5, payload: 'AA' }), {
        type: 'error', code: 'out_of_order', message: 'Messages must be numbered one after another.', chat, seq: 5, expected: 3,
    });
    assert.deepEqual(await s.ask({ type: 'msg', seq: 2, payload: 'QUFB' }), { type: 'accepted', chat, seq: 2 });  // duplicate
    assert.deepEqual(await s.ask({ type: 'msg', seq: 3, payload: 'AA' }), { type: 'accepted', chat, seq: 3 });
    assert.deepEqual(await c.next(), { type: 'msg', chat, seq: 3, payload: 'AA' });  // the duplicate was dropped

    // Malformed frames.
    for (const bad of [{ seq: 0 }, { seq: -1 }, { seq: 1.5 }, { seq: '4' }, {}]) {
        const reply = await s.ask({ type: 'msg', payload: 'AA', ...bad });
        assert.equal(reply.code, 'bad_message');
        assert.equal(reply.chat, undefined);
    }
    for (const payload of ['', 'AA==', 'a b', 'A'.repeat(8193), 7]) {
        assert.deepEqual({ ...(await s.ask({ type: 'msg', seq: 4, payload })), message: undefined },
                         { type: 'error', code: 'bad_message', message: undefined, chat, seq: 4 });
    }
    assert.deepEqual(await s.ask({ type: 'msg', seq: 4, payload: 'A'.repeat(8192) }), { type: 'accepted', chat, seq: 4 });
    assert.equal((await c.next()).payload.length, 8192);
    assert.equal((await c.ask({ type: 'msg', chat: 'AAAAAAAAAAAAAAAAAAAAAA', seq: 2, payload: 'AA' })).code, 'no_such_chat');
    assert.equal((await c.ask({ type: 'msg', seq: 2, payload: 'AA' })).code, 'no_such_chat');
    assert.equal((await s.ask({ type: 'join', lane: 'support', language: 'sv' })).code, 'already_joined');

    // The end, by the help-seeker; then again by the counsellor in a second chat.
    s.send({ type: 'end' });
    assert.deepEqual(await s.next(), { type: 'chat_ended', chat, reason: 'ended_by_help_seeker' });
    assert.deepEqual(await c.next(), { type: 'chat_ended', chat, reason: 'ended_by_help_seeker' });
    assert.equal((await s.ask({ type: 'msg', seq: 5, payload: 'AA' })).code, 'not_in_chat');
    assert.equal((await s.ask({ type: 'end' })).code, 'not_in_chat');
    assert.equal((await c.ask({ type: 'msg', chat, seq: 2, payload: 'AA' })).code, 'no_such_chat');

    const second = await pairedSeeker(connect, c, 'consultation', 'ar');
    assert.notEqual(second.chat, chat);
    c.send({ type: 'end', chat: second.chat });
    assert.deepEqual(await c.next(), { type: 'chat_ended', chat: second.chat, reason: 'ended_by_counsellor' });
    assert.deepEqual(await second.s.next(), { type: 'chat_ended', chat: second.chat, reason: 'ended_by_counsellor' });
    assert.equal((await c.ask({ type: 'end', chat: second.chat })).code, 'no_such_chat');

    // The same connection may join again after its chat ended.
    const again = await pairedSeeker(connect, c);
    assert.notEqual(again.chat, second.chat);
});

withRelay('peer_backlog_full at 256 unacknowledged frames', async ({ connect }) => {
    const c = await counsellor(connect);
    const { s, chat } = await pairedSeeker(connect, c);
    for (let seq = 1; seq <= 256; seq++) s.send({ type: 'msg', seq, payload: 'AA' });
    for (let seq = 1; seq <= 256; seq++) assert.deepEqual(await s.next(), { type: 'accepted', chat, seq });
    for (let seq = 1; seq <= 256; seq++) assert.equal((await c.next()).seq, seq);
    assert.deepEqual({ ...(await s.ask({ type: 'msg', seq: 257, payload: 'AA' })), message: undefined },
                     { type: 'error', code: 'peer_backlog_full', message: undefined, chat, seq: 257 });
    c.send({ type: 'ack', chat, seq: 10 });
    assert.deepEqual(await s.next(), { type: 'delivered', chat, seq: 10 });
    // Ten places freed: ten more frames, then full again.
    for (let seq = 257; seq <= 266; seq++) assert.deepEqual(await s.ask({ type: 'msg', seq, payload: 'AA' }), { type: 'accepted', chat, seq });
    assert.equal((await s.ask({ type: 'msg', seq: 267, payload: 'AA' })).code, 'peer_backlog_full');
    for (let seq = 257; seq <= 266; seq++) assert.equal((await c.next()).seq, seq);
    // The other direction has its own backlog.
    assert.deepEqual(await c.ask({ type: 'msg', chat, seq: 1, payload: 'AA' }), { type: 'accepted', chat, seq: 1 });
});

withRelay('queue while no place is free, paired when one frees up', async ({ connect }) => {
    const c = await counsellor(connect);
    const first = await pairedSeeker(connect, c);

    const waiting = await connect();
    assert.deepEqual(await waiting.ask({ type: 'join', lane: 'support', language: 'en' }), { type: 'queue', position: 1, estimated_wait: null });
    const other = await connect();
    assert.deepEqual(await other.ask({ type: 'join', lane: 'consultation', language: 'sv' }), { type: 'queue', position: 1, estimated_wait: null });
    const third = await connect();
    assert.deepEqual(await third.ask({ type: 'join', lane: 'support', language: 'sv' }), { type: 'queue', position: 2, estimated_wait: null });
    assert.equal((await third.ask({ type: 'join', lane: 'support', language: 'sv' })).code, 'already_joined');
    assert.deepEqual(await third.ask({ type: 'leave' }), { type: 'left' });
    assert.deepEqual(await third.ask({ type: 'leave' }), { type: 'left' });

    // The place frees: the longest waiting help-seeker gets it.
    c.send({ type: 'end', chat: first.chat });
    assert.equal((await c.next()).type, 'chat_ended');
    const assigned = await c.next();
    const paired = await waiting.next();
    assert.equal(paired.type, 'paired');
    assert.deepEqual(assigned, {
        type: 'assigned', chat: paired.chat, epoch: 0, lane: 'support', language: 'en', language_differs: false,
        age_band: null, topic: null, waited_seconds: 0,
    });

    // A counsellor coming on duty takes the next one.
    const d = await counsellor(connect, 1, 'bo');
    assert.equal((await d.next()).type, 'assigned');
    assert.equal((await other.next()).type, 'paired');
    await third.expectQuiet();

    // A help-seeker that closes while waiting leaves the queue.
    const gone = await connect();
    assert.equal((await gone.ask({ type: 'join', lane: 'support', language: 'sv' })).type, 'queue');
    await gone.close();
    const later = await connect();
    assert.deepEqual(await later.ask({ type: 'join', lane: 'support', language: 'sv' }), { type: 'queue', position: 1, estimated_wait: null });
});

withRelay('pairing goes to the least loaded counsellor, earlier one on a tie', async ({ connect }) => {
    const a = await counsellor(connect, 2, 'a');
    const b = await counsellor(connect, 4, 'b');
    const order = [];
    for (let i = 0; i < 4; i++) {
        const s = await connect();
        const paired = await s.ask({ type: 'join', lane: 'support', language: 'sv' });
        assert.equal(paired.type, 'paired');
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (a.received.length > 0) order.push(['a', (await a.next()).chat === paired.chat]);
        if (b.received.length > 0) order.push(['b', (await b.next()).chat === paired.chat]);
    }
    // Loads: a 0/2 b 0/4 → a; a 1/2 b 0/4 → b; a 1/2 b 1/4 → b; a 1/2 b 2/4 → a (tie, earlier).
    assert.deepEqual(order, [['a', true], ['b', true], ['b', true], ['a', true]]);
    const s = await connect();
    assert.equal((await s.ask({ type: 'join', lane: 'support', language: 'sv' })).type, 'paired');
    assert.equal((await b.next()).type, 'assigned');  // a is full
    // Off duty: no new chats, the old ones go on.
    assert.deepEqual(await b.ask({ type: 'duty', on: false }), { type: 'duty', on: false });
    const t = await connect();
    assert.equal((await t.ask({ type: 'join', lane: 'support', language: 'sv' })).type, 'queue');
    assert.deepEqual(await b.ask({ type: 'duty', on: true, capacity: 4 }), { type: 'duty', on: true, capacity: 4 });
    assert.equal((await b.next()).type, 'assigned');
    assert.equal((await t.next()).type, 'paired');
});

withRelay('a side that closes ends its chats', async ({ connect }) => {
    const c = await counsellor(connect, 3);
    const one = await pairedSeeker(connect, c);
    await one.s.close();
    assert.deepEqual(await c.next(), { type: 'chat_ended', chat: one.chat, reason: 'help_seeker_gone' });

    const two = await pairedSeeker(connect, c);
    const three = await pairedSeeker(connect, c);
    await c.close();
    assert.deepEqual(await two.s.next(), { type: 'chat_ended', chat: two.chat, reason: 'counsellor_gone' });
    assert.deepEqual(await three.s.next(), { type: 'chat_ended', chat: three.chat, reason: 'counsellor_gone' });

    // The counsellor is off duty now: the next help-seeker waits.
    assert.equal((await two.s.ask({ type: 'join', lane: 'support', language: 'sv' })).type, 'queue');
});

withRelay('binary frames and oversized messages close the connection', async ({ connect }) => {
    const a = await connect();
    const closedA = once(a.ws, 'close');
    a.ws.send(Buffer.from('{"type":"join"}'), { binary: true });
    assert.equal((await closedA)[0], 1003);
    const b = await connect();
    const closedB = once(b.ws, 'close');
    b.send({ type: 'join', lane: 'support', language: 'sv', pad: 'x'.repeat(65536) });
    assert.equal((await closedB)[0], 1009);
    const c = await connect();  // the relay is still up
    assert.equal((await c.ask({ type: 'join', lane: 'support', language: 'sv' })).type, 'queue');
});
