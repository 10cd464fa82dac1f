// The embed loader with several widgets on one page: a map and a ballot both run, from one
// module downloaded once, each in its own instance (what one does leaves the other alone);
// an element naming no widget gets the "could not load" message and the others still run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root, startServer, launchBrowser, waitForWidget } from './harness.mjs';

test('a map and a ballot on one page share one download and run side by side', async () => {
  const site = mkdtempSync(path.join(tmpdir(), 'quartier-embed-site-'));
  cpSync(path.join(root, 'site'), site, { recursive: true });
  writeFileSync(path.join(site, 'deux.html'), `<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Carte et vote</title><script src="embed.js" defer data-tenant="toulouse"></script></head><body>
<div id="map" data-quartier="map" style="height:520px"></div>
<div id="nope" data-quartier="sondage" style="height:200px"></div>
<div id="ballot" data-quartier="ballot" data-process="bp2022" style="height:520px"></div></body></html>`);
  const server = await startServer({ demo: true, site });
  let browser;
  try {
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const downloads = [];
    page.on('request', (r) => { if (r.url().includes('/widgets/')) downloads.push(new URL(r.url()).pathname); });
    await page.goto(server.url + '/deux.html');
    await waitForWidget(page, "state.load === 'ready'", 0, 60000);
    await waitForWidget(page, "state.load === 'ready'", 1, 60000);
    const names = await page.evaluate(() => window.quartier.widgets.map((w) => w.name).sort());
    assert.deepEqual(names, ['ballot', 'map']);
    // The module under its content-hashed names (scripts/web-assets.cjs), each fetched once.
    assert.equal(downloads.length, 2, JSON.stringify(downloads));
    // Residents' module only: the staff's (console, moderation) is never fetched here.
    assert.ok(downloads.some((d) => /^\/widgets\/quartier-widgets\.[0-9a-f]{12}\.js$/.test(d)), JSON.stringify(downloads));
    assert.ok(downloads.some((d) => /^\/widgets\/quartier-widgets\.[0-9a-f]{12}\.wasm$/.test(d)), JSON.stringify(downloads));

    // Each widget keeps its own state: choosing a project on the ballot does not touch the map.
    const i = await page.evaluate(() => window.quartier.widgets.findIndex((w) => w.name === 'ballot'));
    const m = 1 - i;
    const mapBefore = await page.evaluate((k) => window.quartier.widgets[k].state().total, m);
    const first = (await page.evaluate((k) => window.quartier.widgets[k].state(), i)).projects[0];
    await page.evaluate(([k, id]) => window.quartier.widgets[k].mirror.command('toggle-' + id), [i, first.id]);
    const ballot = await page.evaluate((k) => window.quartier.widgets[k].state(), i);
    assert.equal(ballot.projects.find((p) => p.id === first.id).chosen, true);
    assert.equal(await page.evaluate((k) => window.quartier.widgets[k].state().total, m), mapBefore);
    // Drawing on demand (issue 15): left alone, each widget draws at most about one frame a
    // second; moving the pointer over one brings its frames back at once, not the other's.
    const frameCounts = () => page.evaluate(() => window.quartier.widgets.map((w) => w.frames().count));
    await page.mouse.move(1, 1);
    await page.waitForTimeout(1500); // the moment of frames after the last input ends
    const idleStart = await frameCounts();
    await page.waitForTimeout(4000);
    const idleEnd = await frameCounts();
    for (const k of [0, 1])
      assert.ok(idleEnd[k] - idleStart[k] <= 6, `idle widget ${k} drew ${idleEnd[k] - idleStart[k]} frames in 4 s`);
    const box = await page.locator('#map canvas').boundingBox();
    const before = await frameCounts();
    for (let step = 0; step < 10; ++step) {
      await page.mouse.move(box.x + 100 + step * 20, box.y + 200);
      await page.waitForTimeout(30);
    }
    await page.waitForTimeout(200);
    const after = await frameCounts();
    assert.ok(after[m] - before[m] >= 5, `the map drew ${after[m] - before[m]} frames while the pointer moved`);

    await page.waitForSelector('#nope .quartier-problem');
    assert.match(await page.textContent('#nope .quartier-problem'), /n’a pas pu se charger/);
  } finally {
    if (browser) await browser.close();
    await server.stop();
    rmSync(site, { recursive: true, force: true });
  }
});

// Bytes once (issue 15): the module comes precompressed with year-long caching, the loader
// with a validator; a repeat visit fetches no asset again (cache or 304).
test('assets come compressed with caching headers, and a repeat visit downloads none again', async () => {
  const server = await startServer({ demo: true });
  let browser;
  try {
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    const seen = new Map(); // requestId -> { path, status, headers, cached, bytes }
    cdp.on('Network.responseReceived', (e) => {
      const u = new URL(e.response.url);
      if (u.pathname !== '/embed.js' && !u.pathname.startsWith('/widgets/')) return;
      const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
      seen.set(e.requestId, { path: u.pathname, status: e.response.status, headers: h,
        cached: e.response.fromDiskCache || e.response.fromPrefetchCache || false, bytes: 0 });
    });
    const fromCache = new Set(); // said before or after the response, depending on the cache
    cdp.on('Network.requestServedFromCache', (e) => fromCache.add(e.requestId));
    cdp.on('Network.loadingFinished', (e) => { if (seen.has(e.requestId)) seen.get(e.requestId).bytes = e.encodedDataLength; });

    await page.goto(server.url + '/vote.html');
    await waitForWidget(page, "state.load === 'ready'", 0, 60000);
    const first = [...seen.values()];
    const wasm = first.find((r) => r.path.endsWith('.wasm'));
    assert.ok(wasm, JSON.stringify(first.map((r) => r.path)));
    // Chromium offers brotli over HTTPS only: on this loopback HTTP server, gzip.
    assert.match(wasm.headers['content-encoding'] || '', /^(br|gzip)$/);
    assert.equal(wasm.headers['cache-control'], 'public, max-age=31536000, immutable');
    const glue = first.find((r) => /quartier-widgets\.[0-9a-f]{12}\.js$/.test(r.path));
    assert.match(glue.headers['content-encoding'] || '', /^(br|gzip)$/);
    const embed = first.find((r) => r.path === '/embed.js');
    assert.match(embed.headers.etag || '', /^"[0-9a-f]+(-br|-gz)?"$/);
    assert.equal(embed.headers['cache-control'], 'no-cache');
    const firstBytes = first.reduce((n, r) => n + r.bytes, 0);
    assert.ok(firstBytes < 450 * 1024, `first visit: ${firstBytes} bytes of assets`);

    seen.clear();
    await page.goto(server.url + '/vote.html');
    await waitForWidget(page, "state.load === 'ready'", 0, 60000);
    const again = [...seen.entries()].map(([id, r]) => ({ ...r, cached: r.cached || fromCache.has(id) }));
    for (const r of again)
      assert.ok(r.cached || r.status === 304, `${r.path} fetched again: ${r.status}, ${r.bytes} bytes`);
    const againBytes = again.reduce((n, r) => n + (r.cached ? 0 : r.bytes), 0);
    assert.ok(againBytes < 10 * 1024, `repeat visit: ${againBytes} bytes of assets`);
  } finally {
    if (browser) await browser.close();
    await server.stop();
  }
});
