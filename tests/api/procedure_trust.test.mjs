// SPDX-License-Identifier: Apache-2.0
// Trust at the seams of the procedures (issue 10, item 5), end to end:
//  - the documents a procedure ends in (refugee and stateless-person certificates, the
//    1951 and 1954 travel documents) come only from the procedure's own transition, with
//    its age rule and four eyes; asking for one directly is 409 and writes nothing;
//  - an approval must agree with the drafted outcome;
//  - a bulk eligibility decision cannot be applied twice with one fingerprint;
//  - unmerge undoes exactly what merge did, and every row they touch is audited.
// Every refusal is 403, 404 or 409 with the one error shape, and changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, signIn, errorOf } from './lib/server.mjs';

const users = [
  { login: 'registrar.kaz', role: 'registrar', country: 'KAZ', org: 'MIA-KAZ' },
  { login: 'caseworker.kaz', role: 'caseworker', country: 'KAZ', org: 'MIA-KAZ' },
  { login: 'decision.kaz', role: 'decision_maker', country: 'KAZ', org: 'MIA-KAZ' },
  { login: 'decision2.kaz', role: 'decision_maker', country: 'KAZ', org: 'MIA-KAZ' },
];
let server;
const as = {};
const today = () => new Date().toISOString().slice(0, 10);
const yearsAgo = (n) => `${new Date().getUTCFullYear() - n}-01-15`;

before(async () => {
  server = await startServer({ users });
  Object.assign(as, await signIn(server, ['admin', ...users.map((u) => u.login)]));
});
after(async () => { await server?.stop(); });

async function ok(r, status = 200) {
  assert.equal(r.status, status, r.text);
  return r.data;
}

let serial = 0;
async function person(family, given, birth_date, extra = {}) {
  serial += 1;
  return (await ok(await as['registrar.kaz'].request('POST', '/api/v1/persons', { json: {
    country: 'KAZ', names: [{ full_name: `${family} ${given}`, family, given }], sex: 'M', birth_date,
    nationalities: [{ claim: 'stateless' }], confirm_new: true,
    identity_documents: [{ type: 'residence_permit', number: `TR-${serial}-${family.length}`, issuer: 'KAZ' }],
    ...extra } }), 201)).id;
}

const documentsOf = async (id) =>
  (await ok(await as['caseworker.kaz'].request('GET', `/api/v1/persons/${id}/documents`))).documents;

// A KZ statelessness case of `principal` (and `dependants`) taken to a drafted decision.
async function drafted(principal, dependants, outcome) {
  const c = await ok(await as['registrar.kaz'].request('POST', '/api/v1/cases', { json: {
    procedure_id: 'kz_statelessness', country: 'KAZ', principal, dependants } }), 201);
  const step = (login, transition, fields = {}) =>
    as[login].request('POST', `/api/v1/cases/${c.id}/transitions`, { json: { transition, ...fields } });
  for (const [login, t, f] of [['registrar.kaz', 'apply'], ['registrar.kaz', 'register'],
    ['caseworker.kaz', 'send_enquiry', { enquiry_state: 'UZB' }]])
    await ok(await step(login, t, f));
  await ok(await as['caseworker.kaz'].request('POST', `/api/v1/cases/${c.id}/events`, { json: { event: 'enquiry_answered' } }), 201);
  await ok(await step('decision.kaz', 'draft_decision', { outcome, reasons: 'no state considers him a national' }));
  return { id: c.id, step };
}

