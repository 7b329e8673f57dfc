// SPDX-License-Identifier: Apache-2.0
// The registry API end to end: register a family (with the duplicate warning in another
// script), households and consent, encrypted sensitive entries, a KZ asylum case moved
// through its transitions (and the forbidden ones: out of order, wrong role, four eyes),
// deadlines and extensions, documents with their MRZ, bulk eligibility as a job, and bad
// input that names the field and writes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, signIn, Client, errorOf, ADMIN_PASSWORD, temporaryKeyFile } from './lib/server.mjs';

const { dir: keyDir, file: keyFile } = temporaryKeyFile();

const users = [
  { login: 'registrar.kaz', role: 'registrar', country: 'KAZ', org: 'MIA-KAZ' },
  { login: 'caseworker.kaz', role: 'caseworker', country: 'KAZ', org: 'MIA-KAZ' },
  { login: 'decision.kaz', role: 'decision_maker', country: 'KAZ', org: 'MIA-KAZ' },
  { login: 'decision2.kaz', role: 'decision_maker', country: 'KAZ', org: 'MIA-KAZ' },
  { login: 'observer', role: 'observer' },
];
let server;
const as = {};
const today = () => new Date().toISOString().slice(0, 10);

before(async () => {
  server = await startServer({ users, env: { NANSEN_SECURITY_KEY_FILE: keyFile } });
  Object.assign(as, await signIn(server, ['admin', ...users.map((u) => u.login)]));
});
after(async () => {
  await server?.stop();
  rmSync(keyDir, { recursive: true, force: true });
});

const mother = {
  country: 'KAZ',
  names: [{ kind: 'official', full_name: 'Абдрашова Гульнара Маратовна', family: 'Абдрашова',
            given: 'Гульнара', patronymic: 'Маратовна' }],
  sex: 'F', birth_date: '1990-04-12', birth_place: 'Нукус',
  nationalities: [{ claim: 'stateless', basis: 'declared' }],
  identity_documents: [{ type: 'residence_permit', number: 'RP-4411207', issuer: 'KAZ',
                         valid_from: '1993-05-01' }],
  specific_needs: ['single_parent'], languages: ['ru', 'kaa'], interpreter_needed: true,
  contact: '+7 700 000 0000',
};
const child = {
  country: 'KAZ',
  names: [{ full_name: 'Абдрашова Айлин', family: 'Абдрашова', given: 'Айлин' }],
  sex: 'F', birth_date: '2019-09-01', nationalities: [{ claim: 'undetermined' }],
};
const ids = {};

const count = async (q) =>
  (await as['registrar.kaz'].request('GET', `/api/v1/persons?q=${encodeURIComponent(q)}`)).data.persons.length;

test('a registrar registers a mother and her child with every field', async () => {
  const r = await as['registrar.kaz'].request('POST', '/api/v1/persons', { json: mother });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.headers.get('location'), `/api/v1/persons/${r.data.id}`);
  assert.equal(r.data.names[0].script, 'cyrillic');
  assert.equal(r.data.identity_documents[0].valid_from, '1993-05-01');
  assert.deepEqual([...r.data.languages].sort(), ['kaa', 'ru']);
  assert.equal(r.data.interpreter_needed, true);
  ids.mother = r.data.id;
  const c = await as['registrar.kaz'].request('POST', '/api/v1/persons', { json: child });
  assert.equal(c.status, 201, c.text);
  ids.child = c.data.id;
  const got = await as['caseworker.kaz'].request('GET', `/api/v1/persons/${ids.mother}`);
  assert.equal(got.status, 200);
  assert.equal(got.data.birth_place, 'Нукус');
});

test('a Latin spelling of a registered person is 409 with the candidate and its reason; nothing is written', async () => {
  const latin = { country: 'KAZ', names: [{ full_name: 'Gulnara Abdrashova' }], sex: 'F', birth_date: '1990-04-12' };
  const check = await as['registrar.kaz'].request('POST', '/api/v1/persons/duplicates', { json: latin });
  assert.equal(check.status, 200, check.text);
  assert.equal(check.data.candidates[0]?.id, ids.mother, check.text);
  assert.ok(check.data.candidates[0].reason.length > 0);
  const r = await as['registrar.kaz'].request('POST', '/api/v1/persons', { json: latin });
  assert.equal(r.status, 409, r.text);
  assert.equal(errorOf(r).field, 'confirm_new');
  assert.equal(r.data.candidates[0].id, ids.mother);
  assert.equal(await count('Gulnara'), 1);  // only the Cyrillic record, found by any spelling
  const confirmed = await as['registrar.kaz'].request('POST', '/api/v1/persons', { json: { ...latin, confirm_new: true } });
  assert.equal(confirmed.status, 201, confirmed.text);
  ids.latin = confirmed.data.id;
});

