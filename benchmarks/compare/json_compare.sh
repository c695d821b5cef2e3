#!/usr/bin/env bash
# Runs core_json_benchmark (a Release build) and prints our JSON read
# throughput beside two readers installed on the machine, on the same bytes:
# Debian's /usr/bin/python3 `json.loads` (the C-accelerated `_json` scanner)
# and /usr/bin/jq (`jq empty FILE`), plus our write throughput.
#
# Usage: benchmarks/compare/json_compare.sh [BUILD_DIR]
#   BUILD_DIR defaults to build-release at the project root; it is configured
#   and built (Release, Ninja) if it does not exist yet.
# Environment: REPS (default 3) repetitions, MIN_TIME (default 1) seconds per
#   repetition, FILTER (default all) a --benchmark_filter regex for our side.
#
# The inputs come from `core_json_benchmark --dump-json=DIR`, so every reader
# parses exactly the bytes BM_ReadJson_<input> parses. All figures are input
# bytes per CPU second in MB/s (10^6 bytes): the median over the repetitions,
# with the slowest as "min"; "spread" is (max - min) / median.
#   ours    BM_ReadJson_<input>: parse + free of the tree.
#   python  json.loads on the text already decoded to str (decoding is not
#           timed), the result dropped inside the timed loop (parse + free),
#           process CPU time, in one interpreter.
#   jq      a `jq empty FILE` process per run (read, parse into jv, free),
#           children's CPU time, minus the median CPU time of `jq empty` on a
#           2-byte file (start-up).
# A reference that is not installed is shown as "—".
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${1:-$root/build-release}"
reps="${REPS:-3}"
min_time="${MIN_TIME:-1}"
filter="${FILTER:-.}"
python=/usr/bin/python3
jq=/usr/bin/jq

if [[ ! -x "$python" ]]; then
  echo "error: $python is needed (it runs the reference and prints the table)" >&2
  exit 1
fi
if [[ ! -f "$build/CMakeCache.txt" ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DGITOPS_BUILD_PYTHON=OFF
fi
build_type="$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt")"
if [[ "$build_type" != "Release" ]]; then
  echo "error: $build is a $build_type build; benchmark numbers need Release" >&2
  exit 1
fi
ninja -C "$build" core_json_benchmark >&2

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$build/benchmarks/core_json_benchmark" --dump-json="$work" >/dev/null
"$build/benchmarks/core_json_benchmark" --benchmark_repetitions="$reps" \
  --benchmark_min_time="$min_time" --benchmark_filter="$filter" \
  --benchmark_format=json --benchmark_out="$work/ours.json" --benchmark_out_format=json >/dev/null

[[ -x "$jq" ]] || jq=""
"$python" - "$work" "$reps" "$min_time" "$jq" <<'EOF'
import json, os, resource, statistics, subprocess, sys, time

work, reps, min_time, jq = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
inputs = ("ManifestsCompact", "ManifestsIndent2", "CrdsCompact", "CrdsIndent2")

def python_rep(text, size):
    # One repetition: json.loads in a loop for at least min_time CPU seconds.
    n, start = 0, time.process_time()
    while True:
        v = json.loads(text)
        del v
        n += 1
        spent = time.process_time() - start
        if spent >= min_time:
            return size * n / spent / 1e6

def child_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime

def jq_run(path):
    before = child_cpu()
    subprocess.run([jq, "empty", path], check=True, stdout=subprocess.DEVNULL)
    return child_cpu() - before

def jq_rep(path, size, startup):
    n, spent = 0, 0.0
    while spent < min_time or n < 3:
        spent += jq_run(path)
        n += 1
    return size * n / max(spent - n * startup, 1e-9) / 1e6

def stat(v):
    if not v:
        return None
    med = statistics.median(v)
    return med, min(v), max(v), (max(v) - min(v)) / med * 100

def fmt(s):
    return "—" if s is None else f"{s[0]:.1f} (min {s[1]:.1f})"

data = json.load(open(os.path.join(work, "ours.json")))
ours, counters, errors = {}, {}, {}
for b in data["benchmarks"]:
    if b.get("run_type") != "iteration":
        continue
    name = b["run_name"]
    if b.get("error_occurred"):
        errors[name] = b.get("error_message", "error")
        continue
    ours.setdefault(name, []).append(b["bytes_per_second"] / 1e6)
    counters[name] = b

startup = 0.0
if jq:
    tiny = os.path.join(work, "tiny.json")
    with open(tiny, "w") as f:
        f.write("[]")
    startup = statistics.median(jq_run(tiny) for _ in range(20))

sizes, py, jqs = {}, {}, {}
for inp in inputs:
    path = os.path.join(work, inp + ".json")
    raw = open(path, "rb").read()
    sizes[inp] = len(raw)
    text = raw.decode("utf-8")
    py[inp] = stat([python_rep(text, len(raw)) for _ in range(reps)])
    jqs[inp] = stat([jq_rep(path, len(raw), startup) for _ in range(reps)]) if jq else None

ctx = data["context"]
print(f"# {ctx.get('date', '')}  {ctx.get('num_cpus')} CPUs @ {ctx.get('mhz_per_cpu')} MHz, "
      f"{reps} repetitions of >= {min_time:g} s, load avg at start {ctx.get('load_avg')}, "
      f"at end {[round(x, 2) for x in os.getloadavg()]}")
print(f"# python {sys.version.split()[0]} (json C scanner: "
      f"{json.scanner.c_make_scanner is not None})"
      + (f", {subprocess.run([jq, '--version'], capture_output=True, text=True).stdout.strip()}"
         f" (start-up {startup * 1e3:.1f} ms CPU subtracted)" if jq else ", jq not installed"))
print()
print("| input | bytes | ReadJson MB/s | python json.loads MB/s | jq MB/s | ours / python | ours / jq | spread (ours / python / jq) | mem_ratio |")
print("|---|---:|---:|---:|---:|---:|---:|---|---:|")
for inp in inputs:
    name = f"BM_ReadJson_{inp}"
    o, p, q = stat(ours.get(name)), py[inp], jqs[inp]
    ratio = lambda a, b: "—" if a is None or b is None else f"{a[0] / b[0]:.1f}x"
    spread = " / ".join("—" if s is None else f"{s[3]:.0f}%" for s in (o, p, q))
    mem = counters.get(name, {}).get("mem_ratio")
    mem = "—" if mem is None else f"{mem:.2f}"
    cell = ("not measured: " + errors[name]) if name in errors else fmt(o)
    print(f"| {inp} | {sizes[inp]:,} | {cell} | {fmt(p)} | {fmt(q)} | {ratio(o, p)} | {ratio(o, q)} | {spread} | {mem} |")
print()
print("| input | WriteJson MB/s (output bytes) | spread |")
print("|---|---:|---:|")
for inp in inputs:
    name = f"BM_WriteJson_{inp}"
    w = stat(ours.get(name))
    cell = ("not measured: " + errors[name]) if name in errors else fmt(w)
    print(f"| {inp} | {cell} | {'—' if w is None else f'{w[3]:.0f}%'} |")
EOF
