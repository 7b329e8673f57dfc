// SPDX-License-Identifier: Apache-2.0
// Pledges over the API: import (dry run, real, malformed), search, each permission
// boundary, progress updates, consultations and the report's movement, exports, statistics.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, signIn, errorOf } from './lib/server.mjs';

const samples = join(process.env.NANSEN_SOURCE_DIR ?? '.', 'share', 'data', 'pledges');
const testData = join(process.env.NANSEN_SOURCE_DIR ?? '.', 'tests', 'data', 'pledges');
const today = new Date().toISOString().slice(0, 10);

let server;
const as = {};
before(async () => {
  server = await startServer({ users: [
    { login: 'unhcr.almaty', role: 'analyst', org: 'UNHCR-CA' },
    { login: 'focal.kaz', role: 'focal_point', country: 'KAZ', org: 'KAZ-GOV' },
    { login: 'focal.kgz', role: 'focal_point', country: 'KGZ', org: 'KGZ-GOV' },
    { login: 'observer', role: 'observer' },
    { login: 'analyst.kgz', role: 'analyst', country: 'KGZ' },
  ] });
  Object.assign(as, await signIn(server, ['admin', 'unhcr.almaty', 'focal.kaz', 'focal.kgz', 'observer', 'analyst.kgz']));
  for (const kind of ['entities', 'pledges', 'consultations']) {
    const r = await as['unhcr.almaty'].request('POST', `/api/v1/import/${kind}`, {
      body: readFileSync(join(samples, `${kind}.csv`)), headers: { 'content-type': 'text/csv' } });
    assert.equal(r.status, 200, `${kind}: ${r.text}`);
    assert.equal(r.data.written, true);
  }
});
after(async () => { await server?.stop(); });

const pledgeByTitle = async (title) => {
  const r = await as.observer.request('GET', `/api/v1/pledges?q=${encodeURIComponent(title)}`);
  assert.equal(r.status, 200);
  assert.equal(r.data.pledges.length, 1, title);
  return r.data.pledges[0];
};

test('a dry run lists, a second import changes nothing', async () => {
  const dry = await as['unhcr.almaty'].request('POST', '/api/v1/import/pledges?dry_run=1', {
    body: readFileSync(join(samples, 'pledges.csv')), headers: { 'content-type': 'text/csv' } });
  assert.equal(dry.status, 200, dry.text);
  assert.equal(dry.data.dry_run, true);
  assert.equal(dry.data.written, false);
  assert.equal(dry.data.unchanged, 11);
});

test('a malformed file is 422 naming every bad row and column, and nothing is written', async () => {
  const r = await as['unhcr.almaty'].request('POST', '/api/v1/import/pledges', {
    body: readFileSync(join(testData, 'unknown_enumerations.csv')), headers: { 'content-type': 'text/csv' } });
  assert.equal(r.status, 422);
  assert.equal(errorOf(r).code, 'invalid');
  const named = r.data.problems.map((p) => `${p.row}:${p.column}`);
  for (const want of ['2:forum', '3:pledge_type', '4:serves', '5:stage', '8:submitting_entity']) assert.ok(named.includes(want), want);
  const list = await as.observer.request('GET', '/api/v1/pledges');
  assert.equal(list.data.pledges.length, 11);
});

test('search filters by country and free text in Cyrillic, with counts by stage', async () => {
  const kaz = await as.observer.request('GET', '/api/v1/pledges?country=KAZ');
  assert.equal(kaz.status, 200);
  assert.equal(kaz.data.pledges.length, 4);
  assert.equal(kaz.data.counts_by_stage.fulfilled, 1);
  const ru = await as.observer.request('GET', `/api/v1/pledges?q=${encodeURIComponent('КЫРГЫЗСКОЙ')}`);
  assert.equal(ru.data.pledges.length, 4);
  const bad = await as.observer.request('GET', '/api/v1/pledges?stage=done');
  assert.equal(bad.status, 422);
  assert.equal(errorOf(bad).field, 'stage');
});

