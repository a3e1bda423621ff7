// Serves the built bench pages on loopback and loads each in headless Chromium, interleaved, reporting
// the median time to the first complete frame: from navigation start (what a user waits for) and
// from the render call (React's own work).
import { createServer } from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), 'dist');
const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
const variants = ['ours', 'rjsf', 'plain'];
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

const server = createServer((req, res) => {
  const file = path.join(dist, path.normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)));
  if (!file.startsWith(dist) || !existsSync(file)) { res.writeHead(404).end(); return; }
  res.writeHead(200, { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
  res.end(readFileSync(file));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

// JavaScript a page loads before its first frame (entry plus preloaded chunks), gzipped.
function initialKb(name) {
  const html = readFileSync(path.join(dist, `${name}.html`), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\.\/([^"]+\.js)"/g)].map((m) => m[1]);
  return files.reduce((sum, f) => sum + gzipSync(readFileSync(path.join(dist, f))).length, 0) / 1024;
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const results = Object.fromEntries(variants.map((v) => [v, { nav: [], render: [], commit: [] }]));
try {
  for (let round = 0; round < rounds + 1; round++) {
    const order = variants.map((_, i) => variants[(i + round) % variants.length]);
    for (const name of order) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(`${base}/${name}.html`);
      const mark = await (await page.waitForFunction(() => window.__bench, null, { timeout: 30_000 })).jsonValue();
      await context.close();
      if (mark.inputs < 200) throw new Error(`${name} showed ${mark.inputs} inputs, expected 200`);
      if (round === 0) continue; // warm-up round: disk and V8 caches
      results[name].nav.push(mark.frame);
      results[name].render.push(mark.frame - mark.renderStart);
      results[name].commit.push(mark.committed - mark.renderStart);
    }
  }
} finally {
  await browser.close();
  server.close();
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const row = (label, v) => `${label.padEnd(34)} ${median(results[v].nav).toFixed(1).padStart(8)} ms ${median(results[v].render).toFixed(1).padStart(10)} ms ${median(results[v].commit).toFixed(1).padStart(10)} ms ${initialKb(v).toFixed(0).padStart(8)} KB`;
console.log(`200-field form, first complete frame, median of ${rounds} loads each (headless Chromium)`);
console.log(`${''.padEnd(34)} ${'from nav'.padStart(11)} ${'from render'.padStart(13)} ${'of which React'.padStart(13)} ${'js gzip'.padStart(11)}`);
console.log(row('LowCode form renderer', 'ours'));
console.log(row('react-jsonschema-form (baseline)', 'rjsf'));
console.log(row('plain HTML inputs (floor)', 'plain'));
const ratio = (a, b, k) => (median(results[a][k]) / median(results[b][k])).toFixed(2);
console.log(`ours / rjsf:  ${ratio('ours', 'rjsf', 'nav')} from nav, ${ratio('ours', 'rjsf', 'render')} from render (target <= 1)`);
console.log(`ours / plain: ${ratio('ours', 'plain', 'nav')} from nav, ${ratio('ours', 'plain', 'render')} from render (target <= 2)`);
