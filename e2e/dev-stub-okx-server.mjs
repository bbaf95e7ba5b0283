#!/usr/bin/env node
// DEV AID ONLY — NOT used by the real e2e test (okx-ccxt.test.mjs runs against Sluice).
//
// A tiny OKX v5 public-API look-alike used to prove the e2e harness works before the Java
// server exists, and to prove the harness fails when the server misbehaves.
//
//   node dev-stub-okx-server.mjs [port]          (port 0 / omitted = pick a free port)
//
// Listens on 127.0.0.1 only. Prints "STUB_LISTENING <port>" once ready.
//
// REST:  GET /api/v5/public/instruments?instType=SPOT|SWAP|FUTURES|OPTION[&uly=..]
// WS:    /ws/v5/public and /ws/v5/business — text "ping" -> "pong";
//        {"op":"subscribe","args":[{channel,instId}...]} -> ack + pushes for
//        tickers, trades, books (snapshot then updates with a seqId/prevSeqId chain).
//
// Fault injection (environment):
//   STUB_BREAK_SEQ=N       after N book updates, send one update whose prevSeqId is wrong
//   STUB_NO_PONG=1         never answer "ping"
//   STUB_CHECKSUM=random   send a random non-zero "checksum" instead of OKX's fixed 0
//   STUB_NO_ACK=1          do not send {"event":"subscribe",...} acks
//   STUB_LOG=1             log every client WS frame and every HTTP request to stdout
import http from 'node:http';
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2] ?? process.env.STUB_PORT ?? 0);
const LOG = process.env.STUB_LOG === '1';
const BREAK_SEQ = process.env.STUB_BREAK_SEQ ? Number(process.env.STUB_BREAK_SEQ) : undefined;
const NO_PONG = process.env.STUB_NO_PONG === '1';
const NO_ACK = process.env.STUB_NO_ACK === '1';
const RANDOM_CHECKSUM = process.env.STUB_CHECKSUM === 'random';

const INSTRUMENTS = {
    SPOT: [
        // Shape of a real OKX /api/v5/public/instruments SPOT row (fields ccxt parseMarket reads,
        // plus the empty-string contract fields OKX sends for spot).
        {
            instType: 'SPOT', instId: 'BTC-USDT', uly: '', instFamily: '', baseCcy: 'BTC', quoteCcy: 'USDT',
            settleCcy: '', ctVal: '', ctMult: '', ctValCcy: '', optType: '', stk: '', listTime: '1611907686000',
            expTime: '', lever: '10', tickSz: '0.1', lotSz: '0.00000001', minSz: '0.00001', ctType: '', alias: '',
            state: 'live', maxLmtSz: '9999999999', maxMktSz: '1000000', maxLmtAmt: '20000000', maxMktAmt: '1000000',
            ruleType: 'normal', category: '1',
        },
    ],
};

const log = (...a) => { if (LOG) console.log(new Date().toISOString(), ...a); };

// ---------------------------------------------------------------- REST
const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    log('HTTP', req.method, req.url, JSON.stringify(req.headers));
    const send = (status, obj) => {
        const body = JSON.stringify(obj);
        res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
        res.end(body);
    };
    if (req.method === 'GET' && url.pathname === '/api/v5/public/instruments') {
        const instType = url.searchParams.get('instType');
        if (!['SPOT', 'MARGIN', 'SWAP', 'FUTURES', 'OPTION'].includes(instType)) {
            return send(200, { code: '51000', msg: 'Parameter instType error', data: [] });
        }
        return send(200, { code: '0', msg: '', data: INSTRUMENTS[instType] ?? [] });
    }
    send(404, { code: '404', msg: 'Not Found', data: [] });
});

// ---------------------------------------------------------------- market simulation (per connection)
const TICK = 0.1;
const round = (p) => Math.round(p / TICK) * TICK;
const fmt = (p) => p.toFixed(1);
const fmtSz = (s) => s.toFixed(8).replace(/0+$/, '').replace(/\.$/, '');
const rnd = (a, b) => a + Math.random() * (b - a);

class Book {
    constructor(mid) {
        this.bids = new Map(); // price(number) -> size
        this.asks = new Map();
        for (let i = 1; i <= 50; i++) {
            this.bids.set(round(mid - i * TICK * 3), rnd(0.001, 2));
            this.asks.set(round(mid + i * TICK * 3), rnd(0.001, 2));
        }
        this.seqId = 10_000_000_000 + Math.floor(Math.random() * 1_000_000);
    }
    bestBid() { return Math.max(...this.bids.keys()); }
    bestAsk() { return Math.min(...this.asks.keys()); }
    levels(side, desc) {
        return [...side.entries()].sort((a, b) => (desc ? b[0] - a[0] : a[0] - b[0]))
            .map(([p, s]) => [fmt(p), fmtSz(s), '0', String(1 + Math.floor(s * 3))]);
    }
    snapshot() {
        return { asks: this.levels(this.asks, false), bids: this.levels(this.bids, true) };
    }
    // random incremental change; never crosses the book
    mutate() {
        const changes = { asks: [], bids: [] };
        const n = 1 + Math.floor(Math.random() * 4);
        for (let i = 0; i < n; i++) {
            const isBid = Math.random() < 0.5;
            const side = isBid ? this.bids : this.asks;
            const out = isBid ? changes.bids : changes.asks;
            const r = Math.random();
            const prices = [...side.keys()];
            if ((r < 0.25 && side.size > 10) || side.size > 200) { // delete a level
                const p = prices[Math.floor(Math.random() * prices.length)];
                side.delete(p);
                out.push([fmt(p), '0', '0', '0']);
            } else if (r < 0.6) { // resize a level
                const p = prices[Math.floor(Math.random() * prices.length)];
                const s = rnd(0.001, 2);
                side.set(p, s);
                out.push([fmt(p), fmtSz(s), '0', String(1 + Math.floor(s * 3))]);
            } else { // add a level that does not cross
                const p = isBid ? round(this.bestAsk() - TICK * Math.ceil(rnd(1, 40)))
                    : round(this.bestBid() + TICK * Math.ceil(rnd(1, 40)));
                if (isBid ? p >= this.bestAsk() : p <= this.bestBid()) continue;
                const s = rnd(0.001, 2);
                side.set(p, s);
                out.push([fmt(p), fmtSz(s), '0', String(1 + Math.floor(s * 3))]);
            }
        }
        return changes;
    }
}

