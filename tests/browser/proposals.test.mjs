// The proposals widget end to end: the real server, the real page, chromium. A resident
// reads the demo proposals, opens the form, types, clicks "send", and the server has it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  withServerAndBrowser, waitForWidget, widgetState, clickControl, artifactPath, tabTo,
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
      assert.equal(mine.category, 'Cadre de vie');
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
