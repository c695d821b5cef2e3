// Deterministic YAML inputs for the YAML benchmarks, generated in the
// program so that no data files are committed.
//
// ManifestStream(n): n objects cycling Deployment, Service, ConfigMap, shaped
// like a fleet repository's rendered output (labels, annotations, containers
// with env, ports, resources, probes and volume mounts; ConfigMaps with a few
// multi-line values), printed in kustomize's style (sorted keys, `- ` items at
// the parent's indentation). 2,000 objects are about 4.4 MB.
//
// CrdStream(n): n CustomResourceDefinitions whose openAPIV3Schema has many
// nested properties, each with a long `description`, printed as
// controller-gen prints them (Flux's and cert-manager's CRDs): some as `|-`
// block scalars, some as plain scalars folded over several lines. 8 CRDs
// are about 5.7 MB.
//
// The same arguments always give the same bytes (a fixed-seed splitmix64).
#ifndef GITOPS_BENCHMARKS_SUPPORT_YAML_INPUTS_H_
#define GITOPS_BENCHMARKS_SUPPORT_YAML_INPUTS_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace gitops_bench {

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n).
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }
  bool Chance(unsigned percent) { return Below(100) < percent; }

 private:
  uint64_t state_;
};

inline constexpr std::string_view kWords[] = {
    "the", "resource", "controller", "reconcile", "interval", "specifies", "which", "of",
    "a", "to", "reference", "secret", "namespace", "when", "is", "set", "default", "value",
    "must", "be", "in", "the", "same", "object", "field", "for", "and", "or", "this",
    "defaults", "used", "by", "kubernetes", "certificate", "issuer", "source", "artifact",
    "revision", "optional", "list", "name", "key", "if", "not", "specified", "will",
    "duration", "timeout", "retry", "status", "condition", "observed", "generation",
    "selector", "labels", "annotations", "template", "provider", "webhook", "endpoint",
    "TLS", "authentication", "credentials", "repository", "branch", "tag", "semver",
    "commit", "digest", "OCI", "Helm", "chart", "release", "values", "override",
    "dependency", "ready", "suspend", "prune", "health", "checks", "inventory", "entries",
    "ACME", "DNS01", "HTTP01", "solver", "challenge", "order", "private", "algorithm",
    "RSA", "ECDSA", "Ed25519", "size", "encoding", "PKCS1", "PKCS8", "usages",
};

inline void AppendWords(Rng& rng, size_t count, std::string* out) {
  for (size_t i = 0; i < count; ++i) {
    if (i > 0) out->push_back(' ');
    out->append(kWords[rng.Below(std::size(kWords))]);
  }
}

// "%04zu"-style zero padding without printf in the hot path of generation.
inline std::string Num(size_t v, int width = 0) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*zu", width, v);
  return buf;
}

inline std::string HexDigest(Rng& rng, size_t hex_chars) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < hex_chars; ++i) s.push_back(kHex[rng.Below(16)]);
  return s;
}

// Appends `indent` spaces and then `text`.
inline void Line(std::string* out, int indent, std::string_view text) {
  out->append(static_cast<size_t>(indent), ' ');
  out->append(text);
  out->push_back('\n');
}

inline void Labels(std::string* out, int indent, const std::string& app,
                   std::string_view component, bool all) {
  Line(out, indent, "app.kubernetes.io/component: " + std::string(component));
  if (all) Line(out, indent, "app.kubernetes.io/managed-by: flux");
  Line(out, indent, "app.kubernetes.io/name: " + app);
  if (all) {
    Line(out, indent, "app.kubernetes.io/part-of: platform");
    Line(out, indent, "app.kubernetes.io/version: v1.12.3");
    Line(out, indent, "kustomize.toolkit.fluxcd.io/name: apps");
    Line(out, indent, "kustomize.toolkit.fluxcd.io/namespace: flux-system");
  }
}

