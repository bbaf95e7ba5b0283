// End-to-end test: the unmodified ccxt pro OKX client against Sluice's OKX v5 emulation.
//
// Run (Sluice already listening, REST and WS on the same port, host 127.0.0.1):
//   cd e2e && npm ci && SLUICE_OKX_PORT=8080 npm test
//
// Environment:
//   SLUICE_OKX_PORT               (required) port of Sluice's OKX endpoint (REST + WS)
//   SLUICE_OKX_HOST               host, default 127.0.0.1
//   SLUICE_E2E_SECONDS            how long the three streams run, default 30
//   SLUICE_E2E_SYMBOL             unified symbol, default BTC/USDT (OKX instId BTC-USDT)
//   SLUICE_E2E_MARKET_TYPES       ccxt options.fetchMarkets.types, comma separated, default "spot";
//                                 "default" keeps ccxt's own default (spot,future,swap,option = 5 REST calls)
//   SLUICE_E2E_STALL_SECONDS      max wait for the next update of any one stream, default 20
//   SLUICE_E2E_MIN_BOOK_UPDATES   minimum order-book frames ccxt must accept, default 10
//   SLUICE_E2E_KEEPALIVE_MS       override ccxt's text-ping interval (ccxt default 18000 ms)
//   SLUICE_E2E_HARD_TIMEOUT_SECONDS  whole-test hard limit, default SECONDS + 60
//   SLUICE_E2E_VERBOSE=1          log every WS frame ccxt receives/sends and every REST call
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ccxt from 'ccxt';

// ccxt.version inside the 4.5.84 package still says 4.5.83, so report the installed package version
const CCXT_PKG_VERSION = (() => {
    try {
        return JSON.parse(readFileSync(new URL('./node_modules/ccxt/package.json', import.meta.url), 'utf8')).version;
    } catch {
        return ccxt.version;
    }
})();

const env = process.env;
const HOST = env.SLUICE_OKX_HOST || '127.0.0.1';
const PORT = env.SLUICE_OKX_PORT;
const SECONDS = Number(env.SLUICE_E2E_SECONDS || 30);
const SYMBOL = env.SLUICE_E2E_SYMBOL || 'BTC/USDT';
const MARKET_TYPES = (env.SLUICE_E2E_MARKET_TYPES || 'spot').split(',').map((s) => s.trim()).filter(Boolean);
const STALL_MS = Number(env.SLUICE_E2E_STALL_SECONDS || 20) * 1000;
const MIN_BOOK_UPDATES = Number(env.SLUICE_E2E_MIN_BOOK_UPDATES || 10);
const KEEPALIVE_MS = env.SLUICE_E2E_KEEPALIVE_MS ? Number(env.SLUICE_E2E_KEEPALIVE_MS) : undefined;
const HARD_TIMEOUT_MS = Number(env.SLUICE_E2E_HARD_TIMEOUT_SECONDS || (SECONDS + 60)) * 1000;
const VERBOSE = env.SLUICE_E2E_VERBOSE === '1';

// Last-resort watchdog: if anything (a socket, a timer inside ccxt) keeps the process alive
// past the hard timeout, fail loudly instead of hanging the Maven build. unref() so that it
// never keeps the process alive by itself.
setTimeout(() => {
    console.error(`e2e: hard timeout of ${HARD_TIMEOUT_MS + 15000} ms exceeded, forcing exit`);
    process.exit(2);
}, HARD_TIMEOUT_MS + 15000).unref();

const isPositiveNumber = (x) => typeof x === 'number' && Number.isFinite(x) && x > 0;

