// The proposal map end to end: the real server with the demo commune, the demo map page,
// chromium. A resident finds a proposal (zooming into groups), opens its card, then places
// a new proposal with "propose here", types it through the page's text element (what gives
// phones their keyboard), sends it, and the server has it in the right district. On the
// phone every map gesture is a finger: taps, and a two-finger pinch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  withServerAndBrowser, waitForWidget, widgetState, clickControl, tapControl, canvasPoint, artifactPath,
  focusedLabel, tabTo,
} from './harness.mjs';

const TARGET = 'Fontaines à boire dans le centre-ville';

// The map reads the tenant routes (/api/v1/tenants/...); a server without them cannot host it.
async function hasTenantRoutes(server, t) {
  const r = await fetch(server.url + '/api/v1/tenants/toulouse');
  if (r.status === 404) t.skip('this quartier-server has no tenant routes yet');
  return r.status !== 404;
}

async function showWidget(page) {
  await page.evaluate(() => window.quartier.widgets[0].element.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(300);
}

// Presses the canvas at (x, y) CSS pixels from its corner, with the mouse or a finger.
async function pressAt(page, at, touch) {
  const p = await canvasPoint(page, 0, at);
  if (touch) {
    await page.touchscreen.tap(p.x, p.y);
  } else {
    await page.mouse.move(p.x, p.y);
    await page.waitForTimeout(50);
    await page.mouse.down();
    await page.waitForTimeout(50);
    await page.mouse.up();
  }
  await page.waitForTimeout(150);
}

for (const viewport of [{ name: 'desktop', width: 1280, height: 800 }, { name: 'phone', width: 360, height: 640 }]) {
  test(`a resident finds a proposal on the map and places a new one (${viewport.name})`, async (t) => {
    const phone = viewport.name === 'phone';
    await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
      if (!(await hasTenantRoutes(server, t))) return;
      const page = await browser.newPage({ viewport, deviceScaleFactor: phone ? 2 : 1, hasTouch: phone, isMobile: phone });
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(server.url + '/carte.html');
      const loaded = await waitForWidget(page, "state.load === 'ready' && state.total > 0");
      assert.equal(loaded.widget, 'map');
      assert.ok(loaded.districts.some((d) => d.name === 'Toulouse'), 'the communes are the basemap');
      await showWidget(page);
      await page.screenshot({ path: artifactPath(`map-overview-${viewport.name}.png`) });

      // Find the proposal: open groups until its own marker shows, then press it.
      const stored = await (await fetch(server.url + '/api/v1/tenants/toulouse/proposals?per_page=1000')).json();
      const target = stored.items.find((p) => p.title === TARGET);
      assert.ok(target, 'the demo proposal exists');
      let state = await widgetState(page);
      for (let i = 0; i < 8 && !state.visible.some((v) => v.id === target.id); i++) {
        const groups = state.visible.filter((v) => v.count > 1).sort((a, b) => b.count - a.count);
        assert.ok(groups.length > 0, 'a group to open');
        const zoom = state.view.zoom;
        await pressAt(page, { x: groups[0].x, y: groups[0].y }, phone);
        state = await waitForWidget(page, `state.view.zoom > ${zoom}`);
      }
      const marker = state.visible.find((v) => v.id === target.id);
      assert.ok(marker, 'the proposal has its own marker');
      await pressAt(page, { x: marker.x, y: marker.y }, phone);
      // The map's points carry no titles: the card's details come from the server when it opens.
      state = await waitForWidget(page, "state.selected !== null && state.selected.title !== ''");
      assert.equal(state.selected.title, TARGET);
      assert.equal(state.selected.district, 'Toulouse');
      assert.equal(state.selected.category, 'Santé');
      assert.equal(state.selected.estimated_cost, 45000);
      await page.waitForTimeout(200);
      const controls = await page.evaluate(() => window.quartier.widgets[0].controls());
      assert.ok(controls.support && controls.support.visible, 'the card has its support button');
      assert.ok(controls.support.h >= 44, 'finger-sized');
      await page.screenshot({ path: artifactPath(`map-card-${viewport.name}.png`) });

      if (phone) {
        // Two fingers spreading apart zoom in.
        const before = (await widgetState(page)).view.zoom;
        const c = await canvasPoint(page, 0, { x: 180, y: 380 });
        const cdp = await page.context().newCDPSession(page);
        const fingers = (d) => [{ x: c.x - d, y: c.y, id: 1 }, { x: c.x + d, y: c.y, id: 2 }];
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: fingers(30) });
        for (const d of [40, 50, 60]) {
          await page.waitForTimeout(50);
          await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: fingers(d) });
        }
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
        const after = await waitForWidget(page, `state.view.zoom > ${before + 0.5}`);
        assert.ok(after.view.zoom < before + 1.5, 'twice the distance: about one level closer');
        assert.equal(after.mode, 'browse', 'a pinch is not a tap');
      }

      // Propose here: the button, then a tap on the map next to the proposal.
      await (phone ? tapControl : clickControl)(page, 'close-card');
      await (phone ? tapControl : clickControl)(page, 'propose');
      await waitForWidget(page, "state.mode === 'placing'");
      state = await widgetState(page);
      const spot = state.visible.find((v) => v.id === target.id) || { x: 180, y: 300 };
      await pressAt(page, { x: spot.x + 25, y: spot.y + 30 }, phone);
      state = await waitForWidget(page, "state.mode === 'form'");
      assert.equal(state.draft.district, 'Toulouse');

      const title = `Bancs à l’ombre près des fontaines ${viewport.name}`;
      await (phone ? tapControl : clickControl)(page, 'title');
      // Typing goes to a real text element over the field (the phone's keyboard comes with it).
      await page.waitForFunction(() => document.activeElement && document.activeElement.classList.contains('quartier-text'));
      assert.equal(await page.evaluate(() => document.activeElement.tagName), 'INPUT');
      await page.keyboard.type(title, { delay: 5 });
      await page.keyboard.press('Tab'); // to the description
      await page.waitForFunction(() => document.activeElement && document.activeElement.tagName === 'TEXTAREA');
      await page.keyboard.type('Deux bancs et un arbre.', { delay: 5 });
      await page.keyboard.press('Backspace'); // Backspace works in the element (GLFW does not eat it)
      await page.keyboard.type('.');
      await waitForWidget(page, `state.draft.title === ${JSON.stringify(title)} && state.draft.description === 'Deux bancs et un arbre.'`);
      await clickControl(page, 'category-0');
      await clickControl(page, 'cost');
      await page.keyboard.type('12000', { delay: 5 });
      await waitForWidget(page, "state.draft.cost === '12000' && state.draft.category === 'Cadre de vie'");
      await page.screenshot({ path: artifactPath(`map-form-${viewport.name}.png`) });

      await clickControl(page, 'submit');
      const after = await waitForWidget(page, "state.mode === 'browse' && state.notice !== ''");
      assert.equal(after.form_error, null);
      assert.equal(after.selected && after.selected.title, title, 'its card opens');

      const list = await (await fetch(server.url + '/api/v1/tenants/toulouse/proposals?per_page=1000')).json();
      const mine = list.items.find((p) => p.title === title);
      assert.ok(mine, 'the server stored the proposal');
      assert.deepEqual(mine.district, { code: '31555', name: 'Toulouse' });
      assert.equal(mine.estimated_cost, 12000);
      assert.equal(mine.description, 'Deux bancs et un arbre.');
      assert.ok(Math.abs(mine.latitude - state.draft.latitude) < 1e-9);
      await page.waitForTimeout(300);
      await showWidget(page);
      await page.screenshot({ path: artifactPath(`map-sent-${viewport.name}.png`) });
      assert.deepEqual(errors, []);
    });
  });
}

