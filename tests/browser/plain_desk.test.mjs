// The agents' desk on the plain pages with JavaScript switched off, as an agent at a town
// hall counter meets it: from the desk's address, sign in on the plain sign-in page and come
// back, enter the choices of a voter she helps with the voter's code, see it stored (the page
// says so and shows an empty form, never the code or the choices), then the same code refused
// in the API's words with what was entered kept. A resident gets a refusal page. axe-core
// finds no serious or critical violation on these pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, artifactPath, axeViolations } from './harness.mjs';

const DESK = '/simple/toulouse/consultations/bp2022/guichet';

// Signs in on the plain sign-in page the desk sent the browser to; back on the desk.
async function signInFromDesk(page, server, email, password) {
  await page.goto(server.url + DESK);
  await page.waitForURL(/\/simple\/toulouse\/connexion\?retour=/);
  await page.locator('#email').fill(email);
  await page.locator('#mot-de-passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
}

for (const viewport of [{ name: 'phone', width: 360, height: 640 }, { name: 'desktop', width: 1280, height: 800 }]) {
  test(`without JavaScript, an agent signs in and enters an assisted ballot at the plain desk (${viewport.name})`, async () => {
    await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
      const context = await browser.newContext({ javaScriptEnabled: false, viewport, locale: 'fr-FR' });
      try {
        const page = await context.newPage();
        await signInFromDesk(page, server, 'agent@quartier.demo', 'quartier-demo');
        await page.waitForURL(new RegExp(DESK.replace(/\//g, '\\/') + '$'));
        assert.match(await page.locator('h1').textContent(), /^Guichet : /);
        assert.equal(await page.locator('#choix legend').textContent(), 'Les choix de l’électeur');
        await page.screenshot({ path: artifactPath(`plain-desk-${viewport.name}.png`) });

        // Two projects and the voter's code: stored, and the page says so with an empty form.
        const boxes = await page.$$eval('#choix input[type=checkbox]', (b) => b.slice(0, 2).map((x) => '#' + x.id));
        for (const id of boxes) await page.check(id);
        await page.getByLabel('Code de l’électeur').fill('DEMO-0003');
        await page.getByRole('button', { name: 'Enregistrer le bulletin' }).click();
        await page.waitForURL(/\/guichet\?enregistre=1$/);
        const notice = page.locator('.notice[role=status]');
        assert.match(await notice.textContent(), /^Bulletin enregistré \(1 bulletin saisi/);
        for (const id of boxes) assert.equal(await page.isChecked(id), false);
        assert.equal(await page.getByLabel('Code de l’électeur').inputValue(), '');
        assert.ok(!(await page.locator('main').textContent()).includes('DEMO-0003'), 'no code on the confirmation');
        await page.screenshot({ path: artifactPath(`plain-desk-stored-${viewport.name}.png`) });

        // The same code again: refused in the API's words, the choices and the code kept.
        await page.check(boxes[1]);
        await page.getByLabel('Code de l’électeur').fill('DEMO-0003');
        await page.getByRole('button', { name: 'Enregistrer le bulletin' }).click();
        const summary = page.locator('.error-summary');
        assert.match(await summary.textContent(), /Ce code a déjà été utilisé\./);
        assert.match(await page.title(), /^Erreur : /);
        assert.equal(await page.isChecked(boxes[1]), true);
        assert.equal(await page.isChecked(boxes[0]), false);
        assert.equal(await page.getByLabel('Code de l’électeur').inputValue(), 'DEMO-0003');
        assert.equal(await page.getByLabel('Code de l’électeur').getAttribute('aria-invalid'), 'true');
        await page.screenshot({ path: artifactPath(`plain-desk-refused-${viewport.name}.png`) });
        // The summary's link leads to the code field.
        await summary.getByRole('link').first().click();
        assert.equal(await page.evaluate(() => location.hash), '#code');
        await page.screenshot({ path: artifactPath(`plain-desk-refused-code-${viewport.name}.png`) });
      } finally {
        await context.close();
      }
    });
  });
}

test('the plain desk refuses a resident; axe finds no serious or critical violation on the desk pages', async () => {
  await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
    // A resident, JavaScript off: a refusal page, no form.
    const plain = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 640 }, locale: 'fr-FR' });
    try {
      const page = await plain.newPage();
      await signInFromDesk(page, server, 'habitante@quartier.demo', 'quartier-demo');
      await page.waitForURL(new RegExp(DESK.replace(/\//g, '\\/') + '$'));
      assert.match(await page.locator('main').textContent(), /Cette page est réservée aux agents de la commune/);
      assert.equal(await page.locator('#code').count(), 0);
      await page.screenshot({ path: artifactPath('plain-desk-resident-phone.png') });
    } finally {
      await plain.close();
    }

    // Scripts on only for axe itself: the pages have none, and their Content-Security-Policy
    // forbids any, so axe is let in past it.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true, locale: 'fr-FR' });
    try {
      const page = await context.newPage();
      const scripts = [];
      page.on('request', (r) => { if (r.resourceType() === 'script' && !r.url().startsWith('data:')) scripts.push(r.url()); });
      await signInFromDesk(page, server, 'agent@quartier.demo', 'quartier-demo');
      await page.waitForURL(new RegExp(DESK.replace(/\//g, '\\/') + '$'));
      assert.deepEqual(await axeViolations(page), [], 'desk');
      await page.locator('#choix input[type=checkbox]').first().check();
      await page.getByLabel('Code de l’électeur').fill('PAS-UN-CODE');
      await page.getByRole('button', { name: 'Enregistrer le bulletin' }).click();
      assert.match(await page.locator('.error-summary').textContent(), /Ce code n’est pas valable pour ce vote/);
      assert.deepEqual(await axeViolations(page), [], 'desk refused');
      await page.getByLabel('Code de l’électeur').fill('DEMO-0004');
      await page.getByRole('button', { name: 'Enregistrer le bulletin' }).click();
      await page.waitForURL(/\/guichet\?enregistre=1$/);
      assert.deepEqual(await axeViolations(page), [], 'desk stored');
      await page.goto(server.url + DESK + '?lang=en');
      assert.equal(await page.locator('#choix legend').textContent(), 'The voter’s choices');
      assert.deepEqual(await axeViolations(page), [], 'desk in English');
      assert.deepEqual(scripts, [], 'the desk loads no script');
    } finally {
      await context.close();
    }
  });
});
