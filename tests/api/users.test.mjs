// SPDX-License-Identifier: Apache-2.0
// Account administration over the API, and who may do it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, errorOf, ADMIN_PASSWORD } from './lib/server.mjs';

const NONE = 999999;  // an id no account has
let server;
let admin;
let kgz;  // the Kyrgyz administrator: scope KGZ, organisation MIA-KGZ
const ids = {};  // login -> id of the accounts made at start-up
before(async () => {
  server = await startServer({ users: [
    { login: 'observer.kaz', role: 'observer', country: 'KAZ', org: 'MIA-KAZ' },
    { login: 'admin.kgz', role: 'admin', country: 'KGZ', org: 'MIA-KGZ' },
    { login: 'caseworker.kgz', role: 'caseworker', country: 'KGZ', org: 'MIA-KGZ' },
    { login: 'ngo.kgz', role: 'focal_point', country: 'KGZ', org: 'NGO-KGZ' },
    { login: 'cw.kaz', role: 'caseworker', country: 'KAZ', org: 'MIA-KAZ' },
    { login: 'analyst.regional', role: 'analyst', org: 'UNHCR' },
    { login: 'self.changer', role: 'analyst', country: 'KAZ', org: 'MIA-KAZ' },
  ] });
  admin = new Client(server.url);
  assert.equal((await admin.login()).status, 200);
  kgz = new Client(server.url);
  assert.equal((await kgz.login('admin.kgz', ADMIN_PASSWORD)).status, 200);
  for (const u of (await admin.request('GET', '/api/v1/users')).data.users) ids[u.login] = u.id;
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

async function loginsSeenByAdmin() {
  return (await admin.request('GET', '/api/v1/users')).data.users.map((u) => u.login);
}

async function auditCount(query) {
  const r = await admin.request('GET', `/api/v1/audit?${query}&limit=1000`);
  assert.equal(r.status, 200, r.text);
  return r.data.rows.length;
}

test('a country administrator cannot create an account wider than itself: 403 naming the field, nothing written', async () => {
  const base = { password: 'long-enough-password', role: 'decision_maker', country: 'KGZ', organisation: 'MIA-KGZ' };
  const before = await auditCount('action=user.');
  const refused = [
    ['no country: a regional account', { ...base, login: 'wide.regional', country: undefined }, 'country'],
    ['another country', { ...base, login: 'wide.kaz', country: 'KAZ' }, 'country'],
    ['another organisation', { ...base, login: 'wide.ngo', organisation: 'NGO-KGZ' }, 'organisation'],
    ['no organisation: any organisation', { ...base, login: 'wide.anyorg', organisation: undefined }, 'organisation'],
  ];
  for (const [why, body, field] of refused) {
    const r = await kgz.request('POST', '/api/v1/users', { json: body });
    assert.equal(r.status, 403, `${why}: ${r.text}`);
    assert.equal(errorOf(r).code, 'forbidden', why);
    assert.equal(errorOf(r).field, field, why);
  }
  const logins = await loginsSeenByAdmin();
  for (const [, body] of refused) assert.ok(!logins.includes(body.login), body.login);
  assert.equal(await auditCount('action=user.'), before, 'a refusal writes no audit row');
});

test('a country administrator creates caseworkers and decision makers of its own country and organisation', async () => {
  for (const role of ['caseworker', 'decision_maker', 'admin']) {
    const r = await kgz.request('POST', '/api/v1/users', { json: {
      login: `made.${role}.kgz`, password: 'long-enough-password', role, country: 'kgz', organisation: 'MIA-KGZ' } });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.data.country, 'KGZ');
    assert.equal(r.data.organisation, 'MIA-KGZ');
  }
});

test('accounts outside the administrator\'s scope answer exactly like missing ones, and stay unchanged', async () => {
  const probes = (id) => [
    ['GET', `/api/v1/users/${id}`],
    ['POST', `/api/v1/users/${id}/password`, { password: 'hijacked-password-1' }],
    ['POST', `/api/v1/users/${id}/disable`],
    ['POST', `/api/v1/users/${id}/enable`],
    ['GET', `/api/v1/users/${id}/tokens`],
    ['POST', `/api/v1/users/${id}/tokens`, { name: 'stolen', country: 'KGZ' }],
  ];
  const missing = [];
  for (const [method, path, json] of probes(NONE)) missing.push(await kgz.request(method, path, { json }));
  for (const target of ['cw.kaz', 'analyst.regional', 'ngo.kgz', 'admin']) {
    const outside = probes(ids[target]);
    for (let i = 0; i < outside.length; i++) {
      const [method, path, json] = outside[i];
      const r = await kgz.request(method, path, { json });
      assert.equal(r.status, 404, `${target}: ${method} ${path}: ${r.text}`);
      assert.equal(r.text, missing[i].text, `${target}: ${method} ${path} tells the account exists`);
    }
  }
  // A token of an account outside the scope cannot be revoked either.
  const own = new Client(server.url);
  assert.equal((await own.login('cw.kaz', ADMIN_PASSWORD)).status, 200, 'the password was not reset');
  const minted = (await own.request('POST', `/api/v1/users/${ids['cw.kaz']}/tokens`, { json: {
    name: 'kaz sync', country: 'KAZ', organisation: 'MIA-KAZ' } })).data;
  const revokeOutside = await kgz.request('DELETE', `/api/v1/tokens/${minted.id}`);
  const revokeMissing = await kgz.request('DELETE', `/api/v1/tokens/${NONE}`);
  assert.equal(revokeOutside.status, 404);
  assert.equal(revokeOutside.text, revokeMissing.text);
  const tokens = await admin.request('GET', `/api/v1/users/${ids['cw.kaz']}/tokens`);
  assert.ok(tokens.data.tokens.every((t) => !t.revoked && t.name !== 'stolen'));
  const kaz = await admin.request('GET', `/api/v1/users/${ids['cw.kaz']}`);
  assert.equal(kaz.data.disabled, false);
});

test('the user list and account events are scoped like the accounts', async () => {
  const list = await kgz.request('GET', '/api/v1/users');
  assert.equal(list.status, 200);
  const logins = list.data.users.map((u) => u.login);
  assert.ok(logins.includes('admin.kgz') && logins.includes('caseworker.kgz'), logins.join());
  for (const u of list.data.users) {
    assert.equal(u.country, 'KGZ', u.login);
    assert.equal(u.organisation, 'MIA-KGZ', u.login);
  }
  const inScope = new Set(list.data.users.map((u) => String(u.id)));
  // Kazakh and regional accounts have logged in and been created: their events exist.
  assert.ok(await auditCount(`action=user.create&record_id=${ids['cw.kaz']}`) > 0);
  for (const prefix of ['user.', 'session.']) {
    const events = await kgz.request('GET', `/api/v1/audit?action=${prefix}&limit=1000`);
    assert.equal(events.status, 200, events.text);
    assert.ok(events.data.rows.length > 0, prefix);
    for (const row of events.data.rows)
      assert.ok(inScope.has(row.record_id), `${prefix}: an event of account ${row.record_id} leaks: ${JSON.stringify(row)}`);
  }
  const tokenEvents = await kgz.request('GET', '/api/v1/audit?record_type=api_token&limit=1000');
  assert.equal(tokenEvents.status, 200);
  assert.deepEqual(tokenEvents.data.rows.filter((r) => r.action === 'token.issue'), [], 'no token of another scope');
});

test('changing one\'s own password needs the current one', async () => {
  const me = new Client(server.url);
  assert.equal((await me.login('self.changer', ADMIN_PASSWORD)).status, 200);
  const id = ids['self.changer'];
  const none = await me.request('POST', `/api/v1/users/${id}/password`, { json: { password: 'my-new-password-1' } });
  assert.equal(none.status, 403, none.text);
  assert.equal(errorOf(none).field, 'current_password');
  const wrong = await me.request('POST', `/api/v1/users/${id}/password`, { json: { password: 'my-new-password-1', current_password: 'not-my-password' } });
  assert.equal(wrong.status, 403, wrong.text);
  assert.equal(errorOf(wrong).field, 'current_password');
  assert.equal((await new Client(server.url).login('self.changer', ADMIN_PASSWORD)).status, 200, 'unchanged after refusals');
  const ok = await me.request('POST', `/api/v1/users/${id}/password`, { json: { password: 'my-new-password-1', current_password: ADMIN_PASSWORD } });
  assert.equal(ok.status, 204, ok.text);
  assert.equal((await new Client(server.url).login('self.changer', 'my-new-password-1')).status, 200);
  // An administrator's own password is its own too: no reset without the current one.
  const adminId = (await admin.request('GET', '/api/v1/me')).data.user.id;
  const adminSelf = await admin.request('POST', `/api/v1/users/${adminId}/password`, { json: { password: 'admin-new-password' } });
  assert.equal(adminSelf.status, 403, adminSelf.text);
  assert.equal(errorOf(adminSelf).field, 'current_password');
});

test('an administrator resets another account without its password, and the reset is audited', async () => {
  const id = ids['caseworker.kgz'];
  const r = await kgz.request('POST', `/api/v1/users/${id}/password`, { json: { password: 'reset-by-admin-1' } });
  assert.equal(r.status, 204, r.text);
  assert.equal((await new Client(server.url).login('caseworker.kgz', 'reset-by-admin-1')).status, 200);
  const rows = (await admin.request('GET', `/api/v1/audit?action=user.password_reset&record_id=${id}`)).data.rows;
  assert.equal(rows.length, 1, JSON.stringify(rows));
  assert.equal(rows[0].actor_login, 'admin.kgz');
  assert.equal(rows[0].country, 'KGZ');
});

test('a refused account form answers 403 in the user\'s language, beside the field', async () => {
  const body = new URLSearchParams({ login: 'wide.form', password: 'long-enough-password', role: 'decision_maker',
    country: 'KAZ', organisation: 'MIA-KGZ' }).toString();
  const r = await kgz.request('POST', '/users?lang=ru', { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 403, r.text.slice(0, 300));
  assert.match(r.text, /id="country-error"/);
  assert.match(r.text, /только учётные записи своей страны/);
  assert.ok(!(await loginsSeenByAdmin()).includes('wide.form'));
});
