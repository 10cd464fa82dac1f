// The widgets in the browser: what they weigh, how fast they start, how much memory they take
// and how long their frames are, in headless Chromium (Debian's) against a real quartier-server.
// Numbers printed, never asserted. After ./scripts/build, from the repository's root:
//
//   (cd bench && npm install)               once: Leaflet for the map section
//   node bench/web_bench.mjs                 every section below
//   node bench/web_bench.mjs sizes load      some of them
//
//   sizes       the widgets' files, raw and gzip -9, and what a page with map + ballot downloads
//               (target: ≤ 350 KB gzip for map + ballot, font included: it is in the .wasm)
//   load        time to first frame and to data shown, and memory (PSS of all of Chromium's
//               processes, and the renderer's JS heap) for map + ballot, map alone, ballot alone
//   map         Quartier's map against Leaflet 1.9.4 + Leaflet.markercluster 1.5.3 (bench/leaflet/
//               map.html, built from bench/package.json: run `cd bench && npm install` once) on
//               the same 1 000, 10 000 and 100 000 proposals, written straight into the server's
//               database and fetched from the same server, side by side, medians of --runs:
//               load to rendered, city-zoom pan (main-thread CPU a frame, frames shown a second),
//               deep-zoom pan and wheel zoom, memory (Quartier: the wasm module's memory;
//               Leaflet: the JS heap used). Targets at 100k: load ≤ 1 s, city pan at least as
//               good as Leaflet's, memory ≤ 64 MB.
//   results     results widget on Łódź 2022 (160 projects, 90 494 ballots, imported through the
//               API): in-browser recount time (target < 2 s) and frame time (target ≤ 8 ms)
//   moderation  moderation console with a queue of 10 000 proposals (the server sends at most
//               500, so the queue's answer is made here); frame time (target ≤ 8 ms)
//   bytes       bytes on the wire (encoded, headers included) for the demo's map + ballot page:
//               first visit and repeat visit, assets and API answers apart (targets: ≤ 380 KB
//               first, ≤ 10 KB repeat)
//   idle        each demo page left alone after loading: frames the widgets draw a second and
//               the page thread's work a second, as the wall time of its tasks (Chromium's
//               TaskDuration, which a loaded machine stretches) and as CPU time (ThreadTime),
//               over 10 s (targets: ≤ 1 frame and < 20 ms a second)
//
// Frame CPU time is what the page's thread spends in one frame of a widget (events, the
// widget's drawing, ImGui's render, the WebGL calls), as widget.frames() reports it
// (widgets/app/web_host.cpp); the GPU's own work (SwiftShader here) is not in it, nor what
// the page's thread does between frames (the accessibility mirror's updates, four a second):
// frames a second, printed beside, show that (60 when nothing else holds the thread).
// Options: --runs N (load and map runs, median printed; default 3); --map-sizes 1000,100000; --site DIR and --widgets DIR serve
// another embed.js and other built widgets; --compare-site DIR --compare-widgets DIR add a
// second loader and build to the load section, run alternately with this one (e.g. one module
// per widget against one for all); QUARTIER_BUILD and QUARTIER_WEB_BUILD pick build trees. Prints the machine's load average with the numbers.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { root, startServer, launchBrowser, waitForWidget, clickControl } from '../tests/browser/harness.mjs';

const args = process.argv.slice(2);
function option(name, fallback) {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
}
const runs = Number(option('--runs', '3'));
const mapSizes = option('--map-sizes', '1000,10000,100000').split(',').map(Number);
const siteDir = path.resolve(option('--site', path.join(root, 'site')));
const widgetsDir = path.resolve(option('--widgets',
  path.join(process.env.QUARTIER_WEB_BUILD || path.join(root, 'build/web-release'), 'dist')));
const compareWidgets = option('--compare-widgets', null);
const compareSite = path.resolve(option('--compare-site', siteDir));
const sections = args.length ? args : ['sizes', 'bytes', 'idle', 'load', 'map', 'results', 'moderation'];

