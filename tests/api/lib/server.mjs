// SPDX-License-Identifier: Apache-2.0
// Starts the real `nansen` binary on a loopback port with a temporary database, the way
// an operator would: `nansen user add admin ...` then `nansen serve --listen 127.0.0.1:0`.
// Waits for the "listening on" line (never sleeps) and returns {url, dir, db, stop()}.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ADMIN_PASSWORD = 'admin-password-123';

// A sensitive-field key file in a new temporary directory, in the format of registry.h
// ("<id> <64 hex digits>", the first line current). Returns {dir, file}; remove dir after.
export function temporaryKeyFile() {
  const dir = mkdtempSync(join(tmpdir(), 'nansen-keys-'));
  const file = join(dir, 'nansen.key');
  writeFileSync(file, `k1 ${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  return { dir, file };
}

export function nansenBin() {
  const bin = process.env.NANSEN_BIN;
  if (!bin) throw new Error('set NANSEN_BIN to the built nansen binary');
  return bin;
}

// Runs `nansen ARGS` synchronously with `input` on stdin; throws on a non-zero exit.
export function runNansen(args, { input = '', env = {} } = {}) {
  const r = spawnSync(nansenBin(), args, { input, encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`nansen ${args.join(' ')} exited ${r.status}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

// With NANSEN_TEST_DB=postgres the whole suite runs against the throwaway PostgreSQL
// server that ctest started (scripts/pg-test-server.sh, directory NANSEN_TEST_POSTGRES_DIR):
// each server gets a schema of its own, so tests stay independent.
let schemaCount = 0;
function newDatabaseUrl(dir) {
  if (process.env.NANSEN_TEST_DB !== 'postgres') return join(dir, 'nansen.db');
  const pgDir = process.env.NANSEN_TEST_POSTGRES_DIR;
  if (!pgDir) throw new Error('NANSEN_TEST_DB=postgres needs NANSEN_TEST_POSTGRES_DIR');
  const base = readFileSync(join(pgDir, 'url'), 'utf8').trim();
  const schema = `api_${process.pid}_${++schemaCount}`;
  const r = spawnSync('psql', [base, '-q', '-c', `CREATE SCHEMA ${schema}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cannot create schema: ${r.stderr}`);
  return `${base}?options=-csearch_path%3D${schema}`;
}

// `db`: serve an existing database (e.g. a restored backup) instead of a new one with an
// admin; it is left in place on stop().
export async function startServer({ env = {}, users = [], db: existingDb } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'nansen-api-'));
  const db = existingDb ?? newDatabaseUrl(dir);
  const childEnv = { ...process.env, NANSEN_LOG_LEVEL: 'warn', ...env };
  // The operator's first administrator is the installation's: every country and every
  // organisation, so that it may set up the accounts of any office.
  if (!existingDb)
    runNansen(['user', 'add', 'admin', '--role', 'admin', '--db', db],
              { input: ADMIN_PASSWORD + '\n', env: childEnv });
  for (const u of users) {
    const args = ['user', 'add', u.login, '--role', u.role, '--db', db];
    if (u.country) args.push('--country', u.country);
    if (u.org) args.push('--org', u.org);
    runNansen(args, { input: (u.password ?? ADMIN_PASSWORD) + '\n', env: childEnv });
  }
  const child = spawn(nansenBin(), ['serve', '--db', db, '--listen', '127.0.0.1:0'],
                      { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 30000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${stderr}`)); });
  });
  child.removeAllListeners('exit');
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    url, dir, db,
    stderr: () => stderr,
    async stop() {
      child.kill('SIGTERM');
      const result = await exited;
      rmSync(dir, { recursive: true, force: true });
      return result;
    },
    // kill -9: no shutdown of any kind. The directory (and a SQLite database in it) stays,
    // for a new server to open; remove it with removeDir().
    async crash() {
      child.kill('SIGKILL');
      return exited;
    },
    removeDir() { rmSync(dir, { recursive: true, force: true }); },
  };
}

// A small API client that keeps the session cookie and the CSRF token, like a browser.
export class Client {
  constructor(url) { this.url = url; this.cookie = ''; this.csrf = ''; this.bearer = ''; }

  async request(method, path, { json, body, headers = {}, csrf = true } = {}) {
    const h = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    if (csrf && this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    if (json !== undefined) { h['content-type'] = 'application/json'; body = JSON.stringify(json); }
    const res = await fetch(this.url + path, { method, headers: h, body, redirect: 'manual' });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const m = setCookie.match(/nansen_session=([^;]*)/);
      if (m) this.cookie = m[1] ? `nansen_session=${m[1]}` : '';
    }
    const text = await res.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = null; }
    return { status: res.status, headers: res.headers, text, data };
  }

  async login(login = 'admin', password = ADMIN_PASSWORD) {
    const r = await this.request('POST', '/api/v1/session', { json: { login, password } });
    if (r.status === 200) this.csrf = r.data.csrf_token;
    return r;
  }
}

// One signed-in Client per login (all with the test password), by login.
export async function signIn(server, logins) {
  const as = {};
  for (const login of logins) {
    as[login] = new Client(server.url);
    const r = await as[login].login(login, ADMIN_PASSWORD);
    if (r.status !== 200) throw new Error(`${login} could not sign in: ${r.status} ${r.text}`);
  }
  return as;
}

// Asserts the one error shape and returns the error object.
export function errorOf(r) {
  if (!r.data || typeof r.data.error !== 'object') throw new Error(`not an error body: ${r.status} ${r.text}`);
  return r.data.error;
}
