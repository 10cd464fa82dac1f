// The results widget on the demo site: it downloads the published Toulouse 2022 ballots,
// recounts them in the browser with the same engine and finds the server's winners.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, waitForWidget, clickControl, artifactPath } from './harness.mjs';

for (const viewport of [{ name: 'desktop', width: 1280, height: 800 }, { name: 'phone', width: 360, height: 640 }]) {
  test(`the results page recounts Toulouse 2022 in the browser and matches the server (${viewport.name})`, async () => {
    await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
      const page = await browser.newPage({ viewport, deviceScaleFactor: viewport.name === 'phone' ? 2 : 1 });
      await page.goto(server.url + '/resultats.html');
      const state = await waitForWidget(page, "state.load === 'ready' || state.load === 'failed'", 0, 60000);
      assert.equal(state.load, 'ready', JSON.stringify(state.error));
      const published = await (await fetch(`${server.url}/api/v1/tenants/toulouse/processes/bp2022-resultats/results`)).json();
      assert.deepEqual(state.winners, published.winners);
      assert.equal(state.recount, 'match');
      assert.equal(state.voters, 4532);
      await page.evaluate(() => document.querySelector('[data-quartier]').scrollIntoView());
      await page.waitForTimeout(300);
      await page.screenshot({ path: artifactPath(`results-${viewport.name}.png`) });
      await clickControl(page, 'tab-compare');
      await waitForWidget(page, "state.tab === 'compare'");
      await page.waitForTimeout(200);
      await page.screenshot({ path: artifactPath(`results-compare-${viewport.name}.png`) });
    });
  });
}