const kb = (n) => (n / 1024).toFixed(1) + ' KB';
const ms = (n) => (n === undefined || n === null ? '—' : n.toFixed(n < 10 ? 2 : 0) + ' ms');
const median = (v) => { const s = [...v].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
function stats(v) {
  if (!v.length) return 'no frames';
  const s = [...v].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  const rate = v.seconds ? `, ${(v.length / v.seconds).toFixed(0)} a second` : '';
  return `mean ${ms(mean)}  p50 ${ms(s[Math.floor(s.length / 2)])}  p95 ${ms(s[Math.floor(s.length * 0.95)])}  max ${ms(s[s.length - 1])}  (${s.length} frames${rate})`;
}
function load() { return loadavg().map((x) => x.toFixed(2)).join(' '); }

// A copy of the site with the bench's pages beside embed.js (they need its origin).
function benchSite(pages, from = siteDir) {
  const dir = mkdtempSync(path.join(tmpdir(), 'quartier-bench-site-'));
  cpSync(from, dir, { recursive: true });
  for (const [name, body] of Object.entries(pages)) {
    writeFileSync(path.join(dir, name), `<!doctype html><html lang="fr"><head><meta charset="utf-8">
<script src="embed.js" defer data-tenant="toulouse"></script>
<style>body{margin:0;font:16px sans-serif} [data-quartier]{width:1200px}</style></head><body>${body}</body></html>`);
  }
  return dir;
}

// Records, in the page, when each widget is ready and when its first frame is done (the
// widget's own frame runs in the same animation frame, before this one).
const probe = () => {
  window.__bench = { ready: {}, painted: {} };
  document.addEventListener('quartier:ready', (e) => {
    const name = e.detail.widget;
    window.__bench.ready[name] = performance.now();
    requestAnimationFrame(() => { window.__bench.painted[name] = performance.now(); });
  });
};

// Frame times of widget i over the next `seconds`, while `act` runs (or idle).
async function frameTimes(page, i, seconds, act) {
  const before = await page.evaluate((idx) => window.quartier.widgets[idx].frames().count, i);
  const started = Date.now();
  if (act) await act();
  const left = seconds * 1000 - (Date.now() - started);
  if (left > 0) await page.waitForTimeout(left);
  const f = await page.evaluate((idx) => window.quartier.widgets[idx].frames(), i);
  const n = Math.min(f.count - before, f.recent_ms.length);
  const out = f.recent_ms.slice(f.recent_ms.length - n);
  out.seconds = (Date.now() - started) / 1000; // frames a second tell of a page thread busy elsewhere
  return out;
}

// Every Chromium process this bench started (the servers excluded).
function chromiumPids() {
  const parent = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* gone */ }
  }
  const mine = new Set([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parent) if (!mine.has(pid) && mine.has(ppid)) { mine.add(pid); grew = true; }
  }
  return [...mine].filter((pid) => {
    try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('chrom'); } catch { return false; }
  });
}

// Proportional set size of Chromium's processes, in KB: all, the renderers, the GPU process.
function chromiumPss() {
  let total = 0, renderer = 0, gpu = 0;
  for (const pid of chromiumPids()) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const m = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').match(/^Pss:\s+(\d+)/m);
      const pss = m ? Number(m[1]) : 0;
      total += pss;
      if (cmd.includes('--type=renderer')) renderer += pss;
      if (cmd.includes('--type=gpu-process')) gpu += pss;
    } catch { /* gone */ }
  }
  return { total, renderer, gpu };
}

async function jsHeap(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  return metrics.find((m) => m.name === 'JSHeapUsedSize').value;
}

// [Sizes] ---------------------------------------------------------------------------------
function sizes() {
  console.log(`\n== sizes (${widgetsDir})`);
  // The plain names (the hashed copies are the same bytes); .br beside them when the build made it.
  const files = readdirSync(widgetsDir).filter((f) => /\.(js|wasm)$/.test(f) && !/\.[0-9a-f]{12}\./.test(f)).sort();
  const gz = {};
  const brOf = (file) => (existsSync(file + '.br') ? `${kb(statSync(file + '.br').size).padStart(10)} brotli` : '');
  for (const f of files) {
    const buf = readFileSync(path.join(widgetsDir, f));
    gz[f] = gzipSync(buf, { level: 9 }).length;
    console.log(`  ${f.padEnd(28)} ${kb(buf.length).padStart(10)} raw  ${kb(gz[f]).padStart(10)} gzip -9 ${brOf(path.join(widgetsDir, f))}`);
  }
  // The loader as served: the build's minified one when there is one, else the site's source.
  const embedFile = existsSync(path.join(widgetsDir, 'root', 'embed.js')) ? path.join(widgetsDir, 'root', 'embed.js') : path.join(siteDir, 'embed.js');
  const embed = gzipSync(readFileSync(embedFile), { level: 9 }).length;
  console.log(`  ${'embed.js'.padEnd(28)} ${kb(readFileSync(embedFile).length).padStart(10)} raw  ${kb(embed).padStart(10)} gzip -9 ${brOf(embedFile)}`);
  const shared = ['quartier-widgets.js', 'quartier-widgets.wasm'];
  const perWidget = ['quartier-map.js', 'quartier-map.wasm', 'quartier-ballot.js', 'quartier-ballot.wasm'];
  const page = shared.every((f) => f in gz) ? shared : perWidget.filter((f) => f in gz);
  const total = page.reduce((a, f) => a + gz[f], 0);
  console.log(`  a page with map + ballot downloads ${page.join(', ')}: ${kb(total)} gzip -9` +
    ` (+ embed.js ${kb(embed)}; target ≤ 350 KB)`);
}

