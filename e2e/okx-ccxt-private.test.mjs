// End-to-end test: the unmodified ccxt pro OKX client logs in to Sluice's OKX emulation with the okx preset's demo
// account and watches its simulated orders (watchOrders) and balance (watchBalance).
//
// Run (Sluice already listening with the okx preset): cd e2e && SLUICE_OKX_PORT=8443 npm run test:okx-private
//
// Environment:
//   SLUICE_OKX_PORT        (required) port of Sluice's OKX service (REST + WS)
//   SLUICE_OKX_HOST        host, default 127.0.0.1
//   SLUICE_E2E_SECONDS     how long both watchers run, default 25 (orders: one every 5 s)
//   SLUICE_OKX_API_KEY / SLUICE_OKX_SECRET / SLUICE_OKX_PASSPHRASE   default: the preset's demo account
import { test } from 'node:test';
import assert from 'node:assert/strict';
import ccxt from 'ccxt';

const env = process.env;
const HOST = env.SLUICE_OKX_HOST || '127.0.0.1';
const PORT = env.SLUICE_OKX_PORT;
const SECONDS = Number(env.SLUICE_E2E_SECONDS || 25);
const HARD_TIMEOUT_MS = (SECONDS + 60) * 1000;

setTimeout(() => {
    console.error(`e2e: hard timeout of ${HARD_TIMEOUT_MS + 15000} ms exceeded, forcing exit`);
    process.exit(2);
}, HARD_TIMEOUT_MS + 15000).unref();

test('ccxt.pro.okx logs in and watches orders and balance from Sluice', { timeout: HARD_TIMEOUT_MS }, async () => {
    assert.ok(PORT, 'SLUICE_OKX_PORT must be set to the port Sluice serves the OKX v5 API on');
    const ex = new ccxt.pro.okx({
        // the only changes versus the real OKX: where the URLs point, and the (demo) credentials
        urls: { api: { rest: `http://${HOST}:${PORT}`, ws: `ws://${HOST}:${PORT}/ws/v5` } },
        apiKey: env.SLUICE_OKX_API_KEY || 'okx-demo-key',
        secret: env.SLUICE_OKX_SECRET || 'okx-demo-secret',
        password: env.SLUICE_OKX_PASSPHRASE || 'okx-demo-passphrase',
        timeout: 10000,
        options: { fetchMarkets: { types: ['spot'] } },
    });
    const events = [];
    const origHandleMessage = ex.handleMessage;
    ex.handleMessage = function (client, message) {
        if (message !== null && typeof message === 'object' && message.event !== undefined) {
            events.push(`${message.event}${message.code ? ':' + message.code : ''}${message.channel ? ' ' + message.channel : ''}`);
        }
        return origHandleMessage.call(this, client, message);
    };
    const orders = new Map(); // id -> last status seen
    const balances = [];
    const errors = [];
    let stop = false;
    try {
        await ex.loadHttpProxyAgent();
        await ex.loadMarkets();
        const deadline = Date.now() + SECONDS * 1000;
        const loop = async (name, watch, onResult) => {
            while (!stop && Date.now() < deadline) {
                try {
                    onResult(await watch());
                } catch (e) {
                    if (!stop) {
                        errors.push(`${name}: ${e?.constructor?.name} ${e?.message}`);
                        stop = true;
                    }
                    return;
                }
            }
        };
        await Promise.all([
            loop('watchOrders', () => ex.watchOrders(undefined, undefined, undefined, { type: 'spot' }), (list) => {
                for (const o of list) orders.set(o.id, `${o.symbol} ${o.side} ${o.status} filled=${o.filled}`);
            }),
            loop('watchBalance', () => ex.watchBalance(), (b) => balances.push(b)),
        ]);
        const last = balances[balances.length - 1];
        console.log('e2e private summary ' + JSON.stringify({
            seconds: SECONDS, events, orders: [...orders.values()], balanceUpdates: balances.length,
            lastBalance: last && { USDT: last.USDT, BTC: last.BTC }, errors,
        }, null, 2));

        assert.deepEqual(errors, [], 'ccxt threw while watching');
        assert.ok(events.includes('login:0'), `no successful login event in ${events}`);
        assert.ok(events.includes('channel-conn-count orders'), 'no channel-conn-count for orders');
        assert.ok(orders.size >= 2, `only ${orders.size} orders seen in ${SECONDS} s`);
        const statuses = [...orders.values()].map((s) => s.split(' ')[2]);
        assert.ok(statuses.includes('closed') || statuses.includes('canceled'), `no order completed: ${statuses}`);
        assert.ok(balances.length >= 2, `watchBalance resolved only ${balances.length} times`);
        assert.ok(last.USDT.total > 0 && last.BTC.total > 0, 'balances must carry USDT and BTC totals');
        assert.ok(last.USDT.free <= last.USDT.total, 'free USDT must not exceed the total');
    } finally {
        stop = true;
        try { await ex.close(); } catch (e) { /* best effort */ }
    }
});
