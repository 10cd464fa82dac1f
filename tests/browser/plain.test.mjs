// The plain-HTML pages with JavaScript switched off, as a resident with an old phone, a
// locked-down browser or a screen reader meets them on the demo site: from the site's
// "Version sans JavaScript" links, read the proposals and one of them, then vote with a demo
// voter code through the form — a refusal keeps the choices — and get a receipt (in no URL)
// that the town publishes after the close. A resident signs up, proposes an idea in a district,
// supports and reports another one, all through forms. axe-core finds no serious or critical
// violation on these pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, artifactPath, receiptsAfterClosing, axeViolations } from './harness.mjs';

const PROCESS = 'bp2022';

// The ids of the ballot's first n checkboxes, as the page lists them.
async function firstChoices(page, n) {
  return page.$$eval('#choix input[type=checkbox]', (boxes, k) => boxes.slice(0, k).map((b) => '#' + b.id), n);
}

for (const viewport of [{ name: 'phone', width: 360, height: 640 }, { name: 'desktop', width: 1280, height: 800 }]) {
  test(`without JavaScript, a resident reads proposals and votes through the plain form (${viewport.name})`, async () => {
    await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
      const context = await browser.newContext({ javaScriptEnabled: false, viewport, locale: 'fr-FR' });
      try {
        const page = await context.newPage();
        // The demo site's home page has no widget without JavaScript: it says so and links.
        await page.goto(server.url + '/');
        await page.getByRole('link', { name: 'Version sans JavaScript / accessible' }).first().click();
        await page.waitForURL(/\/simple\/toulouse\/propositions$/);
        assert.equal(await page.locator('h1').textContent(), 'Les propositions des habitants');
        assert.equal(await page.getAttribute('html', 'lang'), 'fr');
        await page.screenshot({ path: artifactPath(`plain-proposals-${viewport.name}.png`), fullPage: false });
        await page.getByRole('link', { name: 'Jardin partagé à Empalot' }).click();
        assert.equal(await page.locator('h1').textContent(), 'Jardin partagé à Empalot');
        assert.match(await page.locator('main').textContent(), /composteur collectif/);

        // The vote page's link leads to the plain ballot of the same process.
        await page.goto(server.url + '/vote.html');
        await page.getByRole('link', { name: 'Version sans JavaScript / accessible' }).first().click();
        await page.waitForURL(new RegExp(`/simple/toulouse/consultations/${PROCESS}/vote$`));
        assert.match(await page.locator('#choix-aide').textContent(), /de 1 à 3 projets/);
        await page.screenshot({ path: artifactPath(`plain-ballot-${viewport.name}.png`) });

        // Four projects where three at most are allowed: refused, the four stay ticked.
        const choices = await firstChoices(page, 4);
        for (const id of choices) await page.check(id);
        await page.getByLabel('Votre code de vote').fill('DEMO-0005');
        await page.getByRole('button', { name: 'Déposer mon bulletin' }).click();
        const summary = page.locator('.error-summary');
        assert.match(await summary.textContent(), /Vous pouvez choisir au plus 3 projets\./);
        assert.match(await page.title(), /^Erreur : /);
        for (const id of choices) assert.equal(await page.isChecked(id), true);
        assert.equal(await page.getByLabel('Votre code de vote').inputValue(), 'DEMO-0005');
        await page.screenshot({ path: artifactPath(`plain-ballot-refused-${viewport.name}.png`) });
        // The summary's link leads to the choices.
        await summary.getByRole('link').first().click();
        assert.equal(await page.evaluate(() => location.hash), choices[0]);

        await page.uncheck(choices[3]);
        await page.getByRole('button', { name: 'Déposer mon bulletin' }).click();
        await page.locator('h1', { hasText: 'Votre bulletin est enregistré' }).waitFor();
        const receipt = (await page.locator('.receipt').textContent()).trim();
        assert.match(receipt, /^[0-9a-f]{64}$/);
        // The receipt page answers the form itself: the receipt is in no URL (history, proxy logs).
        assert.ok(!page.url().includes(receipt), 'the receipt is not in the address');
        await page.screenshot({ path: artifactPath(`plain-receipt-${viewport.name}.png`) });
        // The receipt is published after the close.
        assert.ok((await receiptsAfterClosing(server, PROCESS)).includes(receipt), 'the receipt is in the published list');
      } finally {
        await context.close();
      }
    });
  });
}