test('merge is reversible and the duplicate check follows it', async () => {
  const merged = await as['registrar.kaz'].request('POST', `/api/v1/persons/${ids.latin}/merge`, { json: { into: ids.mother } });
  assert.equal(merged.status, 200, merged.text);
  assert.equal(merged.data.merged_into, ids.mother);
  const again = await as['registrar.kaz'].request('POST', `/api/v1/persons/${ids.latin}/merge`, { json: { into: ids.mother } });
  assert.equal(again.status, 409);
  const self = await as['registrar.kaz'].request('POST', `/api/v1/persons/${ids.mother}/merge`, { json: { into: ids.mother } });
  assert.equal(self.status, 422);
  const probe = { country: 'KAZ', names: [{ full_name: 'Gulnara Abdrashova' }], sex: 'F', birth_date: '1990-04-12' };
  let check = await as['registrar.kaz'].request('POST', '/api/v1/persons/duplicates', { json: probe });
  assert.ok(!check.data.candidates.some((c) => c.id === ids.latin), 'a merged person is no candidate');
  const un = await as['registrar.kaz'].request('POST', `/api/v1/persons/${ids.latin}/unmerge`);
  assert.equal(un.status, 200, un.text);
  assert.equal(un.data.merged_into, null);
  check = await as['registrar.kaz'].request('POST', '/api/v1/persons/duplicates', { json: probe });
  assert.ok(check.data.candidates.some((c) => c.id === ids.latin), 'an unmerged person is a candidate again');
  assert.equal((await as['registrar.kaz'].request('POST', `/api/v1/persons/${ids.latin}/unmerge`)).status, 409);
  assert.equal((await as.observer.request('POST', `/api/v1/persons/${ids.latin}/merge`, { json: { into: ids.mother } })).status, 403);
});

test('a household with one head, and consent per purpose', async () => {
  const h = await as['registrar.kaz'].request('POST', '/api/v1/households', { json: {
    country: 'KAZ', members: [{ person: ids.mother, relationship: 'head' }, { person: ids.child, relationship: 'child' }] } });
  assert.equal(h.status, 201, h.text);
  ids.household = h.data.id;
  const got = await as['caseworker.kaz'].request('GET', `/api/v1/households/${h.data.id}`);
  assert.deepEqual(got.data.members.map((m) => m.relationship).sort(), ['child', 'head']);
  const twoHeads = await as['registrar.kaz'].request('POST', '/api/v1/households', { json: {
    country: 'KAZ', members: [{ person: ids.mother, relationship: 'head' }, { person: ids.child, relationship: 'head' }] } });
  assert.equal(twoHeads.status, 422);
  const badRel = await as['registrar.kaz'].request('POST', '/api/v1/households', { json: {
    country: 'KAZ', members: [{ person: ids.mother, relationship: 'cousin' }] } });
  assert.equal(badRel.status, 422);
  assert.equal(errorOf(badRel).field, 'members[0].relationship');

  const c = await as['registrar.kaz'].request('POST', `/api/v1/persons/${ids.mother}/consents`, { json: {
    purpose: 'rsd', given: true, legal_basis: 'consent' } });
  assert.equal(c.status, 201, c.text);
  await as['registrar.kaz'].request('POST', `/api/v1/persons/${ids.mother}/consents`, { json: {
    purpose: 'statistics', given: false, legal_basis: 'consent' } });
  const list = await as['caseworker.kaz'].request('GET', `/api/v1/persons/${ids.mother}/consents`);
  assert.deepEqual(list.data.consents.map((x) => [x.purpose, x.given]), [['rsd', true], ['statistics', false]]);
  const badPurpose = await as['registrar.kaz'].request('POST', `/api/v1/persons/${ids.mother}/consents`, { json: {
    purpose: 'marketing', given: true, legal_basis: 'consent' } });
  assert.equal(errorOf(badPurpose).field, 'purpose');
});