inline void Probe(std::string* out, int indent, std::string_view path, Rng& rng) {
  Line(out, indent, "failureThreshold: 3");
  Line(out, indent, "httpGet:");
  Line(out, indent + 2, "path: " + std::string(path));
  Line(out, indent + 2, "port: http");
  Line(out, indent + 2, "scheme: HTTP");
  Line(out, indent, "initialDelaySeconds: " + Num(5 + rng.Below(25)));
  Line(out, indent, "periodSeconds: 10");
  Line(out, indent, "successThreshold: 1");
  Line(out, indent, "timeoutSeconds: 1");
}

inline void Container(std::string* out, const std::string& app, const std::string& ns,
                      std::string_view name, bool main, Rng& rng) {
  // Items of `containers:` at indentation 6 (kustomize's `- ` style).
  Line(out, 6, "- args:");
  Line(out, 8, "- --log-level=info");
  Line(out, 8, "- --metrics-addr=:9090");
  if (main) {
    Line(out, 8, "- --config=/etc/" + app + "/config.yaml");
    Line(out, 8, "- --enable-leader-election");
  }
  Line(out, 8, "env:");
  Line(out, 8, "- name: LOG_FORMAT");
  Line(out, 10, "value: json");
  Line(out, 8, "- name: POD_NAMESPACE");
  Line(out, 10, "valueFrom:");
  Line(out, 12, "fieldRef:");
  Line(out, 14, "fieldPath: metadata.namespace");
  Line(out, 8, "- name: POD_NAME");
  Line(out, 10, "valueFrom:");
  Line(out, 12, "fieldRef:");
  Line(out, 14, "fieldPath: metadata.name");
  if (main) {
    Line(out, 8, "- name: DATABASE_URL");
    Line(out, 10, "valueFrom:");
    Line(out, 12, "secretKeyRef:");
    Line(out, 14, "key: url");
    Line(out, 14, "name: " + app + "-db");
    Line(out, 8, "- name: GOMAXPROCS");
    Line(out, 10, "value: \"" + Num(1 + rng.Below(4)) + "\"");
    Line(out, 8, "- name: FEATURE_FLAGS");
    Line(out, 10, "value: tracing,metrics,canary-" + Num(rng.Below(100)));
    Line(out, 8, "- name: OTEL_EXPORTER_OTLP_ENDPOINT");
    Line(out, 10, "value: http://otel-collector.observability.svc.cluster.local:4317");
  }
  Line(out, 8, "image: registry.example.com/" + ns + "/" + app + (main ? "" : "-sidecar") +
                   ":v1." + Num(rng.Below(30)) + "." + Num(rng.Below(10)) + "@sha256:" +
                   HexDigest(rng, 64));
  Line(out, 8, "imagePullPolicy: IfNotPresent");
  Line(out, 8, "livenessProbe:");
  Probe(out, 10, "/healthz", rng);
  Line(out, 8, "name: " + std::string(name));
  Line(out, 8, "ports:");
  Line(out, 8, "- containerPort: " + Num(main ? 8080 : 15090));
  Line(out, 10, "name: http");
  Line(out, 10, "protocol: TCP");
  if (main) {
    Line(out, 8, "- containerPort: 9090");
    Line(out, 10, "name: metrics");
    Line(out, 10, "protocol: TCP");
  }
  Line(out, 8, "readinessProbe:");
  Probe(out, 10, "/readyz", rng);
  Line(out, 8, "resources:");
  Line(out, 10, "limits:");
  // Limits spelled as the API server stores them ("1", "1Gi"; never
  // "1000m", "1024Mi"), so a live object made from the same text is one a
  // server could hold.
  size_t cpu = 250 * (1 + rng.Below(8));
  Line(out, 12, "cpu: " + (cpu % 1000 == 0 ? "\"" + Num(cpu / 1000) + "\"" : Num(cpu) + "m"));
  size_t memory = 128 * (1 + rng.Below(16));
  Line(out, 12,
       "memory: " + (memory % 1024 == 0 ? Num(memory / 1024) + "Gi" : Num(memory) + "Mi"));
  Line(out, 10, "requests:");
  Line(out, 12, "cpu: " + Num(50 * (1 + rng.Below(8))) + "m");
  Line(out, 12, "memory: " + Num(64 * (1 + rng.Below(8))) + "Mi");
  Line(out, 8, "securityContext:");
  Line(out, 10, "allowPrivilegeEscalation: false");
  Line(out, 10, "capabilities:");
  Line(out, 12, "drop:");
  Line(out, 12, "- ALL");
  Line(out, 10, "readOnlyRootFilesystem: true");
  Line(out, 10, "runAsNonRoot: true");
  Line(out, 8, "volumeMounts:");
  Line(out, 8, "- mountPath: /etc/" + app);
  Line(out, 10, "name: config");
  Line(out, 10, "readOnly: true");
  Line(out, 8, "- mountPath: /tmp");
  Line(out, 10, "name: tmp");
}

