// The results widget on the demo site: it downloads the published Toulouse 2022 ballots,
// recounts them in the browser with the same engine and finds the server's winners; on the
// intercommunal demo it draws turnout and money per commune on the town's map, turnout day
// by day, and saves each chart as a PNG of the chart's size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { withServerAndBrowser, waitForWidget, clickControl, showControl, artifactPath } from './harness.mjs';

const viewports = [{ name: 'desktop', width: 1280, height: 800 }, { name: 'phone', width: 360, height: 640 }];

// Width and height from a PNG file's IHDR chunk.
function pngSize(file) {
  const b = readFileSync(file);
  assert.equal(b.toString('latin1', 1, 4), 'PNG', 'not a PNG file');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

async function shot(page, name) {
  await page.evaluate(() => document.querySelector('[data-quartier]').scrollIntoView());
  await page.waitForTimeout(300);
  await page.screenshot({ path: artifactPath(name) });
}

for (const viewport of viewports) {
  test(`the results page recounts Toulouse 2022 in the browser and matches the server (${viewport.name})`, async () => {
    await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
      const page = await browser.newPage({ viewport, deviceScaleFactor: viewport.name === 'phone' ? 2 : 1 });
      await page.goto(server.url + '/resultats.html');
      const state = await waitForWidget(page, "state.load === 'failed' || (state.load === 'ready' && state.recount !== 'pending')", 0, 60000);
      assert.equal(state.load, 'ready', JSON.stringify(state.error));
      const published = await (await fetch(`${server.url}/api/v1/tenants/toulouse/processes/bp2022-resultats/results`)).json();
      assert.deepEqual(state.winners, published.winners);
      assert.equal(state.recount, 'match');
      assert.equal(state.voters, 4532);
      // Toulouse's quarters have no outlines in the commune file: said, not drawn.
      assert.equal(state.districts.length, 20);
      assert.equal(state.unmatched.length, 20);
      assert.equal(state.unknown_time, 4532);
      await shot(page, `results-${viewport.name}.png`);
      await clickControl(page, 'tab-compare');
      await waitForWidget(page, "state.tab === 'compare'");
      await page.waitForTimeout(200);
      await page.screenshot({ path: artifactPath(`results-compare-${viewport.name}.png`) });
      await clickControl(page, 'tab-map');
      await waitForWidget(page, "state.tab === 'map'");
      await page.waitForTimeout(200);
      await page.screenshot({ path: artifactPath(`results-map-toulouse-${viewport.name}.png`) });
    });
  });

  test(`the intercommunal demo maps turnout and money per commune, day-by-day turnout, PNG downloads (${viewport.name})`, async () => {
    await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
      const dpr = viewport.name === 'phone' ? 2 : 1;
      const context = await browser.newContext({ viewport, deviceScaleFactor: dpr, acceptDownloads: true });
      const page = await context.newPage();
      await page.goto(server.url + '/resultats-intercommunal.html');
      let state = await waitForWidget(page, "state.load === 'failed' || (state.load === 'ready' && state.recount !== 'pending')", 0, 60000);
      assert.equal(state.load, 'ready', JSON.stringify(state.error));
      assert.equal(state.recount, 'match');
      assert.match(await page.textContent('.demo-note'), /Données fictives/);
      assert.match(state.title, /démonstration/);
      const published = await (await fetch(`${server.url}/api/v1/tenants/toulouse/processes/bp-intercommunal-demo/results`)).json();
      // Every commune of the budget found its outline; the figures are the server's.
      assert.equal(state.districts.length, published.by_district.length);
      assert.deepEqual(state.unmatched, []);
      for (const d of published.by_district) {
        const mine = state.districts.find((x) => x.key === d.district);
        assert.ok(mine && mine.on_map, d.district);
        assert.equal(mine.ballots, d.ballots);
        assert.equal(mine.spent, Number(d.spent));
      }
      assert.ok(state.legend.length >= 3, JSON.stringify(state.legend));

      await clickControl(page, 'tab-map');
      state = await waitForWidget(page, "state.tab === 'map'");
      await page.waitForTimeout(300);
      await shot(page, `results-map-${viewport.name}.png`);
      // Hover (desktop) or tap (phone) over the map until a commune with figures answers.
      // On a phone the map is under the tabs: scrolled to, it must show whole (it once sat in a
      // window shorter than itself under a header that never scrolled away).
      const box = await showControl(page, 'district-map');
      assert.ok(box.visible, 'the map cannot be brought wholly into view');
      let named = null;
      for (let gy = 1; gy < 8 && !named; gy++)
        for (let gx = 1; gx < 8 && !named; gx++) {
          await page.mouse.move(box.x + (box.w * gx) / 8, box.y + (box.h * gy) / 8);
          await page.waitForTimeout(60);
          named = (await page.evaluate(() => window.quartier.widgets[0].state())).hovered_district;
        }
      assert.ok(named, 'no commune with figures under the pointer');
      await page.mouse.down();
      await page.waitForTimeout(50); // a frame sees the press before the release
      await page.mouse.up();
      state = await waitForWidget(page, 'state.selected_district !== null');
      assert.equal(state.selected_district, named);
      await page.waitForTimeout(200);
      await page.screenshot({ path: artifactPath(`results-map-hover-${viewport.name}.png`) });
      await clickControl(page, 'measure-spent');
      await waitForWidget(page, "state.measure === 'spent'");

      // PNG of the map: the chart's own size in device pixels.
      const mapRect = await page.evaluate(() => window.quartier.widgets[0].controls()['district-map']);
      let [download] = await Promise.all([page.waitForEvent('download'), clickControl(page, 'save-map')]);
      assert.equal(download.suggestedFilename(), 'resultats-carte.png');
      let size = pngSize(await download.path());
      assert.ok(Math.abs(size.width - mapRect.w * dpr) <= 2, `${size.width} vs ${mapRect.w * dpr}`);
      assert.ok(Math.abs(size.height - mapRect.h * dpr) <= 2, `${size.height} vs ${mapRect.h * dpr}`);

      await clickControl(page, 'tab-turnout');
      state = await waitForWidget(page, "state.tab === 'turnout'");
      assert.equal(state.over_time_bucket, 'day');
      assert.equal(state.over_time.length, 21);
      assert.equal(state.over_time.reduce((n, b) => n + b.ballots, 0), 2400);
      await page.waitForTimeout(300);
      await shot(page, `results-turnout-${viewport.name}.png`);
      const chartRect = await page.evaluate(() => window.quartier.widgets[0].controls()['turnout-chart']);
      [download] = await Promise.all([page.waitForEvent('download'), clickControl(page, 'save-turnout')]);
      assert.equal(download.suggestedFilename(), 'resultats-participation.png');
      const file = artifactPath(`results-turnout-saved-${viewport.name}.png`);
      await download.saveAs(file);
      size = pngSize(file);
      assert.ok(Math.abs(size.width - chartRect.w * dpr) <= 2, `${size.width} vs ${chartRect.w * dpr}`);
      assert.ok(Math.abs(size.height - chartRect.h * dpr) <= 2, `${size.height} vs ${chartRect.h * dpr}`);

      // The mirror: the district table and the day-by-day table, for screen readers.
      const captions = await page.$$eval('.quartier-mirror table caption', (n) => n.map((c) => c.textContent));
      assert.deepEqual(captions, ['Participation et budget par secteur', 'Bulletins par jour (UTC)']);
      const rows = await page.$$eval('.quartier-mirror table:first-of-type tbody tr', (n) => n.length);
      assert.equal(rows, published.by_district.length);
      await context.close();
    });
  });
}

