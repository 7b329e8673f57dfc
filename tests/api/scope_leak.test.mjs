// SPDX-License-Identifier: Apache-2.0
// Scope leaks: users scoped to Uzbekistan must not find, open, change or infer a Kazakh
// person, household, case, document, sensitive entry or job through ANY registry route.
//
// The rule checked for every route: the answer about a Kazakh record is byte-for-byte the
// answer about a record that does not exist (same status, same body), so nothing — not
// the data, not a count, not a different message — tells the Uzbek user it is there; and
// the Uzbek user who holds the route's permission gets 404 for a single record.
//
// The list of routes comes from /api/v1/openapi.json: a registry route (tags registry,
// cases, documents, eligibility) without a probe below fails the test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, Client, ADMIN_PASSWORD, temporaryKeyFile } from './lib/server.mjs';

const REGISTRY_TAGS = new Set(['registry', 'cases', 'documents', 'eligibility']);
const NONE = 999999;  // an id no record has
const samples = join(process.env.NANSEN_SOURCE_DIR ?? '.', 'share', 'data', 'pledges');
const { dir: keyDir, file: keyFile } = temporaryKeyFile();

const kazUsers = [
  { login: 'registrar.kaz', role: 'registrar', country: 'KAZ', org: 'MIA-KAZ' },
  { login: 'caseworker.kaz', role: 'caseworker', country: 'KAZ', org: 'MIA-KAZ' },
  { login: 'decision.kaz', role: 'decision_maker', country: 'KAZ', org: 'MIA-KAZ' },
];
const uzbUsers = [
  { login: 'registrar.uzb', role: 'registrar', country: 'UZB', org: 'MIA-UZB' },
  { login: 'caseworker.uzb', role: 'caseworker', country: 'UZB', org: 'MIA-UZB' },
  { login: 'decision.uzb', role: 'decision_maker', country: 'UZB', org: 'MIA-UZB' },
];
let server;
const as = {};
const kaz = {};  // the Kazakh records
const uzb = {};  // an Uzbek person, the legitimate side of merges and households
const today = () => new Date().toISOString().slice(0, 10);

const kazPerson = {
  country: 'KAZ',
  names: [{ full_name: 'Жаксылыков Ержан Болатович', family: 'Жаксылыков', given: 'Ержан' }],
  sex: 'M', birth_date: '1984-02-29', nationalities: [{ claim: 'stateless' }],
  identity_documents: [{ type: 'residence_permit', number: 'KZ-ID-778899', issuer: 'KAZ', valid_from: '1994-03-01' }],
};
const eligibilityRule = { country: 'KAZ', nationality_claims: ['stateless'] };
const decision = { decision: 'eligible_for_citizenship', legal_basis: 'Law on Citizenship' };

async function ok(r, status = 200) {
  assert.equal(r.status, status, r.text);
  return r.data;
}