inline void Deployment(std::string* out, const std::string& app, const std::string& ns,
                       Rng& rng) {
  Line(out, 0, "apiVersion: apps/v1");
  Line(out, 0, "kind: Deployment");
  Line(out, 0, "metadata:");
  Line(out, 2, "annotations:");
  Line(out, 4, "checksum/config: " + HexDigest(rng, 64));
  Line(out, 4, "deployment.kubernetes.io/revision: \"" + Num(1 + rng.Below(20)) + "\"");
  Line(out, 4, "fluxcd.io/automated: \"true\"");
  Line(out, 4, "prometheus.io/port: \"9090\"");
  Line(out, 4, "prometheus.io/scrape: \"true\"");
  Line(out, 2, "labels:");
  Labels(out, 4, app, "api", true);
  Line(out, 2, "name: " + app);
  Line(out, 2, "namespace: " + ns);
  Line(out, 0, "spec:");
  Line(out, 2, "progressDeadlineSeconds: 600");
  Line(out, 2, "replicas: " + Num(1 + rng.Below(5)));
  Line(out, 2, "revisionHistoryLimit: 10");
  Line(out, 2, "selector:");
  Line(out, 4, "matchLabels:");
  Labels(out, 6, app, "api", false);
  Line(out, 2, "strategy:");
  Line(out, 4, "rollingUpdate:");
  Line(out, 6, "maxSurge: 25%");
  Line(out, 6, "maxUnavailable: 0");
  Line(out, 4, "type: RollingUpdate");
  Line(out, 2, "template:");
  Line(out, 4, "metadata:");
  Line(out, 6, "annotations:");
  Line(out, 8, "kubectl.kubernetes.io/default-container: api");
  Line(out, 8, "kubectl.kubernetes.io/restartedAt: \"2024-05-0" + Num(1 + rng.Below(9)) +
                   "T10:" + Num(rng.Below(60), 2) + ":00Z\"");
  Line(out, 6, "labels:");
  Labels(out, 8, app, "api", false);
  Line(out, 4, "spec:");
  Line(out, 6, "affinity:");
  Line(out, 8, "podAntiAffinity:");
  Line(out, 10, "preferredDuringSchedulingIgnoredDuringExecution:");
  Line(out, 10, "- podAffinityTerm:");
  Line(out, 14, "labelSelector:");
  Line(out, 16, "matchLabels:");
  Line(out, 18, "app.kubernetes.io/name: " + app);
  Line(out, 14, "topologyKey: kubernetes.io/hostname");
  Line(out, 12, "weight: 100");
  Line(out, 6, "containers:");
  Container(out, app, ns, "api", true, rng);
  if (rng.Chance(40)) Container(out, app, ns, "proxy", false, rng);
  Line(out, 6, "securityContext:");
  Line(out, 8, "fsGroup: 65532");
  Line(out, 8, "runAsGroup: 65532");
  Line(out, 8, "runAsUser: 65532");
  Line(out, 8, "seccompProfile:");
  Line(out, 10, "type: RuntimeDefault");
  Line(out, 6, "serviceAccountName: " + app);
  Line(out, 6, "terminationGracePeriodSeconds: 30");
  Line(out, 6, "tolerations:");
  Line(out, 6, "- effect: NoSchedule");
  Line(out, 8, "key: dedicated");
  Line(out, 8, "operator: Equal");
  Line(out, 8, "value: apps");
  Line(out, 6, "volumes:");
  Line(out, 6, "- configMap:");
  Line(out, 10, "name: " + app + "-config");
  Line(out, 8, "name: config");
  Line(out, 6, "- emptyDir: {}");
  Line(out, 8, "name: tmp");
}

