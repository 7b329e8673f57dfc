// SPDX-License-Identifier: Apache-2.0
// kill -9 in the middle of load loses nothing that was acknowledged: every registration
// answered 201 is there after a restart, every person read answered 200 has its audit
// row (reads are audited through the group commit, and answered only once their entry
// is durable), and the audit chain still verifies.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ADMIN_PASSWORD, Client, runNansen, startServer, signIn } from './lib/server.mjs';

const users = [{ login: 'registrar.kaz', role: 'registrar', country: 'KAZ', org: 'MIA-KAZ' }];
const person = (n) => ({
  country: 'KAZ', sex: n % 2 ? 'F' : 'M', birth_date: `19${50 + (n % 50)}-0${1 + (n % 9)}-1${n % 10}`,
  names: [{ full_name: `Crashtest${n} Person${n * 7}`, family: `Crashtest${n}`, given: `Person${n * 7}` }],
  nationalities: [{ claim: 'undetermined' }], confirm_new: true,
});

test('kill -9 under load loses no acknowledged write and no acknowledged read\'s audit entry', async (t) => {
  const server = await startServer({ users });
  const { 'registrar.kaz': reg } = await signIn(server, ['registrar.kaz']);
  const seeded = [];
  for (let n = 0; n < 20; ++n) {
    const r = await reg.request('POST', '/api/v1/persons', { json: person(n) });
    assert.equal(r.status, 201, r.text);
    seeded.push(r.data.id);
  }

  // Eight clients read and register as fast as they can; the server dies under them.
  const readsAcked = new Map();  // person id → reads answered 200
  const written = [];
  let stop = false;
  let next = 1000;
  const worker = async (w) => {
    for (let i = 0; !stop; ++i) {
      try {
        if (i % 3 === 2) {
          const r = await reg.request('POST', '/api/v1/persons', { json: person(next++) });
          if (r.status === 201) written.push(r.data.id);
        } else {
          const id = seeded[(w * 7 + i) % seeded.length];
          const r = await reg.request('GET', `/api/v1/persons/${id}`);
          if (r.status === 200) readsAcked.set(id, (readsAcked.get(id) ?? 0) + 1);
        }
      } catch {
        return;  // the connection died with the server
      }
    }
  };
  const workers = Array.from({ length: 8 }, (_, w) => worker(w));
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const killed = await server.crash();
  stop = true;
  await Promise.all(workers);
  assert.equal(killed.signal, 'SIGKILL');
  const acked = [...readsAcked.values()].reduce((a, b) => a + b, 0);
  t.diagnostic(`${acked} reads and ${written.length} registrations answered before the kill`);
  assert.ok(acked > 20 && written.length > 5, `too little load before the kill: ${acked} reads, ${written.length} writes`);

  // A new server on the same database.
  const again = await startServer({ db: server.db });
  try {
    const admin = new Client(again.url);
    assert.equal((await admin.login('admin', ADMIN_PASSWORD)).status, 200);
    const rows = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await admin.request('GET', `/api/v1/audit?action=person.read&limit=1000&offset=${offset}`);
      assert.equal(page.status, 200, page.text);
      rows.push(...page.data.rows);
      if (page.data.rows.length < 1000) break;
    }
    const logged = new Map();
    for (const r of rows) logged.set(Number(r.record_id), (logged.get(Number(r.record_id)) ?? 0) + 1);
    for (const [id, n] of readsAcked)
      assert.ok((logged.get(id) ?? 0) >= n, `person ${id}: ${n} reads answered, ${logged.get(id) ?? 0} logged`);
    const registrar = new Client(again.url);
    assert.equal((await registrar.login('registrar.kaz', ADMIN_PASSWORD)).status, 200);
    for (const id of written) {
      const r = await registrar.request('GET', `/api/v1/persons/${id}`);
      assert.equal(r.status, 200, `registration ${id} was answered 201 but is gone`);
    }
  } finally {
    await again.stop();
  }
  try {
    // The chain is whole: no half-written batch, nothing out of order.
    runNansen(['audit', 'verify', '--db', server.db]);
  } finally {
    server.removeDir();
  }
});
