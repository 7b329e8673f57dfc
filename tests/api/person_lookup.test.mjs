// SPDX-License-Identifier: Apache-2.0
// The person look-ups end to end: the search (API and Persons page) and the duplicate
// check go through the match index, inside the officer's country. Another country's
// namesakes neither hide a candidate nor change a single byte of the answer (weights
// included), and every look-up writes one audit row saying who, why and what kind of
// query, never the query itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startServer, signIn, temporaryKeyFile } from './lib/server.mjs';

const { dir: keyDir, file: keyFile } = temporaryKeyFile();
const users = [
  { login: 'registrar.kaz', role: 'registrar', country: 'KAZ', org: 'MIA-KAZ' },
  { login: 'registrar.kgz', role: 'registrar', country: 'KGZ', org: 'MIA-KGZ' },
  { login: 'registrar.region', role: 'registrar' },
];
let server;
const as = {};

before(async () => {
  server = await startServer({ users, env: { NANSEN_SECURITY_KEY_FILE: keyFile } });
  Object.assign(as, await signIn(server, ['admin', ...users.map((u) => u.login)]));
});
after(async () => {
  await server?.stop();
  rmSync(keyDir, { recursive: true, force: true });
});

// The Kazakh person is a weaker match for the probe (no patronymic, a birth year only)
// than the Kyrgyz namesakes are: ranked together, the namesakes fill any top k.
const kazakh = {
  country: 'KAZ', names: [{ full_name: 'Абдрашов Жанибек' }], sex: 'M', birth_date: '1988',
};
const namesake = {
  country: 'KGZ', names: [{ full_name: 'Абдрашов Жанибек Серикович' }], sex: 'M',
  birth_date: '1988-03-15', confirm_new: true,
};
const probe = {
  country: 'KAZ', names: [{ full_name: 'Zhanibek Abdrashov Serikovich' }], sex: 'M',
  birth_date: '1988-03-15',
};
const queries = ['Abdrashov Zhanibek', 'Абдрашов Жанибек', 'ABDRASHOV<<ZHANIBEK', 'Abdrashev Zhanibek 1988'];
let kazakhId;

// Everything a Kazakh registrar can learn by looking up the name.
async function kazakhView() {
  const reg = as['registrar.kaz'];
  const out = {};
  const dup = await reg.request('POST', '/api/v1/persons/duplicates', { json: probe });
  assert.equal(dup.status, 200, dup.text);
  out.duplicates = dup.text;
  for (const q of queries) {
    const r = await reg.request('GET', `/api/v1/persons?q=${encodeURIComponent(q)}`);
    assert.equal(r.status, 200, r.text);
    out[q] = r.text;
  }
  return out;
}

const auditRows = async (action) => {
  const r = await as.admin.request('GET', `/api/v1/audit?action=${action}&limit=1000`);
  assert.equal(r.status, 200, r.text);
  return r.data.rows;
};

test('a Latin, Cyrillic or MRZ spelling finds the person through the index, with the reason', async () => {
  const r = await as['registrar.kaz'].request('POST', '/api/v1/persons', { json: kazakh });
  assert.equal(r.status, 201, r.text);
  kazakhId = r.data.id;
  for (const q of queries) {
    const s = await as['registrar.kaz'].request('GET', `/api/v1/persons?q=${encodeURIComponent(q)}`);
    assert.equal(s.status, 200, s.text);
    assert.equal(s.data.persons[0]?.id, kazakhId, `${q}: ${s.text}`);
    assert.match(s.data.persons[0].reason, /^match weight/);
    assert.equal(s.data.persons[0].match.fields.family !== undefined, true, s.text);
  }
  // The Persons page asks the same index.
  const page = await as['registrar.kaz'].request('GET', `/persons?q=${encodeURIComponent('ABDRASHOV<<ZHANIBEK')}`);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes(`href="/persons/${kazakhId}"`), page.text);
});

test("another country's namesakes neither hide the candidate nor change the answer", async () => {
  const alone = await kazakhView();
  assert.ok(JSON.parse(alone.duplicates).candidates.some((c) => c.id === kazakhId), alone.duplicates);
  // More namesakes than any top k the look-ups take, born on the probe's very day.
  for (let i = 0; i < 60; ++i) {
    const r = await as['registrar.kgz'].request('POST', '/api/v1/persons', { json: namesake });
    assert.equal(r.status, 201, r.text);
  }
  const kyrgyz = await as['registrar.kgz'].request('POST', '/api/v1/persons/duplicates', {
    json: { ...probe, country: 'KGZ' } });
  assert.equal(kyrgyz.data.candidates.length, 5, 'the namesakes are real candidates in Kyrgyzstan');
  // The regional view (unscoped) ranks the namesakes first: the Kazakh answer is not luck.
  const regional = await as['registrar.region'].request('POST', '/api/v1/persons/duplicates', { json: probe });
  assert.equal(regional.status, 200, regional.text);
  assert.ok(!regional.data.candidates.some((c) => c.id === kazakhId), regional.text);

  const withNamesakes = await kazakhView();
  assert.deepEqual(withNamesakes, alone);  // byte for byte, weights included
});

test("a look-up about registering in another country is refused, naming the country", async () => {
  const r = await as['registrar.kaz'].request('POST', '/api/v1/persons/duplicates', {
    json: { ...probe, country: 'KGZ' } });
  assert.equal(r.status, 403, r.text);
  assert.equal(r.data.error.field, 'country');
  assert.doesNotMatch(r.text, /candidates/);
});

test('each look-up writes one audit row: who, purpose, query kind, the ids shown, no name', async () => {
  const before = { search: (await auditRows('person.search')).length, dup: (await auditRows('person.duplicates')).length };
  const reg = as['registrar.kaz'];
  assert.equal((await reg.request('GET', `/api/v1/persons?q=${encodeURIComponent('Абдрашов Жанибек 1988')}`)).status, 200);
  assert.equal((await reg.request('POST', '/api/v1/persons/duplicates', { json: probe })).status, 200);
  const search = await auditRows('person.search');
  const dup = await auditRows('person.duplicates');
  assert.equal(search.length, before.search + 1);
  assert.equal(dup.length, before.dup + 1);
  for (const [row, purpose, query] of [[search[0], 'search', ['name', 'birth_date']],
                                       [dup[0], 'duplicate_check', ['name', 'birth_date', 'sex']]]) {
    assert.equal(row.actor_login, 'registrar.kaz');
    assert.equal(row.country, 'KAZ');
    const detail = JSON.parse(row.detail);
    assert.deepEqual(detail, { purpose, query, results: 1, persons: [kazakhId] });
    for (const word of ['Абдрашов', 'Abdrashov', 'Zhanibek', '1988']) assert.ok(!row.detail.includes(word), row.detail);
  }
});
