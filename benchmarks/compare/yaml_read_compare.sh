#!/usr/bin/env bash
# Runs core_yaml_benchmark (a Release build) and prints our YAML read
# throughput as a share of libyaml's bare event loop on each input, the write
# throughput, and the memory figures (mem_ratio, and core_yaml_rss's
# malloc / RSS cross-check).
#
# Usage: benchmarks/compare/yaml_read_compare.sh [BUILD_DIR]
#   BUILD_DIR defaults to build-release at the project root; it is configured
#   and built (Release, Ninja) if it does not exist yet.
# Environment: REPS (default 3) repetitions, MIN_TIME (default 1) seconds per
#   repetition, FILTER (default all) a --benchmark_filter regex.
#
# Throughputs are medians over the repetitions of bytes per CPU second, in
# MB/s (10^6 bytes), with the slowest repetition as "min"; "spread" is
# (max - min) / median over the repetitions.
# Targets (from the issue): read >= 75% of libyaml, write >= 100 MB/s.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${1:-$root/build-release}"
reps="${REPS:-3}"
min_time="${MIN_TIME:-1}"
filter="${FILTER:-.}"

if [[ ! -f "$build/CMakeCache.txt" ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DGITOPS_BUILD_PYTHON=OFF
fi
build_type="$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt")"
if [[ "$build_type" != "Release" ]]; then
  echo "error: $build is a $build_type build; benchmark numbers need Release" >&2
  exit 1
fi
ninja -C "$build" core_yaml_benchmark core_yaml_rss >&2

json="$(mktemp)"
trap 'rm -f "$json"' EXIT
"$build/benchmarks/core_yaml_benchmark" --benchmark_repetitions="$reps" \
  --benchmark_min_time="$min_time" --benchmark_filter="$filter" \
  --benchmark_format=json --benchmark_out="$json" --benchmark_out_format=json >/dev/null

python3 - "$json" "$reps" <<'EOF'
import json, statistics, sys

data = json.load(open(sys.argv[1]))
reps = sys.argv[2]
runs = {}
counters = {}
errors = {}
for b in data["benchmarks"]:
    if b.get("run_type") != "iteration":
        continue
    name = b["run_name"]
    if b.get("error_occurred"):
        errors[name] = b.get("error_message", "error")
        continue
    runs.setdefault(name, []).append(b["bytes_per_second"] / 1e6)
    counters[name] = b

def stat(name):
    v = runs.get(name)
    if not v:
        return None
    med = statistics.median(v)
    return med, min(v), max(v), (max(v) - min(v)) / med * 100

def fmt(s):
    return "—" if s is None else f"{s[0]:.1f} (min {s[1]:.1f})"

ctx = data["context"]
print(f"# {ctx.get('date', '')}  {ctx.get('num_cpus')} CPUs @ {ctx.get('mhz_per_cpu')} MHz, "
      f"{reps} repetitions, load avg {ctx.get('load_avg')}")
print()
print("| input | libyaml events MB/s | ReadYaml MB/s | ReadYaml / libyaml | target | spread (libyaml / ours) | mem_ratio |")
print("|---|---:|---:|---:|---|---|---:|")
for inp in ("Manifests", "Crds"):
    lib = stat(f"BM_LibyamlEvents_{inp}")
    ours = stat(f"BM_ReadYaml_{inp}")
    pct = "—" if not lib or not ours else f"{ours[0] / lib[0] * 100:.0f}%"
    ok = "" if not lib or not ours else ("met" if ours[0] / lib[0] >= 0.75 else "**missed**")
    spread = "—" if not lib or not ours else f"{lib[3]:.0f}% / {ours[3]:.0f}%"
    mem = counters.get(f"BM_ReadYaml_{inp}", {}).get("mem_ratio")
    mem = "—" if mem is None else f"{mem:.2f}"
    print(f"| {inp} | {fmt(lib)} | {fmt(ours)} | {pct} | >= 75% {ok} | {spread} | {mem} |")
print()
print("| input | WriteYaml (kustomize order) MB/s | WriteYamlInsertion MB/s | target | out/in bytes |")
print("|---|---:|---:|---|---:|")
for inp in ("Manifests", "Crds", "Deployment"):
    cells = []
    for bench in ("BM_WriteYaml_", "BM_WriteYamlInsertion_"):
        name = bench + inp
        if name in errors:
            cells.append("not measured: " + errors[name])
        else:
            cells.append(fmt(stat(name)))
    w = stat(f"BM_WriteYaml_{inp}")
    ok = "—" if w is None else ("met" if w[0] >= 100 else "**missed**")
    ratio = counters.get(f"BM_WriteYaml_{inp}", {}).get("out_in_ratio")
    ratio = "—" if ratio is None else f"{ratio:.2f}"
    print(f"| {inp} | {cells[0]} | {cells[1]} | >= 100 MB/s {ok} | {ratio} |")
EOF

echo
echo "Memory cross-check (core_yaml_rss):"
for input in manifests crds; do
  echo "[$input]"
  "$build/benchmarks/core_yaml_rss" "$input"
done
