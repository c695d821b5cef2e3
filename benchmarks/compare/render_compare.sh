#!/usr/bin/env bash
# Renders one generated kustomize overlay with `gitops build` (a Release
# build) and with `kubectl kustomize`, checks that both print the same bytes,
# and prints the wall time and peak RSS of each and the ratios.
#
# Usage: benchmarks/compare/render_compare.sh [SIZE]...
#   SIZE (default 2000) is the number of resources in the base, cycling
#   Deployment / Service / ConfigMap; several sizes (e.g. `2000 4000`) are
#   measured in turn and the growth ratios between consecutive sizes printed.
# Environment: BUILD (default build-release at the project root) is the build
#   directory; it is configured and built (Release, Ninja) if missing, and a
#   build that is not Release is refused. GITOPS_RUNS (default 3) runs of
#   gitops per size, the median taken; kubectl runs once per size (it takes
#   tens of seconds). KUBECTL (default kubectl on PATH).
#
# The overlay (in a temp dir, deleted at exit):
#   base/      SIZE resources in three multi-document files; each Deployment
#              has two containers (image nginx and busybox), env from its
#              ConfigMap (configMapKeyRef), envFrom and a volume of the
#              generated ConfigMap `app-config`; each Service selects its
#              Deployment's pods.
#   overlay/   resources: [../base], namePrefix, commonLabels, an image
#              override (nginx -> registry.example.com/web:1.27.3), a
#              strategic-merge patch applied to every Deployment through
#              `patches` with `target: {kind: Deployment}` (replicas, an
#              annotation, env and resources in the `app` container, a new
#              sidecar container), and a configMapGenerator (`app-config`,
#              literals, hashed name, referenced from every Deployment).
# Measurement: wall time is taken around the process with `date +%s%N`
#   (/usr/bin/time's own %e has 10 ms steps, too coarse for gitops); peak RSS
#   is /usr/bin/time's %M (the process's maximum resident set, in KiB) and CPU
#   time its %U + %S (user + system, 10 ms steps): on a shared machine other
#   jobs stretch wall time, CPU time much less, so both are printed. Output
#   goes to a file in the temp dir, stderr to another (shown if a tool fails).
#   MB = 10^6 bytes.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${BUILD:-$root/build-release}"
runs="${GITOPS_RUNS:-3}"
kubectl="${KUBECTL:-kubectl}"
timebin=/usr/bin/time
python=/usr/bin/python3
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(2000)

for s in "${sizes[@]}"; do
  if ! [[ "$s" =~ ^[1-9][0-9]*$ ]]; then
    echo "error: size '$s' is not a positive integer" >&2
    exit 1
  fi
done
if [[ ! -x "$timebin" ]]; then
  echo "error: $timebin (GNU time) is needed for the peak RSS; nothing is installed by this script" >&2
  exit 1
fi
if [[ ! -x "$python" ]]; then
  echo "error: $python is needed (it generates the overlay)" >&2
  exit 1
fi
if ! command -v "$kubectl" >/dev/null; then
  echo "error: $kubectl is not on PATH; it is the reference this script compares with" >&2
  exit 1
