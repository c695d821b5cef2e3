#!/usr/bin/env bash
# Records expected/<cluster>-<kustomization>.yaml: what kustomize-controller
# applies for each Flux Kustomization of the fleet, made WITHOUT gitops, from
# kubectl kustomize (v5.5) and GNU envsubst:
#   - spec.path's kustomization is wrapped (LoadRestrictionsNone, as Flux builds) in one that adds spec.commonMetadata
#     as kustomize `labels` (metadata only, as Flux's commonMetadata);
#     clusters/<c>, which has no kustomization file, gets the one Flux
#     generates (its YAML files and its subdirectories with a kustomization);
#   - postBuild.substitute is applied by envsubst restricted to the listed
#     variables, so plain $VAR shell references stay, as Flux leaves them.
# Run from anywhere: examples/fleet/expected/record.sh
set -euo pipefail
fleet=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$fleet"/. "$tmp/fleet"

record() {  # cluster name path labels(k=v or "") vars(k=v ...)
  local cluster=$1 name=$2 path=$3 label=$4
  shift 4
  local f dir
  local wrap="$tmp/fleet/wrap-$cluster-$name"
  mkdir -p "$wrap"
  {
    echo "resources:"
    if [ -e "$tmp/fleet/$path/kustomization.yaml" ]; then
      echo "  - ../$path"
    else
      # What Flux generates for a directory without a kustomization file.
      for f in "$tmp/fleet/$path"/*.yaml; do echo "  - ../$path/$(basename "$f")"; done
      for dir in "$tmp/fleet/$path"/*/; do
        [ -e "$dir/kustomization.yaml" ] && echo "  - ../$path/$(basename "$dir")"
      done
    fi
    if [ -n "$label" ]; then
      echo "labels:"
      echo "  - pairs: {${label%%=*}: ${label#*=}}"
    fi
  } > "$wrap/kustomization.yaml"
  local names=() var
  for var in "$@"; do
    names+=("\${${var%%=*}}")
    export "${var?}"
  done
  kubectl kustomize --load-restrictor=LoadRestrictionsNone "$wrap" | envsubst "${names[*]:-}" > "$fleet/expected/$cluster-$name.yaml"
  for var in "$@"; do unset "${var%%=*}"; done
}

for cluster in staging production; do
  case $cluster in
    staging) r=eu-west-1 d=staging.example.org ;;
    production) r=us-east-1 d=example.org ;;
  esac
  record "$cluster" flux-system "clusters/$cluster" ""
  record "$cluster" infrastructure "infrastructure/$cluster" "" \
    cluster_name="$cluster" region="$r"
  record "$cluster" apps "apps/$cluster" "fleet.example.org/cluster=$cluster" \
    cluster_name="$cluster" region="$r" domain="$d"
done
