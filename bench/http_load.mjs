// SPDX-License-Identifier: Apache-2.0
// The server as users meet it: seeds a registry with the demo generator, starts
// `nansen serve` on it (timing the start-up and its memory), and drives it with Debian's
// `wrk` through the same paths a caseworker's browser or script takes — sign-in, scope,
// audit. Prints every figure beside its target; the unaudited pledge list is measured in
// the same run as the reference.
//
// Usage: NANSEN_BIN=build-bench/nansen node bench/http_load.mjs
// Environment: BENCH_HTTP_SIZES ("100000 1000000"), BENCH_HTTP_SECONDS (10 per measure),
// BENCH_HTTP_CONNECTIONS (200), BENCH_HTTP_THREADS (server worker threads, default: the
// server's own default).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_PASSWORD, Client, nansenBin, runNansen } from '../tests/api/lib/server.mjs';

const sizes = (process.env.BENCH_HTTP_SIZES ?? '100000 1000000').split(/\s+/).filter(Boolean).map(Number);
const seconds = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const connections = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 200);
const now = () => Number(process.hrtime.bigint() / 1000n) / 1e6;

// Every wrk script ends by printing its figures as one JSON line.
const report = `
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write +
                 summary.errors.status + summary.errors.timeout
  io.write(string.format('BENCH {"rps": %.1f, "p50": %.2f, "p99": %.2f, "errors": %d, "requests": %d}\\n',
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, errors, summary.requests))
end
`;
// GET the paths of a file in turn, each thread from its own offset.
const pathsScript = (file, header) => `
local paths = {}
for line in io.lines("${file}") do paths[#paths + 1] = line end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1], { ${header} })
end
${report}`;
// POST a new person with a name no one has yet, so the duplicate check runs and passes.
const registerScript = (header) => `
local letters = { "а","б","в","г","д","е","ж","з","и","к","л","м","н","о","п","р","с","т",
                  "у","х","ш","ы","ә","ғ","қ","ң","ө","ұ","ү","і" }
math.randomseed(os.time() + math.floor(os.clock() * 1e6))
local function word(n)
  local t = {}
  for i = 1, n do t[i] = letters[math.random(#letters)] end
  return table.concat(t)
end
request = function()
  local family, given = word(9), word(6)
  local body = string.format('{"country":"KAZ","sex":"F","birth_date":"19%02d-0%d-1%d",' ..
    '"names":[{"full_name":"%s %s","family":"%s","given":"%s"}],' ..
    '"nationalities":[{"claim":"undetermined"}]}',
    math.random(50, 99), math.random(1, 9), math.random(0, 9), family, given, family, given)
  return wrk.format("POST", "/api/v1/persons",
    { ${header}, ["Content-Type"] = "application/json" }, body)
end
${report}`;

function wrk(url, script, dir, name, conns) {
  const file = join(dir, `${name}.lua`);
  writeFileSync(file, script);
  const r = spawnSync('wrk', ['-t', '2', '-c', String(conns), '-d', `${seconds}s`, '--timeout', '10s',
                              '-s', file, url], { encoding: 'utf8' });
  const m = r.stdout.match(/^BENCH (.*)$/m);
  if (r.status !== 0 || !m) throw new Error(`wrk ${name}: ${r.stderr}${r.stdout}`);
  return JSON.parse(m[1]);
}

function sql(db, query) {
  const r = spawnSync('sqlite3', [db, query], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sqlite3: ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean);
}