test('a certificate a procedure ends in cannot be issued directly: 409 naming the type, nothing written', async () => {
  const p = await person('Жаксыбеков', 'Ерлан', yearsAgo(40));
  for (const type of ['refugee_certificate', 'stateless_person_certificate', 'travel_document_1951', 'travel_document_1954']) {
    const r = await as['decision.kaz'].request('POST', `/api/v1/persons/${p}/documents`, { json: { type, valid_months: 120 } });
    assert.equal(r.status, 409, `${type}: ${r.text}`);
    assert.equal(errorOf(r).code, 'conflict');
    assert.equal(errorOf(r).field, 'type');
  }
  // The page form says so in the officer's language, and writes nothing either.
  const page = await as['decision.kaz'].request('POST', '/documents?lang=ru', {
    body: new URLSearchParams({ person: String(p), type: 'refugee_certificate', valid_months: '120' }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(page.status, 409, page.text.slice(0, 300));
  assert.match(page.text, /выдаётся только решением/);
  assert.deepEqual(await documentsOf(p), []);
  // An ordinary document that no decision stands behind is still issued at the counter.
  const as1 = await as['decision.kaz'].request('POST', `/api/v1/persons/${p}/documents`, { json: {
    type: 'asylum_seeker_certificate', valid_months: 3 } });
  assert.equal(as1.status, 201, as1.text);
  // Someone else's country stays 404, whatever the type.
  assert.equal((await as['decision.kaz'].request('POST', '/api/v1/persons/999999/documents', { json: {
    type: 'refugee_certificate', valid_months: 12 } })).status, 404);
});

test('the recognition issues the certificate, with four eyes and the 16+ rule; notification the travel document', async () => {
  const adult = await person('Абдрахманов', 'Тимур', '1986-05-20');
  const child = await person('Абдрахманов', 'Данияр', yearsAgo(10));
  const c = await drafted(adult, [child], 'stateless');
  // The case's own document cannot be asked for either, even once the case is recognised.
  const early = await as['decision2.kaz'].request('POST', `/api/v1/persons/${adult}/documents`, { json: {
    type: 'stateless_person_certificate', case_id: c.id } });
  assert.equal(early.status, 409, early.text);

  const self = await c.step('decision.kaz', 'approve_stateless');
  assert.equal(self.status, 403, self.text);
  assert.match(errorOf(self).message, /four eyes/);
  assert.equal(errorOf(self).rule, 'four_eyes', 'the rule is named for programs');
  assert.deepEqual(await documentsOf(adult), [], 'a refused approval issues nothing');

  const approved = await ok(await c.step('decision2.kaz', 'approve_stateless'));
  assert.equal(approved.state, 'recognised_stateless');
  const docs = await documentsOf(adult);
  assert.deepEqual(docs.map((d) => [d.type, d.case_id, d.status]), [['stateless_person_certificate', c.id, 'valid']]);
  const years = Number(docs[0].valid_until.slice(0, 4)) - Number(docs[0].issued_on.slice(0, 4));
  assert.equal(years, 5);
  assert.deepEqual(await documentsOf(child), [], 'a child under 16 gets no certificate of its own');
  const again = await as['decision2.kaz'].request('POST', `/api/v1/persons/${adult}/documents`, { json: {
    type: 'stateless_person_certificate', case_id: c.id } });
  assert.equal(again.status, 409, 'no second certificate beside the decision');

  await ok(await c.step('caseworker.kaz', 'notify_recognition'));
  const after = await documentsOf(adult);
  assert.deepEqual(after.map((d) => d.type), ['stateless_person_certificate', 'travel_document_1954']);
  assert.match(after[1].mrz.line1, /^P<KAZABDRAKHMANOV<<TIMUR</);
  assert.equal(after[1].mrz.line2.slice(10, 13), 'XXA');
  // A document that came from the decision renews as usual.
  const renewed = await as['decision.kaz'].request('POST', `/api/v1/documents/${after[0].id}/renew`, { json: {} });
  assert.equal(renewed.status, 201, renewed.text);
});

test('an approval must agree with the draft: approving recognition of a refusal is 409 and changes nothing', async () => {
  const p = await person('Касымов', 'Арман', '1979-11-02');
  const c = await drafted(p, [], 'refuse');
  const before = await ok(await as['caseworker.kaz'].request('GET', `/api/v1/cases/${c.id}`));
  const wrong = await c.step('decision2.kaz', 'approve_stateless');
  assert.equal(wrong.status, 409, wrong.text);
  assert.equal(errorOf(wrong).field, 'outcome');
  const unchanged = await ok(await as['caseworker.kaz'].request('GET', `/api/v1/cases/${c.id}`));
  assert.equal(unchanged.state, 'decision_drafted');
  assert.equal(unchanged.history.length, before.history.length);
  assert.deepEqual(await documentsOf(p), []);
  assert.ok(!unchanged.available_transitions.some((t) => (t.id ?? t) === 'approve_stateless'), unchanged.available_transitions);
  // An outcome the procedure does not know is refused at the draft.
  const p2 = await person('Касымов', 'Ерсин', '1981-03-03');
  const odd = await drafted(p2, [], 'stateless');
  const redraft = await odd.step('decision2.kaz', 'return_draft', { reasons: 'clarify' });
  assert.equal(redraft.status, 200, redraft.text);
  const unknown = await odd.step('decision.kaz', 'draft_decision', { outcome: 'maybe', reasons: 'x' });
  assert.equal(unknown.status, 422, unknown.text);
  assert.equal(errorOf(unknown).field, 'outcome');
  // The matching approval goes through.
  assert.equal((await c.step('decision2.kaz', 'approve_refusal')).status, 200);
});

test('bulk eligibility: the same fingerprint applied twice is 409 and writes no second decision', async () => {
  const rule = { country: 'KAZ', nationality_claims: ['stateless'], born_before: '1950-01-01' };
  await person('Ахметов', 'Серик', '1941-07-07');
  const decision = { decision: 'eligible_for_citizenship', legal_basis: 'Law on Citizenship, art. 16' };
  const preview = await ok(await as['decision.kaz'].request('POST', '/api/v1/eligibility/preview', { json: rule }));
  assert.equal(preview.persons, 1);
  const job = await ok(await as['decision.kaz'].request('POST', '/api/v1/eligibility/apply', { json: {
    ...rule, ...decision, fingerprint: preview.fingerprint } }), 202);
  let state;
  for (let i = 0; i < 400; i++) {
    state = await ok(await as['decision.kaz'].request('GET', `/api/v1/jobs/${job.job}`));
    if (state.state !== 'running') break;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.equal(state.state, 'done', JSON.stringify(state));
  const audit = async () => (await ok(await as.admin.request('GET', '/api/v1/audit?action=person.eligibility&limit=1000'))).rows.length;
  const decisions = await audit();
  const twice = await as['decision2.kaz'].request('POST', '/api/v1/eligibility/apply', { json: {
    ...rule, ...decision, fingerprint: preview.fingerprint } });
  assert.equal(twice.status, 409, twice.text);
  assert.equal(errorOf(twice).field, 'fingerprint');
  assert.equal(await audit(), decisions, 'no second decision');
});

test('unmerge is the exact inverse of merge, and every person row it touches is audited', async () => {
  const survivor = await person('Нурланов', 'Бекзат', '1990-02-02');
  const duplicate = await person('Nurlanov', 'Bekzat', '1990-02-02');
  const older = await person('Nurlanov', 'Bekzat', '1990-02-02');
  const reg = as['registrar.kaz'];
  await ok(await reg.request('POST', `/api/v1/persons/${older}/merge`, { json: { into: duplicate } }));
  const snapshot = async () => Promise.all([survivor, duplicate, older].map(async (id) =>
    (await ok(await as['caseworker.kaz'].request('GET', `/api/v1/persons/${id}`)))));
  const before = await snapshot();
  await ok(await reg.request('POST', `/api/v1/persons/${duplicate}/merge`, { json: { into: survivor } }));
  const merged = await snapshot();
  assert.equal(merged[1].merged_into, survivor);
  assert.equal(merged[2].merged_into, survivor, 'a record merged into the duplicate follows it');
  await ok(await reg.request('POST', `/api/v1/persons/${duplicate}/unmerge`));
  assert.deepEqual(await snapshot(), before);
  const entries = async (id) => (await ok(await as.admin.request('GET',
    `/api/v1/audit?record_type=person&record_id=${id}&limit=100`))).rows.map((e) => e.action);
  const olderActions = await entries(older);
  assert.ok(olderActions.filter((a) => a === 'person.merge').length >= 2, olderActions.join());
  assert.ok(olderActions.includes('person.unmerge'), olderActions.join());
});
