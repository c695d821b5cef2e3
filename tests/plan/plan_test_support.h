// Helpers the plan tests share: YAML and FieldsV1 JSON in, FieldsV1 JSON out.
#ifndef GITOPS_TESTS_PLAN_PLAN_TEST_SUPPORT_H_
#define GITOPS_TESTS_PLAN_PLAN_TEST_SUPPORT_H_

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

#include "gitops/core/json.h"
#include "gitops/core/yaml.h"
#include "gitops/plan/diff.h"
#include "gitops/plan/merge.h"

namespace gitops::plan::testing {

// The Deployment `web` (namespace apps; 2 replicas of nginx:1.27, port 80)
// as the API server stores it after an apply that set only those fields:
// the defaults filled in by nobody's apply (kubectl get -o yaml, v1.32).
inline constexpr std::string_view kWebDeploymentAsStored = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: apps
spec:
  progressDeadlineSeconds: 600
  replicas: 2
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      app: web
  strategy:
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 25%
    type: RollingUpdate
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
        imagePullPolicy: IfNotPresent
        ports:
        - containerPort: 80
          protocol: TCP
        resources: {}
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
      dnsPolicy: ClusterFirst
      restartPolicy: Always
      schedulerName: default-scheduler
      securityContext: {}
      terminationGracePeriodSeconds: 30
)";

// One YAML document; fails the test on a parse error.
inline Value Yaml(std::string_view text) {
  Result<Value> v = ReadYamlDocument(text);
  INFO(v.status().ToString());
  REQUIRE(v.ok());
  return std::move(v).value();
}

// Diff of one object with the default options; fails the test on an error.
inline ChangeSetEntry DiffOk(const Value& desired, const Value& live) {
  auto entry = Diff(desired, &live, {});
  INFO((entry.ok() ? std::string() : entry.status().ToString()));
  REQUIRE(entry.ok());
  return *entry;
}

// A file of tests/data/plan/deployment-defaulted.
inline std::string ReadDeploymentCase(const std::string& name) {
  std::string path =
      std::string(GITOPS_SOURCE_DIR) + "/tests/data/plan/deployment-defaulted/" + name;
  FILE* f = std::fopen(path.c_str(), "rb");
  REQUIRE(f != nullptr);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  std::fclose(f);
  return out;
}

// A field set written as FieldsV1 JSON; fails the test if it does not parse.
inline FieldSet FieldSetOf(std::string_view json) {
  Result<Value> v = ReadJson(json);
  INFO(v.status().ToString());
  REQUIRE(v.ok());
  Result<FieldSet> set = FieldSet::FromFieldsV1(*v);
  INFO(set.status().ToString());
  REQUIRE(set.ok());
  return std::move(set).value();
}

// A field set as FieldsV1 JSON (sorted keys), for comparisons that print.
inline std::string Json(const FieldSet& set) {
  Result<std::string> text = WriteJson(set.ToFieldsV1());
  REQUIRE(text.ok());
  return *text;
}

// The fields `manager` owns; fails the test if it has no entry.
inline const FieldSet& OwnedBy(const ManagedFields& managed, std::string_view manager) {
  const ManagedFieldsEntry* e = managed.Find(manager);
  INFO(manager);
  REQUIRE(e != nullptr);
  return e->fields;
}

}  // namespace gitops::plan::testing

#endif  // GITOPS_TESTS_PLAN_PLAN_TEST_SUPPORT_H_
