// Widgets embedded on a commune's own site, which lives on another origin than the Quartier
// server: a host page served from a second loopback port shows two widgets that talk to the
// API across origins (CORS, the commune's allow-list); a page from an origin off the list
// shows in each widget, in words, that this site is not allowed — not a generic failure —
// and a widget pointed at a server that does not answer says that instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { withServerAndBrowser, waitForWidget, artifactPath } from './harness.mjs';

/** A tiny static server on a free loopback port answering every path with html. */
async function hostSite(html) {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

function hostPage(api, lang, extra = '') {
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><title>Mairie de démonstration</title>
<script src="${api}/embed.js" defer data-tenant="toulouse"></script></head>
<body style="font-family: sans-serif; margin: 0 20px">
<h1>${lang === 'fr' ? 'La mairie en ligne' : 'The town hall online'}</h1>
<div data-quartier="proposals" data-accent="#0b6e4f" style="height: 520px"></div>
<div data-quartier="map" data-accent="#0b6e4f" style="height: 520px"></div>
${extra}
</body>
</html>`;
}

async function allowOrigin(server, origin) {
  const base = `${server.url}/api/v1`;
  const login = await (await fetch(`${base}/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'admin@quartier.demo', password: 'quartier-demo' }),
  })).json();
  const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${login.token}` };
  const tenant = await (await fetch(`${base}/tenants/toulouse`, { headers })).json();
  const r = await fetch(`${base}/tenants/toulouse`, {
    method: 'PATCH', headers, body: JSON.stringify({ allowed_origins: [...tenant.allowed_origins, origin] }),
  });
  assert.equal(r.status, 200);
}

test('two widgets on a site of another origin on the allow-list talk to the server through CORS', async () => {
  await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
    const host = await hostSite(hostPage(server.url, 'fr'));
    try {
      await allowOrigin(server, host.url);
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      await page.goto(host.url + '/mairie.html');
      assert.equal(new URL(page.url()).origin, host.url);
      const proposals = await waitForWidget(page, "state.load === 'ready'", 0, 60000);
      assert.ok(proposals.proposals.length >= 8, 'the demo proposals arrive across origins');
      const map = await waitForWidget(page, "state.load === 'ready' && state.total > 0", 1, 60000);
      assert.equal(map.districts.length > 100, true, 'the communes of Haute-Garonne arrive across origins');
      await page.waitForTimeout(300);
      await page.screenshot({ path: artifactPath('embedding-allowed.png') });
      assert.equal(await page.locator('.quartier-refused').count(), 0);
      assert.deepEqual(errors, []);
    } finally {
      await host.close();
    }
  });
});

test('a site off the allow-list shows in each widget that it is not allowed, in French, English and Spanish', async () => {
  await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
    const fr = await hostSite(hostPage(server.url, 'fr'));
    const en = await hostSite(hostPage(server.url, 'en'));
    const es = await hostSite(hostPage(server.url, 'es'));
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const unavailable = [];
      await page.exposeFunction('reportUnavailable', (d) => unavailable.push(d));
      await page.addInitScript(() => document.addEventListener('quartier:unavailable', (e) => window.reportUnavailable(e.detail)));
      await page.goto(fr.url + '/');
      await page.waitForFunction(() => document.querySelectorAll('.quartier-refused').length === 2, null, { timeout: 20000 });
      const texts = await page.locator('.quartier-refused').allTextContents();
      for (const text of texts) {
        assert.match(text, /^Ce site n’est pas autorisé à afficher ce module de Toulouse\./);
        assert.ok(text.includes(fr.url), 'the site owner reads which origin to add');
      }
      assert.equal(await page.locator('[data-quartier] canvas').count(), 0, 'no widget is started');
      // The resident is not stuck: the plain pages of the commune are one link away.
      const link = page.getByRole('link', { name: 'Participer sur le site de Toulouse (version simple)' }).first();
      assert.equal(await link.getAttribute('href'), `${server.url}/simple/toulouse`);
      assert.equal(await page.getByRole('alert').count(), 2);
      await page.screenshot({ path: artifactPath('embedding-refused.png') });
      assert.deepEqual(unavailable.map((d) => d.reason), ['origin-refused', 'origin-refused']);

      await page.goto(en.url + '/');
      await page.waitForFunction(() => document.querySelectorAll('.quartier-refused').length === 2, null, { timeout: 20000 });
      assert.match(await page.locator('.quartier-refused').first().textContent(),
        /^This site is not allowed to show this Toulouse widget\./);

      // The loader's own words come from the catalogs: in Spanish, its link to the plain
      // pages in Spanish (the server's refusal itself in English until it speaks Spanish).
      await page.goto(es.url + '/');
      await page.waitForFunction(() => document.querySelectorAll('.quartier-refused').length === 2, null, { timeout: 20000 });
      const spanish = page.getByRole('link', { name: 'Participar en el sitio de Toulouse (versión sencilla)' }).first();
      assert.equal(await spanish.getAttribute('href'), `${server.url}/simple/toulouse?lang=es`);
    } finally {
      await fr.close();
      await en.close();
      await es.close();
    }
  });
});

test('a widget whose server does not answer says so, not that the site is refused', async () => {
  await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
    const closed = http.createServer();
    await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadApi = `http://127.0.0.1:${closed.address().port}`;
    await new Promise((resolve) => closed.close(resolve)); // nothing listens there now
    const host = await hostSite(`<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Mairie</title>
<script src="${server.url}/embed.js" defer data-tenant="toulouse"></script></head><body>
<div data-quartier="proposals" data-api="${deadApi}" style="height: 400px"></div></body></html>`);
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(host.url + '/');
      await page.waitForSelector('.quartier-refused', { timeout: 20000 });
      assert.match(await page.locator('.quartier-refused').textContent(), /^Le serveur de participation ne répond pas/);
    } finally {
      await host.close();
    }
  });
});