test('typing on the host page is not taken by the map (Backspace included)', async (t) => {
  await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
    if (!(await hasTenantRoutes(server, t))) return;
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url + '/carte.html');
    await waitForWidget(page, "state.load === 'ready'");
    const zoom = (await widgetState(page)).view.zoom;
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.id = 'host-search';
      document.querySelector('main').prepend(input);
      input.focus();
    });
    await page.keyboard.type('jardin--');
    await page.keyboard.press('Backspace');
    assert.equal(await page.inputValue('#host-search'), 'jardin-');
    await page.waitForTimeout(200);
    assert.equal((await widgetState(page)).view.zoom, zoom, 'the map did not zoom out on "-"');
  });
});

test('keyboard only: a resident finds a proposal through the map’s mirror, then proposes one without pointing', async (t) => {
  await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
    if (!(await hasTenantRoutes(server, t))) return;
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(server.url + '/carte.html');
    await waitForWidget(page, "state.load === 'ready' && state.total > 0");
    await page.waitForTimeout(500); // the mirror follows the widget every 250 ms
    const stored = await (await fetch(server.url + '/api/v1/tenants/toulouse/proposals?per_page=1000')).json();
    const target = stored.items.find((p) => p.title === TARGET);

    // Narrow the list to a category with the keyboard (type-ahead in the drop-down list).
    await tabTo(page, 'select:Catégorie');
    await page.keyboard.type('Santé');
    let state = await waitForWidget(page, "state.filters.category === 'Santé'");
    assert.ok(state.shown < state.total, 'the filter narrowed the map');
    await page.waitForFunction((n) => document.querySelector('.quartier-mirror [role=status]').textContent
      .startsWith(n + (n > 1 ? ' propositions' : ' proposition')), state.shown);
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.quartier-mirror')).position), 'absolute');

    // The proposal, then its card on the map.
    await tabTo(page, `Voir sur la carte : ${TARGET}`);
    await page.screenshot({ path: artifactPath('map-mirror-desktop.png') });
    await page.keyboard.press('Enter');
    state = await waitForWidget(page, 'state.selected !== null');
    assert.equal(state.selected.id, target.id);
    assert.equal(state.selected.status, 'published');
    const canvas = await page.evaluate(() => {
      const r = window.quartier.widgets[0].element.querySelector('canvas').getBoundingClientRect();
      return { w: r.width, h: r.height };
    });
    const where = await page.evaluate(() => window.quartier.widgets[0].state().view);
    assert.ok(Math.abs(where.lat - target.latitude) < 0.05 && Math.abs(where.lon - target.longitude) < 0.05,
      'the map looks at the proposal');
    assert.ok(canvas.w > 0);
    // The card opens in place: focus moves to its close button, right after what was read.
    await page.waitForFunction(() => document.activeElement && document.activeElement.dataset.key === 'close-card');
    assert.equal(await focusedLabel(page), 'Fermer la fiche');

    // Propose: the district from a list, then the form's labelled fields.
    const submitted = page.evaluate(() => new Promise((resolve) => {
      window.quartier.widgets[0].element.addEventListener('quartier:proposal-submitted', (e) => resolve(e.detail), { once: true });
    }));
    await tabTo(page, 'Proposer un projet', { backwards: true });
    await page.keyboard.press('Enter');
    await waitForWidget(page, "state.mode === 'placing'");
    await tabTo(page, 'select:Quartier du projet');
    await page.keyboard.type('Toulouse');
    await tabTo(page, 'Placer le projet dans ce quartier');
    await page.keyboard.press('Enter');
    state = await waitForWidget(page, "state.mode === 'form'");
    assert.equal(state.draft.district, 'Toulouse');
    await tabTo(page, 'input:Titre (obligatoire)');
    await page.keyboard.type('Nichoirs au jardin des plantes');
    await tabTo(page, 'textarea:Description');
    await page.keyboard.type('Vingt nichoirs pour les mésanges.');
    await tabTo(page, 'select:Catégorie (obligatoire)');
    await page.keyboard.type('Cadre');
    await tabTo(page, 'input:Coût estimé en euros');
    await page.keyboard.type('2500');
    await waitForWidget(page, "state.draft.cost === '2500' && state.draft.category === 'Cadre de vie'");
    await tabTo(page, 'Envoyer ma proposition');
    await page.keyboard.press('Enter');
    const detail = await submitted;
    assert.equal(detail.tenant, 'toulouse');
    assert.equal(typeof detail.id, 'number');
    assert.equal(JSON.stringify(detail).includes('mésanges'), false, 'the host page gets no content');
    const list = await (await fetch(server.url + '/api/v1/tenants/toulouse/proposals?per_page=1000')).json();
    const mine = list.items.find((p) => p.id === detail.id);
    assert.ok(mine, 'the server has it');
    assert.equal(mine.title, 'Nichoirs au jardin des plantes');
    assert.equal(mine.district.name, 'Toulouse');
    // The thanks are read out politely.
    await page.waitForFunction(() => document.querySelector('.quartier-mirror [role=status]').textContent.includes('Merci'));
    assert.deepEqual(errors, []);
  });
});

