// bench/lib/table.mjs: turns a results folder (the generator's NAME-TARGET.json files and
// machine.json, written by bench/run.sh) into Markdown: the machine, then per scenario a table
// with Tillit, the peer and the floor side by side and their ratios, and a line per issue target
// saying whether Tillit meets it. Usage: node bench/lib/table.mjs [RESULTS_DIR]. No dependencies.
import fs from "node:fs";
import path from "node:path";

const dir = process.argv[2] ?? "bench/results";
const NAMES = { tillit: "Tillit", peer: "peer (Node ws)", floor: "floor (epoll)" };

// ---- reading ----
let files;
try {
  files = fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
} catch (e) {
  console.error(`table: cannot read ${dir}: ${e.message}`);
  process.exit(1);
}
const data = {}; // data[scenario][target] = results[]
let machine = null;
for (const f of files) {
  let doc;
  try {
    doc = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"));
  } catch (e) {
    console.error(`table: skipping ${f}: ${e.message}`);
    continue;
  }
  if (f === "machine.json") machine = doc;
  else if (doc && typeof doc.scenario === "string" && typeof doc.target === "string" && Array.isArray(doc.results))
    (data[doc.scenario] ??= {})[doc.target] = doc.results;
  else console.error(`table: skipping ${f}: not a generator result`);
}
if (!machine && Object.keys(data).length === 0) {
  console.error(`table: no results in ${dir}`);
  process.exit(1);
}
const SCENARIOS = ["idle", "throughput", "latency", "churn", "login"];
for (const s of SCENARIOS) data[s] ??= {}; // every section is printed, "no results" when missing

// ---- formatting ----
const isNum = (v) => typeof v === "number" && Number.isFinite(v);
const DASH = "—";
function num(v, digits) {
  if (!isNum(v)) return DASH;
  const a = Math.abs(v);
  const d = digits ?? (a >= 100 || Number.isInteger(v) ? 0 : a >= 10 ? 1 : a >= 0.1 ? 2 : 3);
  return v.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
}
function bytes(v) {
  if (!isNum(v)) return DASH;
  const a = Math.abs(v);
  if (a >= 1024 ** 3) return `${num(v / 1024 ** 3, 2)} GiB`;
  if (a >= 1024 ** 2) return `${num(v / 1024 ** 2, 1)} MiB`;
  if (a >= 1024) return `${num(v / 1024)} KiB`;
  return `${num(v, 0)} B`;
}
const ratio = (a, b) => (isNum(a) && isNum(b) && b !== 0 ? `${num(a / b, 2)}×` : DASH);
const pct = (r, key) => (r?.latency_us ? r.latency_us[key] : undefined);

function table(header, rows) {
  const line = (cells) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? "---" : "---:"))), ...rows.map(line)].join("\n");
}

// Rows of [label, getter, formatter, ratios?] over one result per target; ratios: Tillit ÷ other.
function sideBySide(targets, results, rows) {
  if (!targets.some((t) => results[t])) return "_No results._";
  const others = targets.filter((t) => t !== "tillit");
  const header = ["", ...targets.map((t) => NAMES[t]), ...others.map((t) => `Tillit ÷ ${t}`)];
  const body = rows.map(([label, get, fmt, withRatio = true]) => {
    const vals = targets.map((t) => (results[t] ? get(results[t]) : undefined));
    const ratios = others.map((t) => (withRatio ? ratio(vals[0], vals[targets.indexOf(t)]) : ""));
    return [label, ...vals.map((v) => fmt(v)), ...ratios];
  });
  return table(header, body);
}

// Targets without results, and those whose generator marked a result incomplete.
function missingNote(scenario, targets) {
  const missing = targets.filter((t) => !data[scenario]?.[t]);
  const partial = targets.filter((t) => data[scenario]?.[t]?.some((r) => r.incomplete));
  let note = "";
  if (missing.length && missing.length < targets.length)
    note += `\n\n_No results for: ${missing.map((t) => NAMES[t]).join(", ")}._`;
  if (partial.length) note += `\n\n_Incomplete run (the generator says so): ${partial.map((t) => NAMES[t]).join(", ")}._`;
  return note;
}

// One line per issue target: met, not met, or not measured, with the numbers behind it.
function verdict(name, checks) {
  if (checks.some((c) => !isNum(c.value))) return `- **${name}**: not measured`;
  const ok = checks.every((c) => c.ok(c.value));
  return `- **${name}**: ${ok ? "met" : "**not met**"} (${checks.map((c) => c.text(c.value)).join("; ")})`;
}
const first = (scenario, target) => data[scenario]?.[target]?.[0];
const out = [];