inline void Service(std::string* out, const std::string& app, const std::string& ns, Rng& rng) {
  Line(out, 0, "apiVersion: v1");
  Line(out, 0, "kind: Service");
  Line(out, 0, "metadata:");
  Line(out, 2, "annotations:");
  Line(out, 4, "service.beta.kubernetes.io/aws-load-balancer-internal: \"true\"");
  Line(out, 2, "labels:");
  Labels(out, 4, app, "api", true);
  Line(out, 2, "name: " + app);
  Line(out, 2, "namespace: " + ns);
  Line(out, 0, "spec:");
  Line(out, 2, "ports:");
  Line(out, 2, "- name: http");
  Line(out, 4, "port: 80");
  Line(out, 4, "protocol: TCP");
  Line(out, 4, "targetPort: http");
  Line(out, 2, "- name: metrics");
  Line(out, 4, "port: 9090");
  Line(out, 4, "protocol: TCP");
  Line(out, 4, "targetPort: metrics");
  Line(out, 2, "selector:");
  Labels(out, 4, app, "api", false);
  Line(out, 2, std::string("type: ") + (rng.Chance(20) ? "LoadBalancer" : "ClusterIP"));
}

inline void ConfigMap(std::string* out, const std::string& app, const std::string& ns,
                      Rng& rng) {
  Line(out, 0, "apiVersion: v1");
  Line(out, 0, "data:");
  Line(out, 2, "LOG_LEVEL: info");
  Line(out, 2, "MAX_CONNECTIONS: \"" + Num(10 * (1 + rng.Below(50))) + "\"");
  Line(out, 2, "config.yaml: |");
  Line(out, 4, "server:");
  Line(out, 4, "  listen: :8080");
  Line(out, 4, "  readTimeout: 30s");
  Line(out, 4, "  writeTimeout: 30s");
  Line(out, 4, "database:");
  Line(out, 4, "  pool: " + Num(5 + rng.Below(20)));
  Line(out, 4, "  host: " + app + "-db." + ns + ".svc.cluster.local");
  Line(out, 4, "features:");
  for (size_t i = 0, n = 3 + rng.Below(5); i < n; ++i) {
    Line(out, 4, "  - feature-" + Num(rng.Below(1000), 3));
  }
  Line(out, 2, "nginx.conf: |-");
  Line(out, 4, "worker_processes auto;");
  Line(out, 4, "events { worker_connections 1024; }");
  Line(out, 4, "http {");
  Line(out, 4, "  upstream backend { server 127.0.0.1:8080; }");
  Line(out, 4, "  server {");
  Line(out, 4, "    listen 8081;");
  Line(out, 4, "    location / { proxy_pass http://backend; }");
  Line(out, 4, "  }");
  Line(out, 4, "}");
  if (rng.Chance(50)) {
    Line(out, 2, "policy.json: '{\"version\": 2, \"rules\": [{\"allow\": [\"get\", \"list\"]}]}'");
  }
  Line(out, 0, "kind: ConfigMap");
  Line(out, 0, "metadata:");
  Line(out, 2, "labels:");
  Labels(out, 4, app, "config", true);
  Line(out, 2, "name: " + app + "-config");
  Line(out, 2, "namespace: " + ns);
}

