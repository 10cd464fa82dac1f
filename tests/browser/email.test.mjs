// E-mail end to end, on the demo commune with a real SMTP server on loopback (aiosmtpd,
// started here): a resident registers in Spanish and confirms her address from the link she
// receives; she proposes; a moderator rejects the proposal from the console, picking a reason;
// the resident's e-mail arrives on the test's SMTP server, in Spanish, with that reason. Its
// preferences link opens a page, without signing in, that stops every message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  apiStatusSoon,
  startServer, startSmtpSink, launchBrowser, waitForWidget, clickControl, artifactPath,
} from './harness.mjs';

const PASSWORD = 'quartier-demo';

async function api(server, method, path, body, token) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const r = await fetch(server.url + '/api/v1' + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

const linkTo = (message, page) => {
  const m = message.text.match(new RegExp(`(http://127\\.0\\.0\\.1:[0-9]+${page}\\?jeton=[0-9a-f-]+)`));
  return m && m[1];
};

test('the moderator rejects from the console; the author’s e-mail arrives with the reason, in her language', async () => {
  const sink = await startSmtpSink();
  const server = await startServer({ demo: true,
    extra: ['--smtp-url', sink.url, '--smtp-from', 'Mairie de Toulouse <participation@toulouse.test>'] });
  let browser;
  try {
    browser = await launchBrowser();
    const email = 'lucia@ejemplo.es';
    const reg = await api(server, 'POST', '/auth/register',
      { email, password: 'una-contraseña-larga', language: 'es', tenant: 'toulouse' });
    assert.equal(reg.status, 201);
    assert.equal(reg.body.email_confirmation, 'sent');
    const resident = reg.body.token;

    // The confirmation, in Spanish; its link confirms in the browser.
    let mail = await sink.waitFor((m) => m.some((x) => x.to.includes(email)));
    const confirmation = mail.find((x) => x.to.includes(email));
    assert.equal(confirmation.subject, 'Confirme su dirección de correo electrónico');
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(linkTo(confirmation, '/courriel/confirmer'));
    assert.equal(await page.locator('h1').textContent(), 'Dirección de correo electrónico confirmada');
    assert.equal(await page.getAttribute('html', 'lang'), 'es');
    await page.screenshot({ path: artifactPath('email-confirmed-desktop.png') });

    const title = 'Una fuente en la plaza del mercado';
    const created = await api(server, 'POST', '/tenants/toulouse/proposals', {
      title, description: 'Para beber en verano.', category: 'Cadre de vie',
      latitude: 43.6045, longitude: 1.4440, estimated_cost: 15000 }, resident);
    assert.equal(created.status, 201);

    // The moderator, on the console: the new proposal, Reject, a reason from the list.
    await page.goto(server.url + '/moderation.html');
    await waitForWidget(page, "state.screen === 'sign_in'");
    await page.evaluate(() => window.quartier.widgets[0].element.scrollIntoView({ block: 'start' }));
    await clickControl(page, 'email');
    await page.keyboard.type('moderation@quartier.demo', { delay: 5 });
    await clickControl(page, 'password');
    await page.keyboard.type(PASSWORD, { delay: 5 });
    await clickControl(page, 'sign-in');
    await waitForWidget(page, `state.screen === 'queue' && state.load === 'ready' && state.queue.some((q) => q.id === ${created.body.id})`);
    await clickControl(page, `item-${created.body.id}`);
    await waitForWidget(page, `state.current === ${created.body.id}`);
    await clickControl(page, 'reject');
    await clickControl(page, 'reason-4'); // "Hors du territoire de la commune"
    await waitForWidget(page, 'state.pending === 1');
    await waitForWidget(page, 'state.pending === 0', 0, 15000); // the undo window passes: the rejection is sent
    assert.equal(await apiStatusSoon(server, `/tenants/toulouse/proposals/${created.body.id}`, 404), 404);

    mail = await sink.waitFor((m) => m.filter((x) => x.to.includes(email)).length >= 2);
    const rejection = mail.filter((x) => x.to.includes(email))[1];
    assert.equal(rejection.subject, `Su propuesta «${title}» no ha sido seleccionada`);
    assert.ok(rejection.text.includes('> Hors du territoire de la commune'), 'the moderator’s reason, quoted');
    assert.ok(rejection.text.includes('Toulouse no ha seleccionado su propuesta'), 'in her language, with the commune’s name');
    assert.ok(rejection.html.includes('<blockquote'), 'an HTML part too');
    assert.equal(rejection.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');

    // The preferences link, without a session: the page, then "stop every message".
    const fresh = await browser.newPage({ viewport: { width: 360, height: 640 } });
    await fresh.goto(linkTo(rejection, '/courriel/preferences'));
    assert.equal(await fresh.locator('h1').textContent(), 'Sus correos electrónicos');
    assert.equal(await fresh.isChecked('#decisions'), true);
    await fresh.screenshot({ path: artifactPath('email-preferences-phone.png'), fullPage: true });
    await fresh.getByRole('button', { name: 'No recibir ningún mensaje más' }).click();
    await fresh.waitForSelector('[role=status]');
    assert.equal(await fresh.isChecked('#decisions'), false);
    const prefs = await api(server, 'GET', '/me/email', null, resident);
    assert.equal(prefs.body.decisions, false);
    assert.equal(prefs.body.replies, false);
  } finally {
    if (browser) await browser.close();
    await server.stop();
    await sink.stop();
  }
});