// [Load] ----------------------------------------------------------------------------------
// Runs alternate between this build and the one given by --compare-site/--compare-widgets (if
// any), so that both see the same machine load. CPU is what Chromium's processes spent from
// launch until every widget showed its data, less what the page without widgets costs.
function chromiumCpuMs() {
  let ticks = 0;
  for (const pid of chromiumPids()) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]); // own and reaped children's
    } catch { /* gone */ }
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

async function loadBench() {
  console.log(`\n== load: cold start in a fresh browser, median of ${runs} runs (load average ${load()})`);
  const pages = {
    'bench-none.html': '<p>no widget</p>',
    'bench-map-ballot.html': '<div data-quartier="map" style="height:640px"></div>' +
      '<div data-quartier="ballot" data-process="bp2022" style="height:640px"></div>',
    'bench-map.html': '<div data-quartier="map" style="height:640px"></div>',
    'bench-ballot.html': '<div data-quartier="ballot" data-process="bp2022" style="height:640px"></div>',
  };
  const configs = [{ label: 'this build', site: benchSite(pages), widgets: widgetsDir }];
  if (compareWidgets) configs.push({ label: 'compared', site: benchSite(pages, compareSite), widgets: compareWidgets });
  try {
    for (const c of configs) c.server = await startServer({ demo: true, site: c.site, widgets: c.widgets });
    const scenarios = [['empty page', 'bench-none.html', 0], ['map + ballot', 'bench-map-ballot.html', 2],
      ['map alone', 'bench-map.html', 1], ['ballot alone', 'bench-ballot.html', 1]];
    const results = {};
    for (let r = 0; r < runs; r++) {
      for (const [label, file, count] of scenarios) {
        for (const c of configs) {
          const key = label + '|' + c.label;
          const out = (results[key] = results[key] || { first: [], data: [], pss: [], cpu: [], heap: [] });
          const browser = await launchBrowser();
          try {
            const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
            await page.addInitScript(probe);
            await page.goto(c.server.url + '/' + file);
            if (count > 0) {
              await page.waitForFunction((n) => Object.keys(window.__bench.painted).length === n, count,
                { timeout: 60000, polling: 'raf' });
              out.first.push(await page.evaluate(() => Math.max(...Object.values(window.__bench.painted))));
              await page.waitForFunction((n) => {
                const ws = window.quartier.widgets;
                if (ws.length < n || !ws.every((w) => w.state().load === 'ready')) return false;
                window.__bench.data = window.__bench.data || performance.now();
                return true;
              }, count, { timeout: 60000, polling: 'raf' });
              out.data.push(await page.evaluate(() => window.__bench.data));
            }
            out.cpu.push(chromiumCpuMs());
            await page.waitForTimeout(1500);
            out.pss.push(chromiumPss().total);
            out.heap.push(await jsHeap(page));
          } finally { await browser.close(); }
        }
      }
    }
    for (const c of configs) {
      const base = results['empty page|' + c.label];
      console.log(`  ${c.label} (${c.widgets}): page without widgets: Chromium PSS ${kb(median(base.pss) * 1024)}, CPU ${median(base.cpu)} ms`);
      for (const [label] of scenarios.slice(1)) {
        const o = results[label + '|' + c.label];
        console.log(`    ${label.padEnd(13)} first frame ${ms(median(o.first)).padStart(8)}  data shown ${ms(median(o.data)).padStart(8)}` +
          `  CPU +${median(o.cpu) - median(base.cpu)} ms  memory +${kb((median(o.pss) - median(base.pss)) * 1024)}` +
          ` (JS heap ${kb(median(o.heap))})`);
      }
    }
  } finally {
    for (const c of configs) {
      if (c.server) await c.server.stop();
      rmSync(c.site, { recursive: true, force: true });
    }
  }
}

// [Map] -----------------------------------------------------------------------------------
// A demo database with n published proposals around Toulouse, written with sqlite3 (the API
// would take minutes for 100 000).
async function demoDatabase(n) {
  const dir = mkdtempSync(path.join(tmpdir(), 'quartier-bench-db-'));
  const db = path.join(dir, 'bench.db');
  const first = await startServer({ demo: true, db });
  await first.stop();
  if (n > 0) {
    execFileSync('sqlite3', [db, `
      WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ${n})
      INSERT INTO proposals (tenant_id, title, description, category, latitude, longitude, estimated_cost, status)
      SELECT t.id, 'Proposition ' || i, 'Une idée pour le quartier', 'Cadre de vie',
             43.52 + ((i * 2654435761) % 100000) * 1.6e-6, 1.33 + ((i * 40503 + 7) % 100000) * 2.2e-6,
             1000 * (i % 50), 'published'
      FROM k, (SELECT id FROM tenants WHERE slug = 'toulouse') AS t;`]);
  }
  return { db, dir };
}

