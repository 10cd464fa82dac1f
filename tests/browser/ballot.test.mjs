// The ballot widget end to end on the demo site: a resident chooses projects on the
// canvas (desktop and phone), types a voter code, votes, and gets a receipt the server
// publishes once the vote is closed; a used code is refused; a keyboard-only resident
// votes through the accessibility mirror.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  withServerAndBrowser, waitForWidget, clickControl, artifactPath, receiptsAfterClosing, focusedLabel,
  tabTo as tabToIn, tapControl, canvasPoint,
} from './harness.mjs';

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

    const focused = () => focusedLabel(page);
    const tabTo = (label, backwards = false) => tabToIn(page, label, { backwards, max: 80 });
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

test('on a phone a finger scrolls the page over the ballot, scrolls its list, and taps still choose', async () => {
  await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
    const page = await browser.newPage({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, hasTouch: true, isMobile: true });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(server.url + '/vote.html');
    const ready = await waitForWidget(page, "state.load === 'ready'");
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.quartier-canvas')).touchAction), 'pan-y pinch-zoom');
    const cdp = await page.context().newCDPSession(page);
    // A finger swipe of dy CSS px starting at (x, y) of the page, in small steps.
    async function swipe(x, y, dy) {
      const at = (d) => [{ x: Math.round(x), y: Math.round(y + d), id: 1 }];
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0) });
      const steps = 15;
      for (let i = 1; i <= steps; i++) {
        await page.waitForTimeout(16);
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at((dy * i) / steps) });
      }
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      await page.waitForTimeout(300);
    }

    // The widget's top (title and budget) scrolls the page, and presses nothing.
    await page.evaluate(() => {
      window.quartier.widgets[0].element.scrollIntoView({ block: 'start' });
      window.scrollBy(0, -300); // the widget's top in the middle of the screen
    });
    await page.waitForTimeout(200);
    const top = await canvasPoint(page, 0, { x: 180, y: 24 });
    const before = await page.evaluate(() => window.scrollY);
    await swipe(top.x, top.y, -150);
    const scrolled = await page.evaluate(() => window.scrollY);
    assert.ok(scrolled > before + 60, `the page scrolled (${before} → ${scrolled})`);
    let state = await waitForWidget(page, 'true');
    assert.deepEqual(state.ballot.projects, [], 'a scroll chose nothing');
    assert.equal(await page.evaluate(() => !!document.querySelector('.quartier-text')), false, 'no field opened');

    // The page back down so that the widget fills the screen; over its list, the list scrolls.
    await page.evaluate(() => window.quartier.widgets[0].element.scrollIntoView({ block: 'start' }));
    await page.waitForTimeout(200);
    const firstId = ready.projects[0].id;
    const y0 = (await page.evaluate((id) => window.quartier.widgets[0].controls()['toggle-' + id].y, firstId));
    const listPoint = await canvasPoint(page, 0, { x: 180, y: 520 });
    const pageBefore = await page.evaluate(() => window.scrollY);
    await swipe(listPoint.x, listPoint.y, -200);
    const y1 = await page.evaluate((id) => window.quartier.widgets[0].controls()['toggle-' + id].y, firstId);
    assert.ok(y1 < y0 - 50, `the list moved up inside the widget (${y0} → ${y1})`);
    assert.ok(Math.abs((await page.evaluate(() => window.scrollY)) - pageBefore) < 30, 'the page stayed');

    // A tap still chooses.
    const visible = await page.evaluate(() => {
      const c = window.quartier.widgets[0].controls();
      return Object.keys(c).filter((k) => k.startsWith('toggle-') && c[k].visible);
    });
    assert.ok(visible.length > 0);
    await tapControl(page, visible[0]);
    state = await waitForWidget(page, `state.ballot.projects.includes(${JSON.stringify(visible[0].slice(7))})`);
    assert.equal(state.ballot.projects.length, 1);
    await page.screenshot({ path: artifactPath('ballot-touch-phone.png') });
    assert.deepEqual(errors, []);
  });
});

test('easy to read: the ballot opens its plain-words rules by keyboard, with aria-expanded, and shows them on the canvas', async () => {
  await withServerAndBrowser({ demo: true }, async ({ server, browser }) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url + '/vote.html');
    const ready = await waitForWidget(page, "state.load === 'ready'");
    assert.equal(ready.easy_read.open, false);
    assert.ok(ready.easy_read.vote.length > 0 && ready.easy_read.count.length > 0, 'texts made from the ballot and rule');
    const label = 'Facile à lire : comment voter, comment on compte';
    await tabToIn(page, label, { max: 80 });
    const button = page.locator('.quartier-mirror button', { hasText: label });
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    await page.keyboard.press('Enter');
    const open = await waitForWidget(page, 'state.easy_read.open');
    await page.waitForFunction(() => document.querySelector('.quartier-mirror [data-key="easy-read-text"]'));
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    const region = await page.evaluate(() => document.querySelector('.quartier-mirror [data-key="easy-read-text"]').textContent);
    assert.ok(region.includes('Comment voter') && region.includes(open.easy_read.vote[0]), 'the text is read out');
    await page.keyboard.press('Enter');
    await waitForWidget(page, '!state.easy_read.open');
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    await page.evaluate(() => document.activeElement.blur()); // the copy hides when focus leaves it
    await clickControl(page, 'easy-read'); // on the canvas, as a sighted resident
    await waitForWidget(page, 'state.easy_read.open');
    await page.waitForTimeout(300);
    await page.screenshot({ path: artifactPath('ballot-easy-read.png') });
  });
});
