// End-to-end test: the okx-api package's WebsocketClient (unmodified, default ping every 10 s and 2 s pong timeout)
// against Sluice's OKX emulation: public tickers and books5 on /ws/v5/public, and after its automatic login the
// demo account's orders and account channels on /ws/v5/private. It must receive data and never reconnect.
//
// Run (Sluice already listening with the okx preset): cd e2e && SLUICE_OKX_PORT=8443 npm run test:okx-api
//
// Environment:
//   SLUICE_OKX_PORT        (required) port of Sluice's OKX service
//   SLUICE_OKX_HOST        host, default 127.0.0.1
//   SLUICE_E2E_SECONDS     how long to stay connected, default 60
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebsocketClient } from 'okx-api';

const env = process.env;
const HOST = env.SLUICE_OKX_HOST || '127.0.0.1';
const PORT = env.SLUICE_OKX_PORT;
const SECONDS = Number(env.SLUICE_E2E_SECONDS || 60);
const HARD_TIMEOUT_MS = (SECONDS + 60) * 1000;

setTimeout(() => {
    console.error(`e2e: hard timeout of ${HARD_TIMEOUT_MS + 15000} ms exceeded, forcing exit`);
    process.exit(2);
}, HARD_TIMEOUT_MS + 15000).unref();

const quiet = { trace: () => {}, info: () => {}, error: (...a) => console.error(...a) };

function watch(client, name, stats) {
    client.on('update', (e) => {
        const ch = e?.arg?.channel;
        if (ch) stats.updates[ch] = (stats.updates[ch] || 0) + 1;
    });
    client.on('response', (e) => stats.responses.push(`${name} ${e.event}${e.code ? ':' + e.code : ''}${e.arg ? ' ' + e.arg.channel : ''}`));
    client.on('authenticated', () => stats.authenticated.push(name));
    client.on('reconnect', (e) => stats.reconnects.push(`${name} reconnect ${e.wsKey}`));
    client.on('reconnected', (e) => stats.reconnects.push(`${name} reconnected ${e.wsKey}`));
    client.on('exception', (e) => stats.exceptions.push(`${name} ${JSON.stringify(e).slice(0, 300)}`));
}

test(`okx-api WebsocketClient stays connected to Sluice for ${SECONDS} s`, { timeout: HARD_TIMEOUT_MS }, async () => {
    assert.ok(PORT, 'SLUICE_OKX_PORT must be set to the port Sluice serves the OKX v5 API on');
    const stats = { updates: {}, responses: [], authenticated: [], reconnects: [], exceptions: [] };
    // wsUrl is okx-api's one URL override and applies to every connection of a client: one client per endpoint.
    const publicWs = new WebsocketClient({ wsUrl: `ws://${HOST}:${PORT}/ws/v5/public` }, quiet);
    const privateWs = new WebsocketClient({
        wsUrl: `ws://${HOST}:${PORT}/ws/v5/private`,
        accounts: [{ apiKey: 'okx-demo-key', apiSecret: 'okx-demo-secret', apiPass: 'okx-demo-passphrase' }],
    }, quiet);
    watch(publicWs, 'public', stats);
    watch(privateWs, 'private', stats);
    try {
        publicWs.subscribe([{ channel: 'tickers', instId: 'BTC-USDT' }, { channel: 'books5', instId: 'ETH-USDT' }]);
        // 3 new connections a second per IP: give the public connection a head start.
        await new Promise((r) => setTimeout(r, 1500));
        privateWs.subscribe([{ channel: 'orders', instType: 'ANY' }, { channel: 'account' }]);
        await new Promise((r) => setTimeout(r, SECONDS * 1000));
        console.log('e2e okx-api summary ' + JSON.stringify({ seconds: SECONDS, ...stats }, null, 2));

        assert.deepEqual(stats.reconnects, [], 'okx-api reconnected (missed pong within 2 s, or the server closed)');
        assert.deepEqual(stats.exceptions, [], 'okx-api reported exceptions');
        assert.ok(stats.authenticated.includes('private'), 'the private client never logged in');
        for (const ch of ['tickers', 'books5', 'orders', 'account']) {
            assert.ok((stats.updates[ch] || 0) > 0, `no ${ch} data received: ${JSON.stringify(stats.updates)}`);
        }
        assert.ok(stats.updates.orders >= Math.floor(SECONDS / 5), `only ${stats.updates.orders} order pushes`);
    } finally {
        publicWs.closeAll(true);
        privateWs.closeAll(true);
    }
});