test('without JavaScript, a resident signs up, proposes an idea in a district, supports and reports another one', async () => {
  await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 640 }, locale: 'fr-FR' });
    try {
      const page = await context.newPage();
      await page.goto(server.url + '/simple/toulouse/propositions');
      // Signed out, proposing leads to the sign-in page, which comes back to the form.
      await page.getByRole('main').getByRole('link', { name: 'Proposer une idée' }).click();
      await page.waitForURL(/\/simple\/toulouse\/connexion\?retour=/);
      assert.equal(await page.locator('h1').textContent(), 'Se connecter');
      await page.locator('#nouvel-email').fill('habitante@exemple.test');
      await page.locator('#nouveau-mot-de-passe').fill('court');
      await page.getByRole('button', { name: 'Créer mon compte' }).click();
      assert.match(await page.locator('.error-summary').textContent(), /Le mot de passe doit compter au moins 10 caractères\./);
      assert.equal(await page.locator('#nouvel-email').inputValue(), 'habitante@exemple.test');
      await page.locator('#nouveau-mot-de-passe').fill('un mot de passe solide');
      await page.getByRole('button', { name: 'Créer mon compte' }).click();
      await page.waitForURL(/\/simple\/toulouse\/propositions\/nouvelle$/);
      assert.equal(await page.locator('h1').textContent(), 'Proposer une idée');

      // A title too short: refused next to the field, the rest kept.
      await page.getByLabel('Titre (obligatoire)').fill('Ab');
      await page.getByLabel('Description').fill('Des bancs à l’ombre des platanes, près de l’arrêt de bus.');
      await page.getByLabel('Catégorie (obligatoire)').selectOption({ label: 'Cadre de vie' });
      const district = page.getByLabel('Quartier (obligatoire)');
      await district.selectOption({ index: 1 });
      const districtName = (await district.locator('option:checked').textContent()).trim();
      await page.getByRole('button', { name: 'Envoyer ma proposition' }).click();
      assert.match(await page.title(), /^Erreur : /);
      await page.locator('.error-summary a[href="#titre"]').waitFor();
      assert.equal(await page.getByLabel('Titre (obligatoire)').getAttribute('aria-invalid'), 'true');
      assert.match(await page.getByLabel('Description').inputValue(), /platanes/);
      assert.equal((await district.locator('option:checked').textContent()).trim(), districtName);
      await page.screenshot({ path: artifactPath('plain-propose-refused-phone.png'), fullPage: true });
      await page.getByLabel('Titre (obligatoire)').fill('Des bancs à l’ombre');
      await page.getByRole('button', { name: 'Envoyer ma proposition' }).click();
      await page.waitForURL(/\/simple\/toulouse\/propositions\/[0-9]+\?fait=proposition$/);
      assert.equal(await page.locator('h1').textContent(), 'Des bancs à l’ombre');
      assert.match(await page.locator('.notice').textContent(), /Votre proposition est enregistrée/);
      assert.match(await page.locator('main').textContent(), new RegExp('Quartier' + districtName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      await page.screenshot({ path: artifactPath('plain-proposed-phone.png'), fullPage: true });

      // Another resident's proposal: supported once, then reported.
      await page.goto(server.url + '/simple/toulouse/propositions/1');
      const before = await page.locator('dt:text("Soutiens") + dd').textContent();
      await page.getByRole('button', { name: 'Soutenir cette proposition' }).click();
      await page.waitForURL(/\?fait=soutien$/);
      assert.equal(await page.locator('.notice').textContent(), 'Votre soutien est compté.');
      assert.equal(Number(await page.locator('dt:text("Soutiens") + dd').textContent()), Number(before) + 1);
      assert.match(await page.locator('main').textContent(), /Vous soutenez cette proposition\./);
      await page.locator('#signaler summary').click();
      await page.getByLabel('Motif').selectOption({ label: 'Hors sujet' });
      await page.getByLabel('Précisions (facultatif)').fill('Cela concerne une autre commune.');
      await page.getByRole('button', { name: 'Signaler', exact: true }).click();
      await page.waitForURL(/\?fait=signalement$/);
      assert.match(await page.locator('.notice').textContent(), /Votre signalement est transmis aux modérateurs/);

      // Her own proposals, with where each stands.
      await page.getByRole('link', { name: 'Mes propositions' }).first().click();
      assert.match(await page.locator('main').textContent(), /Des bancs à l’ombre\s*État : /);
      await page.getByRole('button', { name: 'Se déconnecter' }).click();
      await page.waitForURL(/\/simple\/toulouse$/);
      assert.equal(await page.getByRole('link', { name: 'Se connecter' }).count(), 1);
    } finally {
      await context.close();
    }
  });
});

