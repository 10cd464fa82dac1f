// The map's loading and panning shortcuts (issue 15): the page asks for the map's points
// while the module downloads (site/embed.js, [Prefetch]) and the widget takes that answer
// instead of asking again; a dragged map shows its base kept in a texture, moved (widgets/
// app/map.cpp, [SECTION] Base layer), and what a resident sees is the same picture as a map
// drawn afresh, moved by the drag.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, waitForWidget, artifactPath } from './harness.mjs';

test('the map’s points are asked while the module downloads, once, and the map shows them all', async () => {
  await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url + '/carte.html');
    const state = await waitForWidget(page, "state.load === 'ready' && state.total > 0");
    const points = await (await fetch(server.url + '/api/v1/tenants/toulouse/map-points')).json();
    assert.equal(state.total, points.count, 'every point of the answer is on the map');
    const asked = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => ({
      path: new URL(r.name).pathname, start: r.startTime, end: r.responseEnd })));
    const mapPoints = asked.filter((r) => r.path.endsWith('/map-points'));
    const wasm = asked.find((r) => r.path.endsWith('.wasm'));
    assert.equal(mapPoints.length, 1, `asked once: ${JSON.stringify(mapPoints)}`);
    assert.ok(wasm, 'the module was downloaded');
    assert.ok(mapPoints[0].start < wasm.end,
      `map-points asked at ${mapPoints[0].start.toFixed(0)} ms, before the module was in (${wasm.end.toFixed(0)} ms)`);
  });
});

// The page's pixels inside a rectangle of a screenshot (RGBA), decoded by the page itself.
async function pixels(page, png, rect) {
  return page.evaluate(async ([b64, r]) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    return Array.from(g.getImageData(r.x, r.y, r.w, r.h).data);
  }, [png.toString('base64'), rect]);
}

function meanDifference(a, b) {
  let sum = 0;
  for (let i = 0; i < a.length; i++) if (i % 4 !== 3) sum += Math.abs(a[i] - b[i]);
  return sum / (a.length * 0.75);
}

test('a dragged map shows the same picture, moved with the pointer', async () => {
  await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url + '/carte.html');
    await waitForWidget(page, "state.load === 'ready' && state.total > 0");
    await page.evaluate(() => window.quartier.widgets[0].element.scrollIntoView({ block: 'start' }));
    await page.waitForTimeout(1500); // tiles and the frames after them
    const box = await page.evaluate(() => {
      const r = window.quartier.widgets[0].element.getBoundingClientRect();
      return { x: r.left, y: r.top, w: r.width, h: r.height };
    });
    // A patch in the middle of the map, away from the toolbar, the legend and the buttons.
    const cx = Math.round(box.x + box.w * 0.45), cy = Math.round(box.y + box.h * 0.55);
    const patch = { x: cx - 120, y: cy - 80, w: 240, h: 160 };
    const before = await pixels(page, await page.screenshot(), patch);
    const dx = 90, dy = 50;
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let s = 1; s <= 10; s++) {
      await page.mouse.move(cx + (dx * s) / 10, cy + (dy * s) / 10);
      await page.waitForTimeout(30);
    }
    await page.waitForTimeout(300);
    const shot = await page.screenshot();
    await page.mouse.up();
    await page.screenshot({ path: artifactPath('map-dragged-desktop.png') });
    const moved = await pixels(page, shot, { ...patch, x: patch.x + dx, y: patch.y + dy });
    const unmoved = await pixels(page, shot, patch);
    const same = meanDifference(before, moved), changed = meanDifference(before, unmoved);
    assert.ok(changed > 4, `the drag moved the map (the patch changed by ${changed.toFixed(2)})`);
    assert.ok(same < 1.5, `the picture moved with the pointer, unchanged (${same.toFixed(2)} per channel, ${changed.toFixed(2)} unmoved)`);
  });
});
