// Issue 14's "Done when": a municipal officer runs a whole participatory budget from an EMPTY
// server (started without --demo; the first admin made by the documented command), in the
// console and the residents' widgets only — no API call of the test's own. She creates the
// commune Saint-Martin-sur-Loire and its districts from a GeoJSON file of tests/data/geo, an
// agent and a moderator, a budget; residents propose on the commune's site (a static folder
// the server serves, its pages embedding the widgets with data-tenant); the feasibility
// review turns the proposals into ballot projects with their costs; a knapsack ballot with
// per-district budgets; a census imported, its letters read for the voter codes; residents
// vote online with them, the agent enters two paper ballots at the desk in another browser;
// the officer closes after the checklist and publishes; the results widget's recount agrees.
// Screenshots at 1280×800 in artifacts/officer-*.png; each step's time in the browser and
// its actions (clicks and fields typed) are printed for the lead's note; axe finds nothing
// serious on the budget part's screens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  root, startServer, launchBrowser, widgetState, showControl, artifactPath, waitForWidget,
  clickControl as click,
} from './harness.mjs';

const build = process.env.QUARTIER_BUILD || path.join(root, 'build/native-release');
const EMAIL = 'officier@mairie.test';
const PASSWORD = 'un-mot-de-passe-long';
const GEO = path.join(root, 'tests/data/geo/communes-49-maine-et-loire.geojson');
const SLUG = 'saint-martin-sur-loire';
const BUDGET = 'bp2027';

// The census a town hall exports: a reference, then what the letter prints (never kept).
const CENSUS = `reference;nom;adresse;code postal;ville
E-0001;Alice Martin;1 rue de la Gare;49000;Angers
E-0002;Bruno Petit;2 place du Marché;49400;Saumur
E-0003;Chloé Durand;3 avenue Foch;49300;Cholet
E-0004;David Leroy;4 rue Nationale;49000;Angers
E-0005;Emma Moreau;5 quai Mayaud;49400;Saumur
`;

// The residents' proposals, each in another district of the commune (INSEE outlines).
const PROPOSALS = [
  { title: 'Des arbres place du Ralliement', cost: '30000', lat: '47.4736', lon: '-0.5541', district: '49007', name: 'Angers', amount: '30000' },
  { title: 'Un abri à vélos à la gare de Saumur', cost: '12000', lat: '47.26', lon: '-0.0769', district: '49328', name: 'Saumur', amount: '20000' },
  { title: 'Des bancs au jardin du Mail de Cholet', cost: '8000', lat: '47.06', lon: '-0.879', district: '49099', name: 'Cholet', amount: '10000' },
];

