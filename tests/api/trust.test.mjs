// SPDX-License-Identifier: Apache-2.0
// Trust at the seams, over real HTTP: /metrics cannot be grown by made-up methods or
// paths, the language links of an error page stay on this site whatever the path or Host
// header, and a 5xx answer carries a request id (also in the log line) but never the
// backend's message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { rmSync } from 'node:fs';
import { startServer, Client, errorOf, ADMIN_PASSWORD, temporaryKeyFile } from './lib/server.mjs';

const { dir: keyDir, file: keyFile } = temporaryKeyFile();
let server;

before(async () => {
  server = await startServer({
    users: [{ login: 'caseworker.kaz', role: 'caseworker', country: 'KAZ', org: 'MIA-KAZ' }],
    env: { NANSEN_SECURITY_KEY_FILE: keyFile },
  });
});
after(async () => {
  await server?.stop();
  rmSync(keyDir, { recursive: true, force: true });
});

// Runs one SQL statement on the server's database behind its back, as a damaged or
// tampered database would look (sqlite3 for a file, psql for PostgreSQL).
function sql(statement) {
  const r = server.db.startsWith('postgres')
    ? spawnSync('psql', [server.db, '-q', '-v', 'ON_ERROR_STOP=1', '-c', statement], { encoding: 'utf8' })
    : spawnSync('sqlite3', [server.db, statement], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${statement}: ${r.stderr}`);
}

// One raw HTTP/1.1 request, exactly as written (fetch would normalise the path and Host).
function rawRequest(lines) {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    let out = '';
    const s = net.connect(Number(url.port), url.hostname, () =>
      s.write(lines.join('\r\n') + '\r\n\r\n'));
    s.on('data', (d) => { out += d; });
    s.on('close', () => resolve(out));
    s.on('error', reject);
  });
}

test('made-up methods and paths fold into one label each: /metrics stays small', async () => {
  for (let i = 0; i < 50; i++) await fetch(server.url + '/healthz');  // every label seen once
  await fetch(server.url + `/no-such-page-warmup`);
  await fetch(server.url + '/healthz', { method: 'FOOWARMUP' });
  const before = (await (await fetch(server.url + '/metrics')).text()).length;
  for (let i = 0; i < 300; i += 10) {  // 900 requests, 30 at a time
    const batch = [];
    for (let j = i; j < i + 10; j++) {
      batch.push(fetch(server.url + `/no-such-page-${j}/${'x'.repeat(j % 40)}`));
      batch.push(fetch(server.url + '/healthz', { method: `MADEUP${j}` }));
      batch.push(fetch(server.url + `/api/v1/persons/${j}`, { method: `X${j}Y` }));
    }
    await Promise.all(batch.map((p) => p.then((r) => r.arrayBuffer())));
  }
  const text = await (await fetch(server.url + '/metrics')).text();
  // New counts change digits, not lines: allow a few bytes per line, no new series.
  assert.ok(text.length - before < 2000, `/metrics grew by ${text.length - before} bytes`);
  assert.doesNotMatch(text, /MADEUP|X\d+Y|no-such-page/);
  assert.match(text, /nansen_http_requests_total\{method="other",route="unmatched",status="405"\} \d+/);
  assert.match(text, /nansen_http_requests_total\{method="GET",route="unmatched",status="404"\} \d+/);
});

test('the language links of an error page never point to another site', async () => {
  for (const [path, host] of [['//evil.example/', 'evil.example'], ['//evil.example/a/b?x=1', 'x'],
                              ['/%2F%2Fevil.example/', 'x'], ['/%5Cevil.example/', 'x'],
                              ['/\\evil.example/', 'x']]) {
    const reply = await rawRequest([`GET ${path} HTTP/1.1`, `Host: ${host}`, 'Connection: close']);
    assert.match(reply, /^HTTP\/1\.1 (404|400)/, path);
    if (!reply.startsWith('HTTP/1.1 404')) continue;  // a refused target has no page
    const links = [...reply.matchAll(/<a href="([^"]*)"[^>]*hreflang=/g)].map((m) => m[1]);
    assert.equal(links.length, 3, `${path}: the switch offers three languages`);
    for (const href of links) {
      assert.match(href, /^\?/, `${path}: ${href} is relative to this page`);
      assert.doesNotMatch(href, /evil/, path);
    }
  }
});

test('a 5xx answer carries a request id, also in the log line, and never the backend message', async () => {
  const cw = new Client(server.url);
  assert.equal((await cw.login('caseworker.kaz', ADMIN_PASSWORD)).status, 200);
  const p = await cw.request('POST', '/api/v1/persons', { json: {
    country: 'KAZ', names: [{ full_name: 'Серикова Дана', family: 'Серикова', given: 'Дана' }],
    sex: 'F', birth_date: '1994-06-30' } });
  assert.equal(p.status, 201, p.text);
  const note = await cw.request('POST', `/api/v1/persons/${p.data.id}/sensitive`,
                                { json: { kind: 'health', text: 'asthma' } });
  assert.equal(note.status, 201, note.text);
  assert.equal((await cw.request('GET', `/api/v1/persons/${p.data.id}/sensitive`)).status, 200);

  // The row now names a key the key file lacks: reading it is an internal error.
  sql(`UPDATE sensitive_entries SET key_id = 'vanished-key' WHERE person_id = ${p.data.id}`);
  const r = await cw.request('GET', `/api/v1/persons/${p.data.id}/sensitive`);
  assert.equal(r.status, 500);
  const e = errorOf(r);
  assert.equal(e.code, 'internal');
  assert.match(e.request_id ?? '', /^[0-9a-f]{16}$/);
  assert.equal(r.headers.get('x-request-id'), e.request_id);
  assert.ok(e.message.includes(e.request_id), e.message);
  assert.doesNotMatch(r.text, /vanished|key file|sensitive entry|\/tmp\//, r.text);
  assert.ok(server.stderr().includes(`request=${e.request_id}`), 'the log line names the request');
  assert.match(server.stderr(), /vanished-key/, 'the log keeps the real message');

  // Bound to person and kind: the same ciphertext relabelled as another kind fails too.
  sql(`UPDATE sensitive_entries SET key_id = 'k1', kind = 'sgbv' WHERE person_id = ${p.data.id}`);
  const relabelled = await cw.request('GET', `/api/v1/persons/${p.data.id}/sensitive`);
  assert.equal(relabelled.status, 500, 'a ciphertext relabelled as another kind does not open');
  assert.doesNotMatch(relabelled.text, /asthma|authenticate/);
});
