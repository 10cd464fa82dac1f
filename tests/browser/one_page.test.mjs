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
    assert.deepEqual(downloads.sort(), ['/widgets/quartier-widgets.js', '/widgets/quartier-widgets.wasm']);

    // Each widget keeps its own state: choosing a project on the ballot does not touch the map.
    const i = await page.evaluate(() => window.quartier.widgets.findIndex((w) => w.name === 'ballot'));
    const m = 1 - i;
    const mapBefore = await page.evaluate((k) => window.quartier.widgets[k].state().total, m);
    const first = (await page.evaluate((k) => window.quartier.widgets[k].state(), i)).projects[0];
    await page.evaluate(([k, id]) => window.quartier.widgets[k].mirror.command('toggle-' + id), [i, first.id]);
    const ballot = await page.evaluate((k) => window.quartier.widgets[k].state(), i);
    assert.equal(ballot.projects.find((p) => p.id === first.id).chosen, true);
    assert.equal(await page.evaluate((k) => window.quartier.widgets[k].state().total, m), mapBefore);
    // Both keep drawing frames.
    const counts = await page.evaluate(() => window.quartier.widgets.map((w) => w.frames().count));
    await page.waitForTimeout(300);
    const later = await page.evaluate(() => window.quartier.widgets.map((w) => w.frames().count));
    assert.ok(later[0] > counts[0] && later[1] > counts[1], JSON.stringify({ counts, later }));

    await page.waitForSelector('#nope .quartier-problem');
    assert.match(await page.textContent('#nope .quartier-problem'), /n’a pas pu se charger/);
  } finally {
    if (browser) await browser.close();
    await server.stop();
    rmSync(site, { recursive: true, force: true });
  }
});