function withTimeout(promise, ms, what) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: no update within ${ms} ms`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

test(`ccxt.pro.okx ${CCXT_PKG_VERSION} streams ${SYMBOL} from Sluice (tickers, trades, books)`, { timeout: HARD_TIMEOUT_MS }, async () => {
    assert.ok(PORT, 'SLUICE_OKX_PORT must be set to the port Sluice serves the OKX v5 API on');
    const restUrl = `http://${HOST}:${PORT}`;
    const wsUrl = `ws://${HOST}:${PORT}/ws/v5`; // ccxt appends /public, /private or /business

    const config = {
        // the ONLY change versus talking to the real OKX: where the URLs point
        urls: { api: { rest: restUrl, ws: wsUrl } },
        timeout: 10000,
    };
    if (!(MARKET_TYPES.length === 1 && MARKET_TYPES[0] === 'default')) {
        config.options = { fetchMarkets: { types: MARKET_TYPES } };
    }
    const ex = new ccxt.pro.okx(config);
    if (KEEPALIVE_MS !== undefined) {
        ex.streaming.keepAlive = KEEPALIVE_MS;
    }

    // ---------------------------------------------------------------- instrumentation (instance-level wrappers only;
    // every wrapper calls the original ccxt method unchanged)
    const stats = {
        restCalls: [],
        framesByChannel: {}, // data frames per arg.channel as received on the socket
        events: [], // {event, code, msg, arg} frames (subscribe acks, errors, notices)
        pingsSent: 0,
        pongsReceived: 0,
        bookMessages: 0, // book payloads ccxt processed (handleOrderBookMessage calls)
        bookSnapshots: 0,
        bookChainBreaks: [], // independent check of the seqId chain as ccxt saw it
        firstBookFrame: undefined,
        tickers: 0,
        tradeBatches: 0,
        tradesSeen: new Map(), // id -> trade
        bookUpdates: 0,
        bookViolations: [],
        firstNonce: undefined,
        lastNonce: undefined,
        lastTicker: undefined,
        lastBook: undefined,
        errors: [],
    };

    const origFetch = ex.fetch;
    ex.fetch = function (url, method, headers, body) {
        stats.restCalls.push(`${method} ${url.replace(restUrl, '')}`);
        if (VERBOSE) console.log('REST', method, url);
        return origFetch.call(this, url, method, headers, body);
    };
    const origPing = ex.ping; // ccxt binds ex.ping when it creates the WS client
    ex.ping = function (client) {
        stats.pingsSent++;
        if (VERBOSE) console.log('WS -> ping', client.url);
        return origPing.call(this, client);
    };
    const origHandlePong = ex.handlePong;
    ex.handlePong = function (client, message) {
        stats.pongsReceived++;
        return origHandlePong.call(this, client, message);
    };
    const origHandleMessage = ex.handleMessage; // ccxt binds handleMessage when it creates the WS client
    ex.handleMessage = function (client, message) {
        if (VERBOSE) console.log('WS <-', typeof message === 'string' ? message : JSON.stringify(message).slice(0, 300));
        if (message !== null && typeof message === 'object') {
            if (message.event !== undefined) {
                stats.events.push({ event: message.event, code: message.code, msg: message.msg, arg: message.arg });
            } else if (message.arg && message.arg.channel) {
                const ch = message.arg.channel;
                stats.framesByChannel[ch] = (stats.framesByChannel[ch] || 0) + 1;
                if (ch === 'books' && stats.firstBookFrame === undefined) {
                    stats.firstBookFrame = { action: message.action, prevSeqId: message.data?.[0]?.prevSeqId, seqId: message.data?.[0]?.seqId };
                }
            }
        }
        return origHandleMessage.call(this, client, message);
    };
    const origHandleBookMsg = ex.handleOrderBookMessage;
    ex.handleOrderBookMessage = function (client, message, orderbook, messageHash, market) {
        const nonceBefore = orderbook.nonce;
        const prevSeqId = this.safeInteger(message, 'prevSeqId');
        const seqId = this.safeInteger(message, 'seqId');
        stats.bookMessages++;
        if (prevSeqId === -1) {
            stats.bookSnapshots++;
        } else if (prevSeqId === undefined || seqId === undefined || prevSeqId !== nonceBefore) {
            if (stats.bookChainBreaks.length < 10) stats.bookChainBreaks.push({ nonceBefore, prevSeqId, seqId });
        }
        return origHandleBookMsg.call(this, client, message, orderbook, messageHash, market);
    };

    const closeExchange = async () => {
        try { await ex.close(); } catch (e) { /* closing is best effort */ }
    };

    let stop = false;
    try {
        // ------------------------------------------------------------ REST: markets
        // ccxt (node) refuses plain ws:// URLs unless an http.Agent is loaded first
        await ex.loadHttpProxyAgent();
        await ex.loadMarkets();
        const market = ex.market(SYMBOL);
        assert.equal(market.symbol, SYMBOL);
        assert.equal(market.spot, true, 'instrument must be instType SPOT');
        assert.equal(market.active, true, 'instrument must have state "live"');
        assert.ok(isPositiveNumber(market.precision.price), 'tickSz must be a positive number');
        assert.ok(isPositiveNumber(market.precision.amount), 'lotSz must be a positive number');

        // ------------------------------------------------------------ WS: three concurrent streams
        const deadline = Date.now() + SECONDS * 1000;
        const loop = async (name, watch, onResult) => {
            while (!stop && Date.now() < deadline) {
                const p = watch();
                p.catch(() => {}); // a late rejection (e.g. on close) must not become an unhandled rejection
                let r;
                try {
                    r = await withTimeout(p, STALL_MS, `${name}(${SYMBOL})`);
                } catch (e) {
                    if (!stop) {
                        stats.errors.push({ stream: name, name: e?.constructor?.name, message: e?.message });
                        stop = true; // any exception from ccxt fails the test: stop everything now
                        closeExchange(); // rejects the other streams' pending watches (not recorded)
                    }
                    return;
                }
                onResult(r);
            }
        };

        const startedAt = Date.now();
        await Promise.all([
            loop('watchTicker', () => ex.watchTicker(SYMBOL), (t) => {
                stats.tickers++;
                stats.lastTicker = t;
            }),
            loop('watchTrades', () => ex.watchTrades(SYMBOL), (trades) => {
                stats.tradeBatches++;
                for (const tr of trades) stats.tradesSeen.set(tr.id ?? `${tr.timestamp}:${tr.price}:${tr.amount}`, tr);
            }),
            loop('watchOrderBook', () => ex.watchOrderBook(SYMBOL), (ob) => {
                stats.bookUpdates++;
                if (stats.firstNonce === undefined) stats.firstNonce = ob.nonce;
                stats.lastNonce = ob.nonce;
                stats.lastBook = { bids: top(ob.bids, 3), asks: top(ob.asks, 3), levels: `${ob.bids.length} bids / ${ob.asks.length} asks` };
                if (stats.bookViolations.length < 10) {
                    const v = checkBook(ob);
                    if (v) stats.bookViolations.push(`update #${stats.bookUpdates} nonce ${ob.nonce}: ${v}`);
                }
            }),
        ]);
        const elapsed = (Date.now() - startedAt) / 1000;

        // give an in-flight "ping" up to 3 s to be answered
        const pongDeadline = Date.now() + 3000;
        while (stats.pongsReceived < stats.pingsSent && Date.now() < pongDeadline) {
            await new Promise((r) => setTimeout(r, 50));
        }

        // ------------------------------------------------------------ summary
        const trades = [...stats.tradesSeen.values()];
        const summary = {
            ccxt: CCXT_PKG_VERSION,
            endpoint: `${restUrl} / ${wsUrl}/public`,
            seconds: Number(elapsed.toFixed(1)),
            restCalls: stats.restCalls,
            wsFramesByChannel: stats.framesByChannel,
            wsEvents: stats.events.map((e) => `${e.event}${e.code ? ':' + e.code : ''}${e.arg ? ' ' + e.arg.channel + ' ' + e.arg.instId : ''}${e.msg ? ' ' + e.msg : ''}`),
            tickerUpdates: stats.tickers,
            lastPrice: stats.lastTicker?.last,
            tradeBatches: stats.tradeBatches,
            distinctTrades: trades.length,
            bookUpdatesSeenByWatcher: stats.bookUpdates,
            bookMessagesProcessedByCcxt: stats.bookMessages,
            bookSnapshots: stats.bookSnapshots,
            firstBookFrame: stats.firstBookFrame,
            nonce: { first: stats.firstNonce, last: stats.lastNonce },
            topOfBook: stats.lastBook,
            pings: { sent: stats.pingsSent, pongs: stats.pongsReceived },
            errors: stats.errors,
        };
        console.log('e2e summary ' + JSON.stringify(summary, null, 2));

        // ------------------------------------------------------------ assertions
        assert.deepEqual(stats.errors, [], 'ccxt threw while streaming (InvalidNonce = broken seqId/prevSeqId chain)');
        const wsErrors = stats.events.filter((e) => e.event === 'error');
        assert.deepEqual(wsErrors, [], 'server sent {"event":"error"} frames');
        for (const ch of ['tickers', 'trades', 'books']) {
            assert.ok(stats.events.some((e) => e.event === 'subscribe' && e.arg?.channel === ch && e.arg?.instId === market.id),
                `no {"event":"subscribe","arg":{"channel":"${ch}","instId":"${market.id}"}} ack received`);
        }

        // tickers
        assert.ok(stats.tickers > 0, 'no ticker arrived');
        assert.equal(stats.lastTicker.symbol, SYMBOL);
        assert.ok(isPositiveNumber(stats.lastTicker.last), `ticker last price must be a positive number, got ${stats.lastTicker.last}`);
        if (stats.lastTicker.bid !== undefined && stats.lastTicker.ask !== undefined) {
            assert.ok(stats.lastTicker.bid <= stats.lastTicker.ask, `ticker bid ${stats.lastTicker.bid} > ask ${stats.lastTicker.ask}`);
        }

        // trades
        assert.ok(stats.tradeBatches > 0 && trades.length > 0, 'no trade arrived');
        for (const tr of trades) {
            assert.equal(tr.symbol, SYMBOL, `trade symbol ${tr.symbol}`);
            assert.ok(isPositiveNumber(tr.price), `trade ${tr.id} price ${tr.price}`);
            assert.ok(isPositiveNumber(tr.amount), `trade ${tr.id} amount ${tr.amount}`);
            assert.ok(tr.side === 'buy' || tr.side === 'sell', `trade ${tr.id} side ${tr.side}`);
            assert.ok(isPositiveNumber(tr.timestamp), `trade ${tr.id} timestamp ${tr.timestamp}`);
        }

        // order book
        assert.ok(stats.firstBookFrame, 'no books frame arrived');
        assert.equal(stats.firstBookFrame.action, 'snapshot', 'first books frame must be action "snapshot"');
        assert.equal(stats.firstBookFrame.prevSeqId, -1, 'snapshot must carry prevSeqId -1');
        assert.ok(stats.bookSnapshots >= 1, 'no snapshot processed');
        assert.deepEqual(stats.bookChainBreaks, [], 'prevSeqId of an update did not equal the previous seqId');
        assert.ok(stats.bookMessages >= MIN_BOOK_UPDATES, `only ${stats.bookMessages} book frames processed, want >= ${MIN_BOOK_UPDATES}`);
        assert.ok(stats.bookUpdates >= Math.min(MIN_BOOK_UPDATES, 2), `watchOrderBook resolved only ${stats.bookUpdates} times`);
        assert.deepEqual(stats.bookViolations, [], 'order book invariants violated');
        assert.ok(Number.isInteger(stats.firstNonce) && Number.isInteger(stats.lastNonce), `nonce must be an integer seqId (${stats.firstNonce}, ${stats.lastNonce})`);
        assert.ok(stats.lastNonce > stats.firstNonce, `order book nonce did not advance (${stats.firstNonce} -> ${stats.lastNonce})`);

        // heartbeat: every text "ping" ccxt sent must have been answered with text "pong"
        assert.equal(stats.pongsReceived, stats.pingsSent, `"ping" sent ${stats.pingsSent}, "pong" received ${stats.pongsReceived}`);
    } finally {
        stop = true;
        await closeExchange();
    }
});