async function startTimed(db, env) {
  const started = now();
  const child = spawn(nansenBin(), ['serve', '--db', db, '--listen', '127.0.0.1:0'],
                      { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${stderr}`)));
  });
  const startup = now() - started;
  const rss = () => {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    return Number(status.match(/VmHWM:\s+(\d+) kB/)[1]) / 1048576;  // peak, GiB
  };
  return { url, startup, rss, child };
}

const rows = [];
const row = (size, measure, figure, target, ok) =>
  rows.push({ persons: size, measure, figure, target, met: ok === undefined ? '' : ok ? 'yes' : 'NO' });

for (const size of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'nansen-bench-http-'));
  const db = join(dir, 'nansen.db');
  const env = { ...process.env, NANSEN_LOG_LEVEL: 'warn' };
  if (process.env.BENCH_HTTP_THREADS) env.NANSEN_SERVER_THREADS = process.env.BENCH_HTTP_THREADS;
  let t = now();
  runNansen(['demo', 'seed', '--db', db, '--persons', String(size)], { env });
  console.log(`${size} persons seeded in ${(now() - t).toFixed(1)} s`);
  for (const [login, role] of [['bench.registrar', 'registrar'], ['bench.caseworker', 'caseworker']])
    runNansen(['user', 'add', login, '--role', role, '--country', 'KAZ', '--org', 'MIA-KAZ', '--db', db],
              { input: ADMIN_PASSWORD + '\n', env });
  const token = (login) =>
    runNansen(['user', 'token', login, '--name', 'bench', '--db', db], { env }).trim().split('\n').pop().trim();
  const registrar = `["Authorization"] = "Bearer ${token('bench.registrar')}"`;
  const caseworkerToken = `["Authorization"] = "Bearer ${token('bench.caseworker')}"`;

  // What a caseworker types: official names and the passport's MRZ form, of KAZ persons.
  const names = sql(db, `SELECT n.full_name FROM person_names n JOIN persons p ON p.id = n.person_id
                         WHERE p.country = 'KAZ' ORDER BY random() LIMIT 2000`);
  writeFileSync(join(dir, 'search.txt'),
                names.map((n) => `/api/v1/persons?q=${encodeURIComponent(n)}`).join('\n') + '\n');
  const cases = sql(db, "SELECT id FROM cases WHERE country = 'KAZ' ORDER BY random() LIMIT 2000");
  writeFileSync(join(dir, 'cases.txt'), cases.map((id) => `/cases/${id}`).join('\n') + '\n');
  writeFileSync(join(dir, 'pledges.txt'), '/api/v1/pledges\n');

  const server = await startTimed(db, env);
  row(size, 'start-up', `${server.startup.toFixed(1)} s`, '≤ 10 s', server.startup <= 10);
  row(size, 'memory after start-up (peak RSS)', `${server.rss().toFixed(2)} GiB`, '≤ 2 GiB', server.rss() <= 2);

  // The case page is a page: a browser session's cookie.
  const browser = new Client(server.url);
  const signed = await browser.login('bench.caseworker', ADMIN_PASSWORD);
  if (signed.status !== 200) throw new Error(`login: ${signed.text}`);
  const cookie = `["Cookie"] = "${browser.cookie}"`;

  const fmt = (r) => `${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ${r.errors} errors`;
  const pledges = wrk(server.url, pathsScript(join(dir, 'pledges.txt'), caseworkerToken), dir, 'pledges', connections);
  row(size, `pledge list, unaudited (reference), ${connections} clients`, fmt(pledges), '', undefined);
  const search = wrk(server.url, pathsScript(join(dir, 'search.txt'), caseworkerToken), dir, 'search', connections);
  row(size, `audited person search, ${connections} clients`, fmt(search), '≥ 2,000 req/s, p99 ≤ 50 ms, 0 errors',
      search.rps >= 2000 && search.p99 <= 50 && search.errors === 0);
  const register = wrk(server.url, registerScript(registrar), dir, 'register', 50);
  row(size, 'registration with the duplicate check, 50 clients', fmt(register), '≥ 1,000 persons/s, p99 ≤ 100 ms',
      register.rps >= 1000 && register.p99 <= 100 && register.errors === 0);
  const casePage = wrk(server.url, pathsScript(join(dir, 'cases.txt'), cookie), dir, 'cases', 50);
  row(size, 'case page, 50 clients', fmt(casePage), '≥ 500 req/s', casePage.rps >= 500 && casePage.errors === 0);
  row(size, 'peak RSS after the load', `${server.rss().toFixed(2)} GiB`, '', undefined);

  server.child.kill('SIGTERM');
  await new Promise((resolve) => server.child.on('exit', resolve));
  rmSync(dir, { recursive: true, force: true });
}

console.log('\nThe server through HTTP (wrk, 2 threads; each figure beside its target):');
console.table(rows);
