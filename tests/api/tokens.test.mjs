// SPDX-License-Identifier: Apache-2.0
// API tokens: issued once, accepted as bearer, scoped, revocable.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, errorOf, ADMIN_PASSWORD } from './lib/server.mjs';

let server;
let admin;
let analystId;
before(async () => {
  server = await startServer();
  admin = new Client(server.url);
  await admin.login();
  const r = await admin.request('POST', '/api/v1/users', { json: {
    login: 'analyst.kaz', password: ADMIN_PASSWORD, role: 'analyst', country: 'KAZ', organisation: 'UNHCR' } });
  assert.equal(r.status, 201, r.text);
  analystId = r.data.id;
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
  assert.equal(r.status, 422);
  assert.ok(errorOf(r).field);
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