// What a page's main thread spent (CPU, ThreadTime) and the frames it showed while act runs:
// frames() counts the frames in which the map's picture changed (Quartier's widget draws only
// then; the Leaflet page counts the animation frames in which the map moved).
async function framesAndCpu(page, cdp, frames, act) {
  const cpu = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime').value;
  const f0 = await page.evaluate(frames), c0 = await cpu(), t0 = Date.now();
  await act();
  await page.waitForTimeout(100); // the last frame
  const f1 = await page.evaluate(frames), c1 = await cpu(), seconds = (Date.now() - t0) / 1000;
  const n = Math.max(1, f1 - f0);
  return { msFrame: ((c1 - c0) * 1000) / n, fps: (f1 - f0) / seconds, cpu: (c1 - c0) * 1000 };
}

async function drag(page, box, steps = 60) {
  await page.mouse.move(box.x, box.y);
  await page.mouse.down();
  for (let s = 0; s < steps; s++) await page.mouse.move(box.x + 150 * Math.sin(s / 6), box.y + 80 * Math.cos(s / 6));
  await page.mouse.up();
}

// The wasm module's memory, whatever its name: the bench keeps each instance's exports.
const keepWasmMemory = () => {
  window.__wasmMemories = [];
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = function (...a) {
    return instantiate.apply(this, a).then((out) => {
      const inst = out.instance || out;
      for (const v of Object.values(inst.exports || {})) if (v instanceof WebAssembly.Memory) window.__wasmMemories.push(v);
      return out;
    });
  };
};

// One run of one map (Quartier's widget or the Leaflet page): load to rendered, pan at city
// zoom (the view that fits every proposal, as both maps open), pan at deep zoom (17: a street)
// and wheel zoom from there (out four steps and in four), memory.
async function mapRun(engine, url) {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(keepWasmMemory);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const t0 = Date.now();
    await page.goto(url);
    let total, frames, toDeep;
    if (engine === 'quartier') {
      const state = await waitForWidget(page, "state.load === 'ready' || state.load === 'failed'", 0, 180000);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      total = state.total;
      frames = () => window.quartier.widgets[0].frames().count;
    } else {
      await page.waitForFunction(() => window.__leaflet && window.__leaflet.ready !== null, null, { timeout: 180000, polling: 50 });
      total = await page.evaluate(() => window.__leaflet.total);
      frames = () => window.__leaflet.frames;
    }
    const loaded = Date.now() - t0;
    await page.waitForTimeout(500);
    const box = await page.evaluate((q) => {
      const el = q ? window.quartier.widgets[0].element : document.getElementById('map');
      const r = el.getBoundingClientRect();
      return { x: r.left + r.width * 0.6, y: r.top + r.height / 2 };
    }, engine === 'quartier');
    const city = await framesAndCpu(page, cdp, frames, () => drag(page, box));
    // Deep zoom: a street around the middle of the view.
    if (engine === 'quartier') {
      await page.mouse.move(box.x, box.y);
      for (let s = 0; s < 40; s++) {
        const z = await page.evaluate(() => window.quartier.widgets[0].state().view.zoom);
        if (z >= 17) break;
        await page.mouse.wheel(0, -120);
        await page.waitForTimeout(30);
      }
    } else {
      await page.evaluate(() => window.__map.setZoom(17, { animate: false }));
    }
    await page.waitForTimeout(500);
    const deep = await framesAndCpu(page, cdp, frames, () => drag(page, box));
    const steps = 8;
    const zoom = await framesAndCpu(page, cdp, frames, async () => {
      await page.mouse.move(box.x, box.y);
      for (let s = 0; s < steps; s++) { await page.mouse.wheel(0, s < steps / 2 ? 120 : -120); await page.waitForTimeout(150); }
    });
    zoom.msStep = zoom.cpu / steps;
    await page.waitForTimeout(300);
    const memory = engine === 'quartier'
      ? await page.evaluate(() => Math.max(0, ...window.__wasmMemories.map((m) => m.buffer.byteLength)))
      : await jsHeap(page);
    return { total, loaded, city, deep, zoom, memory };
  } finally { await browser.close(); }
}