test('axe finds no serious or critical violation on the plain pages, refusals included', async () => {
  await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
    // Scripts on only for axe itself: the pages have none, and their Content-Security-Policy
    // forbids any, so axe is let in past it.
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    const scripts = [];
    page.on('request', (r) => { if (r.resourceType() === 'script' && !r.url().startsWith('data:')) scripts.push(r.url()); });
    for (const path of ['/simple/toulouse', '/simple/toulouse/propositions', '/simple/toulouse/propositions/1',
      `/simple/toulouse/consultations/${PROCESS}`, `/simple/toulouse/consultations/${PROCESS}/projets/1`,
      `/simple/toulouse/consultations/${PROCESS}/vote`, `/simple/toulouse/consultations/${PROCESS}/vote?lang=en`]) {
      await page.goto(server.url + path);
      assert.deepEqual(await axeViolations(page), [], path);
    }
    assert.deepEqual(scripts, [], 'the plain pages load no script');
    // The published budget shows its outcome: the funded projects of the real 2022 count.
    await page.goto(server.url + '/simple/toulouse/consultations/bp2022-resultats?lang=fr');
    assert.match(await page.locator('main').textContent(), /4\u202f532 bulletins dépouillés\. 81 projets retenus/);
    assert.equal(await page.locator('h2 + p + ol.items > li').count(), 81);
    assert.deepEqual(await axeViolations(page), [], 'results');
    // A refused ballot: the error summary, the invalid field and the kept choices.
    await page.goto(server.url + `/simple/toulouse/consultations/${PROCESS}/vote?lang=fr`);
    await page.locator('#choix input[type=checkbox]').first().check();
    await page.getByLabel('Votre code de vote').fill('PAS-UN-CODE');
    await page.getByRole('button', { name: 'Déposer mon bulletin' }).click();
    assert.match(await page.locator('.error-summary').textContent(), /Ce code n’est pas valable pour ce vote/);
    assert.equal(await page.getByLabel('Votre code de vote').getAttribute('aria-invalid'), 'true');
    assert.deepEqual(await axeViolations(page), [], 'refused ballot');
    // A resident's pages: sign-in refused, the proposal form refused, her proposals, a
    // proposal with its support and report forms.
    await page.goto(server.url + '/simple/toulouse/connexion?lang=fr');
    assert.deepEqual(await axeViolations(page), [], 'sign-in');
    await page.locator('#email').fill('personne@exemple.test');
    await page.locator('#mot-de-passe').fill('pas le bon mot de passe');
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await page.locator('.error-summary').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'sign-in refused');
    await page.locator('#nouvel-email').fill('axe@exemple.test');
    await page.locator('#nouveau-mot-de-passe').fill('un mot de passe solide');
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.goto(server.url + '/simple/toulouse/propositions/nouvelle?lang=fr');
    assert.deepEqual(await axeViolations(page), [], 'proposal form');
    await page.getByRole('button', { name: 'Envoyer ma proposition' }).click();
    await page.locator('.error-summary').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'proposal refused');
    for (const path of ['/simple/toulouse/mes-propositions?lang=fr', '/simple/toulouse/propositions/1?fait=soutien&lang=fr',
      '/simple/toulouse/propositions/1?lang=en']) {
      await page.goto(server.url + path);
      assert.deepEqual(await axeViolations(page), [], path);
    }
  });
});
