// End-to-end test: a plain WebSocket client (npm `ws`) speaks sFOX's documented messages to Sluice's sfox preset:
// authenticate with the demo API key, subscribe to several feeds in one request (market data and the account's
// private feeds), and receive each of them. The demo account's first simulated order comes 5 s after start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';

const port = process.env.SLUICE_SFOX_PORT;
const feeds = ['ticker.sfox.btcusd', 'trades.sfox.btcusd', 'orderbook.net.btcusd', 'orderbook.sfox.ethusd',
  'private.user.balances', 'private.user.open-orders'];

test('authenticates, subscribes to several feeds in one request and receives them', async () => {
  assert.ok(port, 'SLUICE_SFOX_PORT is set');
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
  const seen = new Set();
  let lastSequence = 0;
  let subscribedAck = null;
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out; seen ${[...seen]}`)), 30000);
    ws.on('error', reject);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'authenticate', apiKey: 'sfox-demo-key' })));
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString());
      // sFOX: "If you detect any gaps or incorrect ordering you should reconnect".
      assert.equal(message.sequence, lastSequence + 1, `no gap: ${message.sequence} after ${lastSequence}`);
      lastSequence = message.sequence;
      if (message.type === 'success' && message.payload.action === 'authenticate') {
        ws.send(JSON.stringify({ type: 'subscribe', feeds }));
      } else if (message.type === 'success' && message.payload.action === 'subscribe') {
        subscribedAck = message;
      } else if (message.type === 'error') {
        reject(new Error(`error: ${data}`));
      } else if (message.recipient) {
        assert.equal(String(message.timestamp).length, 19, 'nanosecond timestamp');
        if (message.recipient === 'private.user.open-orders') {
          assert.match(message.payload.status, /^(Started|Filled|Canceled)$/);
        }
        seen.add(message.recipient);
        if (feeds.every((feed) => seen.has(feed))) {
          clearTimeout(timer);
          resolve();
        }
      }
    });
  });
  ws.close();
  assert.deepEqual(subscribedAck.payload.feeds, feeds);
});
