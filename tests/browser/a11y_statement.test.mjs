// The accessibility statement (docs/accessibility.md) against the RGAA 4.1 and the tests it
// cites: every one of the 106 criteria once and in order, each Conforme / Non conforme /
// Non applicable with its reason, every test it names still a test of its file, every file it
// points at still there, and the rate it writes the one its table gives. No browser: the
// statement drifts when a test is renamed or removed, and this fails then.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const statementPath = join(root, 'docs', 'accessibility.md');

// RGAA 4.1: the number of criteria of each of its 13 themes (Images, Cadres, Couleurs,
// Multimédia, Tableaux, Liens, Scripts, Éléments obligatoires, Structuration, Présentation,
// Formulaires, Navigation, Consultation).
const perTheme = [9, 2, 3, 13, 8, 2, 5, 10, 4, 14, 13, 11, 12];
const criteria = perTheme.flatMap((n, t) => Array.from({ length: n }, (_, i) => `${t + 1}.${i + 1}`));
const STATUSES = ['Conforme', 'Non conforme', 'Non applicable'];

/** The table's rows: {line, number, title, status, proof}. */
function rows(text) {
  return text.split('\n').map((line, i) => [line, i + 1]).filter(([line]) => /^\|\s*\d+\.\d+\s*\|/.test(line))
    .map(([line, n]) => {
      const cells = line.trim().replace(/^\|/, '').replace(/\|$/, '').split(' | ').map((c) => c.trim());
      assert.equal(cells.length, 4, `line ${n}: four cells (critère, intitulé, statut, preuve): ${line.slice(0, 80)}`);
      return { line: n, number: cells[0], title: cells[1], status: cells[2], proof: cells[3] };
    });
}

const unescape = (s) => s.replace(/\\(.)/g, '$1');
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The names of the tests of a file: node:test's test('…') and doctest's TEST_CASE("…"). A
 *  template literal's ${…} stands for any text (a test made in a loop, one per page). */
const namesCache = new Map();
function testNames(file) {
  if (namesCache.has(file)) return namesCache.get(file);
  const text = readFileSync(file, 'utf8');
  const names = [];
  if (file.endsWith('.mjs')) {
    for (const m of text.matchAll(/\btest\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g)) {
      const name = m[1] === '`' ? m[2] : unescape(m[2]);
      names.push(new RegExp('^' + name.split(/\$\{[^}]*\}/).map((p) => escapeRe(m[1] === '`' ? unescape(p) : p)).join('.+') + '$'));
    }
  } else {
    for (const m of text.matchAll(/TEST_CASE\(\s*"((?:\\.|[^"\\])*)"/g)) names.push(new RegExp('^' + escapeRe(unescape(m[1])) + '$'));
  }
  namesCache.set(file, names);
  return names;
}

/** Where a cited test file is: tests/browser for node tests, any tests/<suite> for doctest ones. */
function testFile(name) {
  const suites = name.endsWith('.test.mjs') ? ['browser']
    : readdirSync(join(root, 'tests'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  return suites.map((s) => join(root, 'tests', s, name)).find((p) => existsSync(p));
}

/** What a proof cites: `file › test name` and `path/of/a/file` spans. */
function citations(proof) {
  const tests = [], files = [];
  for (const [, span] of proof.matchAll(/`([^`]+)`/g)) {
    const t = span.match(/^([\w.-]+(?:\.test\.mjs|_test\.cpp)) › (.+)$/);
    if (t) tests.push({ file: t[1], name: t[2] });
    else if (/^(site|backend|widgets|shared|tests|scripts|docs)\/[^\s]+$/.test(span)) files.push(span);
  }
  return { tests, files };
}

const frenchRate = (conform, applicable) => (100 * conform / applicable).toFixed(1).replace('.', ',');

test('the accessibility statement lists the 106 RGAA 4.1 criteria once each, in order, each with a status and its reason', () => {
  const table = rows(readFileSync(statementPath, 'utf8'));
  assert.equal(criteria.length, 106);
  assert.deepEqual(table.map((r) => r.number), criteria);
  for (const r of table) {
    assert.ok(STATUSES.includes(r.status), `${r.number} (line ${r.line}): status “${r.status}” is none of ${STATUSES.join(', ')}`);
    assert.ok(r.title.length > 20 && r.title.endsWith('?'), `${r.number}: the criterion's question is its title`);
    assert.ok(r.proof.length >= 8, `${r.number}: says why it is ${r.status}`);
    if (r.status === 'Conforme') {
      const { tests, files } = citations(r.proof);
      assert.ok(tests.length + files.length > 0, `${r.number} is Conforme on no test nor code: ${r.proof}`);
    }
  }
});

test('every test the statement cites is a test of its file, and every file it points at exists', () => {
  const table = rows(readFileSync(statementPath, 'utf8'));
  const missing = [];
  let cited = 0;
  for (const r of table) {
    const { tests, files } = citations(r.proof);
    for (const t of tests) {
      cited++;
      const file = testFile(t.file);
      if (!file) { missing.push(`${r.number}: no test file ${t.file}`); continue; }
      if (!testNames(file).some((re) => re.test(t.name))) missing.push(`${r.number}: ${t.file} has no test “${t.name}”`);
    }
    for (const f of files) if (!existsSync(join(root, f))) missing.push(`${r.number}: no file ${f}`);
  }
  assert.ok(cited > 50, `only ${cited} tests cited`);
  assert.deepEqual(missing, []);
});

test('the conformance rate and the counts the statement writes are those of its table', () => {
  const text = readFileSync(statementPath, 'utf8');
  const table = rows(text);
  const count = (s) => table.filter((r) => r.status === s).length;
  const conform = count('Conforme'), not = count('Non conforme'), na = count('Non applicable');
  const applicable = conform + not;
  const rate = text.match(/Taux de conformité : \*\*(\d+,\d) %\*\*/);
  assert.ok(rate, 'the statement writes « Taux de conformité : **NN,N %** »');
  assert.equal(rate[1], frenchRate(conform, applicable), `${conform} conformes sur ${applicable} applicables`);
  assert.match(text, new RegExp(`\\(${conform} critères conformes sur ${applicable} applicables\\)`));
  assert.match(text, new RegExp(`${conform} critères conformes, ${not} critères non conformes, ${na} critères non applicables`));
  // Partially conformant from 50 %, totally only when nothing applicable fails (décret 2019-768).
  const state = not === 0 ? 'totalement conforme' : 100 * conform / applicable >= 50 ? 'partiellement conforme' : 'non conforme';
  assert.match(text, new RegExp(`Quartier est \\*\\*${state}\\*\\*`));
});

test('every criterion the table says is not conformant is explained under « Non-conformité », and no other', () => {
  const text = readFileSync(statementPath, 'utf8');
  const section = text.match(/### Non-conformité\n([\s\S]*?)\n###/);
  assert.ok(section, 'a « ### Non-conformité » section');
  const named = new Set([...section[1].matchAll(/\(((?:\d+\.\d+(?:, )?)+)\)/g)].flatMap((m) => m[1].split(', ')));
  const not = rows(text).filter((r) => r.status === 'Non conforme').map((r) => r.number);
  assert.deepEqual([...named].sort(), [...not].sort());
});
