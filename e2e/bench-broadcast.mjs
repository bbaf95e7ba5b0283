// Baseline B2 of `sluice bench`: a broadcast server on the npm `ws` package, as a Node developer would write one.
// It speaks the same protocol as the Java bench servers (dev.sluice.bench.BenchServer), one line each way:
//   <- READY b2=PORT        once listening on 127.0.0.1
//   -> GO RATExMS,...       publish those steps; <- DONE n0 n1 ... (published per channel) when over
//   -> MEM                  <- MEM heapBytes externalBytes, after a full GC (run node with --expose-gc)
//   -> QUIT                 exit
// Usage: node --expose-gc bench-broadcast.mjs CHANNELS
// Each message is the OKX trades push of dev.sluice.bench.BenchMessages, built once into a Buffer and sent to
// every subscriber of its channel; the schedule is open-loop (stamped with the scheduled send time).
import { WebSocketServer } from 'ws';
import readline from 'node:readline';

const channels = Number(process.argv[2] ?? 1);
const subscribers = Array.from({ length: channels }, () => new Set());
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/ws/v5/public', perMessageDeflate: false });
const epochNanos = () => BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000)) * 1000n;

wss.on('connection', (ws) => {
  ws.on('close', () => subscribers.forEach((set) => set.delete(ws)));
  ws.on('message', (data) => {
    const text = data.toString();
    if (!text.includes('"subscribe"')) return;
    for (const m of text.matchAll(/"instId":"BENCH(\d+)-USDT"/g)) {
      const c = Number(m[1]);
      if (c >= channels) continue;
      subscribers[c].add(ws);
      ws.send(`{"event":"subscribe","arg":{"channel":"trades","instId":"BENCH${c}-USDT"}}`);
    }
  });
});

function trade(c, seq, stamp, step) {
  const inst = `BENCH${c}-USDT`;
  return `{"arg":{"channel":"trades","instId":"${inst}"},"data":[{"instId":"${inst}","tradeId":"${stamp}",`
    + `"px":"1000","sz":"1","side":"buy","ts":"${stamp / 1000000n}","count":"${step}","source":"0",`
    + `"seqId":${seq}}]}`;
}

function run(stepsText) {
  const steps = stepsText.split(',').map((s) => s.split('x').map(Number));
  const seq = new Array(channels).fill(0);
  let step = 0;
  let index = 0;
  let stepStart = epochNanos();
  const tick = () => {
    const now = epochNanos();
    while (step < steps.length) {
      const [rate, ms] = steps[step];
      const interval = 1e9 / (rate * channels);
      const total = Math.floor((ms / 1000) * rate * channels);
      while (index < total) {
        const due = stepStart + BigInt(Math.floor(index * interval));
        if (due > now) return setTimeout(tick, 1);
        const c = index % channels;
        const buf = Buffer.from(trade(c, ++seq[c], due, step));
        for (const ws of subscribers[c]) ws.send(buf, { binary: false });
        index++;
      }
      if (stepStart + BigInt(ms) * 1000000n > now) return setTimeout(tick, 1);
      stepStart += BigInt(ms) * 1000000n;
      step++;
      index = 0;
    }
    console.log(`DONE ${seq.join(' ')}`);
  };
  tick();
}

wss.on('listening', () => console.log(`READY b2=${wss.address().port}`));
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.startsWith('GO ')) run(line.slice(3));
  else if (line === 'MEM') {
    global.gc?.();
    global.gc?.();
    const m = process.memoryUsage();
    console.log(`MEM ${m.heapUsed} ${m.external}`);
  } else if (line === 'QUIT') process.exit(0);
}).on('close', () => process.exit(0));