function createAdmin(db) {
  const r = spawnSync(path.join(build, 'backend/quartier-server'), ['--db', db, '--create-admin', EMAIL],
    { env: { ...process.env, QUARTIER_ADMIN_PASSWORD: PASSWORD }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

// The console's page forbids evaluating strings (no 'unsafe-eval'): the predicate runs here.
async function waitForConsole(page, predicate, timeout = 30000) {
  const until = Date.now() + timeout;
  let state = null;
  for (;;) {
    state = await page.evaluate(() => window.quartier && window.quartier.widgets[0] && window.quartier.widgets[0].state());
    if (state && predicate(state)) return state;
    if (Date.now() > until) throw new Error('the console never got there; its state: ' + JSON.stringify(state).slice(0, 1500));
    await page.waitForTimeout(100);
  }
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
async function axeViolations(page) {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  });
}

// What a person does, counted: clicks and fields typed, per step, with the step's time.
const steps = [];
let current = null;
async function step(name, body) {
  current = { name, clicks: 0, fields: 0, ms: 0 };
  const t0 = Date.now();
  await body();
  current.ms = Date.now() - t0;
  steps.push(current);
  console.log(`officer step "${name}": ${(current.ms / 1000).toFixed(1)} s in the browser, ${current.clicks} clicks, ${current.fields} fields typed`);
}
async function clickControl(page, control, i = 0) {
  if (current) current.clicks++;
  await click(page, control, i);
}
// Types into a field of a widget: a click opens the page's own text element over it.
async function typeInto(page, control, text, { enter = false, leave = true, i = 0 } = {}) {
  await clickControl(page, control, i);
  if (current) { current.clicks--; current.fields++; }
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text, { delay: 5 });
  if (enter) await page.keyboard.press('Enter');
  else if (leave) await page.keyboard.press('Escape');
}
async function shot(page, name) {
  await page.waitForTimeout(300);
  await page.screenshot({ caret: 'initial', path: artifactPath(`officer-${name}.png`) });
}

// The commune's own site: three pages embedding the residents' widgets for the new commune.
function communeSite() {
  const site = mkdtempSync(path.join(tmpdir(), 'quartier-officer-site-'));
  cpSync(path.join(root, 'site'), site, { recursive: true });
  const page = (file, title, heading, lead, widget) => writeFileSync(path.join(site, file), `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — Saint-Martin-sur-Loire</title><link rel="stylesheet" href="site.css">
<script src="embed.js" defer data-tenant="${SLUG}"></script></head><body>
<header class="site-header"><div class="wrap"><a class="brand" href="/propositions.html"><span class="brand-mark" aria-hidden="true">S</span>
<span>Saint-Martin-sur-Loire<small>Budget participatif 2027</small></span></a>
<nav aria-label="Navigation principale"><a href="/propositions.html">Propositions</a><a href="/voter.html">Voter</a><a href="/resultats-2027.html">Résultats</a></nav></div></header>
<main class="wrap"><h1>${heading}</h1><p class="lead">${lead}</p>
<div class="widget-block">${widget}</div></main>
<footer class="site-footer" id="pied" tabindex="-1"><div class="wrap">Mairie de Saint-Martin-sur-Loire.</div></footer>
</body></html>`);
  page('propositions.html', 'Propositions', 'Budget participatif : proposez vos idées',
    'Un projet pour votre quartier ? Proposez-le : les propositions faisables seront soumises au vote.',
    `<div class="widget" data-quartier="proposals" data-tenant="${SLUG}" data-lang="fr"></div>`);
  page('voter.html', 'Voter', 'Votez pour les projets de votre commune',
    'Munissez-vous du code de vote reçu par courrier : il ne sert qu’une fois, et votre bulletin reste secret.',
    `<div class="widget widget-tall" data-quartier="ballot" data-tenant="${SLUG}" data-process="${BUDGET}" data-lang="fr"></div>`);
  page('resultats-2027.html', 'Résultats', 'Les résultats du budget participatif',
    'Les projets retenus, et le recomptage de chaque bulletin dans votre navigateur.',
    `<div class="widget widget-tall" data-quartier="results" data-tenant="${SLUG}" data-process="${BUDGET}" data-lang="fr"></div>`);
  return site;
}

test('a municipal officer runs a whole participatory budget in the console, from an empty server to the published results', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'quartier-officer-'));
  const db = path.join(dir, 'officer.db');
  createAdmin(db);
  const site = communeSite();
  const server = await startServer({ db, site });
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('response', (r) => {
      // Refusals the test provokes on purpose are none: every 4xx/5xx is a finding.
      if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} ${r.url()}`);
    });
    let state;

    // a. Sign in at /console (no commune in the address), create the commune, its districts.
    await step('sign in', async () => {
      await page.goto(server.url + '/console');
      assert.match(page.url(), /\/console\/default$/);
      await waitForConsole(page, (s) => s.widget === 'console' && !s.signed_in, 60000);
      await typeInto(page, 'email', EMAIL);
      await typeInto(page, 'password', PASSWORD, { enter: true });
      state = await waitForConsole(page, (s) => s.signed_in && s.communes && s.communes.loaded);
      assert.equal(state.section, 'communes');
      assert.deepEqual(state.communes.communes.map((c) => c.slug), ['default']);
    });
    await step('create the commune', async () => {
      await typeInto(page, 'commune-name', 'Saint-Martin-sur-Loire');
      state = await waitForConsole(page, (s) => s.communes.slug === SLUG);
      await shot(page, 'a1-create-commune');
      await clickControl(page, 'create-commune');
      state = await waitForConsole(page, (s) => (s.communes.created === SLUG && s.communes.communes.some((c) => c.slug === SLUG)) ||
        !!s.communes.error);
      assert.equal(state.communes.error, null);
      await clickControl(page, `switch-${SLUG}`);
      state = await waitForConsole(page, (s) => s.tenant === SLUG && s.section === 'commune' && s.commune_part.loaded);
      assert.equal(state.commune_part.name, 'Saint-Martin-sur-Loire');
    });
    await step('the commune: centre, a category, districts from a file', async () => {
      await typeInto(page, 'latitude', '47.4736');
      await typeInto(page, 'longitude', '-0.5541');
      await clickControl(page, 'category-add');
      await typeInto(page, 'category-fr-0', 'Cadre de vie');
      await typeInto(page, 'category-en-0', 'Living');
      await clickControl(page, 'save');
      state = await waitForConsole(page, (s) => s.commune_part.notice !== '' || !!s.commune_part.error);
      assert.equal(state.commune_part.error, null, JSON.stringify(state.commune_part.error));
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickControl(page, 'districts-file')]);
      await chooser.setFiles(GEO);
      state = await waitForConsole(page, (s) => s.commune_part.preview > 0 || !!s.commune_part.file_error);
      assert.equal(state.commune_part.preview, 183);
      await clickControl(page, 'districts-upload');
      state = await waitForConsole(page, (s) => s.commune_part.districts === 183 || !!s.commune_part.file_error);
      await showControl(page, 'districts-map');
      await shot(page, 'a2-districts');
    });

    // b. An agent and a moderator; the agent's temporary password is handed over.
    const handed = {};
    await step('an agent and a moderator', async () => {
      await clickControl(page, 'nav-people');
      await waitForConsole(page, (s) => s.section === 'people');
      for (const [email, role] of [['guichet@saint-martin.test', 'agent'], ['moderation@saint-martin.test', 'moderator']]) {
        await typeInto(page, 'new-email', email);
        await clickControl(page, `new-role-${role}`);
        await clickControl(page, 'create');
        state = await waitForConsole(page, (s) => s.people.accounts.some((a) => a.email === email) || !!s.people.error);
        assert.equal(state.people.error, null);
        const m = state.people.notice.match(/Mot de passe provisoire : (\S+)/);
        assert.ok(m, state.people.notice);
        handed[role] = { email, password: m[1] };
      }
      await shot(page, 'b-people');
    });

    // c. A budget, its proposals opened; residents propose on the commune's site.
    await step('create the budget', async () => {
      await clickControl(page, 'nav-budgets');
      await waitForConsole(page, (s) => s.section === 'budgets' && s.budgets);
      await typeInto(page, 'new-id', BUDGET);
      await typeInto(page, 'new-title', 'Budget participatif 2027');
      await typeInto(page, 'new-budget', '100000');
      await clickControl(page, 'create');
      state = await waitForConsole(page, (s) => s.budgets.selected === BUDGET && s.budgets.phase === 'submission' || !!s.budgets.error);
      assert.equal(state.budgets.error, null, JSON.stringify(state.budgets.error));
      await shot(page, 'c1-budget-created');
    });

    const resident = await context.newPage();
    resident.on('pageerror', (e) => errors.push(String(e)));
    await step('residents propose (three proposals, three districts)', async () => {
      await resident.goto(server.url + '/propositions.html');
      await waitForWidget(resident, "state.load === 'ready'", 0, 60000);
      for (const p of PROPOSALS) {
        await clickControl(resident, 'propose');
        await waitForWidget(resident, "state.screen === 'form'");
        await typeInto(resident, 'title', p.title);
        await typeInto(resident, 'description', 'Proposé par une habitante du quartier.');
        await clickControl(resident, 'category-0');
        await typeInto(resident, 'cost', p.cost);
        // The place's fields are ImGui's own number fields: Escape would undo, Enter keeps.
        await typeInto(resident, 'latitude', p.lat, { enter: true });
        await typeInto(resident, 'longitude', p.lon, { enter: true });
        if (p === PROPOSALS[0]) await shot(resident, 'c2-resident-proposes');
        await clickControl(resident, 'submit');
        const after = await waitForWidget(resident, "(state.screen === 'list' && state.notice !== '') || state.form_error !== null");
        assert.equal(after.form_error, null, JSON.stringify(after.form_error));
      }
      await shot(resident, 'c3-proposals-sent');
    });

    // d. The feasibility review: each proposal feasible at its cost, then onto the ballot;
    // the settings: a knapsack ballot with a budget per district.
    await step('review the proposals into ballot projects', async () => {
      await page.bringToFront();
      await clickControl(page, 'next-phase');
      await waitForConsole(page, (s) => s.budgets.pending_phase === 'review');
      await clickControl(page, 'confirm-phase');
      await waitForConsole(page, (s) => s.budgets.phase === 'review' || !!s.budgets.error);
      await clickControl(page, 'tab-review');
      state = await waitForConsole(page, (s) => s.budgets.tab === 'review' && s.budgets.proposals.length === PROPOSALS.length);
      for (const p of state.budgets.proposals) {
        await clickControl(page, `feasible-${p.id}`);
        await waitForConsole(page, (s) => s.budgets.proposals.find((q) => q.id === p.id).feasible === true || !!s.budgets.error);
      }
      await shot(page, 'd1-review');
      assert.deepEqual(await axeViolations(page), [], 'the review queue');
      await clickControl(page, 'promote');
      state = await waitForConsole(page, (s) => s.budgets.proposals.every((p) => p.stage === 'on_ballot') || !!s.budgets.error);
      assert.equal(state.budgets.error, null, JSON.stringify(state.budgets.error));
    });
    await step('settings: knapsack ballot, a budget per district', async () => {
      await clickControl(page, 'tab-settings');
      state = await waitForConsole(page, (s) => s.budgets.tab === 'settings');
      // The districts with projects are listed (not the department's 183 communes), each
      // given its amount; the ballot is "within the budget" (knapsack) from the start.
      const listed = state.budgets.districts_listed;
      assert.equal(listed.length, PROPOSALS.length, JSON.stringify(listed));
      for (const p of PROPOSALS) {
        const key = listed.find((d) => d === p.district || d === p.name);
        assert.ok(key, `${p.name} listed in ${JSON.stringify(listed)}`);
        await typeInto(page, `district-budget-${key}`, p.amount);
      }
      await clickControl(page, 'save-settings');
      state = await waitForConsole(page, (s) => s.budgets.notice === 'Réglages enregistrés.' || !!s.budgets.error);
      assert.equal(state.budgets.error, null, JSON.stringify(state.budgets.error));
      await shot(page, 'd2-settings');
      assert.deepEqual(await axeViolations(page), [], 'the settings');
    });

    // e. The census, previewed then sent; the letters it opens give the voter codes.
    let codes = [];
    await step('import the census, print the letters', async () => {
      await clickControl(page, 'tab-roll');
      await waitForConsole(page, (s) => s.budgets.tab === 'roll');
      const censusFile = path.join(dir, 'recensement.csv');
      writeFileSync(censusFile, CENSUS);
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickControl(page, 'pick-census')]);
      await chooser.setFiles(censusFile);
      state = await waitForConsole(page, (s) => s.budgets.census && s.budgets.census.voters === 5);
      assert.equal(state.budgets.census.problems, 0);
      await shot(page, 'e1-census-preview');
      assert.deepEqual(await axeViolations(page), [], 'the census');
      const [letters] = await Promise.all([context.waitForEvent('page'), clickControl(page, 'send-census')]);
      await letters.waitForLoadState();
      codes = await letters.$$eval('.letter .code', (els) => els.map((e) => e.textContent.trim()));
      assert.equal(codes.length, 5);
      await letters.setViewportSize({ width: 1280, height: 800 });
      await letters.screenshot({ path: artifactPath('officer-e2-letters.png') });
      await letters.close();
      state = await waitForConsole(page, (s) => s.budgets.turnout.issued === 5);
    });

    // f. The vote: opened; residents vote online; the agent enters two paper ballots.
    await step('open the vote', async () => {
      await clickControl(page, 'tab-timeline');
      await clickControl(page, 'next-phase');
      await waitForConsole(page, (s) => s.budgets.pending_phase === 'voting');
      await shot(page, 'f1-open-vote-asked');
      await clickControl(page, 'confirm-phase');
      state = await waitForConsole(page, (s) => s.budgets.phase === 'voting' || !!s.budgets.error);
      assert.equal(state.budgets.error, null, JSON.stringify(state.budgets.error));
    });
    await step('residents vote online (three codes from the letters)', async () => {
      for (const code of codes.slice(0, 3)) {
        await resident.goto(server.url + '/voter.html');
        const ready = await waitForWidget(resident, "state.load === 'ready'", 0, 60000);
        assert.equal(ready.projects.length, 3);
        await clickControl(resident, `toggle-${ready.projects[0].id}`);
        await waitForWidget(resident, `state.ballot.projects.includes(${JSON.stringify(ready.projects[0].id)})`);
        await clickControl(resident, 'review');
        await waitForWidget(resident, "state.screen === 'review'");
        // The code field, as ballot.test.mjs types it (an ImGui field: Escape would undo).
        await clickControl(resident, 'code');
        current.clicks--; current.fields++;
        await resident.keyboard.type(code, { delay: 10 });
        if (code === codes[0]) await shot(resident, 'f2-resident-votes');
        await clickControl(resident, 'submit');
        const done = await waitForWidget(resident, "state.screen === 'receipt' || state.error !== null");
        assert.equal(done.error, null, JSON.stringify(done.error));
      }
    });
    await step('the agent enters two paper ballots at the desk', async () => {
      const agentContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
      const desk = await agentContext.newPage();
      desk.on('pageerror', (e) => errors.push(String(e)));
      await desk.goto(`${server.url}/console/${SLUG}`);
      await waitForConsole(desk, (s) => s.widget === 'console' && !s.signed_in, 60000);
      await typeInto(desk, 'email', handed.agent.email);
      await typeInto(desk, 'password', handed.agent.password, { enter: true });
      await waitForConsole(desk, (s) => s.signed_in && s.section === 'desk' && s.desk && s.desk.processes.length > 0);
      await clickControl(desk, `process-${BUDGET}`);
      await waitForConsole(desk, (s) => s.desk.step === 'code' && s.desk.ready);
      for (const [n, code] of [[1, codes[3]], [2, codes[4]]]) {
        await typeInto(desk, 'code', code, { enter: true });
        state = await waitForConsole(desk, (s) => s.desk.step === 'choose' || !!s.desk.error);
        const projects = Object.keys(await desk.evaluate(() => window.quartier.widgets[0].controls())).filter((c) => c.startsWith('toggle-'));
        await clickControl(desk, projects[n]);
        await clickControl(desk, 'review');
        await waitForConsole(desk, (s) => s.desk.step === 'confirm');
        if (n === 1) await shot(desk, 'f3-desk-confirm');
        await clickControl(desk, 'confirm');
        state = await waitForConsole(desk, (s) => s.desk.entered === n || !!s.desk.error);
        assert.equal(state.desk.error, null, JSON.stringify(state.desk.error));
      }
      await shot(desk, 'f4-desk-two-entered');
      await agentContext.close();
    });

    // g. Closing after the checklist, publishing; the results widget recounts.
    await step('close the vote (the checklist), publish', async () => {
      await page.bringToFront();
      await clickControl(page, 'tab-turnout');
      state = await waitForConsole(page, (s) => s.budgets.tab === 'turnout' && s.budgets.turnout.ballots === 5);
      assert.equal(state.budgets.turnout.paper, 2);
      await shot(page, 'g1-checklist');
      assert.deepEqual(await axeViolations(page), [], 'the closing checklist');
      await clickControl(page, 'next-phase');
      await waitForConsole(page, (s) => s.budgets.pending_phase === 'closed');
      await clickControl(page, 'confirm-phase');
      state = await waitForConsole(page, (s) => s.budgets.phase === 'closed' || !!s.budgets.error);
      assert.equal(state.budgets.error, null, JSON.stringify(state.budgets.error));
      await clickControl(page, 'next-phase');
      await waitForConsole(page, (s) => s.budgets.pending_phase === 'published');
      await clickControl(page, 'confirm-phase');
      state = await waitForConsole(page, (s) => s.budgets.phase === 'published' || !!s.budgets.error);
      assert.equal(state.budgets.error, null, JSON.stringify(state.budgets.error));
      await shot(page, 'g2-published');
    });
    await step('the results widget recounts', async () => {
      await resident.goto(server.url + '/resultats-2027.html');
      await resident.bringToFront();
      const results = await waitForWidget(resident, "state.load === 'ready' || state.load === 'failed'", 0, 60000);
      assert.equal(results.load, 'ready', JSON.stringify(results.error));
      assert.equal(results.recount, 'match');
      assert.equal(results.voters, 5);
      // Each ballot, online or paper, chose one project: five votes in all.
      assert.equal(results.rows.reduce((n, r) => n + r.votes, 0), 5, JSON.stringify(results.rows));
      assert.ok(results.winners.length > 0);
      await resident.evaluate(() => document.querySelector('[data-quartier]').scrollIntoView());
      await shot(resident, 'g3-results');
    });

    assert.deepEqual(errors, []);
    const total = steps.reduce((a, s) => ({ ms: a.ms + s.ms, clicks: a.clicks + s.clicks, fields: a.fields + s.fields }), { ms: 0, clicks: 0, fields: 0 });
    console.log(`officer: the whole budget, ${(total.ms / 1000).toFixed(1)} s in the browser, ${total.clicks} clicks, ${total.fields} fields typed`);
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(site, { recursive: true, force: true });
  }
});
