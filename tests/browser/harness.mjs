// Shared pieces of the browser tests: a real quartier-server on a free loopback port with a
// fresh database, Debian's chromium through playwright-core, and helpers that drive a
// widget through its JS API (state, controls) rather than by reading pixels.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '../..');
export const artifacts = path.join(here, 'artifacts');
const build = process.env.QUARTIER_BUILD || path.join(root, 'build/native-release');
const webBuild = process.env.QUARTIER_WEB_BUILD || path.join(root, 'build/web-release');

// Servers still running when the test process ends are stopped with it.
const servers = new Set();
process.on('exit', () => { for (const c of servers) c.kill('SIGKILL'); });

/**
 * Starts quartier-server; resolves to { url, stop() } once /api/v1/health answers. A fresh
 * database in a temporary folder, unless db names one to keep (benches fill it beforehand);
 * site and widgets name other folders to serve (benches compare loaders); extra, more flags.
 */
export async function startServer({ demo = false, db = null, site = null, widgets = null, extra = [] } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'quartier-e2e-'));
  const args = ['--listen', '127.0.0.1:0', '--db', db || path.join(dir, 'e2e.db'),
    '--site', site || path.join(root, 'site'), '--widgets', widgets || path.join(webBuild, 'dist')];
  if (demo) args.push('--demo');
  // The demo base map (tiles/demo.mbtiles, drawn by the native build).
  if (existsSync(path.join(build, 'tiles'))) args.push('--tiles', path.join(build, 'tiles'));
  args.push(...extra);
  const child = spawn(path.join(build, 'backend/quartier-server'), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  servers.add(child);
  child.on('exit', () => servers.delete(child));
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    // A loaded machine can be slow to start it; one that never starts is stopped, so that the
    // test fails instead of hanging on a live child process.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('server did not start within 30 s: ' + stderr));
    }, 30000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[^\s]+?)\/?\s/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}): ${stderr}`)); });
  });
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(url + '/api/v1/health')).ok) break; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Launches Debian's chromium headless (playwright gives every launch a fresh, temporary
 * profile); always close it in finally.
 */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--enable-unsafe-swiftshader', '--disable-gpu', '--disable-quic',
      '--no-first-run', '--disable-background-networking', '--disable-component-update',
      '--disable-sync'],
  });
}

/** Runs body(page-ready context) with a server and a browser, stopping both whatever happens. */
export async function withServerAndBrowser(options, body) {
  const server = await startServer(options);
  let browser;
  try {
    browser = await launchBrowser();
    return await body({ server, browser });
  } finally {
    if (browser) await browser.close();
    await server.stop();
  }
}

/** Waits for widget i to be mounted and for its state to satisfy predicate (run in page). */
export async function waitForWidget(page, predicate = 'true', i = 0, timeout = 30000) {
  await page.waitForFunction(
    ([idx, pred]) => {
      const w = window.quartier && window.quartier.widgets[idx];
      if (!w) return false;
      const state = w.state();
      return new Function('state', 'return ' + pred)(state);
    },
    [i, predicate], { timeout, polling: 100 });
  return page.evaluate((idx) => window.quartier.widgets[idx].state(), i);
}

export async function widgetState(page, i = 0) {
  return page.evaluate((idx) => window.quartier.widgets[idx].state(), i);
}

/**
 * Brings a named control of widget i wholly into view, as a person would: scrolls the
 * widget's content with the wheel until the control shows, then the page until the control
 * is on screen. Returns its rectangle in page coordinates ({x, y, w, h, cx, cy}).
 */
export async function showControl(page, control, i = 0) {
  await page.waitForFunction(([idx, c]) => !!window.quartier.widgets[idx].controls()[c], [i, control],
    { timeout: 10000, polling: 50 });
  const locate = () => page.evaluate(([idx, c]) => {
    const w = window.quartier.widgets[idx];
    const r = w.controls()[c];
    const el = w.element.querySelector('canvas');
    const canvas = el.getBoundingClientRect();
    const x = canvas.left + r.x, y = canvas.top + r.y;
    // Where the wheel may turn the control's window: at the canvas's middle height, else just
    // above the control (not on it: a map takes the wheel for itself); on the canvas itself,
    // not on a text field laid over it.
    const wheelYs = [(canvas.top + canvas.bottom) / 2, y - 6]
      .filter((py) => py > Math.max(0, canvas.top) && py < Math.min(canvas.bottom, innerHeight) &&
        document.elementFromPoint(x + r.w / 2, py) === el);
    return { visible: r.visible, below: r.y > canvas.height / 2, x, y, w: r.w, h: r.h,
      cx: x + r.w / 2, cy: y + r.h / 2, canvasTop: canvas.top, canvasBottom: canvas.bottom,
      wheelYs: wheelYs.length ? wheelYs : [(canvas.top + canvas.bottom) / 2] };
  }, [i, control]);
  let box = await locate();
  if (!box.visible && (box.canvasTop < 0 || box.canvasBottom > page.viewportSize().height)) {
    // The canvas on screen first, so that the wheel turns over it.
    await page.evaluate((d) => window.scrollBy(0, d), box.canvasTop);
    await page.waitForTimeout(50);
    box = await locate();
  }
  for (let tries = 0, at = 0; !box.visible && tries < 20; tries++) {
    const wheelY = box.wheelYs[Math.min(at, box.wheelYs.length - 1)];
    await page.mouse.move(box.cx, Math.max(1, Math.min(wheelY, page.viewportSize().height - 1)));
    await page.mouse.wheel(0, box.below ? 120 : -120);
    await page.waitForTimeout(80);
    const before = box.y;
    box = await locate();
    if (box.y === before) at++; // nothing moved there: the next place
  }
  const viewport = page.viewportSize();
  if (box.y < 0 || box.y + box.h > viewport.height) {
    // The control's top in view, and its middle at the screen's middle when it fits.
    const dy = box.h < viewport.height ? box.cy - viewport.height / 2 : box.y;
    await page.evaluate((d) => window.scrollBy(0, d), dy);
    await page.waitForTimeout(50);
    box = await locate();
  }
  return box;
}

/** Clicks the centre of a named control of widget i, once brought into view (showControl). */
export async function clickControl(page, control, i = 0) {
  const box = await showControl(page, control, i);
  await page.mouse.move(box.cx, box.cy);
  await page.waitForTimeout(50); // a frame sees the hover before the press
  await page.mouse.down();
  await page.waitForTimeout(50);
  await page.mouse.up();
  await page.waitForTimeout(50);
}

export function artifactPath(name) {
  mkdirSync(artifacts, { recursive: true });
  return path.join(artifacts, name);
}

/**
 * Taps the centre of a named control of widget i with a finger (touch events), after
 * scrolling the page so that it shows. For phone tests of the touch path.
 */
export async function tapControl(page, control, i = 0) {
  await page.waitForFunction(([idx, c]) => !!window.quartier.widgets[idx].controls()[c], [i, control],
    { timeout: 10000, polling: 50 });
  const point = await canvasPoint(page, i, control);
  await page.touchscreen.tap(point.x, point.y);
  await page.waitForTimeout(100);
}

/**
 * Page coordinates of a point of widget i's canvas: a named control's centre, or {x, y} in
 * CSS pixels from the canvas's corner. Scrolls the page first when the point is out of view.
 */
export async function canvasPoint(page, i, where) {
  const locate = () => page.evaluate(([idx, w]) => {
    const widget = window.quartier.widgets[idx];
    const canvas = widget.element.querySelector('canvas').getBoundingClientRect();
    const r = typeof w === 'string' ? widget.controls()[w] : { x: w.x, y: w.y, w: 0, h: 0 };
    return { x: canvas.left + r.x + r.w / 2, y: canvas.top + r.y + r.h / 2 };
  }, [i, where]);
  let p = await locate();
  const viewport = page.viewportSize();
  if (p.y < 0 || p.y > viewport.height) {
    await page.evaluate((dy) => window.scrollBy(0, dy), p.y - viewport.height / 2);
    await page.waitForTimeout(50);
    p = await locate();
  }
  return p;
}

/**
 * Closes process's vote as the demo admin, then reads the published list of receipts, as a
 * resident checking that her ballot was counted would.
 */
export async function receiptsAfterClosing(server, process) {
  const base = `${server.url}/api/v1`;
  const login = await (await fetch(`${base}/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'admin@quartier.demo', password: 'quartier-demo' }),
  })).json();
  const closed = await fetch(`${base}/tenants/toulouse/processes/${process}/phase`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${login.token}` },
    body: JSON.stringify({ phase: 'closed' }),
  });
  if (closed.status !== 200) throw new Error(`closing ${process} answered ${closed.status}`);
  const r = await fetch(`${base}/tenants/toulouse/processes/${process}/receipts`);
  return (await r.json()).receipts || [];
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's serious and critical WCAG 2 A/AA violations on the page, as readable lines. */
export async function axeViolations(page) {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  });
}

/**
 * What keyboard focus is on, as a screen reader would name it: a button's text, or a field's
 * label prefixed by its kind ("input:Titre (obligatoire)", "select:Catégorie",
 * "textarea:Description").
 */
export async function focusedLabel(page) {
  return page.evaluate(() => {
    const a = document.activeElement;
    if (!a) return '';
    const kind = { INPUT: 'input:', SELECT: 'select:', TEXTAREA: 'textarea:' }[a.tagName];
    if (kind) return kind + (a.labels && a.labels[0] ? a.labels[0].firstChild.textContent.trim() : '');
    return a.textContent.trim();
  });
}

/** Presses Tab (or Shift+Tab) until focus is on label (see focusedLabel); fails otherwise. */
export async function tabTo(page, label, { backwards = false, max = 120 } = {}) {
  const matches = typeof label === 'string' ? (l) => l === label : (l) => label.test(l);
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    if (matches(await focusedLabel(page))) return;
  }
  throw new Error(`Tab never reached “${label}” (focus is on “${await focusedLabel(page)}”)`);
}

/**
 * A real SMTP server on loopback for e-mail tests: Debian's python3-aiosmtpd with its
 * Mailbox handler, into a Maildir of its own. Resolves to { url, messages(), waitFor(pred),
 * stop() } once it accepts connections; messages() reads what it received, oldest first
 * (headers decoded, text and HTML parts: tests/backend/read_maildir.py). Pass
 * ['--smtp-url', sink.url, '--smtp-from', '…'] as startServer's extra.
 */
export async function startSmtpSink() {
  const { createServer, connect } = await import('node:net');
  const { execFileSync } = await import('node:child_process');
  const port = await new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'quartier-smtp-'));
  const box = path.join(dir, 'Maildir');
  const child = spawn('/usr/bin/python3', ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`,
    '-c', 'aiosmtpd.handlers.Mailbox', box], { stdio: 'ignore' });
  servers.add(child);
  child.on('exit', () => servers.delete(child));
  for (let i = 0; ; i++) {
    const up = await new Promise((resolve) => {
      const c = connect(port, '127.0.0.1', () => { c.end(); resolve(true); });
      c.on('error', () => resolve(false));
    });
    if (up) break;
    if (i > 250) throw new Error('aiosmtpd did not start (is python3-aiosmtpd installed?)');
    await new Promise((r) => setTimeout(r, 20));
  }
  const messages = () => (existsSync(path.join(box, 'new'))
    ? JSON.parse(execFileSync('/usr/bin/python3', [path.join(root, 'tests/backend/read_maildir.py'), box]).toString())
    : []);
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    async waitFor(pred, timeout = 15000) {
      const until = Date.now() + timeout;
      for (;;) {
        const m = messages();
        if (pred(m)) return m;
        if (Date.now() > until) throw new Error('no such e-mail arrived: ' + JSON.stringify(m.map((x) => [x.to, x.subject])));
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The status an anonymous GET of an API path answers once the server has taken what a widget
 * sent: a moderator's console counts an action as done when it sends it, before the answer
 * comes, so a test asks again (every 200 ms, 10 s at most) until `want` or the time is up.
 */
export async function apiStatusSoon(server, path, want) {
  let status = 0;
  for (let i = 0; i < 50; i++) {
    status = (await fetch(`${server.url}/api/v1${path}`)).status;
    if (status === want) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return status;
}
