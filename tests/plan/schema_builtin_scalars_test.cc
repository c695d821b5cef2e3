// The scalar kinds of the built-in v1.32 types: a value of the wrong kind is
// refused, naming the field, as the API server's server-side apply refuses
// it when it converts the applied configuration to its typed form
// ("failed to create typed patch object (apps/v1, Kind=Deployment):
// .spec.replicas: expected numeric (int or float), got string"); a value of
// the right kind, a null, and a field the schema does not know (which the
// API server drops without strict field validation) pass. The kinds are
// structured-merge-diff's for kubernetes/api's Go types: int32/int64
// numeric, string and []byte string, bool boolean, IntOrString, Quantity and
// Time any scalar.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "gitops/core/yaml.h"
#include "gitops/plan/diff.h"
#include "gitops/plan/merge.h"
#include "gitops/plan/schema.h"
#include "tests/plan/plan_test_support.h"

namespace gitops::plan {
namespace {

using Catch::Matchers::Contains;
using testing::Yaml;

Status ApplyNew(std::string_view config) {
  Value c = Yaml(config);
  std::string api_version(c.Find("apiVersion")->as_string());
  std::string_view type = Schema::BuiltInTypeFor(api_version, c.Find("kind")->as_string());
  return Apply(Schema::BuiltIn(), type, Value(), c, ManagedFields(), "gitops", api_version,
               ApplyOptions())
      .status();
}

std::string Deployment(std::string_view spec, std::string_view container = "",
                       std::string_view metadata = "") {
  return std::string(R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: apps
)") + std::string(metadata) +
         R"(spec:
  selector:
    matchLabels:
      app: web
)" + std::string(spec) +
         R"(  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
)" + std::string(container);
}

struct Refused {
  std::string object;
  std::string message;  // the field's path and what the schema expected
};

