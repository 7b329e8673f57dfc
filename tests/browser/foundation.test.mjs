// SPDX-License-Identifier: Apache-2.0
// The foundation in a real browser (Debian's headless Chromium via playwright-core):
// log in as admin, switch to Kazakh and see Kazakh text, create a user, log out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from './lib/chromium.mjs';
import { startServer, ADMIN_PASSWORD } from '../api/lib/server.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('log in, switch to Kazakh, create a user, log out', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  const cspErrors = [];
  page.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text()); });

  await page.goto(server.url + '/');
  assert.match(page.url(), /\/login/);
  await page.getByLabel('Login', { exact: true }).fill('admin');
  await page.getByLabel('Password', { exact: true }).fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(server.url + '/');
  assert.equal(await page.locator('h1').textContent(), 'Home');

  // Switch to Kazakh with the language switch in the header.
  await page.getByRole('link', { name: 'Қазақша' }).click();
  await page.waitForURL(/lang=kk/);
  assert.equal(await page.locator('html').getAttribute('lang'), 'kk');
  assert.equal(await page.locator('h1').textContent(), 'Басты бет');
  await page.getByRole('button', { name: 'Шығу' }).waitFor();
  const nav = await page.locator('nav.main-nav').textContent();
  assert.match(nav, /Пайдаланушылар/);
  assert.match(nav, /Аудит журналы/);

  // The choice is remembered for the user: a plain link stays Kazakh.
  await page.getByRole('link', { name: 'Пайдаланушылар' }).first().click();
  await page.waitForURL(server.url + '/users');
  assert.equal(await page.locator('h1').textContent(), 'Пайдаланушылар');

  // Create a user through the form, in Kazakh.
  await page.getByRole('link', { name: 'Жаңа пайдаланушы' }).click();
  await page.getByLabel('Пайдаланушы аты', { exact: true }).fill('aigerim.kaz');
  await page.getByLabel('Толық аты-жөні', { exact: true }).fill('Әйгерім Сейітқызы');
  await page.getByLabel('Құпиясөз', { exact: true }).fill('long-enough-password');
  await page.getByLabel('Рөлі', { exact: true }).selectOption('caseworker');
  await page.getByLabel('Ел', { exact: true }).fill('KAZ');
  await page.getByLabel('Ұйым', { exact: true }).fill('MIA-KAZ');
  await page.getByRole('button', { name: 'Пайдаланушыны құру' }).click();
  await page.waitForURL(/\/users\/\d+\?done=created/);
  assert.match(await page.locator('.notice').textContent(), /Пайдаланушы құрылды/);
  assert.match(await page.locator('main').textContent(), /Әйгерім Сейітқызы/);
  assert.match(await page.locator('main').textContent(), /Істер жөніндегі маман/);

  // An inline error names the field, in Kazakh.
  await page.goto(server.url + '/users/new');
  await page.getByLabel('Пайдаланушы аты', { exact: true }).fill('Bad Login');
  await page.getByLabel('Құпиясөз', { exact: true }).fill('long-enough-password');
  await page.getByRole('button', { name: 'Пайдаланушыны құру' }).click();
  assert.match(await page.locator('#login-error').textContent(), /Пайдаланушы аты/);
  assert.equal(await page.getByLabel('Пайдаланушы аты', { exact: true }).getAttribute('aria-invalid'), 'true');

  // Log out.
  await page.getByRole('button', { name: 'Шығу' }).click();
  await page.waitForURL(/\/login/);
  await page.goto(server.url + '/users');
  assert.match(page.url(), /\/login/);
  assert.deepEqual(cspErrors, [], 'no Content-Security-Policy violations');
  await context.close();
});
