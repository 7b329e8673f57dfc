// SPDX-License-Identifier: Apache-2.0
// Backup while the server runs, restore by copying the file back, and the restored server
// holds exactly what was there at backup time, with an intact audit chain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { startServer, Client, nansenBin, runNansen } from './lib/server.mjs';

const sqliteOnly = process.env.NANSEN_TEST_DB === 'postgres';

test('backup during service, restore round trip', { skip: sqliteOnly && 'SQLite backups only' }, async () => {
  const keep = mkdtempSync(join(tmpdir(), 'nansen-backup-'));
  const server = await startServer();
  try {
    const admin = new Client(server.url);
    assert.equal((await admin.login()).status, 200);
    const create = (login) => admin.request('POST', '/api/v1/users', {
      json: { login, display_name: login, password: 'a long password 1', role: 'observer', language: 'ru' },
    });
    assert.equal((await create('before.backup')).status, 201);

    const backup = join(keep, 'backup.db');
    const out = runNansen(['backup', '--db', server.db, backup]);
    assert.match(out, /backup written/);
    // The server kept serving during and after the backup.
    assert.equal((await create('after.backup')).status, 201);
    assert.equal((await fetch(server.url + '/healthz')).status, 200);

    const restoredDb = join(keep, 'restored.db');
    copyFileSync(backup, restoredDb);
    const verify = spawnSync(nansenBin(), ['audit', 'verify', '--db', restoredDb], { encoding: 'utf8' });
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);

    const restored = await startServer({ db: restoredDb });
    try {
      const c = new Client(restored.url);
      assert.equal((await c.login()).status, 200);
      const users = await c.request('GET', '/api/v1/users');
      assert.equal(users.status, 200);
      const logins = JSON.stringify(users.data);
      assert.match(logins, /before\.backup/);
      assert.doesNotMatch(logins, /after\.backup/);
    } finally {
      await restored.stop();
    }
  } finally {
    await server.stop();
    rmSync(keep, { recursive: true, force: true });
  }
});

test('backup to an unwritable place is a clear error', { skip: sqliteOnly && 'SQLite backups only' }, async () => {
  const server = await startServer();
  try {
    const r = spawnSync(nansenBin(), ['backup', '--db', server.db, '/nonexistent-dir/x/backup.db'], { encoding: 'utf8' });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /backup/i);
  } finally {
    await server.stop();
  }
});

test('a backup is private and verifiable; a damaged one is named', { skip: sqliteOnly && 'SQLite backups only' }, async () => {
  const keep = mkdtempSync(join(tmpdir(), 'nansen-backup-'));
  const server = await startServer();
  try {
    const backup = join(keep, 'backup.db');
    const out = runNansen(['backup', '--verify', '--db', server.db, backup]);
    assert.match(out, /backup verified: integrity ok, audit chain intact/);
    assert.equal(statSync(backup).mode & 0o777, 0o600, 'a backup holds the registry: mode 0600');

    // An audit row edited in the copy: --check names the broken chain.
    const edited = join(keep, 'edited.db');
    copyFileSync(backup, edited);
    const sql = spawnSync('sqlite3', [edited, "UPDATE audit_log SET action = 'user.forged' WHERE seq = 1"], { encoding: 'utf8' });
    assert.equal(sql.status, 0, sql.stderr);
    const editedCheck = spawnSync(nansenBin(), ['backup', '--check', edited], { encoding: 'utf8' });
    assert.equal(editedCheck.status, 1, editedCheck.stdout + editedCheck.stderr);
    assert.match(editedCheck.stdout, /audit chain BROKEN at row 1/);

    // Pages overwritten with garbage: the integrity check refuses the file.
    const garbled = join(keep, 'garbled.db');
    const bytes = readFileSync(backup);
    bytes.fill(0x5a, 4096, bytes.length);
    writeFileSync(garbled, bytes);
    const garbledCheck = spawnSync(nansenBin(), ['backup', '--check', garbled], { encoding: 'utf8' });
    assert.notEqual(garbledCheck.status, 0);
    assert.match(garbledCheck.stderr, /garbled\.db/);

    // Neither a file nor --check: a usage error.
    assert.equal(spawnSync(nansenBin(), ['backup', '--db', server.db], { encoding: 'utf8' }).status, 2);
  } finally {
    await server.stop();
    rmSync(keep, { recursive: true, force: true });
  }
});

test('a backup finishes while the server keeps writing and reading', { skip: sqliteOnly && 'SQLite backups only' }, async () => {
  const keep = mkdtempSync(join(tmpdir(), 'nansen-backup-'));
  const server = await startServer();
  try {
    const admin = new Client(server.url);
    assert.equal((await admin.login()).status, 200);
    // Load: audited reads and writes without pause, from several clients, until the
    // backup is done. The backup must end on its own, not wait for the load to stop.
    let running = true;
    let served = 0;
    const loop = async (i) => {
      for (let n = 0; running; n++) {
        // ?lang= saves the language for the user: a write, alternating so it changes.
        const r = await admin.request('GET', `/api/v1/users?lang=${['en', 'ru', 'kk'][(n + i) % 3]}`);
        assert.equal(r.status, 200, r.text);
        served++;
      }
    };
    const load = [0, 1, 2, 3].map(loop);
    while (served < 20) await admin.request('GET', '/healthz');
    const backup = join(keep, 'under-load.db');
    const child = spawn(nansenBin(), ['backup', '--verify', '--db', server.db, backup], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    const servedBefore = served;
    const code = await new Promise((resolve) => child.on('exit', resolve));
    running = false;
    await Promise.all(load);
    assert.equal(code, 0, output);
    assert.match(output, /backup verified/);
    assert.ok(served > servedBefore, 'the server kept serving during the backup');
  } finally {
    await server.stop();
    rmSync(keep, { recursive: true, force: true });
  }
});
