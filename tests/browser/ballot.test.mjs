// The ballot widget end to end on the demo site: a resident chooses projects on the
// canvas (desktop and phone), types a voter code, votes, and gets a receipt the server
// publishes once the vote is closed; a used code is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, waitForWidget, clickControl, artifactPath } from './harness.mjs';

const PROCESS = 'bp2022';

// Closes the vote as the demo admin, then reads the published list of receipts, as a
// resident checking that her ballot was counted would.
async function receiptsAfterClosing(server) {
  const base = `${server.url}/api/v1`;
  const login = await (await fetch(`${base}/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'admin@quartier.demo', password: 'quartier-demo' }),
  })).json();
  const closed = await fetch(`${base}/tenants/toulouse/processes/${PROCESS}/phase`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${login.token}` },
    body: JSON.stringify({ phase: 'closed' }),
  });
  assert.equal(closed.status, 200);
  const r = await fetch(`${base}/tenants/toulouse/processes/${PROCESS}/receipts`);
  return (await r.json()).receipts || [];
}

for (const [viewport, code] of [[{ name: 'desktop', width: 1280, height: 800 }, 'DEMO-0001'],
                                [{ name: 'phone', width: 360, height: 640 }, 'DEMO-0002']]) {
  test(`a resident casts a ballot with a voter code (${viewport.name})`, async () => {
    await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
      const page = await browser.newPage({ viewport, deviceScaleFactor: viewport.name === 'phone' ? 2 : 1 });
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(server.url + '/vote.html');
      const ready = await waitForWidget(page, "state.load === 'ready'");
      assert.equal(ready.kind, 'approval');
      assert.ok(ready.projects.length > 100, 'the Toulouse projects are on the ballot');
      await page.waitForTimeout(300);
      await page.screenshot({ path: artifactPath(`ballot-choose-${viewport.name}.png`) });

      const first = ready.projects[0];
      await clickControl(page, `toggle-${first.id}`);
      await waitForWidget(page, `state.ballot.projects.includes(${JSON.stringify(first.id)})`);
      await clickControl(page, 'review');
      await waitForWidget(page, "state.screen === 'review'");
      await clickControl(page, 'code');
      await page.keyboard.type(code, { delay: 10 });
      await page.screenshot({ path: artifactPath(`ballot-review-${viewport.name}.png`) });
      await clickControl(page, 'submit');
      const done = await waitForWidget(page, "state.screen === 'receipt'");
      assert.match(done.receipt, /^[0-9a-f]{16,}$/);
      assert.ok((await receiptsAfterClosing(server)).includes(done.receipt), 'the receipt is in the published list');
      await page.waitForTimeout(300);
      await page.screenshot({ path: artifactPath(`ballot-receipt-${viewport.name}.png`) });
      assert.deepEqual(errors, []);
    });
  });
}

test('a used voter code is refused in the resident\'s words, and the choices are kept', async () => {
  await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
    const token = await (await fetch(`${server.url}/api/v1/tenants/toulouse/processes/${PROCESS}/ballot-tokens`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: 'DEMO-0003' }),
    })).json();
    assert.ok(token.token, 'the code was exchanged once already');
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url + '/vote.html');
    const ready = await waitForWidget(page, "state.load === 'ready'");
    await clickControl(page, `toggle-${ready.projects[1].id}`);
    await clickControl(page, 'review');
    await waitForWidget(page, "state.screen === 'review'");
    await clickControl(page, 'code');
    await page.keyboard.type('DEMO-0003');
    await clickControl(page, 'submit');
    const state = await waitForWidget(page, 'state.error !== null');
    assert.equal(state.error.code, 'code_used');
    assert.match(state.error.message, /code/i);
    assert.equal(state.screen, 'review');
    assert.deepEqual(state.ballot.projects, [ready.projects[1].id]);
  });
});
