// The proposals widget end to end: the real server, the real page, chromium. A resident
// reads the demo proposals, opens the form, types, clicks "send", and the server has it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  root, startServer, launchBrowser, withServerAndBrowser, waitForWidget, widgetState, clickControl, artifactPath, tabTo,
} from './harness.mjs';

for (const viewport of [{ name: 'desktop', width: 1280, height: 800 }, { name: 'phone', width: 360, height: 640 }]) {
  test(`a resident submits a proposal from the demo page (${viewport.name})`, async () => {
    await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
      const page = await browser.newPage({ viewport, deviceScaleFactor: viewport.name === 'phone' ? 2 : 1 });
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(server.url + '/');

      const loaded = await waitForWidget(page, "state.load === 'ready'");
      assert.ok(loaded.proposals.some((p) => p.title === 'Création d’abris pour la faune'),
        'the demo proposals, accents included, are listed');
      await page.waitForTimeout(300);
      await page.screenshot({ path: artifactPath(`proposals-list-${viewport.name}.png`) });

      await clickControl(page, 'propose');
      await waitForWidget(page, "state.screen === 'form'");

      const title = `Bancs a l'ombre rue de Metz ${viewport.name}`;
      await clickControl(page, 'title');
      await page.keyboard.type(title, { delay: 10 });
      await clickControl(page, 'description');
      await page.keyboard.type('Trois bancs et deux arbres.', { delay: 5 });
      await clickControl(page, 'category-0');
      await clickControl(page, 'cost');
      await page.keyboard.type('12000', { delay: 10 });
      await waitForWidget(page, `state.draft.title === ${JSON.stringify(title)} && state.draft.cost === '12000'`);
      await page.screenshot({ path: artifactPath(`proposals-form-${viewport.name}.png`) });

      await clickControl(page, 'submit');
      const after = await waitForWidget(page, "state.screen === 'list' && state.notice !== ''");
      assert.equal(after.proposals[0].title, title);
      assert.equal(after.form_error, null);

      const stored = await (await fetch(server.url + '/api/v1/proposals')).json();
      const mine = stored.items.find((p) => p.title === title);
      assert.ok(mine, 'the server stored the proposal');
      assert.equal(mine.estimated_cost, 12000);
      assert.equal(mine.category, 'cadre-de-vie'); // the commune's own category, by its id
      assert.equal(mine.description, 'Trois bancs et deux arbres.');

      await page.waitForTimeout(300);
      await page.screenshot({ path: artifactPath(`proposals-sent-${viewport.name}.png`) });
      assert.deepEqual(errors, []);
    });
  });
}

test('a refused submission shows the server-side reason next to the field and keeps the draft', async () => {
  await withServerAndBrowser({}, async ({ server, browser }) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url + '/');
    await waitForWidget(page, "state.load === 'ready'");
    await clickControl(page, 'propose');
    await waitForWidget(page, "state.screen === 'form'");
    await clickControl(page, 'title');
    await page.keyboard.type('ab');
    await clickControl(page, 'submit');
    const state = await waitForWidget(page, 'state.form_error !== null');
    assert.equal(state.form_error.field, 'title');
    assert.equal(state.form_error.message, 'Le titre doit compter au moins 3 caractères.');
    assert.equal(state.screen, 'form');
    assert.equal(state.draft.title, 'ab');
    const stored = await (await fetch(server.url + '/api/v1/proposals')).json();
    assert.equal(stored.total, 0);
  });
});

test('keyboard only: the list is read through the mirror and a proposal is sent from it; the page hears of it', async () => {
  await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url + '/');
    const loaded = await waitForWidget(page, "state.load === 'ready'");
    await page.waitForTimeout(500); // the mirror follows the widget every 250 ms
    const heard = await page.evaluate(() => document.querySelector('.quartier-mirror').textContent);
    assert.ok(heard.includes('Création d’abris pour la faune.'), 'titles are read');
    assert.ok(heard.includes(`${loaded.proposals.length} propositions.`), 'the count is read');
    const withCost = loaded.proposals.find((p) => p.estimated_cost > 0);
    if (withCost) assert.ok(heard.includes(`Coût estimé : ${new Intl.NumberFormat('fr-FR').format(withCost.estimated_cost).replace(/\s/g, '\u202f')}\u00a0€`), 'costs are read as euros');

    const submitted = page.evaluate(() => new Promise((resolve) => {
      document.addEventListener('quartier:proposal-submitted', (e) => resolve(e.detail), { once: true });
    }));
    await tabTo(page, 'Proposer un projet');
    await page.keyboard.press('Enter');
    await waitForWidget(page, "state.screen === 'form'");
    await tabTo(page, 'input:Titre (obligatoire)');
    await page.keyboard.type('Ab');
    await tabTo(page, 'Envoyer ma proposition');
    await page.keyboard.press('Enter');
    // Refused here: an assertive alert, and the field says why.
    await page.waitForFunction(() => document.querySelector('.quartier-mirror [role=alert]').textContent !== '');
    const invalid = await page.evaluate(() => {
      const f = document.querySelector('.quartier-mirror input[aria-invalid=true]');
      return f && f.labels[0].firstChild.textContent;
    });
    assert.equal(invalid, 'Titre (obligatoire)');
    await tabTo(page, 'input:Titre (obligatoire)', { backwards: true });
    await page.keyboard.press('End');
    await page.keyboard.type('ri à vélos couvert');
    await tabTo(page, 'select:Catégorie (obligatoire)');
    await page.keyboard.type('Mobi');
    await tabTo(page, 'input:Coût estimé en euros');
    await page.keyboard.type('9000');
    await waitForWidget(page, "state.draft.title === 'Abri à vélos couvert' && state.draft.category === 'Mobilités' && state.draft.cost === '9000'");
    await tabTo(page, 'Envoyer ma proposition');
    await page.keyboard.press('Enter');
    const detail = await submitted;
    assert.equal(typeof detail.id, 'number');
    assert.deepEqual(Object.keys(detail).sort(), ['id', 'status', 'tenant']);
    const after = await waitForWidget(page, "state.screen === 'list' && state.notice !== ''");
    assert.equal(after.proposals[0].id, detail.id);
    await page.waitForFunction(() => document.querySelector('.quartier-mirror [role=status]').textContent.includes('Merci'));
  });
});