before(async () => {
  server = await startServer({ users: [...kazUsers, ...uzbUsers], env: { NANSEN_SECURITY_KEY_FILE: keyFile } });
  for (const u of [...kazUsers, ...uzbUsers]) {
    as[u.login] = new Client(server.url);
    assert.equal((await as[u.login].login(u.login, ADMIN_PASSWORD)).status, 200, u.login);
  }
  const reg = as['registrar.kaz'];
  kaz.person = (await ok(await reg.request('POST', '/api/v1/persons', { json: kazPerson }), 201)).id;
  kaz.child = (await ok(await reg.request('POST', '/api/v1/persons', { json: {
    country: 'KAZ', names: [{ full_name: 'Жаксылыкова Дана' }], sex: 'F', birth_date: '2016-05-05' } }), 201)).id;
  kaz.household = (await ok(await reg.request('POST', '/api/v1/households', { json: {
    country: 'KAZ', members: [{ person: kaz.person, relationship: 'head' }, { person: kaz.child, relationship: 'child' }] } }), 201)).id;
  const opened = await ok(await reg.request('POST', '/api/v1/cases', { json: {
    procedure_id: 'kz_asylum', country: 'KAZ', principal: kaz.person, dependants: [kaz.child] } }), 201);
  kaz.case = opened.id;
  kaz.caseNumber = opened.number;
  await ok(await reg.request('POST', `/api/v1/cases/${kaz.case}/transitions`, { json: { transition: 'apply', arrival_date: today() } }));
  await ok(await reg.request('POST', `/api/v1/cases/${kaz.case}/transitions`, { json: { transition: 'register' } }));
  const office = await ok(await as['decision.kaz'].request('GET', '/api/v1/due?officer=office'));
  assert.ok(office.items.some((i) => i.case_id === kaz.case), 'the Kazakh case is due (fingerprinting)');
  // The asylum-seeker certificate of the registered case (the documents a procedure ends
  // in come only from its decision).
  const doc = await ok(await as['decision.kaz'].request('POST', `/api/v1/persons/${kaz.person}/documents`, { json: {
    type: 'asylum_seeker_certificate', case_id: kaz.case } }), 201);
  kaz.document = doc.id;
  kaz.documentNumber = doc.number;
  await ok(await as['caseworker.kaz'].request('POST', `/api/v1/persons/${kaz.person}/sensitive`, { json: {
    kind: 'sgbv', text: 'Секретная запись' } }), 201);
  const preview = await ok(await as['decision.kaz'].request('POST', '/api/v1/eligibility/preview', { json: eligibilityRule }));
  kaz.fingerprint = preview.fingerprint;
  kaz.job = (await ok(await as['decision.kaz'].request('POST', '/api/v1/eligibility/apply', { json: {
    ...eligibilityRule, ...decision, fingerprint: preview.fingerprint } }), 202)).job;

  uzb.person = (await ok(await as['registrar.uzb'].request('POST', '/api/v1/persons', { json: {
    country: 'UZB', names: [{ full_name: 'Karimova Nilufar' }], sex: 'F', birth_date: '1991-01-01',
    nationalities: [{ claim: 'undetermined' }] } }), 201)).id;
});
after(async () => {
  await server?.stop();
  rmSync(keyDir, { recursive: true, force: true });
});

// Words of the Kazakh records that must never reach an Uzbek user.
const secrets = () => ['Жаксылыков', 'KZ-ID-778899', kaz.caseNumber, 'Секретная', 'ZHAKSYLYKOV'];

// One request by `user`: [method, path, json].
const send = (user, [method, path, json]) =>
  as[user].request(method, path, json === undefined ? {} : { json });

// The Kazakh request and the same request about nothing must answer alike for every
// Uzbek user; `want404`: the user with the permission gets 404.
async function same(route, kazRequest, noneRequest, { want404 = true } = {}) {
  const statuses = [];
  for (const { login } of uzbUsers) {
    const a = await send(login, kazRequest);
    const b = await send(login, noneRequest);
    assert.equal(a.status, b.status, `${route} as ${login}: ${a.status} ${a.text} vs ${b.status} ${b.text}`);
    assert.equal(a.text, b.text, `${route} as ${login}: the answers differ`);
    for (const s of secrets()) assert.ok(!a.text.includes(s), `${route} as ${login} shows ${s}`);
    assert.ok(a.status >= 400 || !want404 || a.status === 200, `${route} as ${login}: ${a.status}`);
    statuses.push(a.status);
  }
  if (want404) assert.ok(statuses.includes(404), `${route}: nobody got 404 (${statuses})`);
  return statuses;
}

// A route about one record: "{id}" is the Kazakh record, then NONE.
const record = (method, path, json) => (route, id) =>
  same(route, [method, path.replace('{id}', id), json], [method, path.replace('{id}', NONE), json]);

