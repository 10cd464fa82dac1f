// Comments end to end on the demo commune (issue #16): a resident comments on a proposal from
// the map's card (signed in through the host page's data-token), replies and edits from the
// plain page without JavaScript; another resident reports the comment from the proposals
// widget; the moderator hides it from the console's comment queue with 'h', and the audit log
// says so. Then the comment's text is gone for residents — in the map's card, the proposals
// widget, the plain page and the mirror — and the counts follow. axe stays clean.
// Screenshots of the card and the proposals widget's page at 1280×800 and 360×640.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  withServerAndBrowser, waitForWidget, widgetState, clickControl, artifactPath, axeViolations,
} from './harness.mjs';

const TARGET = 'Fontaines à boire dans le centre-ville';
const PASSWORD = 'quartier-demo';
const FIRST = 'Une fontaine près de l’école serait précieuse en été.';
const EDITED = 'Une fontaine près de l’école serait précieuse en été, et au marché aussi.';
const REPLY = 'D’accord, et près du gymnase aussi.';

async function api(server, method, path, body, token) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const r = await fetch(server.url + '/api/v1' + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

// A page of the demo site with a resident signed in on the host's side: its widget carries
// data-token, as a commune's own site would hand it over.
async function pageAs(browser, server, file, token, viewport = { width: 1280, height: 800 }) {
  const phone = viewport.width < 500;
  const context = await browser.newContext({ viewport, deviceScaleFactor: phone ? 2 : 1, hasTouch: phone, locale: 'fr-FR' });
  await context.route(server.url + file, async (route) => {
    const r = await route.fetch();
    let html = await r.text();
    if (token) html = html.replace(/data-quartier="(\w+)"/, `data-quartier="$1" data-token="${token}"`);
    await route.fulfill({ response: r, body: html });
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(server.url + file);
  page.errors = errors;
  return page;
}

// Presses a button of widget 0's accessible mirror (what a keyboard or screen reader uses).
async function mirrorPress(page, label) {
  await page.waitForFunction((l) => [...document.querySelectorAll('.quartier-mirror button')]
    .some((b) => b.textContent === l), label, { timeout: 10000 });
  await page.evaluate((l) => [...document.querySelectorAll('.quartier-mirror button')]
    .find((b) => b.textContent === l).click(), label);
}

const mirrorItems = (page) => page.evaluate(() => [...document.querySelectorAll('.quartier-mirror li')].map((l) => l.textContent));

async function openCard(page, target) {
  await waitForWidget(page, "state.load === 'ready' && state.total > 0");
  await page.evaluate(() => window.quartier.widgets[0].element.scrollIntoView({ block: 'start' }));
  await mirrorPress(page, `Voir sur la carte : ${target.title}`);
  await waitForWidget(page, `state.selected && state.selected.id === ${target.id} && state.selected.title !== ''`);
  await clickControl(page, 'comments-open');
  return waitForWidget(page, "state.selected.thread && state.selected.thread.load === 'ready'");
}

test('a resident comments from the map’s card and the plain page, another reports it, the moderator hides it', async () => {
  await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
    const a = (await api(server, 'POST', '/auth/login', { email: 'habitante@quartier.demo', password: PASSWORD })).body.token;
    const reg = await api(server, 'POST', '/auth/register', { email: 'voisin@exemple.test', password: 'un mot de passe solide' });
    assert.equal(reg.status, 201);
    const b = reg.body.token;
    const list = await api(server, 'GET', '/tenants/toulouse/proposals?per_page=1000');
    const target = list.body.items.find((p) => p.title === TARGET);
    assert.ok(target, 'the demo proposal exists');
    assert.equal(target.comments, 0);

    // 1. Resident A comments from the map's card.
    let map = await pageAs(browser, server, '/carte.html', a);
    let state = await openCard(map, target);
    assert.equal(state.selected.thread.count, 0);
    assert.equal(state.selected.thread.signed_in, true);
    await clickControl(map, 'comment-text');
    await map.keyboard.type(FIRST, { delay: 2 });
    await clickControl(map, 'comment-post');
    state = await waitForWidget(map, 'state.selected.thread.count === 1');
    const comment = state.selected.thread.items[0];
    assert.equal(comment.body, FIRST);
    assert.equal(comment.mine, true);
    assert.equal(comment.editable, true, 'its author may still edit it');
    assert.equal(state.selected.comments, 1, 'the card counts it');
    await map.waitForTimeout(300);
    await map.screenshot({ path: artifactPath('comments-map-card-desktop.png') });
    assert.deepEqual(await axeViolations(map), []);
    assert.deepEqual(map.errors, []);
    await map.context().close();

    // 2. On the plain page, without JavaScript, A edits the comment and replies to it.
    const plain = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 640 }, locale: 'fr-FR' });
    const pp = await plain.newPage();
    const here = `/simple/toulouse/propositions/${target.id}`;
    await pp.goto(server.url + `/simple/toulouse/connexion?retour=${encodeURIComponent(here)}`);
    await pp.locator('#email').fill('habitante@quartier.demo');
    await pp.locator('#mot-de-passe').fill(PASSWORD);
    await pp.getByRole('button', { name: 'Se connecter' }).click();
    await pp.waitForURL(new RegExp(here.replace(/\//g, '\\/') + '$'));
    const item = pp.locator(`#commentaire-${comment.id}`);
    assert.match(await item.textContent(), /par vous/);
    await item.locator('summary', { hasText: 'Modifier mon commentaire' }).click();
    await pp.locator(`#modifier-${comment.id}`).fill(EDITED);
    await item.getByRole('button', { name: 'Enregistrer la modification' }).click();
    assert.match(await pp.locator('.notice').textContent(), /Votre commentaire est modifié\./);
    assert.match(await pp.locator(`#commentaire-${comment.id}`).textContent(), /modifié/);
    await pp.locator(`#commentaire-${comment.id} summary`, { hasText: 'Répondre à ce commentaire' }).click();
    await pp.locator(`#reponse-${comment.id}`).fill(REPLY);
    await pp.locator(`#commentaire-${comment.id}`).getByRole('button', { name: 'Répondre', exact: true }).click();
    assert.match(await pp.locator('.notice').textContent(), /Votre commentaire est publié\./);
    assert.match(await pp.locator('.comments').textContent(), new RegExp(REPLY));
    assert.match(await pp.locator('#commentaires').textContent(), /Commentaires \(2\)/);

    // 3. Resident B reads it in the proposals widget's page and reports it.
    let widget = await pageAs(browser, server, '/', b);
    await waitForWidget(widget, "state.load === 'ready' && state.proposals.length > 0");
    state = await widgetState(widget);
    assert.equal(state.proposals.find((p) => p.id === target.id).comments, 2, 'the list counts comments and replies');
    await clickControl(widget, `comments-${target.id}`);
    state = await waitForWidget(widget, "state.screen === 'detail' && state.thread.load === 'ready'");
    assert.equal(state.thread.items[0].body, EDITED);
    assert.equal(state.thread.items[0].replies[0].body, REPLY);
    assert.equal(state.thread.items[0].editable, false, 'not theirs: no edit');
    await widget.waitForTimeout(300);
    await widget.screenshot({ path: artifactPath('comments-proposals-desktop.png') });
    await clickControl(widget, `comment-report-${comment.id}`);
    await clickControl(widget, 'comment-reason-3'); // Hors sujet
    state = await waitForWidget(widget, "state.thread.notice !== ''");
    assert.match(state.thread.notice, /modérateurs/);
    assert.deepEqual(await axeViolations(widget), []);
    assert.deepEqual(widget.errors, []);
    await widget.context().close();

    // 4. The moderator hides it from the console's comment queue, with h.
    const mod = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await mod.goto(server.url + '/moderation.html');
    await waitForWidget(mod, "state.screen === 'sign_in'");
    await mod.evaluate(() => window.quartier.widgets[0].element.scrollIntoView({ block: 'start' }));
    await clickControl(mod, 'email');
    await mod.keyboard.type('moderation@quartier.demo', { delay: 5 });
    await clickControl(mod, 'password');
    await mod.keyboard.type(PASSWORD, { delay: 5 });
    await clickControl(mod, 'sign-in');
    await waitForWidget(mod, "state.screen === 'queue' && state.load === 'ready'");
    await clickControl(mod, 'kind-comments');
    state = await waitForWidget(mod, "state.kind === 'comments'");
    assert.equal(state.comment_current, comment.id, 'the reported comment is under review');
    assert.equal(state.comments[0].flags, 1);
    const read = await mirrorItems(mod);
    assert.ok(read.some((t) => t.includes(EDITED) && t.includes('1 signalement')), 'the mirror lists it with its report');
    await mod.waitForTimeout(300);
    await mod.screenshot({ path: artifactPath('comments-moderation-desktop.png') });
    await mod.keyboard.press('h');
    state = await waitForWidget(mod, `state.comments[0].status === 'hidden' && state.pending === 0`, 0, 20000);
    await clickControl(mod, 'audit');
    await mod.waitForFunction(() => [...document.querySelectorAll('.quartier-mirror li')]
      .some((l) => l.textContent.includes('a masqué un commentaire sur')), null, { timeout: 10000 });
    await mod.close();

    // 5. Gone for residents, everywhere; the counts follow (the reply stays).
    const thread = await api(server, 'GET', `/tenants/toulouse/proposals/${target.id}/comments`);
    assert.equal(thread.body.comments, 1);
    assert.equal(thread.body.items[0].status, 'hidden');
    assert.equal(thread.body.items[0].body, '');
    map = await pageAs(browser, server, '/carte.html', b);
    state = await openCard(map, target);
    assert.equal(state.selected.thread.count, 1);
    assert.equal(state.selected.thread.items[0].body, '');
    assert.match(state.selected.thread.items[0].meta, /masqué par la modération/);
    const texts = (await mirrorItems(map)).join('\n');
    assert.ok(!texts.includes(EDITED) && !texts.includes(FIRST), 'the mirror no longer has its text');
    assert.ok(texts.includes(REPLY), 'the reply is still there');
    assert.deepEqual(await axeViolations(map), []);
    await map.context().close();
    widget = await pageAs(browser, server, '/', b);
    await waitForWidget(widget, "state.load === 'ready' && state.proposals.length > 0");
    state = await widgetState(widget);
    assert.equal(state.proposals.find((p) => p.id === target.id).comments, 1);
    await widget.context().close();
    await pp.goto(server.url + here);
    const page = await pp.locator('#commentaires').locator('..').textContent();
    assert.ok(!page.includes(EDITED), 'the plain page no longer shows it');
    assert.match(page, /Commentaire masqué par la modération\./);
    assert.match(page, /Commentaires \(1\)/);
    await plain.close();
    // The plain page with the author's forms, checked by axe (which needs scripts to run).
    const checked = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true, locale: 'fr-FR' });
    const ap = await checked.newPage();
    await ap.goto(server.url + `/simple/toulouse/connexion?retour=${encodeURIComponent(here)}`);
    await ap.locator('#email').fill('habitante@quartier.demo');
    await ap.locator('#mot-de-passe').fill(PASSWORD);
    await ap.getByRole('button', { name: 'Se connecter' }).click();
    await ap.waitForURL(new RegExp(here.replace(/\//g, '\\/') + '$'));
    assert.match(await ap.locator('.comments').textContent(), /Supprimer mon commentaire/);
    assert.deepEqual(await axeViolations(ap), []);
    await checked.close();
  });
});

test('the map’s card and the proposals widget’s page with comments on a phone (360×640)', async () => {
  await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
    const a = (await api(server, 'POST', '/auth/login', { email: 'habitante@quartier.demo', password: PASSWORD })).body.token;
    const list = await api(server, 'GET', '/tenants/toulouse/proposals?per_page=1000');
    const target = list.body.items.find((p) => p.title === TARGET);
    const posted = await api(server, 'POST', `/tenants/toulouse/proposals/${target.id}/comments`, { body: FIRST }, a);
    assert.equal(posted.status, 201);
    await api(server, 'POST', `/tenants/toulouse/proposals/${target.id}/comments`, { body: REPLY, parent: posted.body.id }, a);
    const map = await pageAs(browser, server, '/carte.html', a, { width: 360, height: 640 });
    const state = await openCard(map, target);
    assert.equal(state.selected.thread.items[0].replies[0].body, REPLY);
    await map.waitForTimeout(300);
    await map.screenshot({ path: artifactPath('comments-map-card-phone.png') });
    await map.context().close();
    const widget = await pageAs(browser, server, '/', a, { width: 360, height: 640 });
    await waitForWidget(widget, "state.load === 'ready' && state.proposals.length > 0");
    await widget.evaluate(() => window.quartier.widgets[0].element.scrollIntoView({ block: 'start' }));
    await clickControl(widget, `comments-${target.id}`);
    await waitForWidget(widget, "state.screen === 'detail' && state.thread.load === 'ready'");
    await widget.waitForTimeout(300);
    await widget.screenshot({ path: artifactPath('comments-proposals-phone.png') });
    await widget.context().close();
  });
});
