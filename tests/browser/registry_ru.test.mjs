// SPDX-License-Identifier: Apache-2.0
// The registry in Russian, in a real browser: a registrar registers a family (Cyrillic
// names) and then sees the duplicate warning when the head of the family is typed again
// in Latin letters; a caseworker opens a statelessness case and moves it on; one decision
// maker drafts the decision and cannot approve it (four eyes), another approves; the
// notification issues the 1954 travel document, whose printable page carries the MRZ.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from './lib/chromium.mjs';
import { startServer, ADMIN_PASSWORD } from '../api/lib/server.mjs';

let server;
let browser;
before(async () => {
  server = await startServer({ users: [
    { login: 'registrar.kaz', role: 'registrar', country: 'KAZ', org: 'MIA-KAZ' },
    { login: 'caseworker.kaz', role: 'caseworker', country: 'KAZ', org: 'MIA-KAZ' },
    { login: 'decision.kaz', role: 'decision_maker', country: 'KAZ', org: 'MIA-KAZ' },
    { login: 'decision2.kaz', role: 'decision_maker', country: 'KAZ', org: 'MIA-KAZ' },
  ] });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// A signed-in page in Russian for `login`, collecting CSP violations.
async function signIn(login, cspErrors) {
  const context = await browser.newContext({ locale: 'ru-RU' });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
  });
  await page.goto(server.url + '/login?lang=ru');
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill(ADMIN_PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL(server.url + '/');
  // A new account's language is English; choosing Russian once remembers it for the user.
  await page.goto(server.url + '/?lang=ru');
  return page;
}

// Takes a transition from the case page through its own form.
async function take(page, transition, fill = async () => {}) {
  const form = page.locator(`#transition-${transition}`);
  await fill(form);
  await form.locator('button[type=submit]').click();
  await page.waitForURL(/done=moved/);
}

test('register a family, see a duplicate, decide a case with four eyes, print the MRZ', async () => {
  const cspErrors = [];

  // 1. The registrar registers a family: the head and a daughter.
  const registrar = await signIn('registrar.kaz', cspErrors);
  await registrar.goto(server.url + '/persons/new');
  assert.equal(await registrar.locator('h1').textContent(), 'Регистрация лица');
  await registrar.locator('#name_0_family').fill('Абдрашов');
  await registrar.locator('#name_0_given').fill('Жанибек');
  await registrar.locator('#name_0_patronymic').fill('Серикович');
  await registrar.getByLabel('Пол', { exact: true }).selectOption('M');
  await registrar.getByLabel('Дата рождения', { exact: true }).fill('1988-03-15');
  await registrar.locator('#nationality_0_claim').selectOption('stateless');
  await registrar.getByRole('button', { name: 'Добавить члена семьи' }).click();
  await registrar.locator('#member_0_family').fill('Абдрашова');
  await registrar.locator('#member_0_given').fill('Айгуль');
  await registrar.locator('#member_0_sex').selectOption('F');
  await registrar.locator('#member_0_birth_date').fill('2012-07-01');
  await registrar.locator('#member_0_relationship').selectOption('child');
  assert.equal(await registrar.locator('#name_0_family').inputValue(), 'Абдрашов', 'values kept');
  await registrar.getByRole('button', { name: 'Зарегистрировать', exact: true }).click();
  await registrar.waitForURL(/\/persons\/\d+\?done=registered/);
  const personUrl = registrar.url().replace(/\?.*/, '');
  assert.match(await registrar.locator('#household').textContent(), /Абдрашова Айгуль/);
  assert.match(await registrar.locator('#household').textContent(), /ребёнок/);

  // 2. The same man typed in Latin letters: the duplicate warning names him and why.
  await registrar.goto(server.url + '/persons/new');
  await registrar.locator('#name_0_family').fill('Abdrashov');
  await registrar.locator('#name_0_given').fill('Zhanibek');
  await registrar.getByLabel('Пол', { exact: true }).selectOption('M');
  await registrar.getByLabel('Дата рождения', { exact: true }).fill('1988-03-15');
  await registrar.getByRole('button', { name: 'Зарегистрировать', exact: true }).click();
  const warning = registrar.locator('.duplicate-warning');
  await warning.waitFor();
  assert.match(await warning.textContent(), /Возможно, это лицо уже зарегистрировано/);
  assert.match(await warning.textContent(), /Абдрашов Жанибек Серикович/);
  assert.match(await warning.textContent(), /вес совпадения/);
  assert.equal(await registrar.locator('#name_0_given').inputValue(), 'Zhanibek');

  // 3. The caseworker opens a statelessness case for the family and lodges it.
  const caseworker = await signIn('caseworker.kaz', cspErrors);
  await caseworker.goto(personUrl);
  await caseworker.getByRole('link', { name: 'Открыть дело' }).click();
  await caseworker.getByLabel('Процедура', { exact: true })
    .selectOption({ label: 'Казахстан: определение безгражданства' });
  assert.equal(await caseworker.locator('input[type=checkbox][name^=dependant_]').isChecked(), true);
  await caseworker.getByRole('button', { name: 'Открыть дело' }).click();
  await caseworker.waitForURL(/\/cases\/\d+\?done=opened/);
  const caseUrl = caseworker.url().replace(/\?.*/, '');
  await take(caseworker, 'apply');

  await registrar.goto(caseUrl);
  await take(registrar, 'register');

  await caseworker.goto(caseUrl);
  await take(caseworker, 'send_enquiry', (f) => f.getByLabel('Запрашиваемое государство').selectOption('UZB'));
  await caseworker.locator('#event-name').selectOption('enquiry_answered');
  await caseworker.getByRole('button', { name: 'Записать событие' }).click();
  await caseworker.waitForURL(/done=event/);

  // 4. Four eyes: the decision maker who drafts cannot approve; another one does.
  const drafter = await signIn('decision.kaz', cspErrors);
  await drafter.goto(caseUrl);
  await take(drafter, 'draft_decision', async (f) => {
    await f.getByLabel('Предлагаемое решение').selectOption('stateless');
    await f.getByLabel('Обоснование').fill('Государство прежнего проживания не признаёт его гражданином.');
  });
  const waiting = (await drafter.locator('.four-eyes-waiting').allTextContents()).join('\n');
  assert.match(waiting, /Ожидает другого сотрудника.*Утвердить: лицо без гражданства/s);
  assert.equal(await drafter.locator('#transition-approve_stateless').count(), 0);

  const approver = await signIn('decision2.kaz', cspErrors);
  await approver.goto(caseUrl);
  await take(approver, 'approve_stateless');
  assert.equal(await approver.locator('.case-state').textContent(), 'Признан лицом без гражданства');
  assert.match(await approver.locator('#history').textContent(), /decision\.kaz[\s\S]*decision2\.kaz/);

  await caseworker.goto(caseUrl);
  await take(caseworker, 'notify_recognition');

  // 5. The notification issued the 1954 travel document (the decision issues what the
  // procedure ends in; nobody types it in); the registrar opens it: it prints with its MRZ.
  await registrar.goto(personUrl);
  await registrar.locator('a[href^="/documents/"]', { hasText: /^TS\d{7}$/ }).click();
  await registrar.waitForURL(/\/documents\/\d+$/);
  const lines = await registrar.locator('.mrz__line').allTextContents();
  assert.equal(lines.length, 2);
  assert.match(lines[0], /^P<KAZABDRASHOV<<ZHANIBEK<+$/);
  assert.equal(lines[0].length, 44);
  assert.match(lines[1], /^[A-Z0-9<]{10}XXA880315[0-9]M[0-9]{7}[A-Z0-9<]{15}[0-9]$/);
  await registrar.emulateMedia({ media: 'print' });
  assert.equal(await registrar.locator('.site-header').isVisible(), false);
  assert.equal(await registrar.locator('.mrz').isVisible(), true);
  const font = await registrar.locator('.mrz').evaluate((e) => getComputedStyle(e).fontFamily);
  assert.match(font, /monospace/);
  const pdf = await registrar.pdf({ format: 'A4' });
  assert.ok(pdf.length > 1000);

  assert.deepEqual(cspErrors, []);
});
