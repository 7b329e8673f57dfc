// SPDX-License-Identifier: Apache-2.0
// Backup while the server runs, restore by copying the file back, and the restored server
// holds exactly what was there at backup time, with an intact audit chain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
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
