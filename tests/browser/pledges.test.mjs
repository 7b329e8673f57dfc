// SPDX-License-Identifier: Apache-2.0
// A focal point posts a progress update in Russian through the pledge page, and the
// consultation report then shows the pledge moving forward, with its charts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './lib/chromium.mjs';
import { startServer, Client, ADMIN_PASSWORD } from '../api/lib/server.mjs';

const samples = join(process.env.NANSEN_SOURCE_DIR ?? '.', 'share', 'data', 'pledges');
const today = new Date().toISOString().slice(0, 10);

let server;
let browser;
let unhcr;
before(async () => {
  server = await startServer({ users: [
    { login: 'unhcr.almaty', role: 'analyst', org: 'UNHCR-CA' },
    { login: 'focal.kgz', role: 'focal_point', country: 'KGZ', org: 'KGZ-GOV' },
  ] });
  unhcr = new Client(server.url);
  assert.equal((await unhcr.login('unhcr.almaty', ADMIN_PASSWORD)).status, 200);
  for (const kind of ['entities', 'pledges', 'consultations']) {
    const r = await unhcr.request('POST', `/api/v1/import/${kind}`, {
      body: readFileSync(join(samples, `${kind}.csv`)), headers: { 'content-type': 'text/csv' } });
    assert.equal(r.status, 200, r.text);
  }
  // The October 2024 consultation is opened (its snapshot is the baseline), and a new
  // review is scheduled today.
  const list = await unhcr.request('GET', '/api/v1/consultations');
  const october = list.data.consultations.find((c) => c.date === '2024-10-04');
  assert.equal((await unhcr.request('POST', `/api/v1/consultations/${october.id}/open`)).status, 200);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a focal point posts an update in Russian and the report shows the movement', async () => {
  const review = await unhcr.request('POST', '/api/v1/consultations', { json: {
    title: 'Обзор выполнения обязательств', date: today, place: 'Алматы', organiser: 'UNHCR-CA',
    participants: 'KGZ-GOV' } });
  assert.equal(review.status, 201, review.text);

  const context = await browser.newContext({ locale: 'ru-RU' });
  const page = await context.newPage();
  const cspErrors = [];
  page.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text()); });
  await page.goto(server.url + '/login?lang=ru');
  await page.locator('input[name=login]').fill('focal.kgz');
  await page.locator('input[name=password]').fill(ADMIN_PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL(server.url + '/');

  await page.goto(server.url + '/pledges?lang=ru&country=KGZ');
  assert.equal(await page.locator('h1').textContent(), 'Обязательства');
  await page.getByRole('link', { name: 'Free state legal aid' }).click();
  await page.getByLabel('Этап', { exact: true }).selectOption('in_progress');
  await page.getByLabel('Что сделано', { exact: true })
    .fill('Центры бесплатной юридической помощи начали приём заявлений.');
  await page.getByRole('button', { name: 'Сообщить о ходе выполнения' }).click();
  await page.waitForURL(/done=update/);
  assert.match(await page.locator('.timeline').textContent(), /Центры бесплатной юридической помощи/);
  assert.match(await page.locator('.facts').textContent(), /Выполняется/);

  await page.goto(`${server.url}/consultations/${review.data.id}`);
  const row = page.locator('tr.moved-forward');
  assert.equal(await row.count(), 1);
  assert.match(await row.textContent(), /Free state legal aid/);
  assert.match(await row.textContent(), /Нет сведений/);
  assert.match(await row.textContent(), /Выполняется/);
  assert.equal(await page.locator('figure.chart svg').count(), 2);
  assert.match(await page.locator('figure.chart').nth(1).textContent(), /Изменения с прошлой консультации/);
  assert.deepEqual(cspErrors, []);
  await context.close();
});
