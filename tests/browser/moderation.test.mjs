// The moderation console end to end, on the real demo commune: residents submit and report
// proposals through the API (as the map and proposals widgets do), a moderator signs in on
// the console, reviews the reported one (its reasons, its place on the map, the author's
// other submissions) and hides it with the keyboard ('h'); once the undo window has passed
// the resident's map (data-quartier="map") no longer shows it. On a phone the moderator
// hides with a finger on the button. Screenshots of the console are saved as artefacts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  apiStatusSoon,
  withServerAndBrowser, waitForWidget, widgetState, clickControl, tapControl, canvasPoint, artifactPath, tabTo, focusedLabel,
} from './harness.mjs';

const TARGET = 'Fontaines à boire dans le centre-ville';
const PASSWORD = 'quartier-demo';

async function api(server, method, path, body, token) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const r = await fetch(server.url + '/api/v1' + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

async function login(server, email) {
  const r = await api(server, 'POST', '/auth/login', { email, password: PASSWORD });
  assert.equal(r.status, 200, `login ${email}`);
  return r.body.token;
}

// A resident reports the demo proposal TARGET; residents submit a few new ones, one of them
// a near copy of another at the same place. Returns the target.
async function seed(server) {
  const resident = await login(server, 'habitante@quartier.demo');
  const list = await api(server, 'GET', '/tenants/toulouse/proposals?per_page=1000');
  const target = list.body.items.find((p) => p.title === TARGET);
  assert.ok(target, 'the demo proposal exists');
  const flag = await api(server, 'POST', `/tenants/toulouse/proposals/${target.id}/flags`,
    { reason: 'Ce projet reprend mot pour mot une publicité' }, resident);
  assert.equal(flag.status, 201);
  const submit = (title, lat, lon, token) => api(server, 'POST', '/tenants/toulouse/proposals', {
    title, description: 'Proposé par une habitante du quartier.', category: 'Cadre de vie',
    latitude: lat, longitude: lon, estimated_cost: 15000,
  }, token);
  assert.equal((await submit('Jardin partagé square Héraclès', 43.6035, 1.4425, resident)).status, 201);
  assert.equal((await submit('Un jardin partagé au square Héraclès', 43.6040, 1.4430)).status, 201);
  assert.equal((await submit('Bancs ombragés place du Capitole', 43.6045, 1.4440, resident)).status, 201);
  target.published = list.body.items.filter((p) => p.status === 'published').length;
  return target;
}

async function signIn(page, phone) {
  const press = phone ? tapControl : clickControl;
  await waitForWidget(page, "state.screen === 'sign_in'");
  await press(page, 'email');
  await page.keyboard.type('moderation@quartier.demo', { delay: 5 });
  await press(page, 'password');
  await page.keyboard.type(PASSWORD, { delay: 5 });
  await press(page, 'sign-in');
  return waitForWidget(page, "state.screen === 'queue' && state.load === 'ready' && state.queue.length > 0");
}

// Opens map groups (the largest first, as a person zooms where proposals are) until the
// proposal id has its own marker or no group is left; returns the presses made.
async function zoomToMarker(page, id, presses) {
  let state = await widgetState(page);
  const made = [];
  for (let i = 0; i < 8; i++) {
    if (presses ? i >= presses.length : state.visible.some((v) => v.id === id)) break;
    const groups = state.visible.filter((v) => v.count > 1).sort((a, b) => b.count - a.count);
    const at = presses ? presses[i] : groups[0] && { x: groups[0].x, y: groups[0].y };
    if (!at) break;
    made.push(at);
    const zoom = state.view.zoom;
    const p = await canvasPoint(page, 0, at);
    await page.mouse.move(p.x, p.y);
    await page.waitForTimeout(50);
    await page.mouse.down();
    await page.waitForTimeout(50);
    await page.mouse.up();
    state = await waitForWidget(page, `state.view.zoom > ${zoom}`);
  }
  return { state, presses: made };
}

async function openMap(browser, server) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url + '/carte.html');
  await waitForWidget(page, "state.load === 'ready' && state.total > 0");
  await page.evaluate(() => window.quartier.widgets[0].element.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(300);
  return page;
}