async function mapBench() {
  console.log(`\n== map: Quartier against Leaflet 1.9.4 + markercluster 1.5.3, same proposals from the same server,` +
    ` 1200×640 CSS px at 1280×800, median of ${runs} runs (load average ${load()})`);
  const leaflet = path.join(root, 'bench/node_modules');
  if (!existsSync(path.join(leaflet, 'leaflet.markercluster'))) throw new Error('run `cd bench && npm install` first (Leaflet)');
  const site = benchSite({ 'bench-map.html': '<div data-quartier="map" style="height:640px"></div>' });
  cpSync(path.join(root, 'bench/leaflet/map.html'), path.join(site, 'bench-leaflet.html'));
  for (const f of ['leaflet/dist/leaflet.js', 'leaflet/dist/leaflet.css', 'leaflet.markercluster/dist/leaflet.markercluster.js',
    'leaflet.markercluster/dist/MarkerCluster.css', 'leaflet.markercluster/dist/MarkerCluster.Default.css'])
    cpSync(path.join(leaflet, f), path.join(site, 'leaflet', path.basename(f)));
  const row = (label, f) => `${label.padEnd(34)}` + ['quartier', 'leaflet'].map((e) => f(e).padStart(22)).join('');
  try {
    for (const n of mapSizes) {
      const { db, dir } = await demoDatabase(n);
      const server = await startServer({ db, site, widgets: widgetsDir });
      try {
        const res = { quartier: [], leaflet: [] };
        for (let r = 0; r < runs; r++) {
          res.quartier.push(await mapRun('quartier', server.url + '/bench-map.html'));
          res.leaflet.push(await mapRun('leaflet', server.url + '/bench-leaflet.html'));
        }
        const med = (e, f) => median(res[e].map(f));
        console.log(`  ${n} proposals (loaded: Quartier ${res.quartier[0].total}, Leaflet ${res.leaflet[0].total}; load average ${load()})`);
        console.log('    ' + row('', (e) => (e === 'quartier' ? 'Quartier' : 'Leaflet')));
        console.log('    ' + row('load to rendered', (e) => `${med(e, (x) => x.loaded).toFixed(0)} ms`));
        console.log('    ' + row('city-zoom pan, CPU a frame', (e) => ms(med(e, (x) => x.city.msFrame))));
        console.log('    ' + row('city-zoom pan, frames a second', (e) => med(e, (x) => x.city.fps).toFixed(1)));
        console.log('    ' + row('deep-zoom pan, CPU a frame', (e) => ms(med(e, (x) => x.deep.msFrame))));
        console.log('    ' + row('deep-zoom pan, frames a second', (e) => med(e, (x) => x.deep.fps).toFixed(1)));
        console.log('    ' + row('zoom, CPU a frame', (e) => ms(med(e, (x) => x.zoom.msFrame))));
        console.log('    ' + row('zoom, CPU a wheel step', (e) => ms(med(e, (x) => x.zoom.msStep))));
        console.log('    ' + row('memory (wasm module / JS heap)', (e) => `${(med(e, (x) => x.memory) / 1048576).toFixed(1)} MB`));
      } finally {
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally { rmSync(site, { recursive: true, force: true }); }
}

// [Results] -------------------------------------------------------------------------------
async function adminToken(url) {
  const r = await fetch(url + '/api/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'admin@quartier.demo', password: 'quartier-demo' }) });
  return (await r.json()).token;
}

async function resultsBench() {
  console.log(`\n== results: Łódź 2022 (load average ${load()})`);
  const site = benchSite({ 'bench-results.html': '<div data-quartier="results" data-process="lodz-2022" style="height:700px"></div>' });
  const server = await startServer({ demo: true, site, widgets: widgetsDir, extra: ['--max-body-mb', '8'] });
  const browser = await launchBrowser();
  try {
    const token = await adminToken(server.url);
    const pb = readFileSync(path.join(root, 'tests/data/pabulib/Poland_Lodz_2022.pb'));
    const imported = await fetch(server.url + '/api/v1/tenants/toulouse/processes/import?id=lodz-2022&votes=1', {
      method: 'POST', headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'text/plain' }, body: pb });
    const process_ = await imported.json();
    if (!imported.ok) throw new Error('import failed: ' + JSON.stringify(process_));
    // What the server takes for the widget's three downloads (the first computes and caches).
    const base = server.url + '/api/v1/tenants/toulouse/processes/lodz-2022';
    for (const pass of ['first', 'again']) {
      const times = [];
      for (const route of ['', '/results', '/ballots.pb']) {
        const t = Date.now();
        const body = await (await fetch(base + route)).arrayBuffer();
        times.push(`${route || 'process'} ${Date.now() - t} ms (${kb(body.byteLength)})`);
      }
      console.log(`  server, ${pass}: ${times.join(', ')}`);
    }
    for (let r = 0; r < runs; r++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const t0 = Date.now();
      await page.goto(server.url + '/bench-results.html');
      const state = await waitForWidget(page, "state.load === 'ready' || state.load === 'failed'", 0, 120000);
      const shown = Date.now() - t0;
      // The announced results show first; the recount of the published ballots then checks them.
      const checked = await waitForWidget(page, "state.load === 'failed' || state.recount !== 'pending'", 0, 120000);
      const verified = Date.now() - t0;
      if (r === 0) console.log(`  ${process_.imported_ballots} ballots, ${checked.rows.length} projects, recount ${checked.recount}` +
        (checked.error ? ' — ' + JSON.stringify(checked.error) : ''));
      await page.waitForTimeout(500);
      const idle = await frameTimes(page, 0, 2);
      const box = await page.evaluate(() => {
        const r = window.quartier.widgets[0].element.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      });
      const scroll = await frameTimes(page, 0, 2, async () => {
        await page.mouse.move(box.x, box.y);
        for (let s = 0; s < 12; s++) { await page.mouse.wheel(0, s < 6 ? 240 : -240); await page.waitForTimeout(60); }
      });
      // Where the time goes (Resource Timing): when each download ended, from navigation start.
      const timeline = await page.evaluate(() => performance.getEntriesByType('resource')
        .filter((e) => /\.(wasm|js)$|\/processes\/|\/districts/.test(e.name))
        .map((e) => `${e.name.replace(/^.*\/(processes\/[^/]+)?/, '').replace(/^$/, 'process') || e.name} ` +
          `${Math.round(e.startTime)}→${Math.round(e.responseEnd)} ms`));
      const firstFrame = await page.evaluate(() => performance.getEntriesByName('quartier-first-frame').map((e) => Math.round(e.startTime))[0]);
      console.log(`         downloads: ${timeline.join(', ')}${firstFrame ? `; first frame ${firstFrame} ms` : ''}`);
      console.log(`  run ${r + 1}: page to results ${shown} ms (${state.rows.length} projects as announced), recount verdict at ${verified} ms` +
        ` (in-browser recount ${ms(checked.recount_seconds * 1000)})`);
      console.log(`         idle      ${stats(idle)}`);
      console.log(`         scrolling ${stats(scroll)}`);
      await page.close();
    }
  } finally {
    await browser.close();
    await server.stop();
    rmSync(site, { recursive: true, force: true });
  }
}

// [Moderation] ----------------------------------------------------------------------------
async function moderationBench() {
  const n = 10000;
  console.log(`\n== moderation: a queue of ${n} proposals (load average ${load()})`);
  const site = benchSite({ 'bench-moderation.html': '<div data-quartier="moderation" style="height:700px"></div>' });
  const server = await startServer({ demo: true, site, widgets: widgetsDir });
  const browser = await launchBrowser();
  try {
    const items = [];
    for (let i = 1; i <= n; i++) {
      items.push({ id: i, title: `Proposition ${i} : un banc près de l’école`, description: 'Une idée pour le quartier.',
        category: 'Cadre de vie', status: 'submitted', flags: i % 7 === 0 ? 2 : 0, district: 'Capitole',
        created_at: '2026-03-01T10:00:00Z', reasons: i % 7 === 0 ? ['Hors sujet'] : [] });
    }
    const queue = JSON.stringify({ items, total: n });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.route('**/moderation/queue', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: queue }));
    await page.goto(server.url + '/bench-moderation.html');
    await waitForWidget(page);
    await clickControl(page, 'email');
    await page.keyboard.type('moderation@quartier.demo');
    await clickControl(page, 'password');
    await page.keyboard.type('quartier-demo');
    await clickControl(page, 'sign-in');
    const t0 = Date.now();
    const state = await waitForWidget(page, "state.load === 'ready' || state.load === 'failed'", 0, 60000);
    console.log(`  queue shown ${Date.now() - t0} ms after signing in (${JSON.stringify(state.load)})`);
    await page.waitForTimeout(500);
    const idle = await frameTimes(page, 0, 2);
    const box = await page.evaluate(() => {
      const r = window.quartier.widgets[0].element.getBoundingClientRect();
      return { x: r.left + r.width * 0.3, y: r.top + r.height / 2 };
    });
    const scroll = await frameTimes(page, 0, 2, async () => {
      await page.mouse.move(box.x, box.y);
      for (let s = 0; s < 12; s++) { await page.mouse.wheel(0, 600); await page.waitForTimeout(60); }
    });
    const keys = await frameTimes(page, 0, 2, async () => {
      await page.evaluate(() => window.quartier.widgets[0].element.querySelector('canvas').focus());
      for (let s = 0; s < 20; s++) { await page.keyboard.press('ArrowDown'); await page.waitForTimeout(40); }
    });
    console.log(`  idle      ${stats(idle)}`);
    console.log(`  scrolling ${stats(scroll)}`);
    console.log(`  arrows    ${stats(keys)}`);
  } finally {
    await browser.close();
    await server.stop();
    rmSync(site, { recursive: true, force: true });
  }
}

// [Bytes] ---------------------------------------------------------------------------------
async function bytesBench() {
  console.log(`\n== bytes on the wire: map + ballot page, first and repeat visit (load average ${load()})`);
  const site = benchSite({ 'bench-map-ballot.html': '<div data-quartier="map" style="height:640px"></div>' +
    '<div data-quartier="ballot" data-process="bp2022" style="height:640px"></div>' });
  const server = await startServer({ demo: true, site });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    let seen = new Map();
    cdp.on('Network.responseReceived', (e) => seen.set(e.requestId, { url: e.response.url, status: e.response.status, bytes: 0 }));
    cdp.on('Network.loadingFinished', (e) => { const r = seen.get(e.requestId); if (r) r.bytes = e.encodedDataLength; });
    const visit = async (label) => {
      seen = new Map();
      await page.goto(server.url + '/bench-map-ballot.html');
      await waitForWidget(page, "state.load === 'ready'", 0, 120000);
      await waitForWidget(page, "state.load === 'ready'", 1, 120000);
      await page.waitForTimeout(1000);
      const all = [...seen.values()];
      const api = all.filter((r) => new URL(r.url).pathname.startsWith('/api/'));
      const assets = all.filter((r) => !new URL(r.url).pathname.startsWith('/api/'));
      const sum = (v) => v.reduce((n, r) => n + r.bytes, 0);
      console.log(`  ${label.padEnd(14)} ${kb(sum(all)).padStart(10)} in all: assets ${kb(sum(assets))} (${assets.length} answers, ` +
        `${assets.filter((r) => r.status === 304).length} of them 304), API ${kb(sum(api))} (${api.length} answers)`);
      for (const r of [...assets, ...api]) {
        const u = new URL(r.url);
        console.log(`      ${String(r.status).padEnd(4)} ${kb(r.bytes).padStart(10)}  ${u.pathname}${u.search.slice(0, 40)}`);
      }
    };
    await visit('first visit');
    await visit('repeat visit');
  } finally {
    await browser.close();
    await server.stop();
    rmSync(site, { recursive: true, force: true });
  }
}

