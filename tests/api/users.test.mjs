// SPDX-License-Identifier: Apache-2.0
// Account administration over the API, and who may do it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, errorOf, ADMIN_PASSWORD } from './lib/server.mjs';

let server;
let admin;
before(async () => {
  server = await startServer({ users: [{ login: 'observer.kaz', role: 'observer', country: 'KAZ', org: 'MIA-KAZ' }] });
  admin = new Client(server.url);
  assert.equal((await admin.login()).status, 200);
});
after(async () => { await server?.stop(); });

test('an administrator creates, reads and lists users', async () => {
  const created = await admin.request('POST', '/api/v1/users', { json: {
    login: 'caseworker.kaz', display_name: 'Дана Ахметова', password: 'long-enough-password',
    role: 'caseworker', country: 'KAZ', organisation: 'MIA-KAZ', language: 'kk' } });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.data.login, 'caseworker.kaz');
  assert.equal(created.data.display_name, 'Дана Ахметова');
  assert.equal(created.data.country, 'KAZ');
  assert.equal(created.data.language, 'kk');
  assert.equal(created.data.disabled, false);
  assert.equal(created.headers.get('location'), `/api/v1/users/${created.data.id}`);

  const one = await admin.request('GET', `/api/v1/users/${created.data.id}`);
  assert.equal(one.status, 200);
  assert.equal(one.data.role, 'caseworker');

  const list = await admin.request('GET', '/api/v1/users');
  assert.equal(list.status, 200);
  assert.ok(list.data.users.some((u) => u.login === 'caseworker.kaz'));
  assert.ok(list.data.users.every((u) => !('password' in u) && !('password_hash' in u)));
});

test('a duplicate login is 409 naming the field', async () => {
  const body = { login: 'dup.user', password: 'long-enough-password', role: 'observer' };
  assert.equal((await admin.request('POST', '/api/v1/users', { json: body })).status, 201);
  const again = await admin.request('POST', '/api/v1/users', { json: body });
  assert.equal(again.status, 409);
  assert.equal(errorOf(again).field, 'login');
});

test('domain validation errors are 422 naming the field', async () => {
  const cases = [
    [{ login: 'x', password: 'long-enough-password', role: 'observer' }, 'login'],
    [{ login: 'short.pw', password: 'short', role: 'observer' }, 'password'],
    [{ login: 'bad.country', password: 'long-enough-password', role: 'observer', country: 'KZ1' }, 'country'],
    [{ login: 'bad.role', password: 'long-enough-password', role: 'root' }, 'role'],
    [{ login: 'bad.lang', password: 'long-enough-password', role: 'observer', language: 'de' }, 'language'],
  ];
  for (const [body, field] of cases) {
    const r = await admin.request('POST', '/api/v1/users', { json: body });
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.equal(errorOf(r).field, field, JSON.stringify(body));
  }
});

test('reset password, disable and enable', async () => {
  const created = await admin.request('POST', '/api/v1/users', { json: {
    login: 'to.disable', password: 'long-enough-password', role: 'analyst' } });
  const id = created.data.id;
  const user = new Client(server.url);
  assert.equal((await user.login('to.disable', 'long-enough-password')).status, 200);

  assert.equal((await admin.request('POST', `/api/v1/users/${id}/password`, { json: { password: 'another-long-password' } })).status, 204);
  assert.equal((await new Client(server.url).login('to.disable', 'another-long-password')).status, 200);

  const disabled = await admin.request('POST', `/api/v1/users/${id}/disable`);
  assert.equal(disabled.status, 200);
  assert.equal(disabled.data.disabled, true);
  assert.equal((await user.request('GET', '/api/v1/me')).status, 401, 'disabling ends sessions');
  assert.equal((await new Client(server.url).login('to.disable', 'another-long-password')).status, 401);

  const enabled = await admin.request('POST', `/api/v1/users/${id}/enable`);
  assert.equal(enabled.status, 200);
  assert.equal(enabled.data.disabled, false);
  assert.equal((await new Client(server.url).login('to.disable', 'another-long-password')).status, 200);
});

test('an unknown user id is 404; a non-numeric one too', async () => {
  assert.equal((await admin.request('GET', '/api/v1/users/999999')).status, 404);
  assert.equal((await admin.request('GET', '/api/v1/users/abc')).status, 404);
});

test('a non-administrator gets 403 on administration but may read themself', async () => {
  const obs = new Client(server.url);
  assert.equal((await obs.login('observer.kaz', ADMIN_PASSWORD)).status, 200);
  const me = await obs.request('GET', '/api/v1/me');
  assert.equal(me.data.user.country, 'KAZ');
  for (const [method, path, json] of [
    ['GET', '/api/v1/users'],
    ['POST', '/api/v1/users', { login: 'sneaky', password: 'long-enough-password', role: 'admin' }],
    ['GET', '/api/v1/users/1'],
    ['POST', '/api/v1/users/1/password', { password: 'long-enough-password' }],
    ['POST', '/api/v1/users/1/disable'],
    ['GET', '/api/v1/audit'],
  ]) {
    const r = await obs.request(method, path, { json });
    assert.equal(r.status, 403, `${method} ${path}: ${r.text}`);
    assert.equal(errorOf(r).code, 'forbidden');
  }
  const self = await obs.request('GET', `/api/v1/users/${me.data.user.id}`);
  assert.equal(self.status, 200);
  const page = await obs.request('GET', '/users');
  assert.equal(page.status, 403);
});

test('the audit log records what the administrator did, with filters', async () => {
  const r = await admin.request('GET', '/api/v1/audit?action=user.&limit=500');
  assert.equal(r.status, 200);
  assert.ok(r.data.rows.some((row) => row.action === 'user.create' && row.actor_login === 'admin'));
  assert.ok(r.data.rows.every((row) => row.action.startsWith('user.')));
  const bad = await admin.request('GET', '/api/v1/audit?from=2024-13-01');
  assert.equal(bad.status, 422);
  assert.equal(errorOf(bad).field, 'from');
  const badLimit = await admin.request('GET', '/api/v1/audit?limit=0');
  assert.equal(badLimit.status, 422);
  assert.equal(errorOf(badLimit).field, 'limit');
});