// ---------------------------------------------------------------- WS
const wss = new WebSocketServer({ noServer: true });
let connCounter = 0;

server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url, 'http://127.0.0.1').pathname;
    log('WS upgrade', req.url, JSON.stringify(req.headers));
    if (path !== '/ws/v5/public' && path !== '/ws/v5/business') {
        socket.write('HTTP/1.1 404 Not Found\r\n\r\n');
        socket.destroy();
        return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});

wss.on('connection', (ws, req) => {
    const connId = (++connCounter).toString(16).padStart(8, '0');
    const timers = [];
    const book = new Book(rnd(60000, 70000));
    let bookUpdates = 0;
    let tradeId = 100000000 + Math.floor(Math.random() * 1000);
    const send = (obj) => { if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(obj)); };
    const checksum = () => (RANDOM_CHECKSUM ? (Math.floor(Math.random() * 2 ** 32) - 2 ** 31) : 0);

    const startBooks = (arg) => {
        const snap = book.snapshot();
        send({ arg, action: 'snapshot', data: [{ ...snap, ts: String(Date.now()), checksum: checksum(), prevSeqId: -1, seqId: book.seqId }] });
        timers.push(setInterval(() => {
            const prev = book.seqId;
            let delta;
            if (Math.random() < 0.05) { // OKX "no change" heartbeat update: seqId == prevSeqId
                delta = { asks: [], bids: [] };
            } else {
                delta = book.mutate();
                book.seqId += 1 + Math.floor(Math.random() * 3); // OKX seqIds are increasing, not contiguous
            }
            bookUpdates++;
            let prevSeqId = prev;
            if (BREAK_SEQ !== undefined && bookUpdates === BREAK_SEQ) {
                prevSeqId = prev - 7; // broken chain
                log('injecting broken prevSeqId', prevSeqId, 'expected', prev);
            }
            send({ arg, action: 'update', data: [{ ...delta, ts: String(Date.now()), checksum: checksum(), prevSeqId, seqId: book.seqId }] });
        }, 50));
    };
    const startTrades = (arg) => {
        timers.push(setInterval(() => {
            const side = Math.random() < 0.5 ? 'buy' : 'sell';
            const px = side === 'buy' ? book.bestAsk() : book.bestBid();
            send({ arg, data: [{ instId: arg.instId, tradeId: String(++tradeId), px: fmt(px), sz: fmtSz(rnd(0.0001, 0.5)), side, ts: String(Date.now()), count: '1', source: '0', seqId: tradeId }] });
        }, 200));
    };
    const startTickers = (arg) => {
        timers.push(setInterval(() => {
            const bid = book.bestBid();
            const ask = book.bestAsk();
            send({ arg, data: [{
                instType: 'SPOT', instId: arg.instId, last: fmt(bid), lastSz: '0.01', askPx: fmt(ask), askSz: fmtSz(book.asks.get(ask)),
                bidPx: fmt(bid), bidSz: fmtSz(book.bids.get(bid)), open24h: '65000', high24h: '71000', low24h: '59000',
                sodUtc0: '65100', sodUtc8: '65200', volCcy24h: '123456789.12', vol24h: '1900.5', ts: String(Date.now()),
            }] });
        }, 100));
    };

    ws.on('message', (raw, isBinary) => {
        const text = raw.toString();
        log('WS <-', connId, text);
        if (text === 'ping') {
            if (!NO_PONG) ws.send('pong');
            return;
        }
        let msg;
        try { msg = JSON.parse(text); } catch {
            return send({ event: 'error', code: '60012', msg: 'Invalid request: ' + text, connId });
        }
        if (msg.op !== 'subscribe' || !Array.isArray(msg.args)) {
            return send({ ...(msg.id ? { id: msg.id } : {}), event: 'error', code: '60012', msg: 'Invalid request: ' + text, connId });
        }
        for (const a of msg.args) {
            const arg = { channel: a.channel, instId: a.instId };
            if (a.instId !== 'BTC-USDT' || !['tickers', 'trades', 'books'].includes(a.channel)) {
                send({ ...(msg.id ? { id: msg.id } : {}), event: 'error', code: '60018', msg: `Wrong URL or channel:${a.channel},instId:${a.instId} doesn't exist`, connId });
                continue;
            }
            if (!NO_ACK) send({ ...(msg.id ? { id: msg.id } : {}), event: 'subscribe', arg, connId });
            if (a.channel === 'books') startBooks(arg);
            else if (a.channel === 'trades') startTrades(arg);
            else startTickers(arg);
        }
    });
    ws.on('close', () => { for (const t of timers) clearInterval(t); log('WS closed', connId); });
});

server.listen(port, '127.0.0.1', () => {
    console.log('STUB_LISTENING ' + server.address().port);
});
const shutdown = () => {
    for (const c of wss.clients) c.terminate();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 500).unref();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