test('sensitive entries: encrypted, readable by caseworkers only, every read audited, 64 KiB at most', async () => {
  const cw = as['caseworker.kaz'];
  const add = await cw.request('POST', `/api/v1/persons/${ids.mother}/sensitive`, { json: {
    kind: 'claim_narrative', text: 'Родилась в Каракалпакстане; паспорт СССР не обменяла.' } });
  assert.equal(add.status, 201, add.text);
  assert.equal((await as['registrar.kaz'].request('GET', `/api/v1/persons/${ids.mother}/sensitive`)).status, 403);
  const audits = async () => (await as.admin.request('GET', '/api/v1/audit?action=person.sensitive.read')).data.rows.length;
  const before = await audits();
  const read = await cw.request('GET', `/api/v1/persons/${ids.mother}/sensitive`);
  assert.equal(read.status, 200);
  assert.equal(read.data.entries.length, 1);
  assert.match(read.data.entries[0].text, /Каракалпакстане/);
  assert.equal(await audits(), before + 1);

  const tenMb = JSON.stringify({ kind: 'interview_notes', text: 'x'.repeat(10 * 1024 * 1024) });
  const huge = await cw.request('POST', `/api/v1/persons/${ids.mother}/sensitive`, {
    body: tenMb, headers: { 'content-type': 'application/json' } });
  assert.equal(huge.status, 413);
  assert.equal(errorOf(huge).field, 'body');
  // Under the body limit but over 64 KiB of UTF-8: refused by the registry.
  const big = await cw.request('POST', `/api/v1/persons/${ids.mother}/sensitive`, { json: {
    kind: 'interview_notes', text: 'ж'.repeat(40000) } });
  assert.ok([413, 422].includes(big.status), big.text);
  const badKind = await cw.request('POST', `/api/v1/persons/${ids.mother}/sensitive`, { json: { kind: 'diary', text: 'x' } });
  assert.equal(errorOf(badKind).field, 'kind');
  const after = await cw.request('GET', `/api/v1/persons/${ids.mother}/sensitive`);
  assert.equal(after.data.entries.length, 1, 'nothing was written by the refused entries');
});