// ---- machine ----
out.push("# Tillit benchmark results", "");
if (machine) {
  out.push(
    `Machine: ${machine.model ?? "?"}, ${machine.cores ?? "?"} cores, kernel ${machine.kernel ?? "?"}, ` +
      `memory ${bytes(machine.mem_total_bytes)} (${bytes(machine.mem_available_bytes)} free); ` +
      `Node.js ${machine.node ?? "?"}; commit ${machine.commit ?? "?"}; ${machine.date ?? ""}`,
  );
  if (machine.quick) out.push("", "**QUICK run**: shortened scenarios, for trying the scripts; not numbers to compare.");
} else out.push("Machine: not recorded (no machine.json).");

// ---- a idle ----
{
  const T = ["tillit", "peer", "floor"];
  const R = Object.fromEntries(T.map((t) => [t, first("idle", t)]));
  out.push("", "## a. Idle connections", "");
  out.push(
    sideBySide(T, R, [
      ["connections held", (r) => r.connections, num, false],
      ["connections failed", (r) => r.failed, num, false],
      ["server RSS before", (r) => r.server_rss_before_bytes, bytes, false],
      ["server RSS after", (r) => r.server_rss_after_bytes, bytes, false],
      ["server RSS per connection", (r) => r.server_rss_per_connection_bytes, bytes],
      ["kernel memory per connection", (r) => r.kernel_bytes_per_connection, bytes],
    ]) + missingNote("idle", T),
    "",
  );
  const t = R.tillit ?? {};
  out.push(
    verdict("Target: ≈19,000 idle connections at ≤ 4 KiB server RSS each", [
      { value: t.connections, ok: (v) => v >= 19000, text: (v) => `${num(v)} connections` },
      { value: t.server_rss_per_connection_bytes, ok: (v) => v <= 4096, text: (v) => `${bytes(v)} per connection` },
    ]),
  );
}

// ---- b throughput ----
{
  const T = ["tillit", "peer", "floor"];
  const R = Object.fromEntries(T.map((t) => [t, first("throughput", t)]));
  out.push("", "## b. Throughput", "");
  out.push(
    sideBySide(T, R, [
      ["relayed frames", (r) => r.frames, num, false],
      ["frames per second", (r) => r.frames_per_second, num],
      ["server CPU seconds", (r) => r.server_cpu_seconds, num, false],
      ["**frames per server CPU second**", (r) => r.frames_per_server_cpu_second, num],
      ["**server CPU µs per frame**", (r) => r.server_cpu_us_per_frame, num],
      ["system calls per frame", (r) => r.syscalls_per_frame, num],
      ["server RSS", (r) => r.server_rss_bytes, bytes],
      ["latency p50 (µs)", (r) => pct(r, "p50"), num],
      ["latency p99 (µs)", (r) => pct(r, "p99"), num],
      ["latency p99.9 (µs)", (r) => pct(r, "p999"), num],
      ["latency max (µs)", (r) => pct(r, "max"), num],
      ["lost / out of order", (r) => r, (r) => (r ? `${num(r.lost)} / ${num(r.out_of_order)}` : DASH), false],
    ]) + missingNote("throughput", T),
    "",
  );
  const t = R.tillit ?? {};
  // Frames lost or out of order void the numbers; checked when the generator reports them.
  const clean = isNum(t.lost) || isNum(t.out_of_order)
    ? [{ value: (t.lost ?? 0) + (t.out_of_order ?? 0), ok: (v) => v === 0,
        text: (v) => (v === 0 ? "no frame lost or out of order" : `${num(v)} frames lost or out of order`) }]
    : [];
  out.push(
    verdict("Target: ≥ 2.5× the peer's frames per server CPU second", [
      { value: t.frames_per_server_cpu_second / R.peer?.frames_per_server_cpu_second, ok: (v) => v >= 2.5,
        text: (v) => `${num(v, 2)}× the peer` }, ...clean,
    ]),
    verdict("Target: ≤ 2× the floor's server CPU per frame", [
      { value: t.server_cpu_us_per_frame / R.floor?.server_cpu_us_per_frame, ok: (v) => v <= 2,
        text: (v) => `${num(v, 2)}× the floor` }, ...clean,
    ]),
  );
}

