// Accessibility of the demo commune's pages, widgets included, checked with axe-core in
// chromium: no serious or critical WCAG 2 A/AA violation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { withServerAndBrowser, waitForWidget } from './harness.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

async function violations(page) {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  });
}

for (const path of ['/', '/vote.html', '/resultats.html']) {
  test(`axe finds no serious or critical violation on ${path}`, async () => {
    await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(server.url + path);
      await waitForWidget(page, "state.load === 'ready'", 0, 60000);
      await page.waitForTimeout(500); // the mirror has been built
      assert.deepEqual(await violations(page), []);
    });
  });
}
