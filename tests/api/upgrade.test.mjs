// SPDX-License-Identifier: Apache-2.0
// Upgrades: a database made by an earlier released schema version is opened by the
// current binary, migrates forward, and keeps everything: the accounts (a login works),
// the pledges, the registry, the sensitive entries (still readable with the old key) and
// an intact audit chain. Each released schema version has a fixture in
// tests/data/upgrade/ (README there): a SQLite file and a PostgreSQL dump, made by the
// binary of that release with `nansen demo seed --persons 40` and one admin account.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { startServer, Client, runNansen } from './lib/server.mjs';

const fixtures = join(process.env.NANSEN_SOURCE_DIR ?? '.', 'tests', 'data', 'upgrade');
const postgres = process.env.NANSEN_TEST_DB === 'postgres';
const released = readdirSync(fixtures).filter((f) => /^schema-\d{4}\.db$/.test(f)).map((f) => f.slice(7, 11));
const migrations = readdirSync(join(process.env.NANSEN_SOURCE_DIR ?? '.', 'migrations')).filter((f) => f.endsWith('.sql'));

// Runs SQL on the fixture's copy and returns the first column of the first row.
function scalar(db, sql) {
  const r = postgres ? spawnSync('psql', ['-At', db, '-c', sql], { encoding: 'utf8' })
                     : spawnSync('sqlite3', [db, sql], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n')[0];
}

// A private copy of the fixture: a SQLite file, or a new database on the test server.
function restoreFixture(version, dir) {
  if (!postgres) {
    const db = join(dir, 'nansen.db');
    copyFileSync(join(fixtures, `schema-${version}.db`), db);
    chmodSync(db, 0o600);
    return db;
  }
  const base = readFileSync(join(process.env.NANSEN_TEST_POSTGRES_DIR, 'url'), 'utf8').trim();
  const name = `upgrade_${version}_${process.pid}`;
  assert.equal(spawnSync('psql', ['-q', base, '-c', `CREATE DATABASE ${name}`]).status, 0);
  const db = base.replace(/\/[^/?]*$/, `/${name}`);
  const load = spawnSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', db, '-f', join(fixtures, `schema-${version}.pgsql`)], { encoding: 'utf8' });
  assert.equal(load.status, 0, load.stderr);
  return db;
}

assert.ok(released.length > 0, 'no upgrade fixtures found');
for (const version of released) {
  test(`a schema ${version} database migrates forward and keeps its data`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nansen-upgrade-'));
    const key = join(dir, 'fixture.key');
    copyFileSync(join(fixtures, 'fixture.key'), key);
    chmodSync(key, 0o600);
    const db = restoreFixture(version, dir);
    const persons = scalar(db, 'SELECT count(*) FROM persons');
    const pledges = scalar(db, 'SELECT count(*) FROM pledges');
    const auditRows = Number(scalar(db, 'SELECT count(*) FROM audit_log'));
    assert.ok(Number(persons) > 0 && Number(pledges) > 0 && auditRows > 0, 'the fixture holds data');

    assert.match(runNansen(['migrate', '--db', db]), /./s);
    assert.equal(Number(scalar(db, 'SELECT count(*) FROM schema_migrations')), migrations.length,
                 'every migration of this build is applied');
    assert.match(runNansen(['audit', 'verify', '--db', db]), /audit chain intact/);
    assert.equal(scalar(db, 'SELECT count(*) FROM persons'), persons);
    // After a rotation, re-encryption opens every sensitive entry under the new key: the
    // old entries are still readable.
    const sensitive = scalar(db, 'SELECT count(*) FROM sensitive_entries');
    assert.ok(Number(sensitive) > 0);
    runNansen(['keys', 'rotate', '--key-file', key, '--id', 'upgrade-test']);
    runNansen(['keys', 'reencrypt', '--db', db, '--key-file', key]);
    assert.equal(scalar(db, "SELECT count(*) FROM sensitive_entries WHERE key_id = 'upgrade-test'"), sensitive);
    assert.equal(scalar(db, 'SELECT count(*) FROM pledges'), pledges);

    const server = await startServer({ db, env: { NANSEN_SECURITY_KEY_FILE: key } });
    try {
      const admin = new Client(server.url);
      assert.equal((await admin.login('upgrade.admin', 'upgrade-password-1')).status, 200);
      const list = await admin.request('GET', '/api/v1/pledges');
      assert.equal(list.status, 200, list.text);
      assert.ok(list.text.includes('Kazakhstan'), 'the pledges of the fixture are served');
      const users = await admin.request('GET', '/api/v1/users');
      assert.equal(users.status, 200, users.text);
      // The fixture's administrator belongs to UNHCR: it manages UNHCR's accounts only, not
      // the ministries' (issue "Trust at the seams"); every account survived the upgrade.
      assert.deepEqual(users.data.users.map((u) => u.login), ['upgrade.admin']);
      assert.match(runNansen(['user', 'list', '--db', db]), /registrar\.kaz/);
      await server.stop();
      // The server's own reads and writes extended the chain without breaking it.
      assert.match(runNansen(['audit', 'verify', '--db', db]), /audit chain intact/);
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
