// End-to-end test: Hyperliquid's real clients, unmodified apart from their URLs, against Sluice's `hyperliquid`
// and `hfun` presets: @nktkas/hyperliquid (SubscriptionClient: l2Book, trades, allMids, orderUpdates, userFills;
// InfoClient over the WebSocket transport) and ccxt pro `hyperliquid` (markets over POST /info, then
// watchOrderBook, watchTrades, watchTicker).
//
// Environment (set by HyperliquidClientsIT):
//   SLUICE_HL_PORT          port of the hyperliquid preset (anonymous)
//   SLUICE_HFUN_PORT        port of the hfun preset
//   SLUICE_HFUN_SIGNED      query proving the demo seat (?ts=..&sig=..): single use, for one connection
//   SLUICE_HFUN_TELEGRAM    query with the demo Telegram Login data (reusable while fresh)
//   SLUICE_HL_USER          the simulated trader's address whose orders and fills stream
import { test } from 'node:test';
import assert from 'node:assert/strict';
import ccxt from 'ccxt';
import { InfoClient, SubscriptionClient, WebSocketTransport } from '@nktkas/hyperliquid';
import { WebSocket as WsWebSocket } from 'ws';

// @nktkas/hyperliquid uses the runtime's standard WebSocket (Node 22+); on Node 20 the `ws` package stands in.
if (!globalThis.WebSocket) {
    globalThis.WebSocket = WsWebSocket;
}

const env = process.env;
const HL_PORT = env.SLUICE_HL_PORT;
const HFUN_PORT = env.SLUICE_HFUN_PORT;
const USER = env.SLUICE_HL_USER;
const STALL_MS = 20_000;

setTimeout(() => {
    console.error('e2e: hard timeout of 150 s exceeded, forcing exit');
    process.exit(2);
}, 150_000).unref();

/** Resolves with the first `count` events of a subscription, or rejects after STALL_MS. */
function collect(count, what) {
    const events = [];
    let resolve;
    let reject;
    const done = new Promise((res, rej) => { resolve = res; reject = rej; });
    const timer = setTimeout(() => reject(new Error(`${what}: ${events.length} of ${count} events in ${STALL_MS} ms`)),
        STALL_MS);
    return {
        listener: (event) => {
            events.push(event);
            if (events.length === count) {
                clearTimeout(timer);
                resolve(events);
            }
        },
        done,
    };
}

async function nktkas(name, subscriptionUrl, infoUrl) {
    const subTransport = new WebSocketTransport({ url: subscriptionUrl, reconnect: { maxRetries: 0 } });
    const infoTransport = new WebSocketTransport({ url: infoUrl, reconnect: { maxRetries: 0 } });
    try {
        const subs = new SubscriptionClient({ transport: subTransport });
        const book = collect(2, `${name} l2Book`);
        const trades = collect(1, `${name} trades`);
        const mids = collect(1, `${name} allMids`);
        const orders = collect(1, `${name} orderUpdates`);
        const fills = collect(1, `${name} userFills`);
        await subs.l2Book({ coin: 'BTC' }, book.listener);
        await subs.trades({ coin: 'ETH' }, trades.listener);
        await subs.allMids(mids.listener);
        await subs.orderUpdates({ user: USER }, orders.listener);
        await subs.userFills({ user: USER }, fills.listener);

        const info = new InfoClient({ transport: infoTransport });
        const allMids = await info.allMids();
        assert.ok(Number(allMids.BTC) > 0, `${name} InfoClient allMids: ${JSON.stringify(allMids)}`);
        const l2 = await info.l2Book({ coin: 'SOL' });
        assert.equal(l2.coin, 'SOL');
        assert.equal(l2.levels[0].length, 20);
        const meta = await info.meta();
        assert.deepEqual(meta.universe.map((u) => u.name), ['BTC', 'ETH', 'SOL']);

        const [b1, b2] = await book.done;
        assert.equal(b1.coin, 'BTC');
        assert.ok(Number(b1.levels[0][0].px) < Number(b1.levels[1][0].px), `${name} bid below ask`);
        assert.ok(b2.time >= b1.time);
        assert.equal((await trades.done)[0][0].coin, 'ETH');
        assert.ok(Number((await mids.done)[0].mids.ETH) > 0);
        const [order] = await orders.done;
        assert.ok(order[0].order.oid > 0, `${name} orderUpdates: ${JSON.stringify(order)}`);
        const [snapshot] = await fills.done;
        assert.equal(snapshot.isSnapshot, true);
        assert.equal(snapshot.user, USER);
        console.log(`${name}: @nktkas/hyperliquid got l2Book, trades, allMids, orderUpdates, userFills and info`);
    } finally {
        await Promise.resolve(subTransport.close()).catch(() => {});
        await Promise.resolve(infoTransport.close()).catch(() => {});
    }
}

async function ccxtPro(name, port, wsUrl) {
    const ex = new ccxt.pro.hyperliquid({
        urls: { api: { public: `http://127.0.0.1:${port}`, private: `http://127.0.0.1:${port}`,
            ws: { public: wsUrl } } },
    });
    await ex.loadHttpProxyAgent();
    try {
        await ex.loadMarkets();
        const symbol = 'BTC/USDC:USDC';
        assert.ok(ex.markets[symbol], `${name}: ccxt markets ${Object.keys(ex.markets)}`);
        const book = await ex.watchOrderBook(symbol);
        assert.ok(book.bids.length > 0 && book.asks.length > 0, `${name}: ccxt book`);
        assert.ok(book.bids[0][0] < book.asks[0][0]);
        const trades = await ex.watchTrades(symbol);
        assert.ok(trades.length > 0 && trades[0].price > 0, `${name}: ccxt trades`);
        const ticker = await ex.watchTicker(symbol);
        assert.ok(ticker.last > 0 || ticker.close > 0, `${name}: ccxt ticker ${JSON.stringify(ticker)}`);
        console.log(`${name}: ccxt ${ccxt.version} hyperliquid got markets, the order book, trades and a ticker`);
    } finally {
        await ex.close();
    }
}

test('@nktkas/hyperliquid against the hyperliquid preset', { timeout: 60_000 }, async () => {
    const url = `ws://127.0.0.1:${HL_PORT}/ws`;
    await nktkas('hyperliquid', url, url);
});

test('@nktkas/hyperliquid against the hfun preset (seat signature, Telegram login)', { timeout: 60_000 }, async () => {
    await nktkas('hfun', `ws://127.0.0.1:${HFUN_PORT}/ws?${env.SLUICE_HFUN_SIGNED}`,
        `ws://127.0.0.1:${HFUN_PORT}/ws?${env.SLUICE_HFUN_TELEGRAM}`);
});

test('ccxt pro hyperliquid against the hyperliquid preset', { timeout: 60_000 }, async () => {
    await ccxtPro('hyperliquid', HL_PORT, `ws://127.0.0.1:${HL_PORT}/ws`);
});

test('ccxt pro hyperliquid against the hfun preset (Telegram login)', { timeout: 60_000 }, async () => {
    await ccxtPro('hfun', HFUN_PORT, `ws://127.0.0.1:${HFUN_PORT}/ws?${env.SLUICE_HFUN_TELEGRAM}`);
});