test('a resident reports a proposal, a moderator hides it with h on the console, the map no longer shows it', async () => {
  await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
    const target = await seed(server);

    // The resident's map shows the proposal, with its own marker once zoomed in.
    let map = await openMap(browser, server);
    const before = await widgetState(map);
    const found = await zoomToMarker(map, target.id);
    assert.ok(found.state.visible.some((v) => v.id === target.id), 'the map shows the reported proposal');
    const neighbours = found.state.visible.filter((v) => v.id !== target.id && v.count === 1).map((v) => v.id);
    await map.close();

    // The moderator signs in on the console; the reported proposal comes first, with its reason.
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(server.url + '/moderation.html');
    await waitForWidget(page, "state.screen === 'sign_in'");
    await page.evaluate(() => window.quartier.widgets[0].element.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: artifactPath('moderation-signin-desktop.png') });
    let state = await signIn(page, false);
    assert.equal(state.queue[0].id, target.id, 'the reported proposal heads the queue');
    assert.equal(state.queue[0].flags, 1);
    assert.equal(state.current, target.id);
    assert.equal(state.counts.published, target.published, 'counts per status are the commune’s');
    assert.equal(state.counts.submitted, 3);
    assert.equal(state.flagged, 1);
    assert.ok(Array.isArray(state.place), 'the proposal has its place for the map');
    state = await waitForWidget(page, 'state.districts_loaded > 0');
    const controls = await page.evaluate(() => window.quartier.widgets[0].controls());
    assert.ok(controls['place-map'] && controls['place-map'].visible, 'the small map shows the place');
    await page.waitForTimeout(300);
    await page.screenshot({ path: artifactPath('moderation-console-desktop.png') });

    // What a screen reader gets: the queue with the report reason, the actions, the reasons picker.
    const mirror = () => page.evaluate(() => {
      const root = document.querySelector('.quartier-mirror');
      return { buttons: [...root.querySelectorAll('button')].map((b) => b.textContent),
        items: [...root.querySelectorAll('li')].map((l) => l.textContent) };
    });
    let read = await mirror();
    for (const label of ['Approuver', 'Rejeter… (choisir un motif)', 'Masquer', 'Journal d’audit'])
      assert.ok(read.buttons.includes(label), `the mirror has "${label}"`);
    assert.ok(read.items.some((t) => t.startsWith(TARGET) && t.includes('1 signalement') &&
      t.includes('Ce projet reprend mot pour mot une publicité')), 'the queue item says why it was reported');
    await page.evaluate(() => [...document.querySelectorAll('.quartier-mirror button')]
      .find((b) => b.textContent.startsWith('Rejeter…')).click());
    read = await mirror();
    assert.ok(read.buttons.includes('Rejeter : Propos injurieux ou discriminatoires'), 'the reasons are buttons');
    await page.evaluate(() => [...document.querySelectorAll('.quartier-mirror button')]
      .find((b) => b.textContent.startsWith('Fermer les motifs')).click());

    // The new garden proposal lists its twin nearby as a likely duplicate, and its author's other one.
    const garden = state.queue.find((q) => q.title === 'Jardin partagé square Héraclès');
    const twin = state.queue.find((q) => q.title === 'Un jardin partagé au square Héraclès');
    await clickControl(page, `item-${garden.id}`);
    state = await waitForWidget(page, `state.current === ${garden.id}`);
    assert.deepEqual(state.duplicates, [twin.id]);
    assert.equal(state.same_author.length, 1, 'the same resident also proposed the benches');
    assert.ok(typeof state.author === 'string' && state.author.length === 32, 'a pseudonym, not an account');
    await page.waitForTimeout(200);
    await page.screenshot({ path: artifactPath('moderation-duplicates-desktop.png') });

    // Back to the reported one; 'h' hides it; the undo window passes; the server has it hidden.
    await clickControl(page, `item-${target.id}`);
    await waitForWidget(page, `state.current === ${target.id}`);
    await page.keyboard.press('h');
    state = await waitForWidget(page, 'state.pending === 1');
    assert.equal(state.queue.find((q) => q.id === target.id).status, 'hidden');
    await waitForWidget(page, 'state.pending === 0', 0, 15000);
    assert.equal(await apiStatusSoon(server, `/tenants/toulouse/proposals/${target.id}`, 404), 404);

    // The audit log has the action and its chain is intact.
    await clickControl(page, 'audit');
    state = await waitForWidget(page, "state.screen === 'audit' && state.audit_valid !== null");
    assert.equal(state.audit_valid, true);
    await page.waitForTimeout(200);
    await page.screenshot({ path: artifactPath('moderation-audit-desktop.png') });
    assert.deepEqual(errors, []);

    // The resident's map, reloaded: one proposal fewer, and where it stood only its neighbours.
    map = await openMap(browser, server);
    const after = await widgetState(map);
    assert.equal(after.total, before.total - 1);
    const replay = await zoomToMarker(map, target.id, found.presses);
    assert.ok(!replay.state.visible.some((v) => v.id === target.id), 'the hidden proposal is gone from the map');
    if (neighbours.length > 0)
      assert.ok(replay.state.visible.some((v) => neighbours.includes(v.id)), 'the same place, its neighbours still there');
  });
});