// A commune other than the demo one, made through the API as a new commune would be: its own
// categories, centre and districts (Angers and two neighbours, INSEE outlines). Its site embeds
// the proposals widget with data-tenant; a resident proposes in one of its categories.
test('on another commune\'s site (data-tenant), the widget lists its proposals and sends one in its own category', async () => {
  const site = mkdtempSync(path.join(tmpdir(), 'quartier-angers-site-'));
  cpSync(path.join(root, 'site'), site, { recursive: true });
  writeFileSync(path.join(site, 'angers.html'), `<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Angers participe</title><script src="embed.js" defer></script></head><body>
<div data-quartier="proposals" data-tenant="angers" data-lang="fr" style="height:720px"></div></body></html>`);
  const server = await startServer({ demo: true, site });
  let browser;
  try {
    const call = async (method, url, body, token) => {
      const r = await fetch(server.url + '/api/v1' + url, {
        method, body: body && JSON.stringify(body),
        headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      });
      return { status: r.status, body: await r.json() };
    };
    const admin = (await call('POST', '/auth/login', { email: 'admin@quartier.demo', password: 'quartier-demo' })).body.token;
    const maineEtLoire = JSON.parse(readFileSync(path.join(root, 'tests/data/geo/communes-49-maine-et-loire.geojson'), 'utf8'));
    const districts = { type: 'FeatureCollection',
      features: maineEtLoire.features.filter((f) => ['Angers', 'Avrillé', 'Trélazé'].includes(f.properties.nom)) };
    assert.equal(districts.features.length, 3);
    const created = await call('POST', '/tenants', {
      slug: 'angers', name: 'Angers', center: [47.4736, -0.5541], districts,
      categories: [
        { id: 'mobilite', fr: 'Mobilités douces', en: 'Active travel' },
        { id: 'nature', fr: 'Nature en ville', en: 'Nature in town' },
        { id: 'jeunesse', fr: 'Jeunesse et sport', en: 'Youth and sport' },
      ],
    }, admin);
    assert.equal(created.status, 201);
    const seeded = await call('POST', '/tenants/angers/proposals', {
      title: 'Une piste cyclable boulevard Foch', category: 'mobilite', latitude: 47.4697, longitude: -0.5480,
    });
    assert.equal(seeded.status, 201);

    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(server.url + '/angers.html');
    const loaded = await waitForWidget(page, "state.load === 'ready' && state.categories.length === 3");
    assert.equal(loaded.tenant, 'angers');
    assert.deepEqual(loaded.proposals.map((p) => p.title), ['Une piste cyclable boulevard Foch'], 'Angers\'s proposals, not Toulouse\'s');
    assert.deepEqual(loaded.categories, ['Mobilités douces', 'Nature en ville', 'Jeunesse et sport']);
    assert.deepEqual(loaded.center, [47.4736, -0.5541]);
    await page.waitForTimeout(500); // the mirror follows the widget every 250 ms
    const heard = await page.evaluate(() => document.querySelector('.quartier-mirror').textContent);
    assert.ok(heard.includes('Une piste cyclable boulevard Foch. Mobilités douces.'), 'the category by its label: ' + heard);
    assert.ok(heard.includes('1 proposition.'));

    await clickControl(page, 'propose');
    const form = await waitForWidget(page, "state.screen === 'form'");
    assert.equal(form.draft.latitude, 47.4736, 'the form opens at Angers\'s centre');
    assert.equal(form.draft.longitude, -0.5541);
    const title = 'Des arbres place du Ralliement';
    await clickControl(page, 'title');
    await page.keyboard.type(title, { delay: 10 });
    await clickControl(page, 'description');
    await page.keyboard.type('De l’ombre pour les terrasses.', { delay: 5 });
    await clickControl(page, 'category-1');
    await clickControl(page, 'cost');
    await page.keyboard.type('25000', { delay: 10 });
    await waitForWidget(page, `state.draft.title === ${JSON.stringify(title)} && state.draft.category === 'Nature en ville' && state.draft.cost === '25000'`);
    await page.screenshot({ path: artifactPath('proposals-angers-form.png') });
    await clickControl(page, 'submit');
    const after = await waitForWidget(page, "state.screen === 'list' && state.notice !== ''");
    assert.equal(after.form_error, null);
    assert.equal(after.proposals[0].title, title);

    const angers = (await call('GET', '/tenants/angers/proposals')).body.items;
    const mine = angers.find((p) => p.title === title);
    assert.ok(mine, 'stored in Angers');
    assert.equal(mine.category, 'nature');
    assert.equal(mine.estimated_cost, 25000);
    assert.equal(mine.district.name, 'Angers');
    const toulouse = (await call('GET', '/tenants/toulouse/proposals?per_page=1000')).body.items;
    assert.ok(!toulouse.some((p) => p.title === title), 'not in the demo commune');
    await page.waitForTimeout(300);
    await page.screenshot({ path: artifactPath('proposals-angers-sent.png') });
    assert.deepEqual(errors, []);
  } finally {
    if (browser) await browser.close();
    await server.stop();
    rmSync(site, { recursive: true, force: true });
  }
});