inline std::string ManifestStream(size_t objects) {
  Rng rng(20240501);
  std::string out;
  out.reserve(objects * 1900);
  for (size_t i = 0; i < objects; ++i) {
    if (i > 0) out += "---\n";
    std::string app = "svc-" + Num(i / 3, 4);
    std::string ns = "team-" + Num((i / 3) % 40, 2);
    switch (i % 3) {
      case 0: Deployment(&out, app, ns, rng); break;
      case 1: Service(&out, app, ns, rng); break;
      default: ConfigMap(&out, app, ns, rng); break;
    }
  }
  return out;
}

// A description of 25..120 words, as controller-gen prints it.
inline void Description(std::string* out, int indent, Rng& rng) {
  std::string words;
  AppendWords(rng, 25 + rng.Below(96), &words);
  words.push_back('.');
  if (rng.Chance(50)) {
    // `|-` block, lines wrapped near 80 columns (Flux >= 2.3, cert-manager).
    Line(out, indent, "description: |-");
    size_t pos = 0;
    while (pos < words.size()) {
      size_t end = pos + 72 < words.size() ? words.rfind(' ', pos + 72) : words.size();
      if (end == std::string::npos || end <= pos) end = words.size();
      Line(out, indent + 2, std::string_view(words).substr(pos, end - pos));
      pos = end + 1;
    }
  } else {
    // A plain scalar folded over several lines (older controller-gen).
    size_t first = words.rfind(' ', 60);
    if (first == std::string::npos) first = words.size();
    Line(out, indent, "description: " + words.substr(0, first));
    size_t pos = first + 1;
    while (pos < words.size()) {
      size_t end = pos + 72 < words.size() ? words.rfind(' ', pos + 72) : words.size();
      if (end == std::string::npos || end <= pos) end = words.size();
      Line(out, indent + 2, std::string_view(words).substr(pos, end - pos));
      pos = end + 1;
    }
  }
}

// A `properties:` map of `count` fields at `indent`, nesting objects down to
// `depth` more levels.
inline void Properties(std::string* out, int indent, size_t count, int depth, Rng& rng) {
  Line(out, indent, "properties:");
  for (size_t i = 0; i < count; ++i) {
    std::string name;
    AppendWords(rng, 1, &name);
    name += "Field" + Num(i);
    Line(out, indent + 2, name + ":");
    int f = indent + 4;
    size_t kind = rng.Below(10);
    if (depth > 0 && kind < 3) {
      Description(out, f, rng);
      Properties(out, f, 3 + rng.Below(8), depth - 1, rng);
      if (rng.Chance(50)) {
        Line(out, f, "required:");
        Line(out, f, "- " + name.substr(0, 3) + "Field0");
      }
      Line(out, f, "type: object");
    } else if (kind < 5) {
      Description(out, f, rng);
      Line(out, f, "items:");
      Line(out, f + 2, "type: string");
      Line(out, f, "type: array");
      if (rng.Chance(30)) Line(out, f, "x-kubernetes-list-type: atomic");
    } else if (kind < 6) {
      Description(out, f, rng);
      Line(out, f, "format: int" + std::string(rng.Chance(50) ? "32" : "64"));
      Line(out, f, "maximum: " + Num(1 + rng.Below(65535)));
      Line(out, f, "minimum: 0");
      Line(out, f, "type: integer");
    } else if (kind < 7) {
      Line(out, f, "default: " + std::string(rng.Chance(50) ? "false" : "true"));
      Description(out, f, rng);
      Line(out, f, "type: boolean");
    } else if (kind < 8) {
      Description(out, f, rng);
      Line(out, f, "enum:");
      Line(out, f, "- RSA");
      Line(out, f, "- ECDSA");
      Line(out, f, "- Ed25519");
      Line(out, f, "type: string");
    } else {
      Description(out, f, rng);
      if (rng.Chance(40)) Line(out, f, "pattern: ^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$");
      Line(out, f, "type: string");
    }
  }
}

