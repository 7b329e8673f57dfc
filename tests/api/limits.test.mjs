// SPDX-License-Identifier: Apache-2.0
// Configured limits: slow clients are cut off after request_timeout_seconds, a smaller
// max_body_bytes is honoured, Secure cookies are set when secure_cookies is on, and an
// https public_url turns on Secure cookies and HSTS by itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, Client } from './lib/server.mjs';

let server;
before(async () => {
  server = await startServer({ env: {
    NANSEN_SERVER_REQUEST_TIMEOUT_SECONDS: '1',
    NANSEN_SERVER_MAX_BODY_BYTES: '1000',
    NANSEN_SECURITY_SECURE_COOKIES: 'true',
  } });
});
after(async () => { await server?.stop(); });

test('a client that never finishes its headers is disconnected', async () => {
  const url = new URL(server.url);
  const started = Date.now();
  const closed = await new Promise((resolve, reject) => {
    const s = net.connect(Number(url.port), url.hostname, () => s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'));
    s.on('close', () => resolve(Date.now() - started));
    s.on('error', reject);
  });
  assert.ok(closed >= 900 && closed < 10000, `closed after ${closed} ms`);
  assert.equal((await fetch(server.url + '/healthz')).status, 200);
});

test('an idle keep-alive connection is closed after the timeout', async () => {
  const url = new URL(server.url);
  const reply = await new Promise((resolve, reject) => {
    let out = '';
    const s = net.connect(Number(url.port), url.hostname, () => s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'));
    s.on('data', (d) => { out += d; });
    s.on('close', () => resolve(out));
    s.on('error', reject);
  });
  assert.match(reply, /^HTTP\/1\.1 200/);
});

test('the configured body limit applies', async () => {
  const res = await fetch(server.url + '/api/v1/session', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'admin', password: 'x'.repeat(2000) }) });
  assert.equal(res.status, 413);
  assert.equal((await res.json()).error.field, 'body');
});

test('secure_cookies marks the session cookie Secure', async () => {
  const r = await new Client(server.url).login();
  assert.equal(r.status, 200);
  assert.match(r.headers.get('set-cookie'), /; Secure/);
});

test('an https public_url turns on Secure cookies and HSTS; an http one neither', async () => {
  for (const [publicUrl, tls] of [['https://nansen.example.org', true], ['http://127.0.0.1:8080', false], ['', false]]) {
    const s = await startServer({ env: { NANSEN_SERVER_PUBLIC_URL: publicUrl } });
    try {
      const login = await new Client(s.url).login();
      assert.equal(login.status, 200);
      const cookie = login.headers.get('set-cookie');
      assert.match(cookie, /nansen_session=/);
      assert.equal(/;\s*Secure/i.test(cookie), tls, `${publicUrl || '(none)'}: ${cookie}`);
      const lang = await fetch(s.url + '/login?lang=ru');
      assert.equal(/;\s*Secure/i.test(lang.headers.get('set-cookie') ?? ''), tls, 'the language cookie too');
      const tooLarge = await fetch(s.url + '/api/v1/session', {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(2 << 20) });
      assert.equal(tooLarge.status, 413);
      for (const r of [login, lang, await fetch(s.url + '/healthz'), await fetch(s.url + '/nope'), tooLarge]) {
        const hsts = r.headers.get('strict-transport-security');
        if (tls) assert.match(hsts ?? '', /^max-age=31536000/, `${publicUrl}: ${r.url}`);
        else assert.equal(hsts, null, `${publicUrl || '(none)'}: no HSTS over plain http`);
      }
    } finally {
      await s.stop();
    }
  }
});
