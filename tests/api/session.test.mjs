// SPDX-License-Identifier: Apache-2.0
// Logging in and out over the API: cookies, CSRF, forged sessions and lockout.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, errorOf, ADMIN_PASSWORD } from './lib/server.mjs';

let server;
before(async () => {
  server = await startServer({ users: [
    { login: 'victim', role: 'observer' },
    { login: 'bystander', role: 'observer' },
  ] });
});
after(async () => { await server?.stop(); });

test('login sets an HttpOnly SameSite=Strict cookie and returns the CSRF token and user', async () => {
  const c = new Client(server.url);
  const r = await c.login();
  assert.equal(r.status, 200);
  assert.equal(typeof r.data.csrf_token, 'string');
  assert.ok(r.data.csrf_token.length >= 32);
  assert.equal(r.data.user.login, 'admin');
  assert.equal(r.data.user.role, 'admin');
  const cookie = r.headers.get('set-cookie');
  assert.match(cookie, /nansen_session=[^;]+/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.match(cookie, /Path=\//);
});

test('me describes the caller and their permissions', async () => {
  const c = new Client(server.url);
  await c.login();
  const r = await c.request('GET', '/api/v1/me');
  assert.equal(r.status, 200);
  assert.equal(r.data.user.login, 'admin');
  assert.equal(r.data.via_token, false);
  assert.ok(r.data.permissions.includes('users.manage'));
});

test('logout ends the session: the old cookie no longer works', async () => {
  const c = new Client(server.url);
  await c.login();
  const saved = c.cookie;
  const out = await c.request('DELETE', '/api/v1/session');
  assert.equal(out.status, 204);
  c.cookie = saved;
  const r = await c.request('GET', '/api/v1/me');
  assert.equal(r.status, 401);
  assert.equal(errorOf(r).code, 'unauthenticated');
});

test('a wrong password and an unknown login get the same 401', async () => {
  const a = await new Client(server.url).login('admin', 'not-the-password');
  const b = await new Client(server.url).login('nobody-here', 'not-the-password');
  assert.equal(a.status, 401);
  assert.equal(b.status, 401);
  assert.equal(errorOf(a).message, errorOf(b).message);
});

test('a forged or unknown session cookie is 401, and the cookie is cleared', async () => {
  for (const forged of ['0'.repeat(64), 'x', 'a'.repeat(500)]) {
    const r = await fetch(server.url + '/api/v1/me', { headers: { cookie: `nansen_session=${forged}` } });
    assert.equal(r.status, 401, forged);
    const body = await r.json();
    assert.equal(body.error.code, 'unauthenticated');
    assert.match(r.headers.get('set-cookie') ?? '', /Max-Age=0/);
  }
});

test('a page with a forged cookie sends the browser to the login page', async () => {
  const r = await fetch(server.url + '/users', { headers: { cookie: 'nansen_session=' + 'f'.repeat(64) }, redirect: 'manual' });
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), /^\/login/);
});

test('CSRF: a cookie session must send the token on every request that changes data', async () => {
  const c = new Client(server.url);
  await c.login();
  const body = { login: 'csrf.check', password: 'long-enough-password', role: 'observer' };
  const missing = await c.request('POST', '/api/v1/users', { json: body, csrf: false });
  assert.equal(missing.status, 403);
  assert.equal(errorOf(missing).field, 'csrf');
  const bad = await c.request('POST', '/api/v1/users', { json: body, csrf: false, headers: { 'x-csrf-token': 'bad' } });
  assert.equal(bad.status, 403);
  assert.equal(errorOf(bad).field, 'csrf');
  const logout = await c.request('DELETE', '/api/v1/session', { csrf: false });
  assert.equal(logout.status, 403);
  const ok = await c.request('POST', '/api/v1/users', { json: body });
  assert.equal(ok.status, 201);
});

test('CSRF: an HTML form without the csrf field is refused', async () => {
  const c = new Client(server.url);
  await c.login();
  const r = await c.request('POST', '/logout', { body: 'x=1', csrf: false,
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 403);
  const ok = await c.request('POST', '/logout', { body: `csrf=${encodeURIComponent(c.csrf)}`, csrf: false,
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(ok.status, 303);
});

test('a locked account, a wrong password and an unknown login answer identically; the lock holds', async () => {
  const c = new Client(server.url);
  for (let i = 0; i < 5; i++) {
    const r = await c.login('victim', 'wrong-password-' + i);
    assert.equal(r.status, 401);
  }
  const locked = await c.login('victim', ADMIN_PASSWORD);
  const wrong = await c.login('bystander', 'wrong-password');
  const unknown = await c.login('nobody-at-all', 'wrong-password');
  for (const [what, r] of [['locked', locked], ['wrong password', wrong], ['unknown login', unknown]]) {
    assert.equal(r.status, 401, `${what}: ${r.text}`);
    assert.equal(r.text, unknown.text, `${what} answers differently`);
    assert.equal(r.headers.get('set-cookie'), null, what);
  }
  assert.equal(errorOf(locked).code, 'unauthenticated');
  assert.equal(errorOf(locked).field, 'login');
  assert.equal((await c.request('GET', '/api/v1/me')).status, 401, 'the right password did not open a session');
  // The bystander's single failure did not lock it.
  assert.equal((await new Client(server.url).login('bystander', ADMIN_PASSWORD)).status, 200);
  const health = await fetch(server.url + '/healthz');
  assert.equal(health.status, 200);
});

test('20 parallel wrong guesses all count: the account is then locked', async () => {
  // Enough worker threads that the guesses really run side by side: a count read before
  // the password check and written after it would lose most of them.
  const parallel = await startServer({
    users: [{ login: 'guessed', role: 'observer' }],
    env: { NANSEN_SERVER_THREADS: '10', NANSEN_SECURITY_LOCKOUT_FAILURES: '8' },
  });
  try {
    const guesses = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      new Client(parallel.url).login('guessed', `parallel-guess-${i}`)));
    assert.ok(guesses.every((r) => r.status === 401), guesses.map((r) => r.status).join());
    const right = await new Client(parallel.url).login('guessed', ADMIN_PASSWORD);
    assert.equal(right.status, 401, 'the account should be locked: ' + right.text);
    const unknown = await new Client(parallel.url).login('nobody-at-all', 'wrong-password');
    assert.equal(right.text, unknown.text);
  } finally {
    await parallel.stop();
  }
});