// Probes keyed by "METHOD path" exactly as openapi.json lists them. Writes go last, so
// that they cannot change what the reads see.
const probes = {
  'GET /api/v1/persons/{id}': (r) => record('GET', '/api/v1/persons/{id}')(r, kaz.person),
  'GET /api/v1/persons/{id}/consents': (r) => record('GET', '/api/v1/persons/{id}/consents')(r, kaz.person),
  'GET /api/v1/persons/{id}/sensitive': (r) => record('GET', '/api/v1/persons/{id}/sensitive')(r, kaz.person),
  'GET /api/v1/persons/{id}/documents': (r) => record('GET', '/api/v1/persons/{id}/documents')(r, kaz.person),
  'GET /api/v1/households/{id}': (r) => record('GET', '/api/v1/households/{id}')(r, kaz.household),
  'GET /api/v1/cases/{id}': (r) => record('GET', '/api/v1/cases/{id}')(r, kaz.case),
  'GET /api/v1/documents/{id}': (r) => record('GET', '/api/v1/documents/{id}')(r, kaz.document),
  'GET /api/v1/jobs/{id}': (r) => record('GET', '/api/v1/jobs/{id}')(r, kaz.job),
  'GET /api/v1/persons': async (r) => {
    // By any spelling and by identity document number: the same empty answer as nonsense.
    for (const q of ['Жаксылыков', 'Zhaksylykov Yerzhan', 'KZ-ID-778899'])
      await same(r, ['GET', `/api/v1/persons?q=${encodeURIComponent(q)}`], ['GET', '/api/v1/persons?q=Qwxyzzz'], { want404: false });
  },
  'GET /api/v1/cases': async (r) => {
    await same(r, ['GET', `/api/v1/cases?number=${kaz.caseNumber}`], ['GET', '/api/v1/cases?number=KAZ-2000-999999']);
    await same(r, ['GET', `/api/v1/cases?person=${kaz.person}`], ['GET', `/api/v1/cases?person=${NONE}`]);
  },
  'GET /api/v1/documents': (r) =>
    same(r, ['GET', `/api/v1/documents?number=${kaz.documentNumber}`], ['GET', '/api/v1/documents?number=AS9999999']),
  'GET /api/v1/due': async (r) => {
    for (const officer of ['me', 'office']) {
      for (const { login } of uzbUsers) {
        const d = await as[login].request('GET', `/api/v1/due?officer=${officer}`);
        assert.equal(d.status, 200, d.text);
        assert.deepEqual(d.data.items, [], `${r} as ${login}: ${d.text}`);
      }
    }
  },
  'POST /api/v1/persons/duplicates': (r) =>
    same(r, ['POST', '/api/v1/persons/duplicates', { ...kazPerson, country: 'UZB' }],
         ['POST', '/api/v1/persons/duplicates', { ...kazPerson, country: 'UZB', names: [{ full_name: 'Qwxyzzz Pqrstt' }] }],
         { want404: false }),
  'POST /api/v1/eligibility/preview': async (r) => {
    // Another country's rule is refused exactly as a country without any data...
    const statuses = await same(r, ['POST', '/api/v1/eligibility/preview', eligibilityRule],
                                ['POST', '/api/v1/eligibility/preview', { ...eligibilityRule, country: 'TKM' }], { want404: false });
    assert.ok(statuses.every((s) => s === 403 || s === 422), `${r}: ${statuses}`);
    // ...and the own country's counts hold nothing of Kazakhstan.
    await same(r, ['POST', '/api/v1/eligibility/preview', { ...eligibilityRule, country: 'UZB' }],
               ['POST', '/api/v1/eligibility/preview', { country: 'UZB', nationality_claims: ['AFG'] }], { want404: false });
  },
  'POST /api/v1/eligibility/apply': async (r) => {
    const statuses = await same(r, ['POST', '/api/v1/eligibility/apply', { ...eligibilityRule, ...decision, fingerprint: kaz.fingerprint }],
                                ['POST', '/api/v1/eligibility/apply', { ...eligibilityRule, ...decision, country: 'TKM', fingerprint: kaz.fingerprint }],
                                { want404: false });
    assert.ok(statuses.every((s) => s === 403 || s === 422), `${r}: ${statuses}`);
  },
  'POST /api/v1/mrz/check': () => {},  // reads no record
  // Writes about a Kazakh record: refused exactly as about nothing, and nothing changes.
  'POST /api/v1/persons/{id}/merge': async (r) => {
    await record('POST', '/api/v1/persons/{id}/merge', { into: uzb.person })(r, kaz.person);
    await same(r, ['POST', `/api/v1/persons/${uzb.person}/merge`, { into: kaz.person }],
               ['POST', `/api/v1/persons/${uzb.person}/merge`, { into: NONE }]);
  },
  'POST /api/v1/persons/{id}/unmerge': (r) => record('POST', '/api/v1/persons/{id}/unmerge')(r, kaz.person),
  'POST /api/v1/persons/{id}/consents': (r) =>
    record('POST', '/api/v1/persons/{id}/consents', { purpose: 'rsd', given: true, legal_basis: 'consent' })(r, kaz.person),
  'POST /api/v1/persons/{id}/sensitive': (r) =>
    record('POST', '/api/v1/persons/{id}/sensitive', { kind: 'health', text: 'x' })(r, kaz.person),
  'POST /api/v1/persons/{id}/documents': (r) =>
    record('POST', '/api/v1/persons/{id}/documents', { type: 'refugee_certificate', valid_months: 12 })(r, kaz.person),
  'POST /api/v1/documents/{id}/renew': (r) => record('POST', '/api/v1/documents/{id}/renew', {})(r, kaz.document),
  'POST /api/v1/documents/{id}/revoke': (r) => record('POST', '/api/v1/documents/{id}/revoke', { reason: 'x' })(r, kaz.document),
  'POST /api/v1/cases/{id}/transitions': (r) =>
    record('POST', '/api/v1/cases/{id}/transitions', { transition: 'fingerprint' })(r, kaz.case),
  'POST /api/v1/cases/{id}/events': (r) =>
    record('POST', '/api/v1/cases/{id}/events', { event: 'arrival', on: today() })(r, kaz.case),
  'POST /api/v1/cases/{id}/extensions': (r) =>
    record('POST', '/api/v1/cases/{id}/extensions', { deadline: 'decision', months: 1, reason: 'x' })(r, kaz.case),
  'POST /api/v1/cases/{id}/assessments': (r) =>
    record('POST', '/api/v1/cases/{id}/assessments', { person: kaz.child, outcome: 'recognise', reasons: 'x' })(r, kaz.case),
  'POST /api/v1/households': async (r) => {
    const members = (id) => [{ person: uzb.person, relationship: 'head' }, { person: id, relationship: 'child' }];
    await same(r, ['POST', '/api/v1/households', { country: 'UZB', members: members(kaz.child) }],
               ['POST', '/api/v1/households', { country: 'UZB', members: members(NONE) }]);
  },
  'POST /api/v1/households/{id}/members': async (r) => {
    // A Kazakh household, to which the Uzbek person would be added...
    await record('POST', '/api/v1/households/{id}/members', { person_id: uzb.person, relationship: 'other' })(r, kaz.household);
    // ...and a Kazakh person added to an Uzbek household.
    if (!uzb.household)
      uzb.household = (await ok(await as['registrar.uzb'].request('POST', '/api/v1/households', { json: {
        country: 'UZB', members: [{ person: uzb.person, relationship: 'head' }] } }), 201)).id;
    await same(r, ['POST', `/api/v1/households/${uzb.household}/members`, { person_id: kaz.child, relationship: 'child' }],
               ['POST', `/api/v1/households/${uzb.household}/members`, { person_id: NONE, relationship: 'child' }]);
  },
  'POST /api/v1/cases': async (r) => {
    const opening = (principal, dependants) => ({ procedure_id: 'unhcr_mandate_rsd', country: 'UZB', modality: 'regular', principal, dependants });
    await same(r, ['POST', '/api/v1/cases', opening(kaz.person, [])], ['POST', '/api/v1/cases', opening(NONE, [])]);
    await same(r, ['POST', '/api/v1/cases', opening(uzb.person, [kaz.child])], ['POST', '/api/v1/cases', opening(uzb.person, [NONE])]);
  },
  'POST /api/v1/persons': async (r) => {
    // Registering the same person in Uzbekistan warns about no Kazakh record.
    const reg = await as['registrar.uzb'].request('POST', '/api/v1/persons', { json: { ...kazPerson, country: 'UZB' } });
    assert.equal(reg.status, 201, `${r}: ${reg.text}`);
    for (const s of ['KZ-ID-778899', String(kaz.person)]) assert.ok(!JSON.stringify(reg.data.candidates ?? []).includes(s));
  },
};

