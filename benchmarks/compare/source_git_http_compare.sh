#!/bin/bash
# Issue 4's benchmark: GitSource against git on a generated repository
# (COMMITS commits, FILES files; defaults 5000 / 20000) served by
# git-http-backend under lighttpd (tests/support's gitops_test_git_server,
# on 127.0.0.1), side by side in one run:
#   (a) first fetch into the cache, objects only (GitFetchOptions::cache_only)
#       vs `git clone --bare` of the same URL; for reference also the first
#       fetch with its artifact tree (`gitops source git`) vs `git clone`
#   (b) a no-op fetch (ref unchanged: ls-remote, recorded artifact returned),
#       in-process (source_git_fetch_run) and as a `gitops source git` process
#   (c) after one new commit touching 3 files: fetch + new artifact tree vs a
#       fresh `git clone --depth 1` with its checkout; pack bytes of each;
#       (c') the same for the first two revisions after (a), before
#       keep-last-3 has an artifact to recycle
#   (d) artifact packaging alone over the artifact tree: digest, tree copy +
#       digest, and with the .tar.gz, in MB/s
# Each timed step runs RUNS times (default 3; medians shown, every run
# listed). Nothing is deleted between timed steps: on an ext4 without a
# journal (these VMs) inodes freed in the last ~30 s make new ones slow to
# allocate, which would penalise whichever side ran after a deletion.
#
# Usage: source_git_http_compare.sh BUILD_DIR [COMMITS] [FILES]
#   BUILD_DIR: a Release build with tests and benchmarks (it needs
#   cli/gitops, tests/gitops_test_git_server, benchmarks/source_git_fetch_run;
#   built here if missing). Environment: RUNS (3), BENCH_TMP (/tmp).
set -euo pipefail
build=${1:?usage: source_git_http_compare.sh BUILD_DIR [COMMITS] [FILES]}
commits=${2:-5000}
files=${3:-20000}
runs=${RUNS:-3}
build=$(cd "$build" && pwd)
if ! grep -q '^CMAKE_BUILD_TYPE:STRING=Release$' "$build/CMakeCache.txt"; then
  echo "$build is not a Release build (CMAKE_BUILD_TYPE=Release)" >&2
  exit 1
fi
ninja -C "$build" -j2 gitops_cli gitops_test_git_server source_git_fetch_run > /dev/null
gitops=$build/cli/gitops
server=$build/tests/gitops_test_git_server
run=$build/benchmarks/source_git_fetch_run

tmp=$(mktemp -d "${BENCH_TMP:-/tmp}/gitops-bench-http-XXXXXX")
srv_pid=
cleanup() {
  exec 3>&- 2> /dev/null || true
  if [ -n "$srv_pid" ]; then wait "$srv_pid" 2> /dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
export GIT_CONFIG_NOSYSTEM=1 HOME=$tmp GIT_TERMINAL_PROMPT=0
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

# The repository: one commit adding FILES files in 200 folders, then one
# file changed per commit; repacked as a served repository would be.
mkdir -p "$tmp/repos"
git init -q --bare -b master "$tmp/repos/bench.git"
python3 "$(dirname "$0")/../support/git_bench_repo.py" "$commits" "$files" > "$tmp/stream"
git -C "$tmp/repos/bench.git" fast-import --quiet < "$tmp/stream"
git -C "$tmp/repos/bench.git" repack -adq
rm "$tmp/stream"

mkfifo "$tmp/server.in"
"$server" http "$tmp/repos" < "$tmp/server.in" > "$tmp/server.json" 2> "$tmp/server.err" &
srv_pid=$!
exec 3> "$tmp/server.in"
for _ in $(seq 100); do [ -s "$tmp/server.json" ] && break; sleep 0.1; done
url=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["url"].replace("{name}", "bench"))' \
  "$tmp/server.json")

