// SPDX-License-Identifier: Apache-2.0
// API tokens: issued once, accepted as bearer, scoped, revocable.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, errorOf, ADMIN_PASSWORD } from './lib/server.mjs';

let server;
let admin;
let adminId;
let analystId;
const ids = {};
before(async () => {
  server = await startServer({ users: [
    { login: 'caseworker.kgz', role: 'caseworker', country: 'KGZ', org: 'MIA-KGZ' },
    { login: 'caseworker.kaz', role: 'caseworker', country: 'KAZ', org: 'MIA-KAZ' },
  ] });
  admin = new Client(server.url);
  await admin.login();
  const r = await admin.request('POST', '/api/v1/users', { json: {
    login: 'analyst.kaz', password: ADMIN_PASSWORD, role: 'analyst', country: 'KAZ', organisation: 'UNHCR' } });
  assert.equal(r.status, 201, r.text);
  analystId = r.data.id;
  adminId = (await admin.request('GET', '/api/v1/me')).data.user.id;
  for (const u of (await admin.request('GET', '/api/v1/users')).data.users) ids[u.login] = u.id;
});
after(async () => { await server?.stop(); });

function bearer(secret) {
  const c = new Client(server.url);
  c.bearer = secret;
  return c;
}

test('a token is shown once, works as a bearer, and is listed without its secret', async () => {
  const issued = await admin.request('POST', `/api/v1/users/${analystId}/tokens`, { json: { name: 'stats import', valid_days: 30 } });
  assert.equal(issued.status, 201, issued.text);
  assert.equal(typeof issued.data.secret, 'string');
  assert.ok(issued.data.secret.length >= 32);
  assert.equal(issued.data.country, 'KAZ');
  assert.ok(issued.data.expires_at);

  const me = await bearer(issued.data.secret).request('GET', '/api/v1/me');
  assert.equal(me.status, 200);
  assert.equal(me.data.user.login, 'analyst.kaz');
  assert.equal(me.data.via_token, true);
  assert.equal(me.data.csrf_token, undefined);

  const list = await admin.request('GET', `/api/v1/users/${analystId}/tokens`);
  assert.equal(list.status, 200);
  assert.ok(list.data.tokens.length >= 1);
  assert.ok(list.data.tokens.every((t) => !('secret' in t)));
});

test('bearer requests need no CSRF token, and carry the user\'s permissions only', async () => {
  const adminToken = await admin.request('POST', '/api/v1/users/1/tokens', { json: { name: 'script' } });
  assert.equal(adminToken.status, 201);
  const c = bearer(adminToken.data.secret);
  const created = await c.request('POST', '/api/v1/users', { json: { login: 'via.token', password: 'long-enough-password', role: 'observer' } });
  assert.equal(created.status, 201, created.text);

  const analystToken = await admin.request('POST', `/api/v1/users/${analystId}/tokens`, { json: { name: 'analyst script' } });
  const forbidden = await bearer(analystToken.data.secret).request('GET', '/api/v1/users');
  assert.equal(forbidden.status, 403);
});

test('a token cannot be wider than its user: a country user cannot get a KGZ token', async () => {
  const r = await admin.request('POST', `/api/v1/users/${analystId}/tokens`, { json: { name: 'wider', country: 'KGZ' } });
  assert.equal(r.status, 403, r.text);
  assert.equal(errorOf(r).field, 'country');
});

test('a revoked token is refused', async () => {
  const issued = await admin.request('POST', `/api/v1/users/${analystId}/tokens`, { json: { name: 'short lived' } });
  const c = bearer(issued.data.secret);
  assert.equal((await c.request('GET', '/api/v1/me')).status, 200);
  assert.equal((await admin.request('DELETE', `/api/v1/tokens/${issued.data.id}`)).status, 204);
  const r = await c.request('GET', '/api/v1/me');
  assert.equal(r.status, 401);
  assert.equal(errorOf(r).code, 'unauthenticated');
});

test('an unknown or malformed bearer token is 401, even on public API routes', async () => {
  assert.equal((await bearer('0'.repeat(64)).request('GET', '/api/v1/me')).status, 401);
  const r = await fetch(server.url + '/api/v1/me', { headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } });
  assert.equal(r.status, 401);
  assert.equal((await r.json()).error.field, 'authorization');
});

test('disabling a user revokes their tokens', async () => {
  const created = await admin.request('POST', '/api/v1/users', { json: { login: 'leaver', password: 'long-enough-password', role: 'observer' } });
  const issued = await admin.request('POST', `/api/v1/users/${created.data.id}/tokens`, { json: { name: 'x' } });
  assert.equal((await admin.request('POST', `/api/v1/users/${created.data.id}/disable`)).status, 200);
  assert.equal((await bearer(issued.data.secret).request('GET', '/api/v1/me')).status, 401);
});

async function tokenCount(userId) {
  const r = await admin.request('GET', `/api/v1/users/${userId}/tokens`);
  assert.equal(r.status, 200, r.text);
  return r.data.tokens.length;
}

