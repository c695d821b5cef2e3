#!/bin/sh
# gitops source git end to end: a repository made by git, fetched by URL and
# by -f gitrepository.yaml; stdout must be exactly the two lines, with the
# revision git itself reports; --cache-only prints the revision line alone,
# leaves the commit in the cache (as git reads it) and writes no tree; a
# GitRepository with spec.include takes the included one's artifact folder
# as --include NAME=DIR (the tree's digest as tests/support/tree_digest.py
# computes it over the files git checks out, the include placed by cp).
# Usage: source_git.sh GITOPS_BINARY
set -eu
gitops=$1
tmp=$(mktemp -d /tmp/gitops-cli-source-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export GIT_CONFIG_NOSYSTEM=1 HOME=$tmp
git init -q -b main "$tmp/repo"
mkdir -p "$tmp/repo/apps"
echo 'kind: ConfigMap' > "$tmp/repo/apps/a.yaml"
git -C "$tmp/repo" add -A
git -C "$tmp/repo" -c user.name=T -c user.email=t@example.com commit -qm one
git -C "$tmp/repo" -c user.name=T -c user.email=t@example.com tag -a v1.2.3 -m release
sha=$(git -C "$tmp/repo" rev-parse HEAD)

"$gitops" source git "file://$tmp/repo" --branch main --cache "$tmp/cache" --out "$tmp/out" \
  > "$tmp/stdout" 2> "$tmp/stderr"
test "$(sed -n 1p "$tmp/stdout")" = "revision: main@sha1:$sha"
sed -n 2p "$tmp/stdout" | grep -Eq '^digest: sha256:[0-9a-f]{64}$'
test "$(wc -l < "$tmp/stdout")" -eq 2
test ! -s "$tmp/stderr"  # not a terminal: no progress bar

cat > "$tmp/gitrepository.yaml" <<YAML
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: fleet, namespace: flux-system}
spec:
  interval: 1m
  url: file://$tmp/repo
  ref: {semver: ">=1.0.0"}
YAML
"$gitops" source git -f "$tmp/gitrepository.yaml" --cache "$tmp/cache" --out "$tmp/out" > "$tmp/stdout"
test "$(sed -n 1p "$tmp/stdout")" = "revision: v1.2.3@sha1:$sha"

"$gitops" source git "file://$tmp/repo" --branch main --cache "$tmp/warm" --cache-only \
  > "$tmp/stdout" 2> "$tmp/stderr"
test "$(cat "$tmp/stdout")" = "revision: main@sha1:$sha"
test ! -s "$tmp/stderr"
set -- "$tmp"/warm/*.git
test $# -eq 1
test "$(git --git-dir "$1" cat-file -t "$sha")" = commit
test "$(git --git-dir "$1" log -1 --format=%H "$sha")" = "$sha"
# --out is accepted and left empty: no tree, no record.
"$gitops" source git "file://$tmp/repo" --branch main --cache "$tmp/warm" --out "$tmp/warm-out" \
  --cache-only > "$tmp/stdout"
test "$(wc -l < "$tmp/stdout")" -eq 1
test ! -e "$tmp/warm-out"
# The warm cache then gives the artifact, the same digest as before.
"$gitops" source git "file://$tmp/repo" --branch main --cache "$tmp/warm" --out "$tmp/warm-out" \
  > "$tmp/stdout2"
"$gitops" source git "file://$tmp/repo" --branch main --cache "$tmp/cache" --out "$tmp/out" \
  > "$tmp/stdout"
cmp "$tmp/stdout" "$tmp/stdout2"

if "$gitops" source git "file://$tmp/repo" --branch nope --out "$tmp/out" > "$tmp/stdout" 2> "$tmp/stderr"; then
  echo "a missing branch succeeded" >&2; exit 1
fi
test ! -s "$tmp/stdout"
grep -q "branch 'nope' not found" "$tmp/stderr"

# spec.include: the included GitRepository fetched first, its artifact folder given by --include.
git init -q -b main "$tmp/lib"
mkdir -p "$tmp/lib/base"
echo 'kind: Namespace' > "$tmp/lib/base/ns.yaml"
git -C "$tmp/lib" add -A
git -C "$tmp/lib" -c user.name=T -c user.email=t@example.com commit -qm lib
"$gitops" source git "file://$tmp/lib" --branch main --cache "$tmp/cache" --out "$tmp/lib-out" \
  > "$tmp/stdout"
lib_digest=$(sed -n 's/^digest: //p' "$tmp/stdout")
lib_dir=$tmp/lib-out/${lib_digest#sha256:}  # artifact.h: <out_dir>/<64 hex digest>
test -d "$lib_dir"
cat > "$tmp/include.yaml" <<YAML
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: fleet, namespace: flux-system}
spec:
  interval: 1m
  url: file://$tmp/repo
  ref: {branch: main}
  include:
  - repository: {name: lib}
    fromPath: base
    toPath: vendor/lib
YAML
if "$gitops" source git -f "$tmp/include.yaml" --cache "$tmp/cache" --out "$tmp/inc-out" \
    > "$tmp/stdout" 2> "$tmp/stderr"; then
  echo "a missing include succeeded" >&2; exit 1
fi
test "$(cat "$tmp/stderr")" = 'error: spec.include: no artifact given for GitRepository "lib"'
if "$gitops" source git -f "$tmp/include.yaml" --include lib --out "$tmp/inc-out" 2> "$tmp/stderr"; then
  exit 1
fi
grep -q '^error: --include wants NAME=DIR' "$tmp/stderr"
if "$gitops" source git -f "$tmp/include.yaml" --include lib="$tmp/nowhere" --out "$tmp/inc-out" \
    2> "$tmp/stderr"; then
  exit 1
fi
test "$(cat "$tmp/stderr")" = "error: --include lib=$tmp/nowhere: not a directory (give the folder of an artifact fetched earlier)"
if "$gitops" source git -f "$tmp/include.yaml" --include other="$lib_dir" --out "$tmp/inc-out" \
    2> "$tmp/stderr"; then
  exit 1
fi
grep -q '^error: --include other=.*: the GitRepository has no spec.include of repository other$' \
  "$tmp/stderr"
"$gitops" source git -f "$tmp/include.yaml" --include lib="$lib_dir" --cache "$tmp/cache" \
  --out "$tmp/inc-out" > "$tmp/stdout" 2> "$tmp/stderr"
test ! -s "$tmp/stderr"
test "$(sed -n 1p "$tmp/stdout")" = "revision: main@sha1:$sha"
git clone -q "$tmp/repo" "$tmp/expected"
rm -rf "$tmp/expected/.git"
mkdir -p "$tmp/expected/vendor/lib"
cp "$tmp/lib/base/ns.yaml" "$tmp/expected/vendor/lib/"
want=$(python3 "$(dirname "$0")/../support/tree_digest.py" "$tmp/expected")
test "$(sed -n 2p "$tmp/stdout")" = "digest: $want"
test "$(cat "$tmp/inc-out/${want#sha256:}/vendor/lib/ns.yaml")" = 'kind: Namespace'
echo ok
