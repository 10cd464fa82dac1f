// The commune's console end to end, as a municipal officer on a fresh server (no --demo): the
// first admin is made with the documented command (--create-admin), then everything happens
// in the console at /console/default — signing in, naming the commune, its districts from a
// GeoJSON file of tests/data/geo through the browser's file chooser (the properties for the
// code and the name checked), an agent and a moderator created — with no API call of the
// test's own. axe checks the console; Tab walks from the page's top through the console's
// mirror to the footer. Screenshots at 1280×800 are saved as artefacts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  root, startServer, launchBrowser, widgetState, clickControl, showControl, artifactPath, tabTo, focusedLabel,
} from './harness.mjs';

const build = process.env.QUARTIER_BUILD || path.join(root, 'build/native-release');
const EMAIL = 'officier@mairie.test';
const PASSWORD = 'un-mot-de-passe-long';
const GEO = path.join(root, 'tests/data/geo/communes-49-maine-et-loire.geojson');

// The first admin, as docs/operating.md says: the server's own command, before it serves.
function createAdmin(db) {
  const r = spawnSync(path.join(build, 'backend/quartier-server'), ['--db', db, '--create-admin', EMAIL],
    { env: { ...process.env, QUARTIER_ADMIN_PASSWORD: PASSWORD }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

// The console's page forbids evaluating strings (its CSP has no 'unsafe-eval'), which the
// harness's waitForWidget does: here the predicate runs in the test, on the widget's state.
async function waitForConsole(page, predicate, timeout = 30000) {
  const until = Date.now() + timeout;
  let state = null;
  for (;;) {
    state = await page.evaluate(() => window.quartier && window.quartier.widgets[0] && window.quartier.widgets[0].state());
    if (state && predicate(state)) return state;
    if (Date.now() > until) {
      const shown = state && state.desk ? { section: state.section, desk: { ...state.desk, numbered: undefined, processes: undefined } } : state;
      throw new Error('the console never got there; its state: ' + JSON.stringify(shown).slice(0, 800));
    }
    await page.waitForTimeout(100);
  }
}

// harness's axeViolations, for a page whose CSP refuses inline scripts: axe is evaluated by
// the browser's debugging protocol, which the page's policy does not govern.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
async function axeViolations(page) {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  });
}

// Types into a field of the console: a click opens the page's own text element over it.
async function typeInto(page, control, text) {
  await clickControl(page, control);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text, { delay: 5 });
  await page.keyboard.press('Escape');
}

