// gitops: the whole public C++ API in one include.
//
//   #include <gitops/gitops.h>
//   auto docs = gitops::ReadYaml(text);
#ifndef GITOPS_GITOPS_H_
#define GITOPS_GITOPS_H_

#include "gitops/core/base64.h"
#include "gitops/core/json.h"
#include "gitops/core/k8s_types.h"
#include "gitops/core/log.h"
#include "gitops/core/object.h"
#include "gitops/core/status.h"
#include "gitops/core/value.h"
#include "gitops/core/yaml.h"
#include "gitops/plan/changeset.h"
#include "gitops/plan/diff.h"
#include "gitops/plan/fieldpath.h"
#include "gitops/plan/inventory.h"
#include "gitops/plan/merge.h"
#include "gitops/plan/plan.h"
#include "gitops/plan/schema.h"
#include "gitops/plan/schema_set.h"
#include "gitops/render/build.h"
#include "gitops/source/artifact.h"
#include "gitops/source/credentials.h"
#include "gitops/source/git.h"
#include "gitops/source/git_repository.h"
#include "gitops/source/ignore.h"
#include "gitops/source/semver.h"

#endif  // GITOPS_GITOPS_H_