now() { date +%s%N; }
# secs CMD...: runs CMD (stdout to $tmp/out), prints its wall seconds and
# its CPU seconds (user + system, children included: git's server side is
# lighttpd's, not counted for either tool) as "WALL/CPU".
secs() {
  local s e
  s=$(now)
  /usr/bin/time -f '%U %S' -o "$tmp/time" "$@" > "$tmp/out" 2> "$tmp/err" ||
    { cat "$tmp/err" >&2; exit 1; }
  e=$(now)
  echo "$(echo "scale=4; ($e - $s) / 1000000000" | bc)/$(awk '{print $1 + $2}' "$tmp/time")"
}
wall() { local x out=(); for x in "$@"; do out+=("${x%/*}"); done; echo "${out[@]}"; }
cpu() { local x out=(); for x in "$@"; do out+=("${x#*/}"); done; echo "${out[@]}"; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
packbytes() { cat "$1"/*.pack | wc -c; }
# field N of a source_git_fetch_run "fetch" line in $tmp/out (3: wall ms, 9: pack bytes)
field() { awk -v n="$1" -v line="$2" 'NR == line {gsub(",", ""); print $n}' "$tmp/out"; }

# (a)
a_git=() a_ours=() a_ours_in=() a_git_tree=() a_ours_tree=()
for r in $(seq "$runs"); do
  a_git+=("$(secs git clone -q --bare "$url" "$tmp/a/bare$r.git")")
  a_ours+=("$(secs "$run" fetch "$url" "$tmp/a/cache$r" "$tmp/a/out$r" --cache-only)")
  a_ours_in+=("$(field 3 1)")
  a_bytes=$(field 9 1)
  a_git_tree+=("$(secs git clone -q "$url" "$tmp/a/work$r")")
  a_ours_tree+=("$(secs "$gitops" source git "$url" --cache "$tmp/a/tcache$r" --out "$tmp/a/tout$r")")
done
git_a_bytes=$(packbytes "$tmp/a/bare1.git/objects/pack")

# (b): the caches of (a)'s last run hold the artifact of the unchanged ref.
cache=$tmp/a/tcache$runs out=$tmp/a/tout$runs
b_cli=()
for r in $(seq "$runs"); do
  b_cli+=("$(secs "$gitops" source git "$url" --cache "$cache" --out "$out")")
done
secs "$run" fetch "$url" "$cache" "$out" --repeat 5 > /dev/null
b_in=()
for line in 2 3 4 5; do b_in+=("$(field 3 $line)"); done
b_in_first=$(field 3 1)

# (c): each run pushes a new commit touching 3 files, then gitops (into the
# warm cache, previous artifact present) and a fresh shallow clone fetch it.
# A running controller holds keep-last-3 artifacts, the oldest of which a
# new revision's artifact recycles (GitFetchOptions::keep); (a) left one,
# so the first two new revisions (c') have none to recycle and hard-link
# every file from the previous artifact instead; they are timed apart.
git clone -q "$tmp/repos/bench.git" "$tmp/c-work"
push_change() {
  for i in 1 2 3; do echo "change $1" >> "$tmp/c-work/dir$i/file$i.yaml"; done
  git -C "$tmp/c-work" -c user.name=T -c user.email=t@example.com commit -qam "change $1"
  git -C "$tmp/c-work" push -q origin master
}
c_cold=() c_cold_in=()
for r in 1 2; do
  push_change "cold $r"
  c_cold+=("$(secs "$run" fetch "$url" "$cache" "$out")")
  c_cold_in+=("$(field 3 1)")
done
c_ours=() c_ours_in=() c_git=()
for r in $(seq "$runs"); do
  push_change "$r"
  c_ours+=("$(secs "$run" fetch "$url" "$cache" "$out")")
  c_ours_in+=("$(field 3 1)")
  c_bytes=$(field 9 1)
  c_git+=("$(secs git clone -q --depth 1 "$url" "$tmp/c/shallow$r")")
done
git_c_bytes=$(packbytes "$tmp/c/shallow1/.git/objects/pack")
latest=$(ls -td "$out"/*/ | head -1)
# Files sharing an inode with another artifact (hard-linked or left in
# place in a recycled tree).
linked=$(find "$latest" -type f -links +1 | wc -l)
total_files=$(find "$latest" -type f | wc -l)

# (d)
"$run" package "$latest" "$tmp/d" > "$tmp/d.txt"

ms() { echo "scale=1; $1 * 1000 / 1" | bc; }
ratio() { printf %.2f "$(echo "scale=4; $1 / $2" | bc)"; }
list() { local out="" x; for x in "$@"; do out+="${out:+, }$(printf %.3f "$x")"; done; echo "$out"; }
# m NAME: median wall and CPU of array NAME as "WALL CPU"
m() { local -n arr=$1; echo "$(median $(wall "${arr[@]}")) $(median $(cpu "${arr[@]}"))"; }
read -r ma mac <<< "$(m a_ours)"; read -r ga gac <<< "$(m a_git)"
read -r mat matc <<< "$(m a_ours_tree)"; read -r gat gatc <<< "$(m a_git_tree)"
read -r mc mcc <<< "$(m c_ours)"; read -r gc gcc <<< "$(m c_git)"
read -r mb mbc <<< "$(m b_cli)"
echo
echo "repository: $commits commits, $files files, pack $git_a_bytes bytes, served by git-http-backend at $url"
echo "runs: $runs (median wall seconds first, then each run's wall; cpu = user + system of the process, median); commit $(git -C "$(dirname "$0")" rev-parse --short HEAD 2> /dev/null || echo '?')"
printf '(a) first fetch, objects only: gitops %.3f s (cpu %.2f; in-process %s ms) [%s]  git clone --bare %.3f s (cpu %.2f) [%s]  gitops/git %sx wall, %sx cpu (target <= 1.5x)\n' \
  "$ma" "$mac" "$(median "${a_ours_in[@]}")" "$(list $(wall "${a_ours[@]}"))" "$ga" "$gac" \
  "$(list $(wall "${a_git[@]}"))" "$(ratio "$ma" "$ga")" "$(ratio "$mac" "$gac")"
printf '    pack bytes: gitops %s, git %s\n' "$a_bytes" "$git_a_bytes"
printf '    with the tree: gitops source git %.3f s (cpu %.2f) [%s]  git clone %.3f s (cpu %.2f) [%s]  gitops/git %sx wall, %sx cpu\n' \
  "$mat" "$matc" "$(list $(wall "${a_ours_tree[@]}"))" "$gat" "$gatc" "$(list $(wall "${a_git_tree[@]}"))" \
  "$(ratio "$mat" "$gat")" "$(ratio "$matc" "$gatc")"
printf '(b) no-op fetch: in-process %s ms (calls 2-5: %s ms; first call in the process %s ms)  gitops source git process %s ms (cpu %s ms) [%s] (target <= 20 ms)\n' \
  "$(median "${b_in[@]}")" "${b_in[*]}" "$b_in_first" "$(ms "$mb")" "$(ms "$mbc")" "$(list $(wall "${b_cli[@]}"))"
printf '(c) new commit (3 files) + artifact: gitops %.3f s (cpu %.2f; in-process %s ms) [%s]  git clone --depth 1 %.3f s (cpu %.2f) [%s]  speed-up %sx wall, %sx cpu (target >= 5x)\n' \
  "$mc" "$mcc" "$(median "${c_ours_in[@]}")" "$(list $(wall "${c_ours[@]}"))" "$gc" "$gcc" \
  "$(list $(wall "${c_git[@]}"))" "$(ratio "$gc" "$mc")" "$(ratio "$gcc" "$mcc")"
printf '    pack bytes: gitops %s (%s%% of the first fetch'"'"'s %s; target < 1%%), git clone --depth 1 %s; %s of %s files shared with earlier artifacts\n' \
  "$c_bytes" "$(printf %.3f "$(echo "scale=5; 100 * $c_bytes / $a_bytes" | bc)")" "$a_bytes" "$git_c_bytes" "$linked" "$total_files"
read -r mcold mcoldc <<< "$(m c_cold)"
printf "(c') the first two new revisions (no artifact to recycle yet: every file hard-linked): gitops %.3f s (cpu %.2f; in-process %s ms) [%s]  vs git clone --depth 1 above: %sx wall\n" \
  "$mcold" "$mcoldc" "$(median "${c_cold_in[@]}")" "$(list $(wall "${c_cold[@]}"))" "$(ratio "$gc" "$mcold")"
echo "(d) artifact packaging of that tree (source_git_fetch_run package):"
sed 's/^/    /' "$tmp/d.txt"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
