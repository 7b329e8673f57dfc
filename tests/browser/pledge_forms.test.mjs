// SPDX-License-Identifier: Apache-2.0
// The pledge forms in a real browser: a focal point records a pledge of their own entity;
// a UNHCR officer uploads the sample pledges file, reads the preview and confirms it, then
// creates a consultation and adds a follow-up action, marking it done. No page breaks the
// Content Security Policy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './lib/chromium.mjs';
import { startServer, Client, ADMIN_PASSWORD } from '../api/lib/server.mjs';

const samples = join(process.env.NANSEN_SOURCE_DIR ?? '.', 'share', 'data', 'pledges');

let server;
let browser;
before(async () => {
  server = await startServer({ users: [
    { login: 'unhcr.almaty', role: 'analyst', org: 'UNHCR-CA' },
    { login: 'focal.kaz', role: 'focal_point', country: 'KAZ', org: 'KAZ-GOV' },
  ] });
  const unhcr = new Client(server.url);
  assert.equal((await unhcr.login('unhcr.almaty', ADMIN_PASSWORD)).status, 200);
  const r = await unhcr.request('POST', '/api/v1/import/entities', {
    body: readFileSync(join(samples, 'entities.csv')), headers: { 'content-type': 'text/csv' } });
  assert.equal(r.status, 200, r.text);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function logIn(login) {
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  const cspErrors = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
  });
  await page.goto(server.url + '/login?lang=en');
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill(ADMIN_PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL(server.url + '/');
  return { context, page, cspErrors };
}

test('a focal point records a pledge of their own entity', async () => {
  const { context, page, cspErrors } = await logIn('focal.kaz');
  await page.goto(server.url + '/pledges');
  await page.getByRole('link', { name: 'New pledge' }).click();
  await page.waitForURL(/\/pledges\/new$/);
  assert.equal(await page.getByLabel('Submitting entity').inputValue(), 'KAZ-GOV');
  await page.getByLabel('Title of the pledge').fill('Statelessness determination in every region');
  await page.getByLabel('Description', { exact: true }).fill('Regional migration offices accept applications.');
  await page.getByLabel('Forum where it was made').selectOption('national');
  await page.getByLabel('Stateless persons').check();
  await page.getByLabel('6. Grant protection status to stateless migrants and facilitate their naturalization').check();
  await page.getByLabel('Target date').fill('2027');
  await page.getByRole('button', { name: 'Record the pledge' }).click();
  await page.waitForURL(/\/pledges\/\d+\?done=created$/);
  assert.match(await page.locator('.notice').textContent(), /The record was created/);
  assert.equal(await page.locator('main h2').first().textContent(), 'Statelessness determination in every region');
  assert.ok(await page.getByRole('link', { name: 'Edit this pledge' }).isVisible());
  assert.deepEqual(cspErrors, []);
  await context.close();
});

test('a UNHCR officer imports the sample pledges through the preview, then runs a consultation', async () => {
  const { context, page, cspErrors } = await logIn('unhcr.almaty');
  await page.goto(server.url + '/pledges');
  await page.getByRole('link', { name: 'Import a file' }).click();
  await page.getByLabel('Pledges', { exact: true }).check();
  await page.getByLabel('File (CSV or XLSX)').setInputFiles(join(samples, 'pledges.csv'));
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.waitForURL(/\/pledges\/import\/[0-9a-f]{64}$/);
  const summary = await page.locator('.pf-summary').textContent();
  const created = Number(summary.match(/create (\d+)/)[1]);
  assert.equal(created, 11, summary);  // every pledge of the sample file is new here
  assert.equal(await page.locator('tr.pf-action-create').count(), created);
  await page.getByRole('button', { name: 'Confirm the import' }).click();
  await page.waitForURL(/\/pledges\/import\?done=1/);
  assert.match(await page.locator('.notice').textContent(), new RegExp(`${created} created`));
  await page.goto(server.url + '/pledges?country=KGZ');
  assert.ok(await page.getByRole('link', { name: 'Free state legal aid' }).isVisible());

  await page.goto(server.url + '/consultations');
  await page.getByRole('link', { name: 'New consultation' }).click();
  await page.getByLabel('Title of the consultation').fill('Kyrgyzstan pledge review');
  await page.getByLabel('Date of the consultation').fill('2026-05-20');
  await page.getByLabel('Place').fill('Bishkek');
  await page.getByLabel('Organiser').selectOption('UNHCR-CA');
  await page.getByLabel('Government of the Kyrgyz Republic (KGZ-GOV)').check();
  await page.getByRole('button', { name: 'Record the consultation' }).click();
  await page.waitForURL(/\/consultations\/\d+\?done=created$/);
  assert.match(await page.locator('.report-country h2').first().textContent(), /KGZ/);
  assert.match(await page.locator('.report-country').first().textContent(), /Free state legal aid/);

  await page.getByRole('link', { name: 'Add a follow-up action' }).first().click();
  await page.getByLabel('Action', { exact: true }).fill('Share the legal aid statistics for 2025');
  await page.getByLabel('Owner').fill('Ministry of Justice');
  await page.getByLabel('Due date').fill('2026-09-01');
  await page.getByRole('button', { name: 'Add a follow-up action' }).click();
  await page.waitForURL(/done=follow_up/);
  const row = page.locator('.pf-follow-ups tbody tr', { hasText: 'Share the legal aid statistics' });
  assert.match(await row.textContent(), /Ministry of Justice/);
  await row.getByRole('button', { name: 'Mark as done' }).click();
  await page.waitForURL(/done=follow_up_done/);
  assert.match(await page.locator('.pf-follow-ups tbody tr.is-done').textContent(), /Completed/);
  assert.deepEqual(cspErrors, []);
  await context.close();
});