fi
if [[ ! -f "$build/CMakeCache.txt" ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DGITOPS_BUILD_PYTHON=OFF \
    -DGITOPS_BUILD_TESTS=OFF -DGITOPS_BUILD_BENCHMARKS=OFF >&2
fi
build_type="$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt")"
if [[ "$build_type" != "Release" ]]; then
  echo "error: $build is a $build_type build; benchmark numbers need Release" >&2
  exit 1
fi
ninja -C "$build" gitops_cli >&2
gitops="$build/cli/gitops"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# generate DIR SIZE: writes DIR/base and DIR/overlay.
generate() {
  "$python" - "$1" "$2" <<'EOF'
import os, sys

out, n = sys.argv[1], int(sys.argv[2])
base, overlay = os.path.join(out, "base"), os.path.join(out, "overlay")
os.makedirs(base)
os.makedirs(overlay)
deps, svcs, cms = [], [], []
for i in range(n):
    k, app = i % 3, f"app-{i // 3:05d}"
    if k == 0:
        deps.append(f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {app}
  labels:
    app: {app}
    tier: backend
  annotations:
    team: team-{i % 17}
spec:
  replicas: {1 + i % 3}
  selector:
    matchLabels:
      app: {app}
  template:
    metadata:
      labels:
        app: {app}
    spec:
      containers:
      - name: app
        image: nginx:1.25.{i % 10}
        ports:
        - containerPort: 8080
          name: http
        env:
        - name: LOG_LEVEL
          valueFrom:
            configMapKeyRef:
              name: {app}
              key: log_level
        - name: INSTANCE
          value: "{i}"
        envFrom:
        - configMapRef:
            name: app-config
        volumeMounts:
        - name: config
          mountPath: /etc/app
        readinessProbe:
          httpGet:
            path: /healthz
            port: http
          periodSeconds: 10
      - name: log
        image: busybox:1.36
        args: ["sh", "-c", "tail -F /var/log/app.log"]
      volumes:
      - name: config
        configMap:
          name: app-config
""")
    elif k == 1:
        svcs.append(f"""apiVersion: v1
kind: Service
metadata:
  name: {app}
  labels:
    app: {app}
spec:
  selector:
    app: {app}
  ports:
  - name: http
    port: 80
    targetPort: http
""")
    else:
        cms.append(f"""apiVersion: v1
kind: ConfigMap
metadata:
  name: {app}
  labels:
    app: {app}
data:
  log_level: info
  app.properties: |
    server.port=8080
    feature.{i % 7}=true
    cache.size={64 * (1 + i % 5)}
""")
files = [("deployments.yaml", deps), ("services.yaml", svcs), ("configmaps.yaml", cms)]
files = [(f, docs) for f, docs in files if docs]
for f, docs in files:
    with open(os.path.join(base, f), "w") as fh:
        fh.write("---\n".join(docs))
with open(os.path.join(base, "kustomization.yaml"), "w") as fh:
    fh.write("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n")
    fh.write("".join(f"- {f}\n" for f, _ in files))
with open(os.path.join(overlay, "kustomization.yaml"), "w") as fh:
    fh.write("""apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- ../base
namePrefix: prod-
commonLabels:
  env: production
  owner: platform
images:
- name: nginx
  newName: registry.example.com/web
  newTag: 1.27.3
patches:
- path: deployment-patch.yaml
  target:
    kind: Deployment
configMapGenerator:
- name: app-config
  literals:
  - REGION=eu-west-1
  - FEATURE_FLAGS=a,b,c
  - TIMEOUT=30s
""")
with open(os.path.join(overlay, "deployment-patch.yaml"), "w") as fh:
    fh.write("""apiVersion: apps/v1
kind: Deployment
metadata:
  name: any
  annotations:
    rollout: canary
spec:
  replicas: 3
  template:
    spec:
      containers:
      - name: app
        env:
        - name: ENVIRONMENT
          value: production
        resources:
          requests:
            cpu: 100m
            memory: 128Mi
          limits:
            memory: 256Mi
      - name: metrics
        image: prom/statsd-exporter:v0.26.0
        ports:
        - containerPort: 9102
""")
EOF
}

# measure OUT ERR CMD...: runs CMD once with stdout to OUT and stderr to ERR;
# sets wall and cpu (seconds) and rss (KiB). Fails loudly if CMD fails.
measure() {
  local out="$1" err="$2"
  shift 2
  local t0 t1 status=0
  t0="$(date +%s%N)"
  "$timebin" -f '%M %U %S' -o "$work/time.txt" "$@" >"$out" 2>"$err" || status=$?
  t1="$(date +%s%N)"
  if [[ $status -ne 0 ]]; then
    echo "error: '$*' exited with $status:" >&2
    head -20 "$err" >&2
    exit 1
  fi
  wall="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')"
  read -r rss cpu_u cpu_s < <(tail -1 "$work/time.txt")
  cpu="$(awk -v u="$cpu_u" -v s="$cpu_s" 'BEGIN { printf "%.2f", u + s }')"
}

results=()
for n in "${sizes[@]}"; do
  dir="$work/n$n"
  generate "$dir" "$n"
  echo "size $n: generated $(cat "$dir"/base/*.yaml | wc -c) bytes of base YAML; running kubectl kustomize" >&2
  measure "$dir/kubectl.yaml" "$dir/kubectl.err" "$kubectl" kustomize "$dir/overlay"
  k_wall="$wall" k_rss="$rss" k_cpu="$cpu"
  g_walls=() g_rss=() g_cpus=()
  for ((r = 0; r < runs; r++)); do
    measure "$dir/gitops.yaml" "$dir/gitops.err" "$gitops" build "$dir/overlay"
    g_walls+=("$wall") g_rss+=("$rss") g_cpus+=("$cpu")
    if ! cmp -s "$dir/kubectl.yaml" "$dir/gitops.yaml"; then
      echo "error: size $n: gitops build and kubectl kustomize print different bytes" >&2
      echo "  kubectl $(wc -c <"$dir/kubectl.yaml") bytes, gitops $(wc -c <"$dir/gitops.yaml") bytes; first differences:" >&2
      diff "$dir/kubectl.yaml" "$dir/gitops.yaml" | head -40 >&2 || true
      exit 1
    fi
  done
  docs="$(grep -c '^kind: ' "$dir/kubectl.yaml" || true)"
  bytes="$(wc -c <"$dir/kubectl.yaml")"
  g_wall="$(printf '%s\n' "${g_walls[@]}" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')"
  g_cpu="$(printf '%s\n' "${g_cpus[@]}" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')"
  g_rss_med="$(printf '%s\n' "${g_rss[@]}" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')"
  echo "size $n: identical output ($docs objects, $bytes bytes); kubectl ${k_wall}s, gitops runs ${g_walls[*]} s" >&2
  results+=("$n $docs $bytes $k_wall $k_rss $g_wall $g_rss_med $k_cpu $g_cpu ${g_walls[*]}")
done

echo
echo "Overlay: base of SIZE resources (Deployment / Service / ConfigMap), namePrefix, commonLabels,"
echo "image override, strategic-merge patch on all Deployments (patches + target), configMapGenerator."
echo "gitops: median of $runs runs ($gitops); kubectl kustomize: 1 run ($("$kubectl" version --client 2>/dev/null | tr '\n' ' '))."
echo "Outputs byte-identical at every size. MB = 10^6 bytes."
echo
echo "| size | objects out | output bytes | kubectl wall s | gitops wall s (runs) | wall ratio | kubectl CPU s | gitops CPU s | CPU ratio | kubectl peak RSS MB | gitops peak RSS MB | RSS ratio |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for line in "${results[@]}"; do
  read -r n docs bytes k_wall k_rss g_wall g_rss k_cpu g_cpu runs_list <<<"$line"
  awk -v kc="$k_cpu" -v gc="$g_cpu" -v n="$n" -v d="$docs" -v b="$bytes" -v kw="$k_wall" -v kr="$k_rss" -v gw="$g_wall" -v gr="$g_rss" -v rl="$runs_list" 'BEGIN {
    gsub(/ /, ", ", rl)
    printf "| %d | %d | %d | %.2f | %.3f (%s) | %.0fx | %.2f | %.2f | %s | %.1f | %.1f | 1/%.1f |\n",
      n, d, b, kw, gw, rl, kw / gw, kc, gc, (gc > 0 ? sprintf("%.0fx", kc / gc) : "—"),
      kr * 1024 / 1e6, gr * 1024 / 1e6, kr / gr
  }'
done
if [[ ${#results[@]} -gt 1 ]]; then
  echo
  echo "| from -> to | size ratio | gitops wall growth | gitops CPU growth | gitops RSS growth | kubectl wall growth | kubectl CPU growth | kubectl RSS growth |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  prev=""
  for line in "${results[@]}"; do
    if [[ -n "$prev" ]]; then
      read -r n0 _ _ kw0 kr0 gw0 gr0 kc0 gc0 _ <<<"$prev"
      read -r n1 _ _ kw1 kr1 gw1 gr1 kc1 gc1 _ <<<"$line"
      awk -v kc0="$kc0" -v kc1="$kc1" -v gc0="$gc0" -v gc1="$gc1" -v n0="$n0" -v n1="$n1" -v kw0="$kw0" -v kw1="$kw1" -v kr0="$kr0" -v kr1="$kr1" \
          -v gw0="$gw0" -v gw1="$gw1" -v gr0="$gr0" -v gr1="$gr1" 'BEGIN {
        printf "| %d -> %d | %.2fx | %.2fx | %s | %.2fx | %.2fx | %s | %.2fx |\n",
          n0, n1, n1 / n0, gw1 / gw0, (gc0 > 0 ? sprintf("%.2fx", gc1 / gc0) : "—"), gr1 / gr0,
          kw1 / kw0, (kc0 > 0 ? sprintf("%.2fx", kc1 / kc0) : "—"), kr1 / kr0
      }'
    fi
    prev="$line"
  done
fi