TEST_CASE("built-in types refuse a value of the wrong scalar kind, naming the field", "[plan]") {
  std::vector<Refused> cases = {
      {Deployment("  replicas: \"x\"\n"),
       ".spec.replicas: expected numeric (int or float), got string"},
      {Deployment("  replicas: [1]\n"),
       ".spec.replicas: expected numeric (int or float), got list"},
      {Deployment("  replicas: {n: 1}\n"),
       ".spec.replicas: expected numeric (int or float), got map"},
      {Deployment("  paused: \"yes\"\n"), ".spec.paused: expected boolean, got string"},
      {Deployment("  strategy:\n    type: 1\n"), ".spec.strategy.type: expected string, got int"},
      {Deployment("", "", "  labels:\n    version: 2\n"),
       ".metadata.labels.version: expected string, got int"},
      {Deployment("", "", "  annotations:\n    checksum: [a]\n"),
       ".metadata.annotations.checksum: expected string, got list"},
      {Deployment("", "        ports:\n        - containerPort: eighty\n"),
       ".containerPort: expected numeric (int or float), got string"},
      {Deployment("", "        env:\n        - name: PORT\n          value: 8080\n"),
       ".spec.template.spec.containers[name=\"web\"].env[name=\"PORT\"].value: expected string, "
       "got int"},
      {Deployment("", "        args: [--port, 8080]\n"),
       ".spec.template.spec.containers[name=\"web\"].args[1]: expected string, got int"},
      {Deployment("", "        resources:\n          limits:\n            cpu: [1]\n"),
       ".spec.template.spec.containers[name=\"web\"].resources.limits.cpu: expected any scalar, "
       "got list"},
      {Deployment("", "        readinessProbe:\n          httpGet:\n            port: {n: 80}\n"),
       ".readinessProbe.httpGet.port: expected any scalar, got map"},
      {Deployment("", "        livenessProbe:\n          periodSeconds: \"10\"\n"),
       ".livenessProbe.periodSeconds: expected numeric (int or float), got string"},
      {Deployment("", "        securityContext:\n          runAsNonRoot: \"true\"\n"),
       ".securityContext.runAsNonRoot: expected boolean, got string"},
      {Deployment("",
                  "        volumeMounts:\n        - name: data\n          mountPath: /data\n"
                  "          readOnly: 1\n"),
       ".volumeMounts[mountPath=\"/data\"].readOnly: expected boolean, got int"},
      {R"(apiVersion: v1
kind: Service
metadata: {name: web, namespace: apps}
spec:
  ports:
  - port: "80"
)",
       ".spec.ports[port=\"80\",protocol=\"TCP\"].port: expected numeric (int or float), got "
       "string"},
      {R"(apiVersion: v1
kind: ConfigMap
metadata: {name: web, namespace: apps}
data:
  replicas: 3
)",
       ".data.replicas: expected string, got int"},
      {R"(apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly, namespace: apps}
spec:
  schedule: "0 3 * * *"
  suspend: "false"
)",
       ".spec.suspend: expected boolean, got string"},
      {R"(apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: apps}
rules:
- apiGroups: [""]
  resources: [pods]
  verbs: get
)",
       ".rules[0].verbs: expected list, got string"},
      {R"(apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web, namespace: apps}
spec:
  minAvailable: [1]
)",
       ".spec.minAvailable: expected any scalar, got list"},
      {R"(apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: apps}
spec:
  maxReplicas: ten
)",
       ".spec.maxReplicas: expected numeric (int or float), got string"},
      {R"(apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: apps}
spec:
  rules:
  - host: web.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: http
)",
       ".spec.rules[0].http.paths[0].backend.service.port.number: expected numeric (int or "
       "float), got string"},
      {R"(apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: {name: policy}
webhooks:
- name: check.example.com
  admissionReviewVersions: [v1]
  sideEffects: None
  timeoutSeconds: "10"
  clientConfig: {service: {name: hook, namespace: system, port: 443}}
)",
       ".webhooks[name=\"check.example.com\"].timeoutSeconds: expected numeric (int or float), got "
       "string"},
      {R"(apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
  - name: v1
    served: "true"
    storage: true
    schema:
      openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
)",
       ".spec.versions[0].served: expected boolean, got string"},
      {R"(apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: replicas}
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
    - apiGroups: [apps]
      apiVersions: [v1]
      operations: [CREATE, UPDATE]
      resources: deployments
  validations:
  - expression: object.spec.replicas <= 5
)",
       ".spec.matchConstraints.resourceRules[0].resources: expected list, got string"},
      {R"(apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: replicas}
spec:
  validations:
  - expression: object.spec.replicas <= 5
    message: 5
)",
       ".spec.validations[0].message: expected string, got int"},
      {R"(apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: replicas}
spec:
  variables:
  - name: limit
    expression: true
)",
       ".spec.variables[name=\"limit\"].expression: expected string, got bool"},
      {R"(apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: replicas}
spec:
  policyName: replicas
  validationActions: [Deny]
  paramRef: {name: 1}
)",
       ".spec.paramRef.name: expected string, got int"},
      {R"(apiVersion: apps/v1
kind: ControllerRevision
metadata: {name: web-1, namespace: apps}
revision: one
)",
       ".revision: expected numeric (int or float), got string"},
      {R"(apiVersion: v1
kind: LimitRange
metadata: {name: limits, namespace: apps}
spec:
  limits:
  - type: Container
    max: {cpu: [2]}
)",
       ".spec.limits[0].max.cpu: expected any scalar, got list"},
  };
  for (const Refused& c : cases) {
    INFO(c.object);
    Status s = ApplyNew(c.object);
    REQUIRE_FALSE(s.ok());
    CHECK(IsInvalidArgument(s));
    CHECK_THAT(s.message(), Contains(c.message));
  }
}