test('a Kyrgyz focal point cannot edit or update a Kazakh pledge; observers cannot write', async () => {
  const p = await pledgeByTitle('Border referral procedures');
  const update = { reported_on: today, stage: 'planning', done: 'x' };
  const kgz = await as['focal.kgz'].request('POST', `/api/v1/pledges/${p.id}/updates`, { json: update });
  assert.equal(kgz.status, 403);
  const observer = await as.observer.request('POST', `/api/v1/pledges/${p.id}/updates`, { json: update });
  assert.equal(observer.status, 403);
  const body = { title: 'Changed', forum: 'GRF 2023', submitting_entity: 'KAZ-GOV', pledge_type: 'policy' };
  assert.equal((await as['focal.kgz'].request('PUT', `/api/v1/pledges/${p.id}`, { json: body })).status, 403);
  assert.equal((await as['focal.kgz'].request('POST', '/api/v1/pledges', { json: body })).status, 403);
  assert.equal((await as.observer.request('POST', '/api/v1/consultations', { json: { title: 'x', date: today } })).status, 403);
});

test('a Kyrgyz reviewer writes pledge data of Kyrgyzstan only: entities, consultations, follow-ups', async () => {
  const kgz = as['analyst.kgz'];
  const moved = await kgz.request('POST', '/api/v1/import/entities', {
    body: 'entity_id,name_en,kind,country\nKAZ-GOV,Government of Kazakhstan,state,KGZ\nAUCA,American University of Central Asia,academia,\n',
    headers: { 'content-type': 'text/csv' } });
  assert.equal(moved.status, 422, moved.text);
  assert.deepEqual(moved.data.problems.map((p) => `${p.row}:${p.column}`), ['2:country', '3:country']);
  const entities = (await as.observer.request('GET', '/api/v1/entities')).data.entities;
  assert.equal(entities.find((e) => e.entity_id === 'KAZ-GOV').country, 'KAZ');
  assert.equal(entities.find((e) => e.entity_id === 'AUCA').country, 'KGZ');

  const joint = await kgz.request('POST', '/api/v1/consultations', { json: {
    title: 'Joint review', date: today, participants: 'KGZ-GOV;KAZ-GOV' } });
  assert.equal(joint.status, 403, joint.text);
  assert.equal(errorOf(joint).field, 'countries');
  const october = (await as.observer.request('GET', '/api/v1/consultations')).data.consultations
    .find((c) => c.date === '2024-10-04');
  assert.equal((await kgz.request('POST', `/api/v1/consultations/${october.id}/open`)).status, 403);
  assert.equal((await kgz.request('POST', `/api/v1/consultations/${october.id}/follow-ups`, {
    json: { action: 'Anything' } })).status, 403);
  const after = await as.observer.request('GET', `/api/v1/consultations/${october.id}`);
  assert.equal(after.data.opened_at ?? null, null);
  assert.equal(after.data.follow_ups.length, 0);

  const own = await kgz.request('POST', '/api/v1/consultations', { json: {
    title: 'Bishkek round table', date: '2024-06-01', participants: 'KGZ-GOV' } });  // before October: not the report's baseline
  assert.equal(own.status, 201, own.text);
  const followUp = await kgz.request('POST', `/api/v1/consultations/${own.data.id}/follow-ups`, {
    json: { action: 'Publish the figures', owner: 'KGZ-GOV' } });
  assert.equal(followUp.status, 201, followUp.text);
});

test('a focal point creates and edits their own pledges', async () => {
  const body = { title: 'Statelessness determination procedure', forum: 'GRF 2023', submitting_entity: 'KAZ-GOV',
                 pledge_type: 'policy', serves: 'stateless', target_countries: 'KAZ', target_date: '2026-12', ibelong_actions: '6' };
  const created = await as['focal.kaz'].request('POST', '/api/v1/pledges', { json: body });
  assert.equal(created.status, 201, created.text);
  assert.match(created.data.pledge_id, /^NSN-[0-9a-f]{10}$/);
  assert.equal(created.data.stage, 'not_reported');
  const edited = await as['focal.kaz'].request('PUT', `/api/v1/pledges/${created.data.id}`, { json: { ...body, description: 'Revised' } });
  assert.equal(edited.status, 200, edited.text);
  assert.equal(edited.data.description, 'Revised');
  const bad = await as['focal.kaz'].request('POST', '/api/v1/pledges', { json: { ...body, title: 'Other', target_countries: 'Kazakhstan' } });
  assert.equal(bad.status, 422);
  assert.equal(errorOf(bad).field, 'target_countries');
});

