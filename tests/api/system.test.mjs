// SPDX-License-Identifier: Apache-2.0
// /healthz, /metrics, /api/v1/openapi.json, static assets and the security headers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from './lib/server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => {
  const result = await server?.stop();
  assert.equal(result.code, 0, 'SIGTERM stops the server cleanly');
});

test('healthz checks the database', async () => {
  const r = await fetch(server.url + '/healthz');
  assert.equal(r.status, 200);
  assert.equal((await r.json()).status, 'ok');
});

test('every response carries the security headers', async () => {
  for (const path of ['/login', '/healthz', '/api/v1/me', '/static/nansen.css', '/nope']) {
    const r = await fetch(server.url + path, { redirect: 'manual' });
    const csp = r.headers.get('content-security-policy');
    assert.ok(csp, path);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', path);
    assert.equal(r.headers.get('x-frame-options'), 'DENY', path);
    assert.equal(r.headers.get('referrer-policy'), 'same-origin', path);
  }
  const page = await fetch(server.url + '/login');
  assert.equal(page.headers.get('cache-control'), 'no-store');
});

test('pages use no inline script or style', async () => {
  const html = await (await fetch(server.url + '/login')).text();
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/);
  assert.doesNotMatch(html, /<style/);
  assert.doesNotMatch(html, /\sstyle=/);
  assert.doesNotMatch(html, /\son[a-z]+=/);
});

test('metrics are Prometheus text with requests by route, a latency histogram and DB time', async () => {
  await fetch(server.url + '/healthz');
  const r = await fetch(server.url + '/metrics');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  const text = await r.text();
  assert.match(text, /# TYPE nansen_http_requests_total counter/);
  assert.match(text, /nansen_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
  assert.match(text, /# TYPE nansen_http_request_duration_seconds histogram/);
  assert.match(text, /nansen_http_request_duration_seconds_bucket\{method="GET",route="\/healthz",le="\+Inf"\} \d+/);
  assert.match(text, /nansen_db_busy_seconds_total [0-9.e+-]+/);
  for (const line of text.split('\n').filter((l) => l && !l.startsWith('#')))
    assert.match(line, /^[a-z_]+(\{.*\})? [0-9.e+-]+$/, line);
});

test('openapi.json is valid OpenAPI 3 listing every API route', async () => {
  const r = await fetch(server.url + '/api/v1/openapi.json');
  assert.equal(r.status, 200);
  const doc = await r.json();
  assert.equal(doc.openapi, '3.0.3');
  const expected = [
    ['post', '/api/v1/session'], ['delete', '/api/v1/session'], ['get', '/api/v1/me'],
    ['get', '/api/v1/users'], ['post', '/api/v1/users'], ['get', '/api/v1/users/{id}'],
    ['post', '/api/v1/users/{id}/password'], ['post', '/api/v1/users/{id}/disable'],
    ['post', '/api/v1/users/{id}/enable'], ['get', '/api/v1/users/{id}/tokens'],
    ['post', '/api/v1/users/{id}/tokens'], ['delete', '/api/v1/tokens/{id}'],
    ['get', '/api/v1/audit'], ['get', '/api/v1/openapi.json'], ['get', '/healthz'], ['get', '/metrics'],
  ];
  for (const [method, path] of expected) {
    const op = doc.paths[path]?.[method];
    assert.ok(op, `${method} ${path}`);
    assert.ok(op.summary, `${method} ${path} has a summary`);
    assert.ok(op.responses, `${method} ${path} has responses`);
    for (const p of (path.match(/\{(\w+)\}/g) ?? []))
      assert.ok(op.parameters.some((x) => x.in === 'path' && `{${x.name}}` === p), `${path} declares ${p}`);
  }
  assert.deepEqual(doc.paths['/api/v1/session'].post.requestBody.content['application/json'].schema.required, ['login', 'password']);
  assert.ok(doc.components.schemas.Error);
  assert.ok(doc.components.securitySchemes.bearer);
});

test('static assets are served with a content type; htmx is vendored', async () => {
  const css = await fetch(server.url + '/static/nansen.css');
  assert.equal(css.status, 200);
  assert.match(css.headers.get('content-type'), /^text\/css/);
  const htmx = await fetch(server.url + '/static/vendor/htmx.min.js');
  assert.equal(htmx.status, 200);
  assert.match(htmx.headers.get('content-type'), /javascript/);
});

test('keep-alive: many requests on one connection', async () => {
  const c = new Client(server.url);
  for (let i = 0; i < 20; i++) assert.equal((await c.request('GET', '/healthz')).status, 200);
});

test('concurrent requests are all answered', async () => {
  const results = await Promise.all(Array.from({ length: 40 }, () => fetch(server.url + '/healthz')));
  assert.ok(results.every((r) => r.status === 200));
});