test('on a phone the console is one column and a finger hides a proposal with the button', async () => {
  await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
    const target = await seed(server);
    const page = await browser.newPage({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, hasTouch: true, isMobile: true });
    await page.goto(server.url + '/moderation.html');
    await waitForWidget(page, "state.screen === 'sign_in'");
    await page.evaluate(() => window.quartier.widgets[0].element.scrollIntoView({ block: 'start' }));
    let state = await signIn(page, true);
    assert.equal(state.current, target.id);
    await page.evaluate(() => window.quartier.widgets[0].element.scrollIntoView({ block: 'start' }));
    await page.waitForTimeout(300);
    const controls = await page.evaluate(() => window.quartier.widgets[0].controls());
    for (const id of ['approve', 'reject', 'hide']) {
      assert.ok(controls[id].visible, `${id} is in view`);
      assert.ok(controls[id].x >= 0 && controls[id].x + controls[id].w <= 360.5, `${id} within the screen`);
      assert.ok(controls[id].h >= 44, `${id} is finger-sized`);
    }
    await page.screenshot({ path: artifactPath('moderation-console-phone.png') });
    await tapControl(page, 'hide');
    state = await waitForWidget(page, 'state.pending === 1');
    await page.waitForTimeout(200);
    await page.screenshot({ path: artifactPath('moderation-undo-phone.png') });
    await waitForWidget(page, 'state.pending === 0', 0, 15000);
    assert.equal(await apiStatusSoon(server, `/tenants/toulouse/proposals/${target.id}`, 404), 404);
  });
});

// The sign-in as a moderator types it: the address, Tab, the password, Enter. The password
// typed after Tab must reach the login (it used to go nowhere: the login went out with an
// empty password). Then the audit log reads as sentences, not action ids.
test('a moderator signs in by typing the e-mail, Tab, the password and Enter; the audit log reads as sentences', async () => {
  await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
    const moderator = await login(server, 'moderation@quartier.demo');
    const list = await api(server, 'GET', '/tenants/toulouse/proposals?per_page=1000');
    const target = list.body.items.find((p) => p.title === TARGET);
    const hidden = await api(server, 'POST', `/tenants/toulouse/moderation/proposals/${target.id}/hide`,
      { reason: 'Publicité déguisée' }, moderator);
    assert.equal(hidden.status, 200);

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const logins = [];
    page.on('request', (r) => { if (r.url().endsWith('/auth/login')) logins.push(JSON.parse(r.postData())); });
    await page.goto(server.url + '/moderation.html');
    await waitForWidget(page, "state.screen === 'sign_in'");
    await clickControl(page, 'email');
    await page.keyboard.type('moderation@quartier.demo');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    const state = await waitForWidget(page, "state.screen === 'queue' && state.load === 'ready'");
    assert.equal(logins.length, 1);
    assert.deepEqual(logins[0], { email: 'moderation@quartier.demo', password: PASSWORD });
    assert.equal(state.error ?? null, null);

    await clickControl(page, 'audit');
    await waitForWidget(page, "state.screen === 'audit'");
    await page.waitForFunction((t) => document.querySelector('.quartier-mirror').textContent.includes(t),
      `a masqué la proposition « ${TARGET} » — Publicité déguisée.`, { timeout: 10000 });
    const log = await page.evaluate(() => document.querySelector('.quartier-mirror').textContent);
    assert.ok(!log.includes('proposal.hide'), 'no action ids: ' + log);
  });
});

// A long queue through the accessible copy: the list comes 50 at a time, and turning a page
// is said — focus goes to the new page's heading, which a screen reader reads, instead of
// staying on a button whose label silently changed (RGAA 7.4, issue 18).
test('in the accessible copy, turning a page of the queue moves focus to the new page and says which', async () => {
  await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
    const items = [];
    for (let i = 1; i <= 120; i++) {
      items.push({ id: i, title: `Proposition ${i} : un banc près de l’école`, description: 'Une idée.', category: 'Cadre de vie',
        status: 'submitted', flags: 0, district: 'Capitole', created_at: '2026-03-01T10:00:00Z', reasons: [] });
    }
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
    await page.route('**/moderation/queue', (route) => route.fulfill({ status: 200, contentType: 'application/json',
      body: JSON.stringify({ items, total: items.length }) }));
    await page.goto(server.url + '/moderation.html');
    await signIn(page, false);
    await page.evaluate(() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); });
    await tabTo(page, 'Propositions suivantes (51 à 100)', { max: 200 });
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement && document.activeElement.textContent === 'Propositions 51 à 100 sur 120');
    assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H3');
    // Tab from there goes on through the new page's proposals.
    await page.keyboard.press('Tab');
    assert.equal(await focusedLabel(page), 'Examiner Proposition 51 : un banc près de l’école');
  });
});