test('a municipal officer sets up the commune in the console: name, districts from a file, an agent and a moderator', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'quartier-console-'));
  const db = path.join(dir, 'console.db');
  createAdmin(db);
  const server = await startServer({ db });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) errors.push(m.text()); });
    page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} ${r.url()}`); });
    await page.goto(server.url + '/console/default');
    await waitForConsole(page, (s) => s.widget === 'console' && !s.signed_in, 60000);
    await page.screenshot({ caret: 'initial', path: artifactPath('console-sign-in-1280.png') });

    await typeInto(page, 'email', EMAIL);
    await typeInto(page, 'password', PASSWORD);
    await clickControl(page, 'sign-in');
    let state = await waitForConsole(page, (s) => s.signed_in);
    assert.equal(state.role, 'admin');
    // The server's own admin lands on its communes (officer.test.mjs creates one there).
    assert.deepEqual(state.sections, ['communes', 'commune', 'people', 'budgets', 'desk', 'embed']);
    assert.equal(state.section, 'communes');
    await clickControl(page, 'nav-commune');
    state = await waitForConsole(page, (s) => s.section === 'commune' && s.commune_part.loaded);

    // The commune's name, saved and said.
    await typeInto(page, 'name', 'Saint-Martin-sur-Loire');
    await clickControl(page, 'save');
    state = await waitForConsole(page, (s) => s.commune_part.name === 'Saint-Martin-sur-Loire');
    assert.equal(state.commune_part.notice, 'Le nom : enregistré.');

    // Districts from a GeoJSON file, through the browser's file chooser.
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickControl(page, 'districts-file')]);
    await chooser.setFiles(GEO);
    state = await waitForConsole(page, (s) => s.commune_part.preview > 0 || !!s.commune_part.file_error);
    assert.equal(state.commune_part.file, 'communes-49-maine-et-loire.geojson');
    assert.equal(state.commune_part.code_property, 'code');
    assert.equal(state.commune_part.name_property, 'nom');
    assert.equal(state.commune_part.preview, 183);
    await showControl(page, 'districts-map');
    await page.waitForTimeout(300);
    await page.screenshot({ caret: 'initial', path: artifactPath('console-districts-preview-1280.png') });
    await clickControl(page, 'districts-upload');
    state = await waitForConsole(page, (s) => s.commune_part.districts === 183 || !!s.commune_part.file_error);
    assert.equal(state.commune_part.notice, '183 quartiers enregistrés, lus dans communes-49-maine-et-loire.geojson.');
    await showControl(page, 'districts-map');
    await page.waitForTimeout(300);
    await page.screenshot({ caret: 'initial', path: artifactPath('console-commune-1280.png') });

    // An agent and a moderator.
    await clickControl(page, 'nav-people');
    await waitForConsole(page, (s) => s.section === 'people');
    for (const [email, role] of [['guichet@mairie.test', 'agent'], ['moderation@mairie.test', 'moderator']]) {
      const before = (await widgetState(page)).people.accounts.length;
      await typeInto(page, 'new-email', email);
      await clickControl(page, `new-role-${role}`);
      await clickControl(page, 'create');
      state = await waitForConsole(page, (s) => s.people.accounts.length === before + 1 || !!s.people.error);
      assert.ok(state.people.accounts.some((a) => a.email === email && a.role === role), `${email} is ${role}`);
      assert.ok(state.people.notice.startsWith(`Compte créé pour ${email}`), state.people.notice);
      assert.equal(state.people.handover, true);
    }
    await page.waitForTimeout(300);
    await page.screenshot({ caret: 'initial', path: artifactPath('console-people-1280.png') });

    // Nothing refused or failed on the way (axe, run next, adds a <style> of its own, which the
    // page's policy refuses).
    assert.deepEqual(errors, []);
    // Accessibility: axe on the console's page, then the keyboard through the mirror.
    assert.deepEqual(await axeViolations(page), []);
    await page.evaluate(() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); });
    await tabTo(page, 'Les personnes (ouverte)');
    await tabTo(page, 'Se déconnecter');
    await tabTo(page, 'Créer le compte');
    await tabTo(page, 'Pages publiques de la commune');
    assert.equal(await page.evaluate(() => !!document.activeElement.closest('footer')), true,
      `Tab leaves the console for the footer (focus on ${await focusedLabel(page)})`);

    // A tablet: the sections as tabs above the open one.
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.waitForTimeout(500);
    await page.screenshot({ caret: 'initial', path: artifactPath('console-people-768.png') });
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

// The agents' desk by keyboard alone (issue 14): through the console's accessible copy, as an
// agent who does not use a mouse would — sign in, open the vote in progress, type the voter's
// code, tick a project, review the ballot said in words, confirm; the running count says one,
// and the code is spent (the same code again is refused in words).
test('an agent enters a paper ballot at the desk with the keyboard alone', async () => {
  const server = await startServer({ demo: true });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
    await page.goto(server.url + '/console/toulouse');
    await waitForConsole(page, (s) => s.signed_in === false, 60000);
    await page.waitForTimeout(600);
    await tabTo(page, 'input:Adresse électronique');
    await page.keyboard.type('agent@quartier.demo');
    await page.keyboard.press('Tab');
    await page.keyboard.type('quartier-demo');
    await page.keyboard.press('Enter');
    await waitForConsole(page, (s) => s.signed_in && s.section === 'desk' && s.desk && s.desk.processes.length > 0);
    await tabTo(page, /^Saisir les bulletins de /);
    await page.keyboard.press('Enter');
    await waitForConsole(page, (s) => s.desk.step === 'code' && s.desk.ready);
    const enterCode = async (code) => {
      if ((await focusedLabel(page)) !== 'input:Code de l’électeur') await tabTo(page, 'input:Code de l’électeur');
      await page.keyboard.type(code);
      await page.keyboard.press('Enter');
    };
    await enterCode('DEMO-0004');
    await waitForConsole(page, (s) => s.desk.step === 'choose');
    await tabTo(page, /^Cocher n° 1 /);
    await page.keyboard.press('Enter');
    await waitForConsole(page, (s) => s.desk.step === 'choose' && s.desk.ballot && (s.desk.ballot.projects || []).length === 1);
    await tabTo(page, 'Vérifier le bulletin', { backwards: true }); // just above the projects
    await page.keyboard.press('Enter');
    const review = await waitForConsole(page, (s) => s.desk.step === 'confirm');
    assert.match(review.desk.summary, /DEMO-0004/);
    await tabTo(page, 'Confirmer et enregistrer');
    await page.keyboard.press('Enter');
    const stored = await waitForConsole(page, (s) => s.desk.entered === 1 && s.desk.step === 'code');
    assert.equal(stored.desk.error, null);
    await page.screenshot({ path: artifactPath('console-desk-1280.png') });

    // The same code again: refused in words, nothing stored.
    await enterCode('DEMO-0004');
    const refused = await waitForConsole(page, (s) => s.desk.error !== null || s.desk.step === 'choose');
    if (refused.desk.step === 'choose') { // the code is checked when the ballot is sent
      await tabTo(page, /^Cocher n° 1 /);
      await page.keyboard.press('Enter');
      await tabTo(page, 'Vérifier le bulletin', { backwards: true }); // just above the projects
      await page.keyboard.press('Enter');
      await waitForConsole(page, (s) => s.desk.step === 'confirm');
      await tabTo(page, 'Confirmer et enregistrer');
      await page.keyboard.press('Enter');
    }
    const after = await waitForConsole(page, (s) => s.desk.error !== null);
    assert.match(after.desk.error.message, /code/i);
    assert.equal(after.desk.entered, 1);
  } finally {
    await browser.close();
    await server.stop();
  }
});
