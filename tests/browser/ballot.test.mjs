// The ballot widget end to end on the demo site: a resident chooses projects on the
// canvas (desktop and phone), types a voter code, votes, and gets a receipt the server
// publishes once the vote is closed; a used code is refused; a keyboard-only resident
// votes through the accessibility mirror.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, waitForWidget, clickControl, artifactPath, receiptsAfterClosing } from './harness.mjs';

const PROCESS = 'bp2022';

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
      assert.ok((await receiptsAfterClosing(server, PROCESS)).includes(done.receipt), 'the receipt is in the published list');
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
test('keyboard only: a ballot is cast through the accessibility mirror, which says what a screen reader needs', async () => {
  await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url + '/vote.html');
    const ready = await waitForWidget(page, "state.load === 'ready'");
    const project = ready.projects[0];
    await page.waitForTimeout(500); // the mirror follows the widget every 250 ms
    const mirrorText = () => page.evaluate(() => document.querySelector('.quartier-mirror').textContent);
    const heard = await mirrorText();
    assert.ok(heard.includes(project.name), 'project names are read');
    assert.ok(heard.includes('4\u202f000\u00a0€'), 'costs are read as euros');
    assert.ok(heard.includes('0 projet choisi sur 3'), 'the count of choices is a live status');

    const focused = () => page.evaluate(() => {
      const a = document.activeElement;
      return a.tagName === 'INPUT' ? 'input:' + a.parentElement.textContent.trim() : a.textContent.trim();
    });
    async function tabTo(label, backwards = false) {
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
        if ((await focused()) === label) return;
      }
      assert.fail(`Tab never reached “${label}”`);
    }
    await tabTo(`Choisir ${project.name}`);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('.quartier-mirror [role=status]').textContent === '1 projet choisi sur 3');
    assert.equal(await focused(), `Retirer ${project.name}`, 'focus stays on the same control');
    await tabTo('Vérifier mon vote', true);
    await page.keyboard.press('Enter');
    await waitForWidget(page, "state.screen === 'review'");
    await tabTo('input:Votre code de vote');
    await page.keyboard.type('DEMO-0004');
    await tabTo('Voter');
    await page.keyboard.press('Enter');
    const done = await waitForWidget(page, "state.screen === 'receipt'");
    // The mirror follows the widget within 250 ms; the receipt is then read out.
    await page.waitForFunction((r) => document.querySelector('.quartier-mirror').textContent.includes(r), done.receipt);
    assert.ok((await receiptsAfterClosing(server, PROCESS)).includes(done.receipt));
  });
});