// [Idle] ----------------------------------------------------------------------------------
async function idleBench() {
  console.log(`\n== idle pages: frames and page-thread work a second, 10 s after loading (load average ${load()})`);
  const server = await startServer({ demo: true });
  const browser = await launchBrowser();
  try {
    for (const name of ['index.html', 'carte.html', 'vote.html', 'resultats.html']) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(server.url + '/' + name);
      const count = await page.evaluate(() => document.querySelectorAll('[data-quartier]').length);
      for (let i = 0; i < count; ++i) await waitForWidget(page, 'true', i, 120000);
      await page.waitForTimeout(5000); // loading's answers (a results recount) and the moment after them
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      const metric = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
      const frames = () => page.evaluate(() => window.quartier.widgets.reduce((n, w) => n + w.frames().count, 0));
      const f0 = await frames(), m0 = await metric(), t0 = Date.now();
      await page.waitForTimeout(10000);
      const f1 = await frames(), m1 = await metric(), seconds = (Date.now() - t0) / 1000;
      console.log(`  ${name.padEnd(18)} ${count} widget(s): ${((f1 - f0) / seconds).toFixed(2)} frames a second, ` +
        `page thread: ${((m1.TaskDuration - m0.TaskDuration) * 1000 / seconds).toFixed(1)} ms of tasks a second (wall time), ` +
        `${((m1.ThreadTime - m0.ThreadTime) * 1000 / seconds).toFixed(1)} ms of CPU a second`);
      await page.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}


// [Trace] ---------------------------------------------------------------------------------
// Where the map's time goes at the largest --map-sizes (Chromium's tracing, one warm run after
// one that fills the server's caches): the load as the page's resource timings and the
// widget's own marks (what was asked when, how long each answer took to come), then the
// busiest trace events of each thread (renderer main, compositor, GPU process, raster
// workers) over the load and over a city-zoom pan. Durations are summed per event name,
// nested events included: read them as "how much of the thread", not as a sum.
const kTraceCategories = ['devtools.timeline', 'toplevel', 'v8.wasm', 'v8', 'gpu', 'viz', 'cc', 'benchmark',
  'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame'].join(',');

async function traced(cdp, act) {
  const events = [];
  const onData = (e) => events.push(...e.value);
  cdp.on('Tracing.dataCollected', onData);
  await cdp.send('Tracing.start', { categories: kTraceCategories, transferMode: 'ReportEvents' });
  const t0 = Date.now();
  await act();
  const seconds = (Date.now() - t0) / 1000;
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.end');
  await done;
  cdp.off('Tracing.dataCollected', onData);
  return { events, seconds };
}

function traceSummary({ events, seconds }, label, top = 8) {
  const names = new Map(); // pid:tid -> thread name
  const procs = new Map(); // pid -> process name
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
    if (e.ph === 'M' && e.name === 'process_name') procs.set(e.pid, e.args.name);
  }
  const per = new Map(); // thread -> Map(name -> {ms, n})
  for (const e of events) {
    if (e.ph !== 'X' || !e.dur) continue;
    const thread = `${procs.get(e.pid) || e.pid} / ${names.get(`${e.pid}:${e.tid}`) || e.tid}`;
    if (!per.has(thread)) per.set(thread, new Map());
    const m = per.get(thread);
    const v = m.get(e.name) || { ms: 0, n: 0 };
    v.ms += e.dur / 1000;
    v.n += 1;
    m.set(e.name, v);
  }
  console.log(`    ${label}: ${seconds.toFixed(2)} s traced`);
  const threads = [...per.entries()].map(([t, m]) => [t, m, Math.max(...[...m.values()].map((v) => v.ms))])
    .filter(([, , most]) => most >= 5).sort((a, b) => b[2] - a[2]);
  for (const [thread, m] of threads) {
    console.log(`      ${thread}`);
    for (const [name, v] of [...m.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, top))
      console.log(`        ${ms(v.ms).padStart(9)}  ${String(v.n).padStart(5)}×  ${name}`);
  }
}