// A city's box takes a second or more to download and recount (Łódź: 90,000 ballots, 2 MB):
// the results the town announced show at once, said to be the town's, and the recount then
// checks them. Here the ballots file is held back until the announced results are on screen.
test('the announced results show before the ballots are recounted, then the recount confirms them', async () => {
  await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route('**/ballots.pb', async (route) => { await held; await route.continue(); });
    await page.goto(server.url + '/resultats.html');
    const announced = await waitForWidget(page, "state.load === 'ready' || state.load === 'failed'", 0, 60000);
    assert.equal(announced.load, 'ready', JSON.stringify(announced.error));
    assert.equal(announced.recount, 'pending');
    const published = await (await fetch(`${server.url}/api/v1/tenants/toulouse/processes/bp2022-resultats/results`)).json();
    assert.deepEqual(announced.winners, published.winners);
    assert.equal(announced.voters, 4532);
    assert.equal(announced.rows.length, 199);
    // What a screen reader hears meanwhile.
    await page.waitForFunction(() => [...document.querySelectorAll('.quartier-mirror [role=status]')]
      .some((e) => e.textContent.startsWith('Résultats annoncés par la commune')));
    const status = await page.evaluate(() => [...document.querySelectorAll('.quartier-mirror [role=status]')]
      .map((e) => e.textContent).join(' | '));
    assert.match(status, /Résultats annoncés par la commune\. Votre navigateur recompte les bulletins publiés/);
    await page.screenshot({ path: artifactPath('results-announced-1280.png') });
    release();
    const checked = await waitForWidget(page, "state.recount !== 'pending'", 0, 60000);
    assert.equal(checked.recount, 'match');
    assert.deepEqual(checked.rows, announced.rows);
  });
});
