// relay.mjs: the peer's entry point. An HTTP server that upgrades GET /ws to a WebSocket, reads
// one JSON object per text frame and hands it to the connection's side, chosen by its first message.
//   node relay.mjs --port P [--address 127.0.0.1]      (port 0: any free port)
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { WebSocket, WebSocketServer } from 'ws';

import { error } from './messages.mjs';
import { Pairing } from './pairing.mjs';
import { HelpSeeker } from './seeker.mjs';
import { Staff } from './staff.mjs';

const MAX_MESSAGE_BYTES = 65536;

function options() {
    const usage = 'usage: node relay.mjs --port P [--address 127.0.0.1]';
    let values;
    try {
        ({ values } = parseArgs({ options: { port: { type: 'string' }, address: { type: 'string', default: '127.0.0.1' } } }));
    } catch (e) {
        fail(`${e.message}\n${usage}`);
    }
    const port = Number(values.port);
    if (values.port === undefined || !/^\d+$/.test(values.port) || port > 65535) fail(usage);
    return { port, address: values.address };
}

function fail(text) {
    process.stderr.write(`peer: ${text}\n`);
    process.exit(2);
}

// One JSON object with a string `type`, or null.
function parseMessage(data) {
    let message;
    try {
        message = JSON.parse(data.toString('utf8'));
    } catch {
        return null;
    }
    if (message === null || typeof message !== 'object' || Array.isArray(message) || typeof message.type !== 'string') return null;
    return message;
}

function sideFor(type, ws, pairing) {
    if (type === 'join') return new HelpSeeker(ws, pairing);
    if (type === 'login_salt' || type === 'login') return new Staff(ws, pairing);
    return null;
}

function serveConnection(ws, pairing) {
    let side = null;  // HelpSeeker or Staff, from the first accepted message
    ws.on('error', () => {});  // ws closes the connection itself (1007, 1009, ...); 'close' follows
    ws.on('message', (data, isBinary) => {
        if (ws.readyState !== WebSocket.OPEN) return;  // closing: what comes now is ignored
        if (isBinary) return ws.close(1003, 'text frames only');
        const message = parseMessage(data);
        if (!message) {
            return ws.send(JSON.stringify(error('bad_json', 'Messages are JSON objects with a string field "type".')));
        }
        if (!side) side = sideFor(message.type, ws, pairing);
        if (!side) {
            return ws.send(JSON.stringify(error('unknown_type', 'Start with join (help-seekers) or a login (staff).')));
        }
        side.onMessage(message.type, message);
    });
    ws.on('close', () => side?.onClose());
}

function main() {
    const { port, address } = options();
    const pairing = new Pairing();
    const wss = new WebSocketServer({
        noServer: true, perMessageDeflate: false, maxPayload: MAX_MESSAGE_BYTES, clientTracking: false,
    });
    const server = createServer((request, response) => {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
    });
    server.on('upgrade', (request, socket, head) => {
        if (request.method !== 'GET' || request.url !== '/ws') {
            socket.on('error', () => {});
            socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
            return;
        }
        wss.handleUpgrade(request, socket, head, (ws) => serveConnection(ws, pairing));
    });
    server.on('error', (e) => {
        process.stderr.write(`peer: ${e.message}\n`);
        process.exit(1);
    });
    server.listen(port, address, () => {
        const bound = server.address();
        const host = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
        process.stdout.write(`peer: listening on ${host}:${bound.port}\n`);
    });
    const stop = () => {
        server.close();
        process.exit(0);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
}

main();
