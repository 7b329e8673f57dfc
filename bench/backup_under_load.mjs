// SPDX-License-Identifier: Apache-2.0
// Backups under write load: seeds a registry with the demo generator, serves it, keeps
// registrars registering persons (and reading them back, each read an audited write)
// through HTTP, and meanwhile backs the database up three ways:
//   - `nansen backup --verify` (one read snapshot, then integrity check and audit verify);
//   - the sqlite3 shell's `.backup` (the online backup API a page batch at a time: it
//     restarts whenever another connection writes, the way Nansen's first backup did);
//   - the sqlite3 shell's `VACUUM INTO` (one read transaction, the file rebuilt).
// Prints, per method, how long it took, whether it finished within the limit, and the
// registrations and reads the server completed meanwhile, beside the same figures with no
// backup running.
//
// Usage: NANSEN_BIN=build-bench/nansen node bench/backup_under_load.mjs
// Environment: BENCH_BACKUP_PERSONS (default 1000000), BENCH_BACKUP_CLIENTS (16),
// BENCH_BACKUP_LIMIT_SECONDS (120, after which a backup counts as not finished).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_PASSWORD, Client, nansenBin, startServer } from '../tests/api/lib/server.mjs';

const persons = Number(process.env.BENCH_BACKUP_PERSONS ?? 1000000);
const clients = Number(process.env.BENCH_BACKUP_CLIENTS ?? 16);
const limitSeconds = Number(process.env.BENCH_BACKUP_LIMIT_SECONDS ?? 120);
const baselineSeconds = 5;

const dir = mkdtempSync(join(tmpdir(), 'nansen-bench-backup-'));
const db = join(dir, 'nansen.db');
const now = () => Number(process.hrtime.bigint() / 1000n) / 1e6;  // seconds

// ---- the registry ------------------------------------------------------------------
let t0 = now();
const seeded = spawnSync(nansenBin(), ['demo', 'seed', '--db', db, '--persons', String(persons)],
                         { encoding: 'utf8', env: { ...process.env, NANSEN_LOG_LEVEL: 'warn' } });
if (seeded.status !== 0) throw new Error(`demo seed failed: ${seeded.stderr}`);
const seedSeconds = now() - t0;
const megabytes = (file) => statSync(file).size / 1048576;
console.log(`registry: ${persons} persons seeded in ${seedSeconds.toFixed(1)} s, ` +
            `${megabytes(db).toFixed(0)} MB`);

const registrars = Array.from({ length: clients }, (_, i) => ({
  login: `bench.registrar.${i}`, role: 'registrar', country: 'KAZ', org: 'MIA-KAZ' }));
const server = await startServer({ db, users: registrars });

// ---- the load: every client registers a new person, then reads it back --------------
const letters = 'абвгдежзиклмнопрстуфхшыэюяәғқңөұүһі';
const randomName = (length) => {
  let s = '';
  for (let i = 0; i < length; i++) s += letters[Math.floor(Math.random() * letters.length)];
  return s[0].toUpperCase() + s.slice(1);
};
const events = [];  // [time, 'write' | 'read' | 'error']
let running = true;
async function client(account) {
  const c = new Client(server.url);
  const r = await c.login(account.login, ADMIN_PASSWORD);
  if (r.status !== 200) throw new Error(`login ${account.login}: ${r.text}`);
  while (running) {
    const family = randomName(9);
    const given = randomName(6);
    const w = await c.request('POST', '/api/v1/persons', { json: {
      country: 'KAZ', confirm_new: true, sex: Math.random() < 0.5 ? 'F' : 'M',
      birth_date: `19${50 + Math.floor(Math.random() * 50)}-0${1 + Math.floor(Math.random() * 9)}-1${Math.floor(Math.random() * 9)}`,
      names: [{ full_name: `${family} ${given}`, family, given }],
      nationalities: [{ claim: 'undetermined' }],
    } });
    events.push([now(), w.status === 201 ? 'write' : 'error']);
    if (w.status !== 201) continue;
    const g = await c.request('GET', `/api/v1/persons/${w.data.id}`);
    events.push([now(), g.status === 200 ? 'read' : 'error']);
  }
}
const load = Promise.all(registrars.map(client));

const rate = (from, to, kind) =>
  events.filter(([t, k]) => k === kind && t >= from && t < to).length / Math.max(to - from, 1e-9);

function runTimed(command, args) {
  return new Promise((resolve) => {
    const started = now();
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), limitSeconds * 1000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ started, ended: now(), finished: code === 0, stderr: stderr.trim() });
    });
  });
}

// ---- the run -----------------------------------------------------------------------
await new Promise((r) => setTimeout(r, 2000));  // logins and the first requests settle
const rows = [];
t0 = now();
await new Promise((r) => setTimeout(r, baselineSeconds * 1000));
rows.push({ method: 'no backup (reference)', started: t0, ended: now(), finished: true, file: null });

const methods = [
  ['nansen backup --verify', nansenBin(), (out) => ['backup', '--verify', '--db', db, out]],
  ['sqlite3 .backup (peer)', 'sqlite3', (out) => [db, `.backup '${out}'`]],
  ['sqlite3 VACUUM INTO (peer)', 'sqlite3', (out) => [db, `VACUUM INTO '${out}'`]],
];
for (const [method, command, args] of methods) {
  const file = join(dir, `backup-${rows.length}.db`);
  const r = await runTimed(command, args(file));
  if (!r.finished && r.stderr) console.error(`${method}: ${r.stderr}`);
  rows.push({ method, ...r, file });
}
running = false;
await load;
await server.stop();

const table = rows.map((r) => ({
  method: r.method,
  seconds: (r.ended - r.started).toFixed(1),
  finished: r.file ? (r.finished ? 'yes' : `no (killed at ${limitSeconds} s)`) : '-',
  'backup MB': r.file && r.finished ? megabytes(r.file).toFixed(0) : '-',
  'registrations/s': rate(r.started, r.ended, 'write').toFixed(0),
  'audited reads/s': rate(r.started, r.ended, 'read').toFixed(0),
  errors: events.filter(([t, k]) => k === 'error' && t >= r.started && t < r.ended).length,
}));
console.log(`\n${clients} clients registering and reading back through HTTP while each backup runs:`);
console.table(table);
rmSync(dir, { recursive: true, force: true });