// ---- c latency ----
{
  const T = ["tillit", "peer", "floor"];
  const rateOf = (r) => r.offered_rate ?? Number(/rate=(\d+)/.exec(r.label ?? "")?.[1]);
  const byRate = (t, rate) => data.latency[t]?.find((r) => rateOf(r) === rate);
  const rates = [...new Set(T.flatMap((t) => (data.latency[t] ?? []).map(rateOf)).filter(isNum))].sort((a, b) => a - b);
  const header = ["offered frames/s", "", ...T.map((t) => NAMES[t]), "Tillit ÷ peer", "Tillit ÷ floor"];
  const rows = [];
  const metrics = [
    ["achieved frames/s", (r) => r.achieved_rate, false],
    ["p50 (µs)", (r) => pct(r, "p50"), true],
    ["**p99 (µs)**", (r) => pct(r, "p99"), true],
    ["p99.9 (µs)", (r) => pct(r, "p999"), true],
    ["max (µs)", (r) => pct(r, "max"), true],
    ["generator lateness p99 (µs)", (r) => r.generator_lateness_us?.p99, false],
    ["server CPU µs per frame", (r) => r.server_cpu_us_per_frame, true],
    ["system calls per frame", (r) => r.syscalls_per_frame, true],
  ];
  for (const rate of rates) {
    metrics.forEach(([label, get, withRatio], i) => {
      const vals = T.map((t) => { const r = byRate(t, rate); return r ? get(r) : undefined; });
      rows.push([i === 0 ? num(rate) : "", label, ...vals.map((v) => num(v)),
        withRatio ? ratio(vals[0], vals[1]) : "", withRatio ? ratio(vals[0], vals[2]) : ""]);
    });
  }
  out.push("", "## c. Latency at a fixed offered rate", "");
  out.push((rows.length ? table(header, rows) : "_No results._") + missingNote("latency", T), "");
  const r = byRate("tillit", 10000) ?? {};
  out.push(
    verdict("Target: p99 ≤ 1 ms at 10,000 frames/s", [
      { value: pct(r, "p99"), ok: (v) => v <= 1000, text: (v) => `p99 ${num(v)} µs` },
      { value: r.achieved_rate, ok: (v) => v >= 0.95 * 10000, text: (v) => `${num(v)} frames/s achieved` },
    ]),
  );
}

// ---- d churn ----
{
  const T = ["tillit", "peer"];
  const R = Object.fromEntries(T.map((t) => [t, first("churn", t)]));
  const j = (k) => (r) => r.join_to_paired_us?.[k];
  out.push("", "## d. Churn: arrive, pair, two frames, leave", "");
  out.push(
    sideBySide(T, R, [
      ["chats", (r) => r.chats, num, false],
      ["seconds", (r) => r.seconds, num, false],
      ["**pairings per second**", (r) => r.pairings_per_second, num],
      ["join to paired p50 (µs)", j("p50"), num],
      ["**join to paired p99 (µs)**", j("p99"), num],
      ["join to paired p99.9 (µs)", j("p999"), num],
      ["join to paired max (µs)", j("max"), num],
      ["RSS after the first 10,000", (r) => r.rss_after_first_10000_bytes, bytes],
      ["RSS after all", (r) => r.rss_after_all_bytes, bytes],
      ["**RSS growth ratio**", (r) => r.rss_growth_ratio, (v) => num(v, 3)],
      ["failed", (r) => r.failed, num, false],
    ]) + missingNote("churn", T),
    "",
  );
  const t = R.tillit ?? {};
  out.push(
    verdict("Target: ≥ 2,000 pairings/s, p99 join to paired ≤ 5 ms, RSS growth ratio ≤ 1.1", [
      { value: t.pairings_per_second, ok: (v) => v >= 2000, text: (v) => `${num(v)} pairings/s` },
      { value: t.join_to_paired_us?.p99, ok: (v) => v <= 5000, text: (v) => `p99 ${num(v)} µs` },
      { value: t.rss_growth_ratio, ok: (v) => v <= 1.1, text: (v) => `growth ${num(v, 3)}` },
      ...(isNum(t.failed) ? [{ value: t.failed, ok: (v) => v === 0, text: (v) => `${num(v)} chats failed` }] : []),
    ]),
  );
}

// ---- e login ----
{
  const results = data.login.tillit ?? [];
  const header = ["Tillit", ...results.map((r) => r.label ?? `logins=${r.logins}`)];
  const rows = [
    ["logins at once", (r) => num(r.logins)],
    ["ok", (r) => num(r.ok)],
    ["told to retry (busy)", (r) => num(r.busy)],
    ["failed", (r) => num(r.failed)],
    ["seconds", (r) => num(r.seconds)],
    ["RSS before", (r) => bytes(r.rss_before_bytes)],
    ["RSS peak", (r) => bytes(r.rss_peak_bytes)],
    ["**RSS peak growth**", (r) => bytes(r.rss_peak_growth_bytes)],
  ].map(([label, f]) => [label, ...results.map(f)]);
  out.push("", "## e. Login bursts (Tillit only; no issue target)", "");
  out.push(results.length ? table(header, rows) : "_No results for Tillit._");
}

for (const s of Object.keys(data).filter((s) => !SCENARIOS.includes(s)))
  out.push("", `_Unknown scenario "${s}" in ${dir}: not shown._`);
console.log(out.join("\n"));
