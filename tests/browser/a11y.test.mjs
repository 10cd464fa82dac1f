// Accessibility of the demo commune's pages, widgets included, checked with axe-core in
// chromium: no serious or critical WCAG 2 A/AA violation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, waitForWidget, axeViolations } from './harness.mjs';

for (const path of ['/', '/vote.html', '/resultats.html', '/resultats-intercommunal.html']) {
  test(`axe finds no serious or critical violation on ${path}`, async () => {
    await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(server.url + path);
      await waitForWidget(page, "state.load === 'ready'", 0, 60000);
      await page.waitForTimeout(500); // the mirror has been built
      assert.deepEqual(await axeViolations(page), []);
    });
  });
}
