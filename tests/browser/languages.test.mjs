// A third language from the catalogs alone (po/es.po): the ballot widget written with
// data-lang="es" fetches only the Spanish catalog and shows and announces its words in
// Spanish, numbers and amounts the Spanish way; the plain pages offer "Español" in their
// header and answer in it, and a French page switches to it by that link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, waitForWidget, artifactPath, axeViolations } from './harness.mjs';

test('a widget in Spanish fetches its one catalog and speaks Spanish, in the canvas and the mirror', async () => {
  await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'es-ES' });
    try {
      const page = await context.newPage();
      // The demo's vote page, as a Spanish-speaking commune's site would write it.
      await page.route(server.url + '/vote.html', async (route) => {
        const response = await route.fetch();
        const body = (await response.text()).replace('data-lang="fr"', 'data-lang="es"').replace('<html lang="fr"', '<html lang="es"');
        await route.fulfill({ response, body });
      });
      const catalogs = [];
      page.on('response', (r) => { if (r.url().includes('/api/v1/catalogs/')) catalogs.push({ url: r.url(), status: r.status() }); });
      await page.goto(server.url + '/vote.html');
      const ready = await waitForWidget(page, "state.load === 'ready'");
      assert.equal(ready.lang, 'es');
      assert.deepEqual(catalogs.map((c) => [c.url.replace(server.url, ''), c.status]), [['/api/v1/catalogs/es.mo', 200]],
        'only the Spanish catalog is fetched');

      // The mirror (what a screen reader reads, beside the canvas) is in Spanish: the region,
      // the rules, the counter, the code's field.
      await page.getByRole('region', { name: 'Papeleta de votación' }).waitFor({ state: 'attached', timeout: 20000 });
      await page.waitForFunction(() => document.querySelector('[data-quartier="ballot"]').textContent.includes('Elija'),
        null, { timeout: 20000 });
      const text = await page.locator('[data-quartier="ballot"]').textContent();
      assert.match(text, /Elija de 1 a 3 proyectos que apoya\./, 'the rules, from the catalog with their values');
      assert.match(text, /0 proyectos elegidos de 3/, 'the counter, with Spanish plural');
      assert.match(text, /4\.000\u00a0€/, 'amounts the Spanish way');
      assert.match(text, /Elegir Création d’abris pour la faune/, "a project's button: the catalog's words, the commune's name");
      assert.doesNotMatch(text, /Choisissez|Votre code|Bulletin de vote/, 'no French left where the catalog has the words');
      await page.screenshot({ path: artifactPath('ballot-es-1280.png') });
    } finally {
      await context.close();
    }
  });
});

test('the plain pages offer Spanish and switch to it, every word from the catalog', async () => {
  await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 640 }, locale: 'fr-FR' });
    try {
      const page = await context.newPage();
      await page.goto(server.url + '/simple/toulouse/consultations/bp2022/vote');
      assert.equal(await page.getAttribute('html', 'lang'), 'fr');
      const header = page.locator('header nav');
      assert.equal(await header.getByRole('link', { name: 'English' }).getAttribute('hreflang'), 'en');
      await header.getByRole('link', { name: 'Español' }).click();
      await page.waitForURL(/lang=es/);
      assert.equal(await page.getAttribute('html', 'lang'), 'es');
      assert.equal(await page.getByRole('button', { name: 'Depositar mi papeleta' }).count(), 1);
      assert.equal(await page.getByLabel('Su código de voto').count(), 1);
      assert.equal(await page.getByRole('link', { name: 'Ir al contenido' }).count(), 1);
      // French and English stay one link away, each named in itself.
      assert.equal(await header.getByRole('link', { name: 'Français' }).getAttribute('lang'), 'fr');
      await page.screenshot({ path: artifactPath('plain-ballot-es-360.png') });

      // A browser asking for Spanish first gets it without choosing.
      const spanish = await browser.newContext({ javaScriptEnabled: false, locale: 'es-ES', extraHTTPHeaders: { 'Accept-Language': 'es-ES,es;q=0.9' } });
      const p2 = await spanish.newPage();
      await p2.goto(server.url + '/simple/toulouse/propositions');
      assert.equal(await p2.getAttribute('html', 'lang'), 'es');
      assert.equal(await p2.locator('h1').textContent(), 'Las propuestas de los vecinos');
      await spanish.close();

      // axe on the Spanish pages (scripts on for axe alone, past the pages' CSP).
      const checker = await browser.newPage({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
      for (const path of ['/simple/toulouse?lang=es', '/simple/toulouse/propositions?lang=es',
        '/simple/toulouse/consultations/bp2022/vote?lang=es']) {
        await checker.goto(server.url + path);
        assert.equal(await checker.getAttribute('html', 'lang'), 'es');
        assert.deepEqual(await axeViolations(checker), [], path);
      }
      await checker.close();
    } finally {
      await context.close();
    }
  });
});