test('the map’s mirror says what a screen reader needs: titles, costs, statuses and the count', async (t) => {
  await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
    if (!(await hasTenantRoutes(server, t))) return;
    const page = await browser.newPage({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 2 });
    await page.goto(server.url + '/carte.html');
    const state = await waitForWidget(page, "state.load === 'ready' && state.total > 0");
    // The titles the mirror lists come just after the map's points.
    await page.waitForFunction((title) => document.querySelector('.quartier-mirror').textContent.includes(title), TARGET,
      { timeout: 10000 });
    const heard = await page.evaluate(() => {
      const m = document.querySelector('.quartier-mirror');
      const status = m.querySelector('[role=status]');
      return { text: m.textContent, live: status.getAttribute('aria-live'), count: status.textContent,
        alertLive: m.querySelector('[role=alert]').getAttribute('aria-live'),
        buttons: [...m.querySelectorAll('button')].map((b) => b.textContent),
        selects: [...m.querySelectorAll('select')].map((s) => s.labels[0].firstChild.textContent) };
    });
    assert.equal(heard.live, 'polite');
    assert.equal(heard.alertLive, 'assertive');
    assert.equal(heard.count, `${state.total} propositions sur la carte.`);
    assert.ok(heard.text.includes(`${TARGET}. Santé, Toulouse. Coût estimé : 45\u202f000\u00a0€. Publiée.`), 'title, category, district, cost, status');
    assert.match(heard.text, /\d+ soutiens?\./);
    assert.ok(heard.buttons.includes('Proposer un projet'));
    assert.ok(heard.buttons.includes(`Voir sur la carte : ${TARGET}`));
    assert.deepEqual(heard.selects, ['Catégorie', 'Quartier', 'Statut', 'Couleur des repères']);
  });
});
