#!/bin/sh
# Usage: diff.sh GITOPS FLEET_ROOT
# Runs `gitops diff` of the staging apps Kustomization, built from FLEET_ROOT
# (examples/fleet or an artifact of it), against the live snapshot beside
# this script, prints what it printed, and checks it against what the
# snapshot's header says a user must see: the Deployment (image set by hand)
# and the Secret (token edited by hand) configured, the default-filled
# objects unchanged, exit status 1 (changes), and neither token value in any
# output, in plain text or base64.
set -u
gitops=$1
fleet=$2
live=$(cd "$(dirname "$0")" && pwd)/staging-apps.yaml
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
echo "\$ gitops diff \$ARTIFACT --flux-kustomization \$ARTIFACT/clusters/staging/apps.yaml --live fleet/live/staging-apps.yaml --show-unchanged"
"$gitops" diff "$fleet" --flux-kustomization "$fleet/clusters/staging/apps.yaml" \
  --live "$live" --show-unchanged >"$out" 2>"$err"
rc=$?
cat "$out" "$err"
fail() { echo "# WRONG: $*" >&2; exit 1; }
[ "$rc" = 1 ] || fail "exit status $rc, expected 1 (changes found)"
[ ! -s "$err" ] || fail "unexpected output on stderr"
expected='► ConfigMap/web/web-config-97mdh5k7d5 unchanged
► ConfigMap/web/web-scripts-df7b5cm72h unchanged
► Secret/web/web-token-hfgmfmffc8 configured
► Service/web/web unchanged
► Deployment/web/web configured
► HorizontalPodAutoscaler/web/web unchanged
► Ingress/web/web unchanged'
[ "$(grep '^►' "$out")" = "$expected" ] || fail "the ChangeSet differs from:
$expected"
grep -qx -- '-        image: ghcr.io/stefanprodan/podinfo:6.5.3' "$out" &&
  grep -qx -- '+        image: ghcr.io/stefanprodan/podinfo:6.5.4' "$out" ||
  fail "the Deployment's diff does not show the image going back to 6.5.4"
grep -qx -- "-  API_TOKEN: '\*\*\* (before)'" "$out" &&
  grep -qx -- "+  API_TOKEN: '\*\*\* (after)'" "$out" ||
  fail "the Secret's diff does not show the masked token change"
for canary in demo-token-1234 ZGVtby10b2tlbi0xMjM0 rotated-by-hand-9876 cm90YXRlZC1ieS1oYW5kLTk4NzY; do
  ! grep -q -- "$canary" "$out" "$err" || fail "a token value ($canary) is printed"
done
# No default the API server filled in shows up as a change.
! grep -Eq '^[-+] .*(clusterIP|imagePullPolicy|terminationMessage|revisionHistoryLimit|protocol)' "$out" ||
  fail "a server-defaulted field is reported as drift"
echo "# as the snapshot says: the Deployment and the Secret drifted (token masked), defaults are not drift"
