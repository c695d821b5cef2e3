#!/bin/sh
# GitSource against git on a generated repository (COMMITS commits, FILES
# files; defaults 5000 / 20000) over file://, side by side in one run:
#   (a) first fetch (cache + artifact tree) vs `git clone --bare`
#   (b) a no-op fetch (ref unchanged)
#   (c) after one new commit touching 3 files: fetch + new artifact vs a
#       fresh `git clone --depth 1` with its checkout (what Flux does)
# Usage: source_git_compare.sh GITOPS_BINARY [COMMITS] [FILES]
set -eu
gitops=$1; commits=${2:-5000}; files=${3:-20000}
tmp=$(mktemp -d /tmp/gitops-bench-git-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export GIT_CONFIG_NOSYSTEM=1 HOME=$tmp
git init -q --bare -b master "$tmp/repo.git"
python3 "$(dirname "$0")/../support/git_bench_repo.py" "$commits" "$files" > "$tmp/stream"
git -C "$tmp/repo.git" fast-import --quiet < "$tmp/stream"
url="file://$tmp/repo.git"
now() { date +%s.%N; }
t() { s=$(now); "$@" > /dev/null 2> "$tmp/err" || { cat "$tmp/err" >&2; exit 1; }; e=$(now); echo "$e - $s" | bc; }
a_gitops=$(t "$gitops" source git "$url" --cache "$tmp/cache" --out "$tmp/out")
a_git=$(t git clone -q --bare --no-local "$url" "$tmp/bare.git")
b_gitops=$(t "$gitops" source git "$url" --cache "$tmp/cache" --out "$tmp/out")
git clone -q --no-local "$url" "$tmp/work"
for i in 1 2 3; do echo "change $i" >> "$tmp/work/dir$i/file$i.yaml"; done
git -C "$tmp/work" -c user.name=T -c user.email=t@example.com commit -qam new
git -C "$tmp/work" push -q origin master
c_gitops=$(t "$gitops" source git "$url" --cache "$tmp/cache" --out "$tmp/out")
c_git=$(t git clone -q --depth 1 "$url" "$tmp/shallow")
echo "repository: $commits commits, $files files, pack $(du -sh "$tmp/repo.git" | cut -f1), file://"
printf "(a) first fetch + artifact: gitops %.3f s   git clone --bare %.3f s   ratio %.2f\n" \
  "$a_gitops" "$a_git" "$(echo "$a_gitops / $a_git" | bc -l)"
printf "(b) no-op fetch:            gitops %.3f s (process start included)\n" "$b_gitops"
printf "(c) new commit + artifact:  gitops %.3f s   git clone --depth 1 %.3f s   speed-up %.2fx\n" \
  "$c_gitops" "$c_git" "$(echo "$c_git / $c_gitops" | bc -l)"