TEST_CASE("built-in types accept every kind the API server accepts", "[plan]") {
  std::vector<std::string> accepted = {
      // IntOrString, Quantity and Time take any scalar; nulls pass anywhere.
      Deployment("  replicas: 3\n  strategy:\n    rollingUpdate:\n      maxSurge: 1\n"
                 "      maxUnavailable: 25%\n",
                 "        resources:\n          limits: {cpu: 1, memory: 512Mi}\n"
                 "          requests: {cpu: 0.5, memory: null}\n"
                 "        readinessProbe:\n          httpGet: {path: /, port: http}\n"
                 "        livenessProbe:\n          tcpSocket: {port: 8080}\n",
                 "  creationTimestamp: null\n  labels: {app: web, version: \"2\"}\n"),
      Deployment("  replicas: null\n", "", "  creationTimestamp: \"2026-12-01T10:00:00Z\"\n"),
      // Fields the schema does not know are dropped by the API server, not
      // refused: any value passes.
      Deployment("  fooBar: [1, {a: b}]\n", "        notAField: 3\n"),
      R"(apiVersion: v1
kind: Secret
metadata: {name: web, namespace: apps}
type: Opaque
immutable: true
data: {password: aHVudGVyMg==}
stringData: {user: admin}
)",
      R"(apiVersion: v1
kind: Service
metadata: {name: web, namespace: apps}
spec:
  ports:
  - {port: 80, targetPort: http}
  - {port: 443, targetPort: 8443, protocol: TCP}
  selector: {app: web}
)",
      R"yaml(apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: replicas}
spec:
  failurePolicy: Fail
  paramKind: {apiVersion: v1, kind: ConfigMap}
  matchConstraints:
    namespaceSelector: {matchLabels: {team: web}}
    resourceRules:
    - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments]}
  matchConditions:
  - {name: not-system, expression: "!object.metadata.name.startsWith('system')"}
  variables:
  - {name: limit, expression: "int(params.data.limit)"}
  validations:
  - {expression: "object.spec.replicas <= variables.limit", reason: Invalid}
  auditAnnotations:
  - {key: replicas, valueExpression: "string(object.spec.replicas)"}
)yaml",
      R"(apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: replicas}
spec:
  policyName: replicas
  validationActions: [Deny, Audit]
  paramRef: {name: limits, namespace: apps, parameterNotFoundAction: Deny}
  matchResources:
    objectSelector: {matchLabels: {app: web}}
)",
      R"(apiVersion: apps/v1
kind: ControllerRevision
metadata: {name: web-1, namespace: apps}
revision: 3
data: {spec: {template: {spec: {containers: [{name: web, image: nginx}]}}}}
)",
      R"(apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web, namespace: apps}
spec:
  minAvailable: 50%
  selector: {matchLabels: {app: web}}
)",
  };
  for (const std::string& object : accepted) {
    INFO(object);
    Status s = ApplyNew(object);
    INFO(s.ToString());
    CHECK(s.ok());
  }
}

TEST_CASE("a wrong kind in a Secret is refused without its value", "[plan][mask]") {
  Status s = ApplyNew(R"(apiVersion: v1
kind: Secret
metadata: {name: web, namespace: apps}
data:
  pin: 918273645
)");
  REQUIRE_FALSE(s.ok());
  CHECK_THAT(s.message(), Contains(".data.pin: expected string, got int"));
  CHECK_THAT(s.message(), !Contains("918273645"));
}

TEST_CASE("diff refuses a wrong kind naming the object and the field", "[plan]") {
  Value desired = Yaml(Deployment("  replicas: \"x\"\n"));
  Result<ChangeSetEntry> entry = Diff(desired, nullptr, DiffOptions());
  REQUIRE_FALSE(entry.ok());
  CHECK_THAT(entry.status().message(), Contains("Deployment/apps/web"));
  CHECK_THAT(entry.status().message(),
             Contains(".spec.replicas: expected numeric (int or float), got string"));
}

}  // namespace
}  // namespace gitops::plan
