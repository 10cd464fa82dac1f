// The map's optional raster tiles end to end: a tile server of our own on loopback (node),
// the demo map page given data-tiles, chromium. Only the tiles of the current zoom that the
// map shows are asked for; without data-tiles no tile and nothing outside the Quartier
// server is ever requested.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import zlib from 'node:zlib';
import { withServerAndBrowser, waitForWidget, widgetState, artifactPath } from './harness.mjs';

// A 256 × 256 PNG of one colour (a tile), built by hand: signature, IHDR, IDAT, IEND.
function crc32(buf) {
  let c, crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function tilePng(r, g, b) {
  const size = 256;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 2; // 8 bits, RGB
  const row = Buffer.alloc(1 + size * 3);
  for (let x = 0; x < size; x++) {
    const edge = x < 2 ? 40 : 0; // a darker left edge shows the tile grid
    row[1 + x * 3] = r - edge; row[2 + x * 3] = g - edge; row[3 + x * 3] = b - edge;
  }
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

async function startTileServer() {
  const png = tilePng(200, 225, 200);
  const asked = [];
  const server = http.createServer((req, res) => {
    const m = req.url.match(/^\/tiles\/(\d+)\/(\d+)\/(\d+)\.png$/);
    if (!m) { res.writeHead(404); res.end(); return; }
    asked.push({ z: +m[1], x: +m[2], y: +m[3] });
    res.writeHead(200, { 'Content-Type': 'image/png', 'Access-Control-Allow-Origin': '*' });
    res.end(png);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, asked, close: () => new Promise((r) => server.close(r)) };
}

// The tiles (z, x, y) a w × h CSS px area centred on (lat, lon) at zoom touches, plus margin px.
function tilesAround(view, w, h, margin) {
  const z = Math.round(view.zoom);
  const n = 2 ** z;
  const world = 256 * 2 ** view.zoom; // CSS px
  const cx = (view.lon + 180) / 360;
  const s = Math.sin((view.lat * Math.PI) / 180);
  const cy = 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
  const x0 = Math.floor((cx - (w / 2 + margin) / world) * n), x1 = Math.floor((cx + (w / 2 + margin) / world) * n);
  const y0 = Math.floor((cy - (h / 2 + margin) / world) * n), y1 = Math.floor((cy + (h / 2 + margin) / world) * n);
  return { z, x0, x1, y0, y1, centre: { x: Math.floor(cx * n), y: Math.floor(cy * n) } };
}

test('tiles from the municipality\'s server: only those the map shows, at its zoom, drawn under the districts', async () => {
  const tiles = await startTileServer();
  try {
    await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      // The demo page, as a commune with its own tile server would write it: the attributes
      // are set once the page is parsed, before embed.js (deferred) mounts the map.
      await page.addInitScript(([template, credit]) => {
        document.addEventListener('readystatechange', () => {
          if (document.readyState !== 'interactive') return;
          const el = document.querySelector('[data-quartier="map"]');
          el.dataset.tiles = template;
          el.dataset.tilesAttribution = credit;
        });
      }, [`${tiles.url}/tiles/{z}/{x}/{y}.png`, '© Tuiles de la ville (test)']);
      await page.goto(server.url + '/carte.html');
      await waitForWidget(page, "state.load === 'ready' && state.tiles.enabled && state.tiles.loaded > 0");
      await page.waitForTimeout(800); // the frames after the last move
      const state = await widgetState(page);
      const canvas = await page.evaluate(() => {
        const r = window.quartier.widgets[0].element.querySelector('canvas').getBoundingClientRect();
        return { w: r.width, h: r.height };
      });
      const box = tilesAround(state.view, canvas.w, canvas.h, 64);
      const now = tiles.asked.filter((t) => t.z === box.z);
      assert.ok(now.length > 0, 'tiles were asked at the current zoom');
      assert.ok(now.some((t) => t.x === box.centre.x && t.y === box.centre.y), 'the centre tile first of all');
      for (const t of now) {
        assert.ok(t.x >= box.x0 && t.x <= box.x1 && t.y >= box.y0 && t.y <= box.y1,
          `tile ${t.z}/${t.x}/${t.y} is in view (${JSON.stringify(box)})`);
      }
      const unique = new Set(now.map((t) => `${t.x}/${t.y}`));
      assert.equal(unique.size, now.length, 'no tile asked twice');
      assert.equal(state.tiles.loaded, state.tiles.cached, 'every tile asked arrived and became a texture');
      await page.evaluate(() => window.quartier.widgets[0].element.scrollIntoView({ block: 'start' }));
      await page.waitForTimeout(300);
      await page.screenshot({ path: artifactPath('map-tiles-desktop.png') });
      assert.deepEqual(errors, []);
    });
  } finally {
    await tiles.close();
  }
});

test('without data-tiles the map asks nothing of anyone but the Quartier server', async () => {
  await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(() => {
      document.addEventListener('readystatechange', () => {
        if (document.readyState !== 'interactive') return;
        delete document.querySelector('[data-quartier="map"]').dataset.tiles; // the demo page has some
      });
    });
    const elsewhere = [];
    page.on('request', (r) => { if (!r.url().startsWith(server.url + '/') && !r.url().startsWith('data:')) elsewhere.push(r.url()); });
    await page.goto(server.url + '/carte.html');
    const state = await waitForWidget(page, "state.load === 'ready' && state.total > 0");
    assert.equal(state.tiles.enabled, false);
    // Move and zoom about: still nothing goes out.
    await page.mouse.move(640, 500);
    await page.mouse.wheel(0, -300);
    await page.waitForTimeout(500);
    assert.equal((await widgetState(page)).tiles.cached, 0);
    assert.deepEqual(elsewhere, []);
  });
});

// A base map without a third party (issue 15): the demo page's tiles come from an MBTiles file
// the Quartier server reads itself (--tiles; tiles/demo.mbtiles is drawn by the build).
test('the demo map draws its base map from the server\'s own MBTiles file, asking no one else', async () => {
  await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const elsewhere = [], tiles = [];
    page.on('request', (r) => { if (!r.url().startsWith(server.url + '/') && !r.url().startsWith('data:')) elsewhere.push(r.url()); });
    page.on('response', (r) => {
      if (new URL(r.url()).pathname.startsWith('/tiles/demo/'))
        tiles.push({ path: new URL(r.url()).pathname, status: r.status(), type: r.headers()['content-type'] });
    });
    await page.goto(server.url + '/carte.html');
    const state = await waitForWidget(page, "state.load === 'ready' && state.tiles.enabled && state.tiles.loaded > 0", 0, 60000);
    assert.ok(tiles.length > 0, 'tiles were asked of the Quartier server');
    assert.ok(tiles.every((t) => t.status === 200 && t.type === 'image/png'), JSON.stringify(tiles.filter((t) => t.status !== 200)));
    assert.equal(state.tiles.loaded, state.tiles.cached, 'every tile asked arrived and became a texture');
    // The set's TileJSON names the credit the page shows.
    const info = await (await fetch(server.url + '/tiles/demo.json')).json();
    assert.match(info.attribution, /IGN Admin Express/);
    assert.deepEqual(info.tiles, ['/tiles/demo/{z}/{x}/{y}.png']);
    await page.evaluate(() => window.quartier.widgets[0].element.scrollIntoView({ block: 'start' }));
    await page.waitForTimeout(500);
    await page.screenshot({ path: artifactPath('map-mbtiles-desktop.png') });
    assert.deepEqual(elsewhere, []);
  });
});
