// End-to-end test: a plain WebSocket client (npm `ws`) speaks 0xArchive's documented messages to Sluice's
// oxarchive preset: a multi-channel replay of generated Hyperliquid history (replay_started, replay_snapshot,
// historical_data in timestamp order, replay_completed) and a live order-book subscription.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';

const port = process.env.SLUICE_OX_PORT;
const start = Number(process.env.SLUICE_OX_START);
const end = Number(process.env.SLUICE_OX_END);
const key = '0xa_demo_enterprise';

function connect() {
  return new WebSocket(`ws://127.0.0.1:${port}/ws?apiKey=${key}`);
}

test('replays generated history in timestamp order across channels', async () => {
  assert.ok(port && start && end, 'SLUICE_OX_PORT, SLUICE_OX_START and SLUICE_OX_END are set');
  const ws = connect();
  const types = [];
  let lastTimestamp = 0;
  let data = 0;
  const channels = new Set();
  const completed = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${types.length} messages`)), 60000);
    ws.on('error', reject);
    ws.on('open', () => ws.send(JSON.stringify({
      op: 'replay', channels: ['trades', 'orderbook'], symbol: 'BTC', start, end, speed: 1000,
    })));
    ws.on('message', (raw) => {
      const message = JSON.parse(raw.toString());
      if (types[types.length - 1] !== message.type) {
        types.push(message.type);
      }
      if (message.type === 'error') {
        reject(new Error(`error: ${raw}`));
      } else if (message.type === 'historical_data') {
        assert.ok(message.timestamp >= lastTimestamp, `timestamps in order: ${message.timestamp} after ${lastTimestamp}`);
        assert.ok(message.timestamp >= start && message.timestamp <= end, 'inside the range');
        lastTimestamp = message.timestamp;
        channels.add(message.channel);
        data++;
      } else if (message.type === 'replay_completed') {
        clearTimeout(timer);
        resolve(message);
      }
    });
  });
  ws.close();
  assert.equal(types[0], 'replay_started');
  assert.equal(types[1], 'replay_snapshot');
  assert.ok(types.includes('historical_data'));
  assert.deepEqual([...channels].sort(), ['orderbook', 'trades']);
  assert.equal(completed.snapshots_sent, data);
  assert.ok(data > 1000, `an hour of BTC trades and books: ${data} messages`);
});

test('subscribes to a live order book and receives it', async () => {
  const ws = connect();
  const received = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), 30000);
    const messages = [];
    ws.on('error', reject);
    ws.on('open', () => {
      ws.send(JSON.stringify({ op: 'ping' }));
      ws.send(JSON.stringify({ op: 'subscribe', channel: 'orderbook', symbol: 'ETH' }));
    });
    ws.on('message', (raw) => {
      const message = JSON.parse(raw.toString());
      messages.push(message);
      if (message.type === 'data' && messages.filter((m) => m.type === 'data').length === 3) {
        clearTimeout(timer);
        resolve(messages);
      }
    });
  });
  ws.close();
  assert.deepEqual(received[0], { type: 'pong' });
  assert.deepEqual(received[1], { type: 'subscribed', channel: 'orderbook', coin: 'ETH', symbol: 'ETH' });
  const book = received[2];
  assert.equal(book.channel, 'orderbook');
  assert.equal(book.data.coin, 'ETH');
  assert.equal(book.data.levels.length, 2);
  assert.ok(Number(book.data.levels[0][0].px) < Number(book.data.levels[1][0].px), 'best bid below best ask');
});