async function traceBench() {
  const n = mapSizes[mapSizes.length - 1];
  console.log(`\n== trace: where the map's time goes at ${n} proposals (load average ${load()})`);
  const site = benchSite({ 'bench-map.html': '<div data-quartier="map" style="height:640px"></div>' });
  const { db, dir } = await demoDatabase(n);
  const server = await startServer({ db, site, widgets: widgetsDir });
  try {
    for (let warm = 0; warm < 2; ++warm) {
      const browser = await launchBrowser();
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        await page.addInitScript(probe);
        const cdp = await page.context().newCDPSession(page);
        const t0 = Date.now();
        const loadTrace = await traced(cdp, async () => {
          await page.goto(server.url + '/bench-map.html');
          await waitForWidget(page, "state.load === 'ready' || state.load === 'failed'", 0, 180000);
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        });
        const loaded = Date.now() - t0;
        if (!warm) continue; // the first run fills the server's caches, as the map bench's first run does
        const timing = await page.evaluate(() => ({
          resources: performance.getEntriesByType('resource').map((r) => ({
            name: new URL(r.name).pathname, start: r.startTime, response: r.responseStart, end: r.responseEnd,
            bytes: r.transferSize })),
          ready: window.__bench.ready.map, painted: window.__bench.painted.map,
          firstFrame: window.quartier.widgets[0].frames().first_done_at,
        }));
        console.log(`  load to rendered ${loaded} ms (wall, from goto); page clock: first frame ${ms(timing.firstFrame)},` +
          ` ready ${ms(timing.ready)}, painted ${ms(timing.painted)}`);
        console.log('    asked at   first byte   done       bytes  what');
        for (const r of timing.resources)
          console.log(`    ${ms(r.start).padStart(8)} ${ms(r.response).padStart(10)} ${ms(r.end).padStart(10)} ${kb(r.bytes).padStart(10)}  ${r.name}`);
        traceSummary(loadTrace, 'load');
        await page.waitForTimeout(500);
        const box = await page.evaluate(() => {
          const r = window.quartier.widgets[0].element.getBoundingClientRect();
          return { x: r.left + r.width * 0.6, y: r.top + r.height / 2 };
        });
        const f0 = await page.evaluate(() => window.quartier.widgets[0].frames().count);
        const panTrace = await traced(cdp, () => drag(page, box));
        const f1 = await page.evaluate(() => window.quartier.widgets[0].frames().count);
        console.log(`  city-zoom pan: ${f1 - f0} frames in ${panTrace.seconds.toFixed(2)} s`);
        traceSummary(panTrace, 'city-zoom pan');
      } finally { await browser.close(); }
    }
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(site, { recursive: true, force: true });
  }
}

console.log(`web_bench: ${new Date().toISOString()}, load average ${load()}, widgets from ${widgetsDir}`);
for (const s of sections) {
  if (s === 'sizes') sizes();
  else if (s === 'load') await loadBench();
  else if (s === 'map') await mapBench();
  else if (s === 'results') await resultsBench();
  else if (s === 'moderation') await moderationBench();
  else if (s === 'bytes') await bytesBench();
  else if (s === 'idle') await idleBench();
  else if (s === 'trace') await traceBench();
  else { console.error(`web_bench: unknown section "${s}"`); process.exitCode = 2; }
}
