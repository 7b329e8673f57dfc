// SPDX-License-Identifier: Apache-2.0
// Bad input: every case gets a 4xx in the one error shape naming the field, and the
// server keeps serving afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, Client, errorOf } from './lib/server.mjs';

let server;
let admin;
before(async () => {
  server = await startServer();
  admin = new Client(server.url);
  await admin.login();
});
after(async () => { await server?.stop(); });

async function healthy() {
  const r = await fetch(server.url + '/healthz');
  assert.equal(r.status, 200);
}

const valid = { login: 'valid.user', password: 'long-enough-password', role: 'observer' };
const cases = [
  { why: 'malformed JSON', body: '{"login": "a",', status: 400, field: 'body' },
  { why: 'JSON that is not an object', body: '["login"]', status: 422, field: 'body' },
  { why: 'wrong content type', body: 'login=a', type: 'text/plain', status: 415, field: 'content-type' },
  { why: 'multipart is not accepted here', body: '--x--', type: 'multipart/form-data; boundary=x', status: 415, field: 'content-type' },
  { why: 'invalid UTF-8', raw: Buffer.from([0x7b, 0x22, 0x6c, 0x6f, 0x67, 0x69, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), status: 400, field: 'body' },
  { why: 'an unknown field', json: { ...valid, is_admin: true }, status: 422, field: 'is_admin' },
  { why: 'a missing field', json: { login: 'no.password', role: 'observer' }, status: 422, field: 'password' },
  { why: 'a number for a string', json: { ...valid, login: 42 }, status: 422, field: 'login' },
  { why: 'an object for a string', json: { ...valid, role: { name: 'admin' } }, status: 422, field: 'role' },
  { why: 'an overlong string', json: { ...valid, display_name: 'Ж'.repeat(129) }, status: 422, field: 'display_name' },
  { why: 'an overlong login', json: { ...valid, login: 'a'.repeat(65) }, status: 422, field: 'login' },
  { why: 'deeply nested JSON', body: '{"login":' + '['.repeat(5000) + ']'.repeat(5000) + '}', status: 400, field: 'body' },
];

for (const c of cases) {
  test(`POST /api/v1/users with ${c.why} → ${c.status} naming ${c.field}`, async () => {
    const headers = { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': c.type ?? 'application/json' };
    const body = c.raw ?? c.body ?? JSON.stringify(c.json);
    const res = await fetch(server.url + '/api/v1/users', { method: 'POST', headers, body });
    const data = await res.json();
    assert.equal(res.status, c.status, JSON.stringify(data));
    assert.equal(typeof data.error.code, 'string');
    assert.equal(typeof data.error.message, 'string');
    assert.equal(data.error.field, c.field);
    await healthy();
  });
}

test('nothing was half-written: none of the bad requests created a user', async () => {
  const list = await admin.request('GET', '/api/v1/users');
  assert.deepEqual(list.data.users.map((u) => u.login), ['admin']);
});

test('an oversized body is 413 and the server keeps serving', async () => {
  const big = JSON.stringify({ ...valid, display_name: 'x'.repeat(2 * 1024 * 1024) });
  const res = await fetch(server.url + '/api/v1/users', {
    method: 'POST', body: big,
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' } });
  assert.equal(res.status, 413);
  const data = await res.json();
  assert.equal(data.error.code, 'too_large');
  assert.equal(data.error.field, 'body');
  await healthy();
});

test('an oversized chunked body is 413 too', async () => {
  const chunks = async function* () { for (let i = 0; i < 40; i++) yield new Uint8Array(64 * 1024).fill(32); };
  let status;
  try {
    const res = await fetch(server.url + '/api/v1/session', {
      method: 'POST', body: chunks(), duplex: 'half', headers: { 'content-type': 'application/json' } });
    status = res.status;
  } catch {
    status = 'reset';  // the server may close while the client still sends; both are refusals
  }
  assert.ok(status === 413 || status === 'reset', String(status));
  await healthy();
});

test('a malformed request line gets 400 and the server keeps serving', async () => {
  const reply = await new Promise((resolve, reject) => {
    const url = new URL(server.url);
    const s = net.connect(Number(url.port), url.hostname, () => s.write('GARBAGE / HTTP/9.9\r\n\r\n'));
    let out = '';
    s.on('data', (d) => { out += d; });
    s.on('end', () => resolve(out));
    s.on('error', reject);
  });
  assert.match(reply, /^HTTP\/1\.1 400/);
  await healthy();
});

test('headers over the limit get 431', async () => {
  const res = await fetch(server.url + '/healthz', { headers: { 'x-big': 'y'.repeat(20000) } });
  assert.equal(res.status, 431);
  await healthy();
});

test('a badly encoded path is 400', async () => {
  const res = await fetch(server.url + '/users/%FF');
  assert.equal(res.status, 400);
  await healthy();
});

test('unknown routes and wrong methods are 404 and 405 in the error shape', async () => {
  const nf = await admin.request('GET', '/api/v1/nothing');
  assert.equal(nf.status, 404);
  assert.equal(errorOf(nf).code, 'not_found');
  const na = await admin.request('PUT', '/api/v1/users');
  assert.equal(na.status, 405);
  assert.equal(errorOf(na).field, 'method');
});