inline std::string CrdStream(size_t crds) {
  Rng rng(20240502);
  std::string out;
  static constexpr std::string_view kKinds[] = {
      "GitRepository", "Kustomization", "HelmRelease", "HelmRepository", "Certificate",
      "Issuer", "ClusterIssuer", "Order", "Challenge", "OCIRepository", "Bucket", "Alert"};
  for (size_t c = 0; c < crds; ++c) {
    if (c > 0) out += "---\n";
    std::string kind(kKinds[c % std::size(kKinds)]);
    std::string plural = kind + "s";
    for (char& ch : plural) ch = static_cast<char>(ch | 0x20);
    std::string group = c % 2 == 0 ? "toolkit.fluxcd.io" : "cert-manager.io";
    Line(&out, 0, "apiVersion: apiextensions.k8s.io/v1");
    Line(&out, 0, "kind: CustomResourceDefinition");
    Line(&out, 0, "metadata:");
    Line(&out, 2, "annotations:");
    Line(&out, 4, "controller-gen.kubebuilder.io/version: v0.16.1");
    Line(&out, 2, "labels:");
    Line(&out, 4, "app.kubernetes.io/component: controller");
    Line(&out, 4, "app.kubernetes.io/instance: flux-system");
    Line(&out, 4, "app.kubernetes.io/part-of: flux");
    Line(&out, 4, "app.kubernetes.io/version: v2.4.0");
    Line(&out, 2, "name: " + plural + "." + group);
    Line(&out, 0, "spec:");
    Line(&out, 2, "group: " + group);
    Line(&out, 2, "names:");
    Line(&out, 4, "kind: " + kind);
    Line(&out, 4, "listKind: " + kind + "List");
    Line(&out, 4, "plural: " + plural);
    Line(&out, 4, "singular: " + plural.substr(0, plural.size() - 1));
    Line(&out, 2, "scope: Namespaced");
    Line(&out, 2, "versions:");
    for (int v = 0; v < 2; ++v) {
      Line(&out, 2, std::string("- additionalPrinterColumns:"));
      Line(&out, 4, "- jsonPath: .status.conditions[?(@.type==\"Ready\")].status");
      Line(&out, 6, "name: Ready");
      Line(&out, 6, "type: string");
      Line(&out, 4, "- jsonPath: .metadata.creationTimestamp");
      Line(&out, 6, "name: Age");
      Line(&out, 6, "type: date");
      Line(&out, 4, std::string("name: ") + (v == 0 ? "v1" : "v1beta2"));
      Line(&out, 4, "schema:");
      Line(&out, 6, "openAPIV3Schema:");
      Description(&out, 8, rng);
      Line(&out, 8, "properties:");
      Line(&out, 10, "apiVersion:");
      Description(&out, 12, rng);
      Line(&out, 12, "type: string");
      Line(&out, 10, "spec:");
      Description(&out, 12, rng);
      Properties(&out, 12, 24, 3, rng);
      Line(&out, 12, "type: object");
      Line(&out, 10, "status:");
      Description(&out, 12, rng);
      Properties(&out, 12, 10, 2, rng);
      Line(&out, 12, "type: object");
      Line(&out, 8, "type: object");
      Line(&out, 4, std::string("served: true"));
      Line(&out, 4, std::string("storage: ") + (v == 0 ? "true" : "false"));
      Line(&out, 4, "subresources:");
      Line(&out, 6, "status: {}");
    }
  }
  return out;
}

}  // namespace gitops_bench

#endif  // GITOPS_BENCHMARKS_SUPPORT_YAML_INPUTS_H_