test('bad person input names the field and writes nothing', async () => {
  const before = await count('Абдрашова');
  const cases = [
    [{ ...mother, birth_date: '2023-02-30' }, 'birth_date'],
    [{ ...mother, identity_documents: [{ type: 'passport', number: 'N1', valid_until: '2023-02-30' }] }, 'identity_documents[0].valid_until'],
    [{ ...mother, nickname: 'Гуля' }, 'nickname'],
    [{ ...mother, names: [] }, 'names'],
    [{ ...mother, names: [{ kind: 'nickname', full_name: 'Гуля' }] }, 'names[0].kind'],
    [{ ...mother, names: [{ kind: 'official' }] }, 'names[0].full_name'],
    [{ ...mother, names: 'Гуля' }, 'names'],
    [{ ...mother, sex: 'female' }, 'sex'],
    [{ ...mother, languages: [42] }, 'languages[0]'],
    [{ ...mother, nationalities: [{ claim: 'Atlantis' }] }, 'nationalities[0].claim'],
  ];
  for (const [body, field] of cases) {
    const r = await as['registrar.kaz'].request('POST', '/api/v1/persons', { json: { ...body, confirm_new: true } });
    assert.equal(r.status, 422, `${field}: ${r.text}`);
    assert.equal(errorOf(r).field, field, r.text);
  }
  // Several problems the domain finds: the first as the error, every one under "problems".
  const several = await as['registrar.kaz'].request('POST', '/api/v1/persons', { json: {
    ...mother, confirm_new: true, country: 'kaz', languages: ['Russian'],
    identity_documents: [{ type: 'passport', number: 'N1', valid_from: '2020-01-01', valid_until: '2019-01-01' }] } });
  assert.equal(several.status, 422, several.text);
  assert.equal(errorOf(several).field, 'country');
  assert.deepEqual(several.data.problems.map((p) => p.field),
                   ['country', 'identity_documents[0].valid_until', 'languages[0]']);
  const form = await as['registrar.kaz'].request('POST', '/api/v1/persons', {
    body: 'country=KAZ', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(form.status, 415);
  const malformed = await as['registrar.kaz'].request('POST', '/api/v1/persons', {
    body: '{"country":', headers: { 'content-type': 'application/json' } });
  assert.equal(malformed.status, 400);
  assert.equal(await count('Абдрашова'), before);
});

let caseId;
test('a member joins an existing household: 201 with the household; each refusal names its field and writes nothing', async () => {
  const reg = as['registrar.kaz'];
  const grandmother = await reg.request('POST', '/api/v1/persons', { json: {
    country: 'KAZ', names: [{ full_name: 'Абдрашова Роза Кайратовна' }], sex: 'F', birth_date: '1961-02-02',
    confirm_new: true } });
  assert.equal(grandmother.status, 201, grandmother.text);
  const path = `/api/v1/households/${ids.household}/members`;
  const added = await reg.request('POST', path, { json: { person_id: grandmother.data.id, relationship: 'parent' } });
  assert.equal(added.status, 201, added.text);
  assert.equal(added.data.id, ids.household);
  assert.deepEqual(added.data.members.map((m) => m.relationship).sort(), ['child', 'head', 'parent']);

  const refusals = [
    [path, { person_id: grandmother.data.id, relationship: 'other' }, 409, 'person_id'],  // already in it
    [path, { person_id: ids.latin, relationship: 'head' }, 409, 'relationship'],          // a second head
    [path, { person_id: ids.latin, relationship: 'cousin' }, 422, 'relationship'],
    [path, { relationship: 'other' }, 422, 'person_id'],
    [path, { person_id: 'Роза', relationship: 'other' }, 422, 'person_id'],
    [path, { person_id: ids.latin, relationship: 'other', colour: 'red' }, 422, 'colour'],
    [path, { person_id: 999999, relationship: 'other' }, 404, 'person_id'],
    ['/api/v1/households/999999/members', { person_id: ids.latin, relationship: 'other' }, 404, 'household'],
  ];
  for (const [target, body, status, field] of refusals) {
    const r = await reg.request('POST', target, { json: body });
    assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
    assert.equal(errorOf(r).field, field, JSON.stringify(body));
  }
  const observer = await as.observer.request('POST', path, { json: { person_id: ids.latin, relationship: 'other' } });
  assert.equal(observer.status, 403);
  const decisionMaker = await as['decision.kaz'].request('POST', path, { json: { person_id: ids.latin, relationship: 'other' } });
  assert.equal(decisionMaker.status, 403, 'decision makers do not change households');
  const got = await as['caseworker.kaz'].request('GET', `/api/v1/households/${ids.household}`);
  assert.equal(got.data.members.length, 3, got.text);
});

let caseNumber;
const move = (login, transition, fields = {}) =>
  as[login].request('POST', `/api/v1/cases/${caseId}/transitions`, { json: { transition, ...fields } });

test('a KZ asylum case opens for the family and is found by person and by number', async () => {
  const me = await as['caseworker.kaz'].request('GET', '/api/v1/me');
  const r = await as['registrar.kaz'].request('POST', '/api/v1/cases', { json: {
    procedure_id: 'kz_asylum', country: 'KAZ', principal: ids.mother, dependants: [ids.child],
    facts: [], assigned_to: me.data.user.id } });
  assert.equal(r.status, 201, r.text);
  caseId = r.data.id;
  caseNumber = r.data.number;
  assert.match(caseNumber, /^KAZ-\d{4}-\d{6}$/);
  assert.equal(r.data.state, 'opened');
  assert.deepEqual(r.data.dependants, [ids.child]);
  const byPerson = await as['caseworker.kaz'].request('GET', `/api/v1/cases?person=${ids.child}`);
  assert.deepEqual(byPerson.data.cases.map((c) => [c.id, c.role]), [[caseId, 'dependant']]);
  const byNumber = await as['caseworker.kaz'].request('GET', `/api/v1/cases?number=${caseNumber}`);
  assert.equal(byNumber.data.cases[0].id, caseId);
  assert.equal((await as['caseworker.kaz'].request('GET', '/api/v1/cases?number=KAZ-1999-000001')).status, 404);
  assert.equal((await as['caseworker.kaz'].request('GET', '/api/v1/cases')).status, 422);
  const bad = [
    [{ procedure_id: 'kz_asylumm', country: 'KAZ', principal: ids.mother }, 'procedure_id'],
    [{ procedure_id: 'unhcr_mandate_rsd', country: 'KAZ', principal: ids.mother, modality: 'express' }, 'modality'],
    [{ procedure_id: 'kz_asylum', country: 'KAZ', principal: 'mother' }, 'principal'],
    [{ procedure_id: 'kz_asylum', country: 'KAZ', principal: ids.mother, dependants: ['x'] }, 'dependants[0]'],
  ];
  for (const [body, field] of bad) {
    const b = await as['registrar.kaz'].request('POST', '/api/v1/cases', { json: body });
    assert.equal(b.status, 422, b.text);
    assert.equal(errorOf(b).field, field);
  }
  const list = await as['caseworker.kaz'].request('GET', `/api/v1/cases?person=${ids.mother}`);
  assert.equal(list.data.cases.length, 1, 'the refused openings wrote nothing');
});

test('transitions: wrong role 403, out of order 409, unknown 422, missing field 422 — each writes nothing', async () => {
  const outOfOrder = await move('caseworker.kaz', 'draft_decision', { outcome: 'recognise', reasons: 'x' });
  assert.equal(outOfOrder.status, 409, outOfOrder.text);
  const unknown = await move('registrar.kaz', 'teleport');
  assert.equal(unknown.status, 422);
  assert.equal(errorOf(unknown).field, 'transition');
  const unknownField = await move('registrar.kaz', 'apply', { arrival_date: today(), colour: 'red' });
  assert.equal(unknownField.status, 422);
  assert.equal(errorOf(unknownField).field, 'colour');
  const missing = await move('registrar.kaz', 'apply');
  assert.equal(missing.status, 422);
  assert.equal(errorOf(missing).field, 'arrival_date');
  const observer = await move('observer', 'apply', { arrival_date: today() });
  assert.equal(observer.status, 403);
  const c = await as['caseworker.kaz'].request('GET', `/api/v1/cases/${caseId}`);
  assert.equal(c.data.state, 'opened');
  assert.equal(c.data.history.length, 0);

  assert.equal((await move('registrar.kaz', 'apply', { arrival_date: today() })).status, 200);
  const wrongRole = await move('caseworker.kaz', 'register');
  assert.equal(wrongRole.status, 403, wrongRole.text);
  const registered = await move('registrar.kaz', 'register');
  assert.equal(registered.status, 200, registered.text);
  assert.equal(registered.data.state, 'registered');
  assert.deepEqual(registered.data.history.map((h) => h.event), ['apply', 'register']);
});

test('deadlines: fingerprinting due within 3 days shows on the officer and office lists', async () => {
  const mine = await as['caseworker.kaz'].request('GET', '/api/v1/due?officer=me');
  assert.equal(mine.status, 200, mine.text);
  const item = mine.data.items.find((i) => i.case_id === caseId);
  assert.ok(item, mine.text);
  assert.equal(item.due.deadline, 'fingerprinting');
  assert.equal(item.due.status, 'due_soon');
  const office = await as['decision.kaz'].request('GET', '/api/v1/due?officer=office');
  assert.ok(office.data.items.some((i) => i.case_number === caseNumber));
  const others = await as['decision.kaz'].request('GET', '/api/v1/due?officer=me');
  assert.ok(!others.data.items.some((i) => i.case_id === caseId), 'not assigned to decision.kaz');
  assert.equal((await as['decision.kaz'].request('GET', '/api/v1/due?officer=everyone')).status, 422);
});

test('events and extensions: a recorded reason, the 12-month cap, unknown events refused', async () => {
  const ev = await as['registrar.kaz'].request('POST', `/api/v1/cases/${caseId}/events`, { json: { event: 'arrival', on: today() } });
  assert.equal(ev.status, 201, ev.text);
  const unknown = await as['registrar.kaz'].request('POST', `/api/v1/cases/${caseId}/events`, { json: { event: 'landing' } });
  assert.equal(unknown.status, 422);
  const badDate = await as['registrar.kaz'].request('POST', `/api/v1/cases/${caseId}/events`, { json: { event: 'arrival', on: '2023-02-30' } });
  assert.equal(badDate.status, 422);
  assert.equal(errorOf(badDate).field, 'on');
  assert.equal((await move('registrar.kaz', 'fingerprint')).status, 200);
  const noReason = await as['caseworker.kaz'].request('POST', `/api/v1/cases/${caseId}/extensions`, { json: { deadline: 'decision', months: 3 } });
  assert.equal(noReason.status, 422);
  assert.equal(errorOf(noReason).field, 'reason');
  const tooLong = await as['caseworker.kaz'].request('POST', `/api/v1/cases/${caseId}/extensions`, { json: {
    deadline: 'decision', months: 12, reason: 'complex case' } });
  assert.equal(tooLong.status, 422, tooLong.text);
  const ext = await as['caseworker.kaz'].request('POST', `/api/v1/cases/${caseId}/extensions`, { json: {
    deadline: 'decision', months: 3, reason: 'country of origin information requested' } });
  assert.equal(ext.status, 201, ext.text);
  assert.equal(ext.data.extensions[0].reason, 'country of origin information requested');
  const decision = ext.data.due.find((d) => d.deadline === 'decision');
  assert.equal(decision.extensions, 1);
  assert.equal((await as['registrar.kaz'].request('POST', `/api/v1/cases/${caseId}/extensions`, { json: {
    deadline: 'decision', months: 1, reason: 'x' } })).status, 403, 'registrars do not decide');
});

test('four eyes: the drafter cannot approve; another decision maker can', async () => {
  assert.equal((await move('caseworker.kaz', 'interview')).status, 200);
  const draft = await move('decision.kaz', 'draft_decision', { outcome: 'recognise', reasons: 'well-founded fear' });
  assert.equal(draft.status, 200, draft.text);
  const self = await move('decision.kaz', 'approve_recognition');
  assert.equal(self.status, 403, self.text);
  const byCaseworker = await move('caseworker.kaz', 'approve_recognition');
  assert.equal(byCaseworker.status, 403);
  const approved = await move('decision2.kaz', 'approve_recognition');
  assert.equal(approved.status, 200, approved.text);
  assert.equal(approved.data.state, 'recognised');
  const twice = await move('decision2.kaz', 'approve_recognition');
  assert.equal(twice.status, 409);
});

let travelDoc;
test('documents: the approval issues the certificate, the notification a travel document with a valid MRZ, renewed and revoked with history', async () => {
  // approve_recognition (above, under four eyes) issued the family's refugee certificates.
  const issued = await as['caseworker.kaz'].request('GET', `/api/v1/persons/${ids.mother}/documents`);
  assert.deepEqual(issued.data.documents.map((d) => [d.type, d.case_id, d.status]), [['refugee_certificate', caseId, 'valid']]);
  assert.equal(issued.data.documents[0].mrz, null);
  const childDocs = await as['caseworker.kaz'].request('GET', `/api/v1/persons/${ids.child}/documents`);
  assert.deepEqual(childDocs.data.documents.map((d) => d.type), ['refugee_certificate']);
  // By hand, a certificate a procedure ends in is refused, with its case or without.
  for (const json of [{ type: 'refugee_certificate', case_id: caseId }, { type: 'travel_document_1951', valid_months: 24 },
    { type: 'stateless_person_certificate', case_id: caseId }]) {
    const byHand = await as['decision.kaz'].request('POST', `/api/v1/persons/${ids.mother}/documents`, { json });
    assert.equal(byHand.status, 409, byHand.text);
    assert.equal(errorOf(byHand).field, 'type');
  }
  assert.equal((await as['caseworker.kaz'].request('POST', `/api/v1/persons/${ids.mother}/documents`, { json: {
    type: 'asylum_seeker_certificate', case_id: caseId } })).status, 403, 'caseworkers do not issue');
  const notified = await move('caseworker.kaz', 'notify_recognition');
  assert.equal(notified.status, 200, notified.text);
  const after = await as['caseworker.kaz'].request('GET', `/api/v1/persons/${ids.mother}/documents`);
  const td = { data: after.data.documents.find((d) => d.type === 'travel_document_1951') };
  assert.ok(td.data, after.text);
  travelDoc = td.data;
  assert.match(td.data.mrz.line1, /^P<KAZABDRASHOVA<<GULNARA</);
  const check = await as['decision.kaz'].request('POST', '/api/v1/mrz/check', { json: td.data.mrz });
  assert.equal(check.data.valid, true);
  assert.equal(check.data.nationality, 'XXB');
  const got = await as['caseworker.kaz'].request('GET', `/api/v1/documents/${td.data.id}`);
  assert.deepEqual(got.data.mrz, td.data.mrz);
  const byNumber = await as['caseworker.kaz'].request('GET', `/api/v1/documents?number=${td.data.number}`);
  assert.equal(byNumber.data.documents[0].id, td.data.id);
  const noMonths = await as['decision.kaz'].request('POST', `/api/v1/persons/${ids.mother}/documents`, { json: { type: 'asylum_seeker_certificate' } });
  assert.equal(errorOf(noMonths).field, 'valid_months');
  const badType = await as['decision.kaz'].request('POST', `/api/v1/persons/${ids.mother}/documents`, { json: { type: 'passport', valid_months: 3 } });
  assert.equal(errorOf(badType).field, 'type');

  const renewed = await as['decision.kaz'].request('POST', `/api/v1/documents/${td.data.id}/renew`, { json: {} });
  assert.equal(renewed.status, 201, renewed.text);
  assert.equal(renewed.data.replaces, td.data.id);
  assert.notEqual(renewed.data.number, td.data.number);
  assert.equal((await as['decision.kaz'].request('POST', `/api/v1/documents/${td.data.id}/renew`, { json: {} })).status, 409);
  const noReason = await as['decision.kaz'].request('POST', `/api/v1/documents/${renewed.data.id}/revoke`, { json: {} });
  assert.equal(errorOf(noReason).field, 'reason');
  const revoked = await as['decision.kaz'].request('POST', `/api/v1/documents/${renewed.data.id}/revoke`, { json: { reason: 'cessation' } });
  assert.equal(revoked.status, 200, revoked.text);
  assert.equal(revoked.data.status, 'revoked');
  assert.equal((await as['decision.kaz'].request('POST', `/api/v1/documents/${renewed.data.id}/revoke`, { json: { reason: 'again' } })).status, 409);
  const history = await as['caseworker.kaz'].request('GET', `/api/v1/persons/${ids.mother}/documents`);
  assert.deepEqual(history.data.documents.map((d) => d.status), ['valid', 'renewed', 'revoked']);
});

test('bulk eligibility: preview, a stale fingerprint refused, then a job with progress', async () => {
  const rule = { country: 'KAZ', nationality_claims: ['stateless'], document_type: 'residence_permit',
                 document_valid_from_before: '1995-01-01' };
  const p = await as['decision.kaz'].request('POST', '/api/v1/eligibility/preview', { json: rule });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.data.persons, 1);
  assert.equal(p.data.female, 1);
  const bad = await as['decision.kaz'].request('POST', '/api/v1/eligibility/preview', { json: { ...rule, born_before: '1990-02-30' } });
  assert.equal(errorOf(bad).field, 'born_before');
  assert.equal((await as['registrar.kaz'].request('POST', '/api/v1/eligibility/preview', { json: rule })).status, 403);
  const decision = { decision: 'eligible_for_citizenship', legal_basis: 'Law on Citizenship, art. 16' };
  const stale = await as['decision.kaz'].request('POST', '/api/v1/eligibility/apply', { json: { ...rule, ...decision, fingerprint: 'f'.repeat(64) } });
  assert.equal(stale.status, 409);
  assert.equal(errorOf(stale).field, 'fingerprint');
  const started = await as['decision.kaz'].request('POST', '/api/v1/eligibility/apply', { json: { ...rule, ...decision, fingerprint: p.data.fingerprint } });
  assert.equal(started.status, 202, started.text);
  let job;
  for (let i = 0; i < 200; i++) {
    job = await as['decision.kaz'].request('GET', `/api/v1/jobs/${started.data.job}`);
    if (job.data.state !== 'running') break;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.equal(job.data.state, 'done', job.text);
  assert.equal(job.data.result, '1');
  assert.equal((await as['decision2.kaz'].request('GET', `/api/v1/jobs/${started.data.job}`)).status, 404, 'only its owner sees a job');
});

test('a family under the KZ asylum procedure: each adult member is assessed individually before the decision', async () => {
  const reg = as['registrar.kaz'];
  const person = async (full_name, sex, birth_date) => {
    const r = await reg.request('POST', '/api/v1/persons', { json: {
      country: 'KAZ', names: [{ full_name }], sex, birth_date, nationalities: [{ claim: 'AFG', basis: 'declared' }],
      confirm_new: true } });
    assert.equal(r.status, 201, r.text);
    return r.data.id;
  };
  const father = await person('Хакимов Навид', 'M', '1978-03-21');
  const wife = await person('Хакимова Парвина', 'F', '1982-11-02');
  const son = await person('Хакимов Фарид', 'M', '2001-06-15');       // an adult dependant
  const daughter = await person('Хакимова Мариам', 'F', '2015-01-09');  // a child
  const household = await reg.request('POST', '/api/v1/households', { json: {
    country: 'KAZ', members: [{ person: father, relationship: 'head' }, { person: wife, relationship: 'spouse' }] } });
  assert.equal(household.status, 201, household.text);
  for (const [id, relationship] of [[son, 'child'], [daughter, 'child']])
    assert.equal((await reg.request('POST', `/api/v1/households/${household.data.id}/members`, { json: {
      person_id: id, relationship } })).status, 201);

  const me = await as['caseworker.kaz'].request('GET', '/api/v1/me');
  const opened = await reg.request('POST', '/api/v1/cases', { json: {
    procedure_id: 'kz_asylum', country: 'KAZ', principal: father, dependants: [wife, son, daughter], facts: [],
    assigned_to: me.data.user.id } });
  assert.equal(opened.status, 201, opened.text);
  const id = opened.data.id;
  const step = (login, transition, fields = {}) =>
    as[login].request('POST', `/api/v1/cases/${id}/transitions`, { json: { transition, ...fields } });
  const assess = (login, body) => as[login].request('POST', `/api/v1/cases/${id}/assessments`, { json: body });
  for (const [login, transition, fields] of [['registrar.kaz', 'apply', { arrival_date: today() }],
    ['registrar.kaz', 'register'], ['registrar.kaz', 'fingerprint'], ['caseworker.kaz', 'interview']]) {
    const r = await step(login, transition, fields);
    assert.equal(r.status, 200, `${transition}: ${r.text}`);
  }

  const decision = { outcome: 'recognise', reasons: 'well-founded fear of persecution' };
  const early = await step('decision.kaz', 'draft_decision', decision);
  assert.equal(early.status, 409, early.text);
  assert.equal(errorOf(early).field, 'dependants');

  // Refusals name the field and record nothing.
  const refused = [
    ['decision.kaz', { person: daughter, outcome: 'recognise', reasons: 'x' }, 422, 'person'],  // a child
    ['decision.kaz', { person: father, outcome: 'recognise', reasons: 'x' }, 422, 'person'],    // the principal
    ['decision.kaz', { person: wife, outcome: 'recognise', reasons: ' ' }, 422, 'reasons'],
    ['decision.kaz', { person: wife, reasons: 'x' }, 422, 'outcome'],
    ['registrar.kaz', { person: wife, outcome: 'recognise', reasons: 'x' }, 403, null],
  ];
  for (const [login, body, status, field] of refused) {
    const r = await assess(login, body);
    assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
    if (field) assert.equal(errorOf(r).field, field, JSON.stringify(body));
  }

  const first = await assess('caseworker.kaz', { person: wife, outcome: 'recognise', reasons: 'own claim: political activity' });
  assert.equal(first.status, 201, first.text);
  const stillWaiting = await step('decision.kaz', 'draft_decision', decision);
  assert.equal(stillWaiting.status, 409, 'the adult son is not assessed yet');
  assert.match(errorOf(stillWaiting).message, new RegExp(`person ${son}\\b`));
  const second = await assess('decision.kaz', { person: son, outcome: 'recognise', reasons: 'derivative: risk as a family member' });
  assert.equal(second.status, 201, second.text);

  const drafted = await step('decision.kaz', 'draft_decision', decision);
  assert.equal(drafted.status, 200, drafted.text);
  assert.equal(drafted.data.state, 'decision_drafted');
  const approved = await step('decision2.kaz', 'approve_recognition');
  assert.equal(approved.status, 200, approved.text);
  assert.equal(approved.data.state, 'recognised');
  const notified = await step('registrar.kaz', 'notify_recognition');
  assert.equal(notified.status, 200, notified.text);
  assert.equal(notified.data.state, 'recognition_notified');

  const assessments = notified.data.history.filter((h) => h.event === 'member_assessment');
  assert.deepEqual(assessments.map((h) => [Number(h.fields.person), h.fields.outcome]), [[wife, 'recognise'], [son, 'recognise']]);
  assert.deepEqual(notified.data.history.filter((h) => h.to).map((h) => h.event),
    ['apply', 'register', 'fingerprint', 'interview', 'draft_decision', 'approve_recognition', 'notify_recognition']);
  const late = await assess('decision.kaz', { person: son, outcome: 'refuse', reasons: 'x' });
  assert.equal(late.status, 409, 'a closed case takes no assessment');
});

test('without the key file sensitive entries answer 503 naming the setting, not the path; everything else works', async () => {
  const plain = await startServer({ users: [users[1]], env: { NANSEN_SECURITY_KEY_FILE: join(keyDir, 'absent.key') } });
  try {
    const cw = new Client(plain.url);
    await cw.login('caseworker.kaz', ADMIN_PASSWORD);
    const r = await cw.request('POST', '/api/v1/persons', { json: child });
    assert.equal(r.status, 201, r.text);
    for (const method of ['GET', 'POST']) {
      const s = await cw.request(method, `/api/v1/persons/${r.data.id}/sensitive`,
                                 method === 'POST' ? { json: { kind: 'health', text: 'x' } } : {});
      assert.equal(s.status, 503);
      assert.equal(errorOf(s).field, 'key_file');
      assert.match(errorOf(s).request_id, /^[0-9a-f]{16}$/);
      assert.doesNotMatch(s.text, /absent\.key|nansen-keys-/, 'a 5xx body names no file path');
    }
  } finally {
    await plain.stop();
  }
});