test('an update in Russian moves the stage and the consultation report shows the movement', async () => {
  const consultations = await as.observer.request('GET', '/api/v1/consultations');
  const october = consultations.data.consultations.find((c) => c.date === '2024-10-04');
  assert.ok(october);
  assert.equal(october.pledges.length, 10);
  const opened = await as['unhcr.almaty'].request('POST', `/api/v1/consultations/${october.id}/open`);
  assert.equal(opened.status, 200, opened.text);
  assert.equal((await as['unhcr.almaty'].request('POST', `/api/v1/consultations/${october.id}/open`)).status, 409);

  const p = await pledgeByTitle('Free state legal aid');
  const posted = await as['focal.kgz'].request('POST', `/api/v1/pledges/${p.id}/updates`, { json: {
    reported_on: today, stage: 'in_progress', language: 'ru',
    done: 'Центры бесплатной юридической помощи начали приём заявлений от лиц без гражданства.' } });
  assert.equal(posted.status, 201, posted.text);
  assert.equal(posted.data.previous_stage, 'not_reported');
  const one = await as.observer.request('GET', `/api/v1/pledges/${p.id}`);
  assert.equal(one.data.stage, 'in_progress');
  assert.equal(one.data.updates.length, 1);
  assert.equal(one.data.can_edit, false);

  const review = await as['unhcr.almaty'].request('POST', '/api/v1/consultations', { json: {
    title: 'Follow-up review', date: today, place: 'Almaty', organiser: 'UNHCR-CA', participants: 'KAZ-GOV;KGZ-GOV' } });
  assert.equal(review.status, 201, review.text);
  const followUp = await as['unhcr.almaty'].request('POST', `/api/v1/consultations/${review.data.id}/follow-ups`, {
    json: { action: 'Publish the legal aid statistics', owner: 'KGZ-GOV', due_on: '2030-01-31' } });
  assert.equal(followUp.status, 201, followUp.text);
  const report = await as.observer.request('GET', `/api/v1/consultations/${review.data.id}/report`);
  assert.equal(report.status, 200, report.text);
  assert.equal(report.data.previous.id, october.id);
  const kgz = report.data.countries.find((c) => c.country === 'KGZ');
  const line = kgz.pledges.find((l) => l.pledge === p.id);
  assert.equal(line.stage_before, 'not_reported');
  assert.equal(line.stage_now, 'in_progress');
  assert.equal(line.movement, 1);
  assert.equal(kgz.moved_forward, 1);
  assert.ok(report.data.updates_since.some((u) => u.done.startsWith('Центры')));
  assert.equal(report.data.follow_ups_due.length, 1);

  const csv = await as.observer.request('GET', `/api/v1/consultations/${review.data.id}/report?format=csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.text, /^country,pledge_id,title/);
});

test('exports: one row per filtered pledge, CSV and XLSX', async () => {
  const csv = await as['unhcr.almaty'].request('GET', '/api/v1/pledges/export?format=csv&country=KGZ');
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  const lines = csv.text.trim().split('\r\n');
  assert.equal(lines[0].split(',')[0], 'pledge_id');
  assert.equal(lines.length, 1 + 6);
  const xlsx = await as['unhcr.almaty'].request('GET', '/api/v1/pledges/export?format=xlsx');
  assert.equal(xlsx.status, 200);
  assert.match(xlsx.headers.get('content-type'), /spreadsheetml/);
  assert.equal((await as.observer.request('GET', '/api/v1/pledges/export')).status, 403);
});

test('official statistics carry the Kazakhstan caveat', async () => {
  const r = await as.observer.request('GET', '/api/v1/statistics/KAZ');
  assert.equal(r.status, 200);
  assert.equal(r.data.years.find((y) => y.year === 2024).refugees, 65833);
  assert.ok(r.data.notes.some((n) => n.series === 'refugees' && n.from_year === 2023));
  assert.equal((await as.observer.request('GET', '/api/v1/statistics/FRA')).status, 404);
});

test('the OpenAPI document describes the pledge routes', async () => {
  const r = await as.observer.request('GET', '/api/v1/openapi.json');
  assert.equal(r.status, 200);
  for (const path of ['/api/v1/pledges', '/api/v1/pledges/{id}/updates', '/api/v1/consultations/{id}/report', '/api/v1/import/{kind}'])
    assert.ok(r.data.paths[path], path);
});