test('every registry route of openapi.json has a scope-leak probe', async () => {
  const doc = await (await fetch(server.url + '/api/v1/openapi.json')).json();
  const routes = [];
  for (const [path, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops))
      if ((op.tags ?? []).some((t) => REGISTRY_TAGS.has(t))) routes.push(`${method.toUpperCase()} ${path}`);
  assert.ok(routes.length >= 29, `only ${routes.length} registry routes`);
  const missing = routes.filter((r) => !(r in probes));
  assert.deepEqual(missing, [], 'registry routes without a scope-leak probe');
  const stale = Object.keys(probes).filter((r) => !routes.includes(r));
  assert.deepEqual(stale, [], 'probes of routes that no longer exist');
});

for (const [route, probe] of Object.entries(probes))
  test(`an Uzbek user learns nothing of Kazakh records through ${route}`, async () => { await probe(route); });

test('the Kazakh records are unchanged after every probe', async () => {
  const kcw = as['caseworker.kaz'];
  const p = await ok(await kcw.request('GET', `/api/v1/persons/${kaz.person}`));
  assert.equal(p.merged_into, null);
  assert.equal((await ok(await kcw.request('GET', `/api/v1/persons/${kaz.person}/consents`))).consents.length, 0);
  assert.equal((await ok(await kcw.request('GET', `/api/v1/persons/${kaz.person}/sensitive`))).entries.length, 1);
  const h = await ok(await kcw.request('GET', `/api/v1/households/${kaz.household}`));
  assert.deepEqual(h.members.map((m) => m.person).sort(), [kaz.person, kaz.child].sort());
  const c = await ok(await kcw.request('GET', `/api/v1/cases/${kaz.case}`));
  assert.deepEqual(c.history.map((h) => h.event), ['apply', 'register']);
  assert.equal(c.extensions.length, 0);
  const docs = await ok(await kcw.request('GET', `/api/v1/persons/${kaz.person}/documents`));
  assert.deepEqual(docs.documents.map((d) => d.status), ['valid']);
  const job = await ok(await as['decision.kaz'].request('GET', `/api/v1/jobs/${kaz.job}`));
  assert.notEqual(job.state, 'failed', JSON.stringify(job));
});