// The regional administrator's own token, narrowed to Kyrgyzstan for 30 days.
async function kyrgyzToken() {
  const r = await admin.request('POST', `/api/v1/users/${adminId}/tokens`, { json: { name: 'kgz script', country: 'KGZ', valid_days: 30 } });
  assert.equal(r.status, 201, r.text);
  return bearer(r.data.secret);
}

test('a token never mints a wider token: not in scope, not in expiry', async () => {
  const kgzToken = await kyrgyzToken();
  const before = await tokenCount(adminId);
  for (const [why, body, field] of [
    ['the user\'s own regional scope', { name: 'regional' }, 'country'],
    ['another country', { name: 'kaz', country: 'KAZ', valid_days: 5 }, 'country'],
    ['no expiry', { name: 'forever', country: 'KGZ' }, 'valid_days'],
    ['a later expiry', { name: 'longer', country: 'KGZ', valid_days: 31 }, 'valid_days'],
  ]) {
    const r = await kgzToken.request('POST', `/api/v1/users/${adminId}/tokens`, { json: body });
    assert.equal(r.status, 403, `${why}: ${r.text}`);
    assert.equal(errorOf(r).code, 'forbidden', why);
    assert.equal(errorOf(r).field, field, why);
  }
  assert.equal(await tokenCount(adminId), before, 'a refusal writes nothing');
  const narrower = await kgzToken.request('POST', `/api/v1/users/${adminId}/tokens`, { json: { name: 'narrower', country: 'KGZ', valid_days: 29 } });
  assert.equal(narrower.status, 201, narrower.text);
  assert.equal(narrower.data.country, 'KGZ');
  const me = await bearer(narrower.data.secret).request('GET', '/api/v1/me');
  assert.equal(me.data.user.country, 'KGZ');
});

test('a country-scoped token administers only that country\'s accounts', async () => {
  const kgzToken = await kyrgyzToken();
  const outside = await kgzToken.request('GET', `/api/v1/users/${ids['caseworker.kaz']}`);
  const missing = await kgzToken.request('GET', '/api/v1/users/999999');
  assert.equal(outside.status, 404);
  assert.equal(outside.text, missing.text);
  const regional = await kgzToken.request('POST', '/api/v1/users', { json: { login: 'token.regional', password: 'long-enough-password', role: 'decision_maker' } });
  assert.equal(regional.status, 403, regional.text);
  assert.equal(errorOf(regional).field, 'country');
  const list = await kgzToken.request('GET', '/api/v1/users');
  assert.ok(list.data.users.every((u) => u.country === 'KGZ'), JSON.stringify(list.data.users));
});

test('a token cannot change a password, not even its own account\'s with the current one', async () => {
  const kgzToken = await kyrgyzToken();
  for (const [id, body] of [
    [adminId, { password: 'taken-over-password', current_password: ADMIN_PASSWORD }],
    [ids['caseworker.kgz'], { password: 'taken-over-password' }],
  ]) {
    const r = await kgzToken.request('POST', `/api/v1/users/${id}/password`, { json: body });
    assert.equal(r.status, 403, r.text);
    assert.equal(errorOf(r).code, 'forbidden');
  }
  assert.equal((await new Client(server.url).login('admin', ADMIN_PASSWORD)).status, 200);
  assert.equal((await new Client(server.url).login('caseworker.kgz', ADMIN_PASSWORD)).status, 200);
  // The same holds for a user's own token, minted in their own session.
  const cw = new Client(server.url);
  await cw.login('caseworker.kgz', ADMIN_PASSWORD);
  const own = await cw.request('POST', `/api/v1/users/${ids['caseworker.kgz']}/tokens`, { json: { name: 'mine', country: 'KGZ', organisation: 'MIA-KGZ' } });
  assert.equal(own.status, 201, own.text);
  const r = await bearer(own.data.secret).request('POST', `/api/v1/users/${ids['caseworker.kgz']}/password`, { json: { password: 'taken-over-password', current_password: ADMIN_PASSWORD } });
  assert.equal(r.status, 403, r.text);
  assert.equal((await new Client(server.url).login('caseworker.kgz', ADMIN_PASSWORD)).status, 200);
});

test('a token never carries a permission its maker lacks', async () => {
  // An administrator holds no case or sensitive-data permission, so it cannot mint a
  // caseworker's token; the caseworker can.
  const before = await tokenCount(ids['caseworker.kaz']);
  const r = await admin.request('POST', `/api/v1/users/${ids['caseworker.kaz']}/tokens`, { json: { name: 'by admin' } });
  assert.equal(r.status, 403, r.text);
  assert.equal(errorOf(r).field, 'role');
  assert.equal(await tokenCount(ids['caseworker.kaz']), before);
  const cw = new Client(server.url);
  await cw.login('caseworker.kaz', ADMIN_PASSWORD);
  const own = await cw.request('POST', `/api/v1/users/${ids['caseworker.kaz']}/tokens`, { json: { name: 'mine', country: 'KAZ', organisation: 'MIA-KAZ' } });
  assert.equal(own.status, 201, own.text);
  const me = await bearer(own.data.secret).request('GET', '/api/v1/me');
  assert.ok(me.data.permissions.includes('sensitive.read'));
});