// first n levels as plain arrays (ccxt's OrderBookSide is an Array subclass; avoid species-based slice)
function top(side, n) {
    const out = [];
    for (let i = 0; i < Math.min(n, side.length); i++) out.push(`${side[i][0]} x ${side[i][1]}`);
    return out;
}

// returns a description of the first violated invariant, or undefined
function checkBook(ob) {
    const { bids, asks } = ob;
    if (bids.length === 0 || asks.length === 0) return `empty side (bids ${bids.length}, asks ${asks.length})`;
    for (let i = 0; i < bids.length; i++) {
        const [p, s] = bids[i];
        if (!isPositiveNumber(p) || !isPositiveNumber(s)) return `bad bid level ${JSON.stringify(bids[i])}`;
        if (i > 0 && !(bids[i - 1][0] > p)) return `bids not strictly descending at ${i}: ${bids[i - 1][0]} then ${p}`;
    }
    for (let i = 0; i < asks.length; i++) {
        const [p, s] = asks[i];
        if (!isPositiveNumber(p) || !isPositiveNumber(s)) return `bad ask level ${JSON.stringify(asks[i])}`;
        if (i > 0 && !(asks[i - 1][0] < p)) return `asks not strictly ascending at ${i}: ${asks[i - 1][0]} then ${p}`;
    }
    if (!(bids[0][0] < asks[0][0])) return `crossed book: best bid ${bids[0][0]} >= best ask ${asks[0][0]}`;
    return undefined;
}