// ---------------------------------------------------------------------------------------
// The policy matrix. openapi.json publishes, for every route, its entry of the policy table
// in src/access/policy.cpp (x-nansen-policy: the roles it lets in and its scope rule). Every
// route × every role × (own country, other country, regional, no such record) is sent and
// the answer compared with that entry. It runs last: its requests carry empty bodies, but
// some routes need none (renew, open, disable) and act.
const ROLES = ['admin', 'focal_point', 'registrar', 'caseworker', 'decision_maker', 'analyst', 'observer'];
const SCOPES = { kaz: { country: 'KAZ', org: 'MIA-KAZ' }, uzb: { country: 'UZB', org: 'MIA-UZB' }, reg: { org: 'UNHCR' } };
// Routes the matrix cannot send as anybody without breaking the run, and why.
const NOT_SENT = {
  'DELETE /api/v1/session': 'ends the sending client\'s own session (tests/api/session.test.mjs)',
};
const RULES = new Set(['public', 'signed_in', 'shared', 'shared_writable', 'record', 'own_or_scoped', 'own_record', 'scoped_list', 'scoped_country']);

test('policy matrix: every route × role × scope answers as the policy table says', async (t) => {
  const m = {};  // role → scope → Client
  const matrixUsers = [];
  for (const role of ROLES)
    for (const [key, s] of Object.entries(SCOPES)) matrixUsers.push({ login: `${role}.m.${key}`, role, ...s });
  const admin = new Client(server.url);
  assert.equal((await admin.login()).status, 200);
  let victimId;  // an observer account in Kazakhstan: the {id} of the account routes
  for (const u of [...matrixUsers, { login: 'victim.kaz', role: 'observer', country: 'KAZ', org: 'MIA-KAZ' }]) {
    const r = await admin.request('POST', '/api/v1/users', { json: {
      login: u.login, display_name: u.login, password: ADMIN_PASSWORD, role: u.role,
      ...(u.country ? { country: u.country } : {}), organisation: u.org, language: 'en' } });
    assert.equal(r.status, 201, `${u.login}: ${r.text}`);
    if (u.login === 'victim.kaz') victimId = r.data.id;
  }
  for (const u of matrixUsers) {
    (m[u.role] ??= {})[u.login.split('.').pop()] = new Client(server.url);
    assert.equal((await m[u.role][u.login.split('.').pop()].login(u.login, ADMIN_PASSWORD)).status, 200, u.login);
  }
  const victimToken = (await ok(await admin.request('POST', `/api/v1/users/${victimId}/tokens`, { json: { name: 'matrix' } }), 201)).id;
  // The shared data: the sample entities, pledges and consultations.
  for (const kind of ['entities', 'pledges', 'consultations']) {
    const r = await admin.request('POST', `/api/v1/import/${kind}`, {
      body: readFileSync(join(samples, `${kind}.csv`)), headers: { 'content-type': 'text/csv' } });
    assert.equal(r.status, 200, `${kind}: ${r.text}`);
  }

  // The Kazakh record each {id} stands for, by the route's first path segment after /api/v1.
  const kazRecord = {
    persons: kaz.person, households: kaz.household, cases: kaz.case, documents: kaz.document,
    jobs: kaz.job, users: victimId, tokens: victimToken, pledges: 1, consultations: 1, 'follow-ups': 1,
  };
  const doc = await (await fetch(server.url + '/api/v1/openapi.json')).json();
  const problems = [];
  let sent = 0;
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [lower, op] of Object.entries(ops)) {
      const method = lower.toUpperCase();
      const name = `${method} ${path}`;
      const policy = op['x-nansen-policy'];
      if (!policy || !RULES.has(policy.scope)) { problems.push(`${name}: no policy entry`); continue; }
      if (policy.scope === 'public' || name in NOT_SENT) continue;
      const kind = path.split('/')[3];
      // {kind}: pledges, the import every pledge writer may run (entities need pledge.review).
      const withId = (id) => path.replace('{id}', id).replace('{kind}', 'pledges').replace('{country}', 'KAZ');
      if (path.includes('{id}') && !(kind in kazRecord)) { problems.push(`${name}: no record kind for {id}`); continue; }
      const send = async (client, id) => {
        sent++;
        const opts = method === 'GET' || method === 'DELETE' ? {} : { json: {} };
        return client.request(method, withId(id), opts);
      };
      for (const role of ROLES) {
        const allowed = policy.roles.includes(role);
        const own = await send(m[role].kaz, kazRecord[kind]);
        const other = await send(m[role].uzb, kazRecord[kind]);
        const none = await send(m[role].uzb, NONE);
        const regional = await send(m[role].reg, kazRecord[kind]);
        const tag = `${name} as ${role}`;
        // An answer may echo the id it was asked about; that tells nothing.
        const same = (a, aId, b, bId) => a.status === b.status &&
          a.text.replaceAll(String(aId), '{id}') === b.text.replaceAll(String(bId), '{id}');
        for (const [v, r] of Object.entries({ own, other, none, regional })) {
          if (r.status >= 500) problems.push(`${tag} (${v}): ${r.status} ${r.text}`);
          if (r.status === 401) problems.push(`${tag} (${v}): 401`);
          if (!allowed && r.status !== 403) problems.push(`${tag} (${v}): ${r.status}, the table denies this role`);
        }
        if (!allowed) continue;
        for (const s of secrets())
          if (other.text.includes(s)) problems.push(`${tag}: the other country's user sees ${s}`);
        switch (policy.scope) {
          case 'record':
            for (const [v, r] of Object.entries({ own, regional }))
              if (r.status === 403 || r.status === 404) problems.push(`${tag} (${v}): ${r.status} ${r.text}`);
            // fallthrough: another country's record answers exactly like no record at all
          case 'own_or_scoped':
          case 'own_record':
            if (policy.scope !== 'record') {
              // Someone else's account, token or job: only an administrator of its scope
              // (accounts) reaches it; anybody else gets the answer about no record at all.
              const manager = policy.scope === 'own_or_scoped' && role === 'admin';
              const ownNone = await send(m[role].kaz, NONE);
              if (manager && (own.status === 403 || own.status === 404))
                problems.push(`${tag} (own): ${own.status} ${own.text}`);
              if (!manager && !same(own, kazRecord[kind], ownNone, NONE))
                problems.push(`${tag}: someone else's record answers ${own.status} ${own.text}, no record ${ownNone.status} ${ownNone.text}`);
            }
            if (!same(other, kazRecord[kind], none, NONE))
              problems.push(`${tag}: the other country's record answers ${other.status} ${other.text}, no record ${none.status} ${none.text}`);
            break;
          case 'shared':
            if (method === 'GET')
              for (const [v, r] of Object.entries({ own, other, regional }))
                if (r.status === 403 || r.status === 404) problems.push(`${tag} (${v}): ${r.status} shared data refused`);
            break;
          default:  // lists and named countries: the role gets past the policy
            for (const [v, r] of Object.entries({ own, regional }))
              if (r.status === 403 && /your role/.test(r.text)) problems.push(`${tag} (${v}): refused by role`);
        }
      }
    }
  }
  t.diagnostic(`${sent} requests`);
  assert.ok(sent > 1000, `only ${sent} requests sent`);
  assert.deepEqual(problems, []);
});
