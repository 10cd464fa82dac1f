// Accessibility of the demo commune's pages, widgets included, checked with axe-core in
// chromium: no serious or critical WCAG 2 A/AA violation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, waitForWidget, axeViolations } from './harness.mjs';

// The page, and what its first widget shows once it is ready (the moderation console waits
// at its sign-in screen).
const ready = {
  '/': "state.load === 'ready'",
  '/carte.html': "state.load === 'ready'",
  '/vote.html': "state.load === 'ready'",
  '/resultats.html': "state.load === 'ready'",
  '/resultats-intercommunal.html': "state.load === 'ready'",
  '/moderation.html': "state.screen === 'sign_in'",
};
for (const [path, predicate] of Object.entries(ready)) {
  test(`axe finds no serious or critical violation on ${path}`, async () => {
    await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(server.url + path);
      await waitForWidget(page, predicate, 0, 60000);
      await page.waitForTimeout(500); // the mirror has been built
      assert.deepEqual(await axeViolations(page), []);
    });
  });
}

// A resident on a phone: every demo page fits the screen's width (nothing to scroll sideways,
// no widget cut off at the right edge) and keeps its main landmark.
test('every demo page fits a 360 px phone screen, widgets included', async () => {
  await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
    const page = await browser.newPage({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
    for (const path of Object.keys(ready)) {
      await page.goto(server.url + path);
      await waitForWidget(page, 'true', 0, 60000);
      const fit = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        width: window.innerWidth,
        main: document.querySelectorAll('main').length,
        widgets: [...document.querySelectorAll('[data-quartier]')].map((el) => {
          const r = el.getBoundingClientRect();
          return { left: Math.round(r.left), right: Math.round(r.right), width: Math.round(r.width) };
        }),
      }));
      assert.equal(fit.main, 1, `${path}: one <main>`);
      assert.ok(fit.scrollWidth <= fit.width, `${path}: ${fit.scrollWidth} px wide on a ${fit.width} px screen`);
      for (const w of fit.widgets) {
        assert.ok(w.left >= 0 && w.right <= fit.width, `${path}: widget at ${w.left}–${w.right} px`);
        assert.ok(w.width >= fit.width * 0.8, `${path}: widget only ${w.width} px wide`);
      }
    }
  });
});
