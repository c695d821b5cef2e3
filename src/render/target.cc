#include "render/target.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "gitops/core/base64.h"
#include "gitops/core/yaml.h"
#include "render/hash.h"
#include "render/patch.h"
#include "render/replacements.h"
#include "render/sort.h"
#include "render/transformers.h"

namespace gitops::render {
namespace {

namespace fs = std::filesystem;

// The fields of a kustomization (types.Kustomization of kustomize v5.5).
// kustomize reads the file through encoding/json, which matches field
// names case-insensitively, so `nameprefix:` means namePrefix.
constexpr std::string_view kKustomizationFields[] = {
    "apiVersion",
    "kind",
    "metadata",
    "openapi",
    "namePrefix",
    "nameSuffix",
    "namespace",
    "commonLabels",
    "labels",
    "commonAnnotations",
    "patchesStrategicMerge",
    "patchesJson6902",
    "patches",
    "images",
    "imageTags",
    "replacements",
    "replicas",
    "vars",
    "sortOptions",
    "resources",
    "crds",
    "bases",
    "components",
    "configMapGenerator",
    "secretGenerator",
    "helmGlobals",
    "helmCharts",
    "helmChartInflationGenerator",
    "generatorOptions",
    "configurations",
    "generators",
    "transformers",
    "validators",
    "buildMetadata",
};

// Fields read but not applied yet: an error naming the field beats output
// that silently differs from kustomize's.
constexpr std::string_view kUnsupportedFields[] = {
    "helmGlobals",
    "helmCharts",
    "helmChartInflationGenerator",
    "validators",
};

constexpr std::string_view kKustomizationFileNames[] = {"kustomization.yaml", "kustomization.yml",
                                                        "Kustomization"};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string> Strings(const Value* v) {
  std::vector<std::string> out;
  if (v == nullptr || !v->is_array()) return out;
  for (const Value& item : v->items()) out.push_back(Str(&item));
  return out;
}

struct Kustomization {
  Value k;           // normalised: canonical field names
  std::string file;  // the file it was read from
  std::string name;  // its base name: kustomization.yaml, kustomization.yml or Kustomization
};

// The top kustomization's buildMetadata, which kustomize applies to every
// kustomization the build reads.
struct BuildMeta {
  bool origin = false;       // originAnnotations: config.kubernetes.io/origin
  bool transformer = false;  // transformerAnnotations: alpha.config.kubernetes.io/transformations
};

constexpr std::string_view kOriginAnnotation = "config.kubernetes.io/origin";
constexpr std::string_view kTransformationsAnnotation =
    "alpha.config.kubernetes.io/transformations";

// Go's filepath.Join of an origin path and a relative path.
std::string JoinOrigin(const std::string& prefix, const std::string& path) {
  std::filesystem::path p =
      prefix.empty() ? std::filesystem::path(path) : std::filesystem::path(prefix) / path;
  std::string out = p.lexically_normal().string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

void SetAnnotation(Value* obj, std::string_view key, std::string value) {
  Value& md = (*obj)["metadata"];
  Value& ann = md["annotations"];
  if (!ann.is_object()) ann = Value::Object();
  ann.Set(key, Value(value));
}

// A configured-by origin, as kustomize prints resource.Origin.
std::string ConfiguredBy(const std::string& configured_in, const std::string& kind,
                         const std::string& name, const std::string& indent,
                         const std::string& ns = "") {
  std::string out = "configuredIn: " + configured_in + "\n" + indent + "configuredBy:\n" + indent +
                    "  apiVersion: builtin\n" + indent + "  kind: " + kind + "\n";
  if (!name.empty()) out += indent + "  name: " + name + "\n";
  if (!ns.empty()) out += indent + "  namespace: " + ns + "\n";
  return out;
}

// Where a transformer or generator configuration came from.
struct Config {
  Value obj;
  std::string configured_in;  // origin path of the file it was read from
};

Result<Kustomization> NormaliseKustomization(Value doc, Kustomization out);

Result<Kustomization> LoadKustomization(const Loader& ldr) {
  std::string name;
  GITOPS_ASSIGN_OR_RETURN(Value doc, ReadKustomizationFile(ldr, &name));
  Kustomization out;
  out.file = (ldr.root() / name).string();
  out.name = name;
  return NormaliseKustomization(std::move(doc), std::move(out));
}

Result<Kustomization> NormaliseKustomization(Value doc, Kustomization out) {
  if (doc.is_null() || (doc.is_object() && doc.empty())) {
    return InvalidArgumentError("kustomization.yaml is empty: " + out.file);
  }
  if (!doc.is_object()) return InvalidArgumentError(out.file + ": a kustomization must be a map");
  Value k = Value::Object();
  for (const Value::Member& m : doc.members()) {
    std::string lower = Lower(m.key());
    std::string_view canonical;
    for (std::string_view f : kKustomizationFields) {
      if (Lower(f) == lower) canonical = f;
    }
    if (canonical.empty()) {
      return InvalidArgumentError(out.file + ": invalid Kustomization: json: unknown field \"" +
                                  std::string(m.key()) + "\"");
    }
    k.Set(canonical, m.value());
  }
  for (std::string_view f : kUnsupportedFields) {
    const Value* v = k.Find(f);
    if (v != nullptr && !v->is_null() && !(v->is_array() && v->empty()) &&
        !(v->is_object() && v->empty())) {
      return UnimplementedError(out.file + ": the field '" + std::string(f) +
                                "' is not supported by gitops yet");
    }
  }
  // FixKustomization: `bases` is an old name for `resources`.
  if (const Value* found = k.Find("bases"); found != nullptr && found->is_array()) {
    // A copy: adding `resources` may move k's members, `found` among them.
    Value bases = *found;
    Value& res = k["resources"];
    if (res.is_null()) res = Value::Array();
    for (const Value& b : bases.items()) res.Append(b);
  }
  out.k = std::move(k);
  return out;
}

// Parses a resource file's documents into resources (a `List` contributes
// its items).
Status AppendDocs(const std::string& text, const std::string& file, std::vector<Value>* out) {
  YamlReadOptions opts;
  opts.file = file;
  GITOPS_ASSIGN_OR_RETURN(std::vector<Value> docs, ReadYaml(text, opts));
  for (Value& d : docs) {
    if (!d.is_object()) return InvalidArgumentError(file + ": a resource must be a map");
    const Value* kind = d.Find("kind");
    if (kind != nullptr && kind->is_string() && kind->as_string().ends_with("List") &&
        d.Find("items") != nullptr) {
      const Value* items = d.Find("items");
      if (items->is_array()) {
        for (const Value& item : items->items()) out->push_back(item);
      }
      continue;
    }
    out->push_back(std::move(d));
  }
  return OkStatus();
}

Status CheckResource(const Value& obj, const std::string& file) {
  const Value* kind = obj.Find("kind");
  if (kind == nullptr || !kind->is_string() || kind->as_string().empty()) {
    return InvalidArgumentError(file + ": missing kind in object");
  }
  const Value* md = obj.Find("metadata");
  const Value* name = md != nullptr ? md->Find("name") : nullptr;
  if (name == nullptr || !name->is_string() || name->as_string().empty()) {
    return InvalidArgumentError(file + ": missing metadata.name in object of kind " +
                                std::string(kind->as_string()));
  }
  return OkStatus();
}

// kustomize reads annotations as a string map: `happy: true` becomes
// "true", `port: 8080` "8080", `x: null` "null" (labels it leaves alone;
// both checked with kubectl kustomize). It keeps the scalar's source text,
// which a Value does not hold: `1.0`, `0x1F` or `~` cannot be given back
// as written, so doubles stay numbers and other ints print in decimal.
void StringifyAnnotations(Value* obj) {
  Value* md = obj->Find("metadata");
  Value* map = md != nullptr ? md->Find("annotations") : nullptr;
  if (map == nullptr || !map->is_object()) return;
  for (Value::Member& m : map->members()) {
    Value& v = m.value();
    if (v.is_bool() || v.is_integer()) {
      v = Value(Str(&v));
    } else if (v.is_null()) {
      v = Value("null");
    }
  }
}

class Target {
 public:
  Target(Loader ldr, Kustomization k, BuildMeta meta, std::string origin_prefix, BuildState* state)
      : ldr_(std::move(ldr)),
        kust_(std::move(k)),
        meta_(meta),
        origin_prefix_(std::move(origin_prefix)),
        state_(state) {}

  // Applies this kustomization's `openapi` field to the build, unless an
  // earlier one did (`top`: the top kustomization always does).
  // Errors: kNotFound (the file), kInvalidArgument (both version and path,
  // or a version that is not built in).
  Status SetSchema(bool top);

  Status Accumulate(Accumulator* ra);

  bool IsComponent() const { return Str(kust_.k.Find("kind")) == "Component"; }

 private:
  const Value* Field(std::string_view name) const { return kust_.k.Find(name); }
  Status AccumulateResources(Accumulator* ra, const std::vector<std::string>& paths);
  Status AccumulateDirectory(Accumulator* ra, const Loader& sub, bool component,
                             const std::string& path);
  Status RunGenerators(Accumulator* ra);
  Status Generate(const Value& args, bool secret, const Value* global, Accumulator* ra,
                  const std::string& origin = "");
  Status GenerateIamPolicy(const Value& cfg, Accumulator* ra);
  Result<std::vector<Config>> CollectConfigs(const Value& list);
  Status RunTransformers(Accumulator* ra);
  Result<Value> GenerateData(const Value& args, bool secret, std::string* name);

  // Appends a transformations entry to every object, when asked for.
  void NoteTransformer(ResMap* m, const std::string& kind, const std::string& configured_in = "",
                       const std::string& name = "", const std::string& ns = "") const;
  std::string KustOrigin() const { return JoinOrigin(origin_prefix_, kust_.name); }

  Loader ldr_;
  Kustomization kust_;
  BuildMeta meta_;
  std::string origin_prefix_;  // this kustomization's path from the top one
  BuildState* state_;          // shared by the whole build; outlives the target
};

Status Target::SetSchema(bool top) {
  const Value* openapi = Field("openapi");
  if (openapi == nullptr || !openapi->is_object() || openapi->empty()) return OkStatus();
  if (state_->schema_set && !top) return OkStatus();
  std::string version = Str(openapi->Find("version"));
  std::string path = Str(openapi->Find("path"));
  if (!path.empty()) {
    if (openapi->Find("version") != nullptr) {
      return InvalidArgumentError(kust_.file +
                                  ": builtin version and custom schema provided, cannot use both");
    }
    GITOPS_ASSIGN_OR_RETURN(std::string text, ldr_.Load(path));
    GITOPS_ASSIGN_OR_RETURN(state_->custom_schema,
                            MergeSchema::FromOpenApi(text, (ldr_.root() / path).string()));
    state_->schema_set = true;
    return OkStatus();
  }
  if (!version.empty()) {
    // kustomize v5.5 builds in one schema: Kubernetes v1.21.2.
    if (version != "v1.21.2") {
      return InvalidArgumentError(kust_.file + ": the specified OpenAPI version '" + version +
                                  "' is not built in (kustomize v5.5 has v1.21.2)");
    }
    state_->custom_schema.reset();
    state_->schema_set = true;
  }
  return OkStatus();
}

void Target::NoteTransformer(ResMap* m, const std::string& kind, const std::string& configured_in,
                             const std::string& name, const std::string& ns) const {
  if (!meta_.transformer) return;
  std::string entry = "- " + ConfiguredBy(configured_in.empty() ? KustOrigin() : configured_in,
                                          kind, name, "  ", ns);
  for (Resource& r : m->items()) {
    const Value* md = r.obj.Find("metadata");
    const Value* ann = md != nullptr ? md->Find("annotations") : nullptr;
    const Value* have = ann != nullptr ? ann->Find(kTransformationsAnnotation) : nullptr;
    std::string text = have != nullptr && have->is_string() ? std::string(have->as_string()) : "";
    SetAnnotation(&r.obj, kTransformationsAnnotation, text + entry);
  }
}

Status Target::AccumulateDirectory(Accumulator* ra, const Loader& sub, bool component,
                                   const std::string& path) {
  GITOPS_ASSIGN_OR_RETURN(Kustomization k, LoadKustomization(sub));
  Target t(sub, std::move(k), meta_, JoinOrigin(origin_prefix_, path), state_);
  GITOPS_RETURN_IF_ERROR(t.SetSchema(false));
  if (component && !t.IsComponent()) {
    return InvalidArgumentError("expected kind 'Component' for path '" + sub.root().string() +
                                "' but got '" + Str(t.kust_.k.Find("kind")) + "'");
  }
  if (!component && t.IsComponent()) {
    return InvalidArgumentError("expected kind != 'Component' for path '" + sub.root().string() +
                                "'");
  }
  if (component) return t.Accumulate(ra);
  Accumulator child;
  GITOPS_RETURN_IF_ERROR(t.Accumulate(&child));
  GITOPS_RETURN_IF_ERROR(ra->resources.AppendAll(std::move(child.resources)));
  ra->config.Merge(child.config);
  return AppendVars(child.vars, &ra->vars);
}

Status Target::AccumulateResources(Accumulator* ra, const std::vector<std::string>& paths) {
  for (const std::string& path : paths) {
    std::string file = (ldr_.root() / path).lexically_normal().string();
    Result<std::string> text = std::string();
    if (ldr_.IsRemoteHere(path)) {
      // A remote resource: the resolver's local copy, a directory (a
      // kustomization, loaded as a base) or a file.
      Result<fs::path> local = ldr_.ResolveRemote(path);
      if (!local.ok()) return local.status().WithContext(kust_.file);
      if (ldr_.IsDir(local->string())) {
        GITOPS_ASSIGN_OR_RETURN(Loader sub, ldr_.New(local->string()));
        Status s = AccumulateDirectory(ra, sub, false, path);
        if (!s.ok()) return s.WithContext("accumulating resources from '" + path + "'");
        continue;
      }
      file = local->string();
      text = ldr_.LoadResolved(*local);
    } else if (ldr_.IsDir(path)) {
      GITOPS_ASSIGN_OR_RETURN(Loader sub, ldr_.New(path));
      Status s = AccumulateDirectory(ra, sub, false, path);
      if (!s.ok()) return s.WithContext("accumulating resources from '" + path + "'");
      continue;
    } else {
      text = ldr_.Load(path);
    }
    if (!text.ok()) return text.status().WithContext("accumulating resources in " + kust_.file);
    std::vector<Value> docs;
    GITOPS_RETURN_IF_ERROR(AppendDocs(*text, file, &docs));
    for (Value& d : docs) {
      GITOPS_RETURN_IF_ERROR(CheckResource(d, file));
      StringifyAnnotations(&d);
      if (meta_.origin) {
        SetAnnotation(&d, kOriginAnnotation, "path: " + JoinOrigin(origin_prefix_, path) + "\n");
      }
      Resource r;
      r.obj = std::move(d);
      r.origin = file;
      Status s = ra->resources.Append(std::move(r));
      if (!s.ok()) return s.WithContext("accumulating resources from '" + file + "'");
    }
  }
  return OkStatus();
}

// kyaml's encodeBase64 for Secret data and ConfigMap binaryData: base64
// in lines of 70 characters, each followed by a newline once the whole
// is 70 characters or more.
std::string WrappedBase64(std::string_view in) {
  constexpr size_t kLine = 70;
  std::string enc = Base64Encode(in);
  if (enc.size() / kLine + 1 <= 1) return enc;
  std::string out;
  for (size_t i = 0; i < enc.size(); i += kLine) {
    out.append(enc, i, kLine);
    out += '\n';
  }
  return out;
}

bool ValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : 9;
    if (n == 9 || i + n >= s.size()) return false;
    for (size_t j = 1; j <= n; ++j) {
      if ((static_cast<unsigned char>(s[i + j]) >> 6) != 2) return false;
    }
    i += n + 1;
  }
  return true;
}

std::string Basename(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool IsEnvVarName(const std::string& key) {
  if (key.empty() || std::isdigit(static_cast<unsigned char>(key[0]))) return false;
  for (char c : key) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.')
      return false;
  }
  return true;
}

// Collects the key/value pairs of a generator's literals, envs and files.
Result<Value> Target::GenerateData(const Value& args, bool secret, std::string* name) {
  *name = Str(args.Find("name"));
  // How errors name the generator: secretGenerator 'name'.
  const std::string field =
      std::string(secret ? "secretGenerator" : "configMapGenerator") + " '" + *name + "'";
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const std::string& lit : Strings(args.Find("literals"))) {
    size_t eq = lit.find('=');
    if (eq == std::string::npos) {
      return InvalidArgumentError(kust_.file + ": literal source '" + lit +
                                  "' must be a key=value pair");
    }
    std::string v = lit.substr(eq + 1);
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
      v = v.substr(1, v.size() - 2);
    }
    pairs.emplace_back(lit.substr(0, eq), v);
  }
  std::vector<std::string> envs = Strings(args.Find("envs"));
  if (std::string env = Str(args.Find("env")); !env.empty()) envs.push_back(env);
  for (const std::string& env : envs) {
    Result<std::string> loaded = ldr_.Load(env);
    if (!loaded.ok()) return loaded.status().WithContext(kust_.file + ": " + field + " envs");
    std::string text = std::move(loaded).value();
    size_t pos = 0;
    bool first = true;
    int line_number = 0;
    while (pos <= text.size()) {
      ++line_number;
      size_t nl = text.find('\n', pos);
      std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
      pos = nl == std::string::npos ? text.size() + 1 : nl + 1;
      if (first && line.starts_with("\xEF\xBB\xBF")) line = line.substr(3);
      first = false;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      // Checked with kubectl kustomize: a line that is not UTF-8 (a binary
      // file given as an env file) fails the build. The bytes are not
      // repeated here: they may be a secret's, and are not text anyway.
      if (!ValidUtf8(line)) {
        return InvalidArgumentError(kust_.file + ": " + field + ": env file '" + env + "' line " +
                                    std::to_string(line_number) +
                                    " has invalid UTF-8 bytes (is it a binary file?)");
      }
      size_t start = 0;
      while (start < line.size() && std::isspace(static_cast<unsigned char>(line[start]))) ++start;
      line = line.substr(start);
      if (line.empty() || line[0] == '#') continue;
      size_t eq = line.find('=');
      std::string key = line.substr(0, eq);
      if (!IsEnvVarName(key)) {
        return InvalidArgumentError(kust_.file + ": " + field + ": env file '" + env + "' line " +
                                    std::to_string(line_number) + ": \"" + key +
                                    "\" is not a valid key name");
      }
      std::string value;
      if (eq != std::string::npos) {
        value = line.substr(eq + 1);
      } else if (const char* e = std::getenv(key.c_str())) {
        value = e;
      }
      pairs.emplace_back(key, value);
    }
  }
  Value data = Value::Object();
  Value binary = Value::Object();
  for (const std::string& f : Strings(args.Find("files"))) {
    std::string key, path = f;
    size_t eq = f.find('=');
    if (eq != std::string::npos) {
      key = f.substr(0, eq);
      path = f.substr(eq + 1);
    } else {
      key = Basename(f);
    }
    Result<std::string> loaded = ldr_.Load(path);
    if (!loaded.ok()) return loaded.status().WithContext(kust_.file + ": " + field + " files");
    std::string content = std::move(loaded).value();
    if (data.Contains(key) || binary.Contains(key)) {
      return InvalidArgumentError(kust_.file + ": generator '" + *name +
                                  "' illegally repeats the key `" + key + "`");
    }
    if (secret) {
      data.Set(key, WrappedBase64(content));
    } else if (ValidUtf8(content)) {
      data.Set(key, content);
    } else {
      binary.Set(key, WrappedBase64(content));
    }
  }
  for (auto& [k, v] : pairs) {
    if (data.Contains(k)) {
      return InvalidArgumentError(kust_.file + ": generator '" + *name +
                                  "' illegally repeats the key `" + k + "`");
    }
    data.Set(k, secret ? Value(WrappedBase64(v)) : Value(v));
  }
  Value out = Value::Object();
  if (!data.empty()) out.Set("data", std::move(data));
  if (!binary.empty()) out.Set("binaryData", std::move(binary));
  return out;
}

void MergeStrings(Value* dst, const Value* src) {
  if (src == nullptr || !src->is_object()) return;
  if (!dst->is_object()) *dst = Value::Object();
  for (const Value::Member& m : src->members()) dst->Set(m.key(), Value(Str(&m.value())));
}

Status Target::RunGenerators(Accumulator* ra) {
  const Value* global = Field("generatorOptions");
  for (bool secret : {false, true}) {
    const Value* gens = Field(secret ? "secretGenerator" : "configMapGenerator");
    if (gens == nullptr || !gens->is_array()) continue;
    for (const Value& args : gens->items())
      GITOPS_RETURN_IF_ERROR(Generate(args, secret, global, ra));
  }
  if (const Value* gens = Field("generators")) {
    GITOPS_ASSIGN_OR_RETURN(std::vector<Config> configs, CollectConfigs(*gens));
    for (const Config& c : configs) {
      const Value& cfg = c.obj;
      std::string kind = Str(cfg.Find("kind"));
      const Value* md = cfg.Find("metadata");
      Value args = cfg;
      // The generated object's name and namespace are the config's own
      // `name` / `namespace` fields, else its metadata's.
      if (args.Find("name") == nullptr) {
        args.Set("name", md != nullptr && md->Find("name") ? *md->Find("name") : Value(""));
      }
      if (args.Find("namespace") == nullptr && md != nullptr && md->Find("namespace") != nullptr) {
        args.Set("namespace", *md->Find("namespace"));
      }
      if (kind == "ConfigMapGenerator" || kind == "SecretGenerator") {
        GITOPS_RETURN_IF_ERROR(
            Generate(args, kind == "SecretGenerator", nullptr, ra,
                     ConfiguredBy(c.configured_in, kind, Str(md ? md->Find("name") : nullptr), "",
                                  Str(md ? md->Find("namespace") : nullptr))));
      } else if (kind == "IAMPolicyGenerator") {
        GITOPS_RETURN_IF_ERROR(GenerateIamPolicy(cfg, ra));
      } else {
        return UnimplementedError(kust_.file + ": the generator kind '" + kind +
                                  "' is not supported by gitops (external plugins are not run)");
      }
    }
  }
  return OkStatus();
}

// IAMPolicyGenerator (cloud: gke): a ServiceAccount bound to a Google
// service account through the iam.gke.io/gcp-service-account annotation.
Status Target::GenerateIamPolicy(const Value& cfg, Accumulator* ra) {
  if (Str(cfg.Find("cloud")) != "gke") {
    return InvalidArgumentError(kust_.file + ": IAMPolicyGenerator supports only cloud: gke");
  }
  const Value* ks = cfg.Find("kubernetesService");
  const Value* sa = cfg.Find("serviceAccount");
  if (ks == nullptr || sa == nullptr) {
    return InvalidArgumentError(kust_.file +
                                ": IAMPolicyGenerator needs kubernetesService and serviceAccount");
  }
  Value obj = Value::Object();
  obj.Set("apiVersion", "v1");
  obj.Set("kind", "ServiceAccount");
  Value md = Value::Object();
  md.Set("name", Str(ks->Find("name")));
  if (std::string ns = Str(ks->Find("namespace")); !ns.empty()) md.Set("namespace", ns);
  Value ann = Value::Object();
  ann.Set("iam.gke.io/gcp-service-account",
          Str(sa->Find("name")) + "@" + Str(sa->Find("projectId")) + ".iam.gserviceaccount.com");
  md.Set("annotations", std::move(ann));
  obj.Set("metadata", std::move(md));
  Resource r;
  r.obj = std::move(obj);
  r.behavior = "create";
  r.origin = kust_.file;
  return ra->resources.AbsorbGenerated(std::move(r));
}

// The configuration objects a `generators:` or `transformers:` list names:
// inline YAML, files, or directories whose kustomization builds them.
Result<std::vector<Config>> Target::CollectConfigs(const Value& list) {
  std::vector<Config> out;
  if (!list.is_array()) return out;
  for (const Value& entry : list.items()) {
    std::string s = Str(&entry);
    std::vector<Value> docs;
    std::string configured_in = KustOrigin();
    if (s.find('\n') != std::string::npos) {
      GITOPS_RETURN_IF_ERROR(AppendDocs(s, kust_.file, &docs));
    } else if (ldr_.IsDir(s)) {
      GITOPS_ASSIGN_OR_RETURN(Loader sub, ldr_.New(s));
      Accumulator child;
      BuildMeta plain;  // configurations carry no build annotations
      std::swap(plain, meta_);
      Status st = AccumulateDirectory(&child, sub, false, s);
      std::swap(plain, meta_);
      if (!st.ok()) return st.WithContext(kust_.file + ": loading '" + s + "'");
      for (Resource& r : child.resources.items()) docs.push_back(std::move(r.obj));
      configured_in = JoinOrigin(origin_prefix_, s);
    } else {
      Result<std::string> text = ldr_.Load(s);
      if (!text.ok()) return text.status().WithContext(kust_.file);
      GITOPS_RETURN_IF_ERROR(AppendDocs(*text, (ldr_.root() / s).string(), &docs));
      configured_in = JoinOrigin(origin_prefix_, s);
    }
    for (Value& d : docs) out.push_back(Config{std::move(d), configured_in});
  }
  return out;
}

Status Target::Generate(const Value& args, bool secret, const Value* global, Accumulator* ra,
                        const std::string& origin) {
  std::string name;
  GITOPS_ASSIGN_OR_RETURN(Value payload, GenerateData(args, secret, &name));
  Value labels = Value::Object(), annotations = Value::Object();
  bool disable_hash = false, immutable = false;
  const Value* local = args.Find("options");
  for (const Value* opts : {local, global}) {
    if (opts == nullptr || !opts->is_object()) continue;
    MergeStrings(&labels, opts->Find("labels"));
    MergeStrings(&annotations, opts->Find("annotations"));
    const Value* d = opts->Find("disableNameSuffixHash");
    if (d != nullptr && d->is_bool() && d->as_bool()) disable_hash = true;
    const Value* im = opts->Find("immutable");
    if (im != nullptr && im->is_bool() && im->as_bool()) immutable = true;
  }
  Value obj = Value::Object();
  obj.Set("apiVersion", "v1");
  obj.Set("kind", secret ? "Secret" : "ConfigMap");
  Value md = Value::Object();
  md.Set("name", name);
  if (std::string ns = Str(args.Find("namespace")); !ns.empty()) md.Set("namespace", ns);
  if (!labels.empty()) md.Set("labels", std::move(labels));
  if (!annotations.empty()) md.Set("annotations", std::move(annotations));
  obj.Set("metadata", std::move(md));
  if (secret) {
    std::string type = Str(args.Find("type"));
    obj.Set("type", type.empty() ? "Opaque" : type);
  }
  for (Value::Member& m : payload.members()) obj.Set(m.key(), std::move(m.value()));
  if (immutable) obj.Set("immutable", true);
  if (meta_.origin) {
    SetAnnotation(
        &obj, kOriginAnnotation,
        origin.empty()
            ? ConfiguredBy(KustOrigin(), secret ? "SecretGenerator" : "ConfigMapGenerator", "", "")
            : origin);
  }
  Resource r;
  r.obj = std::move(obj);
  r.needs_hash = !disable_hash;
  r.behavior = Str(args.Find("behavior"));
  if (r.behavior.empty()) r.behavior = "create";
  r.origin = kust_.file;
  Status s = ra->resources.AbsorbGenerated(std::move(r));
  if (!s.ok()) return s.WithContext(kust_.file);
  return OkStatus();
}

Status Target::RunTransformers(Accumulator* ra) {
  TransformContext ctx{ldr_, kust_.file, ra->config, state_->schema()};
  ResMap& m = ra->resources;
  const Value& k = kust_.k;
  if (const Value* p = k.Find("patchesStrategicMerge")) {
    GITOPS_RETURN_IF_ERROR(ApplyPatchesStrategicMerge(ctx, *p, &m));
    NoteTransformer(&m, "PatchStrategicMergeTransformer");
  }
  if (const Value* p = k.Find("patches")) {
    GITOPS_RETURN_IF_ERROR(ApplyPatches(ctx, *p, &m));
    NoteTransformer(&m, "PatchTransformer");
  }
  if (std::string ns = Str(k.Find("namespace")); !ns.empty()) {
    GITOPS_RETURN_IF_ERROR(ApplyNamespace(ctx, ns, &m));
    NoteTransformer(&m, "NamespaceTransformer");
  }
  if (std::string p = Str(k.Find("namePrefix")); !p.empty()) {
    GITOPS_RETURN_IF_ERROR(ApplyPrefixSuffix(ctx, p, true, &m));
    NoteTransformer(&m, "PrefixTransformer");
  }
  if (std::string s = Str(k.Find("nameSuffix")); !s.empty()) {
    GITOPS_RETURN_IF_ERROR(ApplyPrefixSuffix(ctx, s, false, &m));
    NoteTransformer(&m, "SuffixTransformer");
  }
  if (const Value* labels = k.Find("labels")) {
    GITOPS_RETURN_IF_ERROR(ApplyLabelsField(ctx, *labels, &m));
    NoteTransformer(&m, "LabelTransformer");
  }
  if (const Value* cl = k.Find("commonLabels"); cl != nullptr && cl->is_object() && !cl->empty()) {
    GITOPS_RETURN_IF_ERROR(ApplyMapField(ctx, *cl, ctx.config.common_labels, &m));
    NoteTransformer(&m, "LabelTransformer");
  }
  if (const Value* ca = k.Find("commonAnnotations");
      ca != nullptr && ca->is_object() && !ca->empty()) {
    GITOPS_RETURN_IF_ERROR(ApplyMapField(ctx, *ca, ctx.config.common_annotations, &m));
    NoteTransformer(&m, "AnnotationsTransformer");
  }
  if (const Value* p = k.Find("patchesJson6902")) {
    GITOPS_RETURN_IF_ERROR(ApplyPatchesJson6902(ctx, *p, &m));
    NoteTransformer(&m, "PatchJson6902Transformer");
  }
  if (const Value* r = k.Find("replicas")) {
    GITOPS_RETURN_IF_ERROR(ApplyReplicas(ctx, *r, &m));
    NoteTransformer(&m, "ReplicaCountTransformer");
  }
  for (std::string_view field : {"images", "imageTags"}) {
    if (const Value* im = k.Find(field)) {
      GITOPS_RETURN_IF_ERROR(ApplyImages(ctx, *im, &m));
      NoteTransformer(&m, "ImageTagTransformer");
    }
  }
  if (const Value* reps = k.Find("replacements"); reps != nullptr && reps->is_array()) {
    // Entries are replacements, or {path: FILE} holding one or a list of them.
    Value all = Value::Array();
    for (const Value& rep : reps->items()) {
      const Value* path = rep.Find("path");
      if (path == nullptr || rep.Find("source") != nullptr) {
        all.Append(rep);
        continue;
      }
      GITOPS_ASSIGN_OR_RETURN(std::string text, ldr_.Load(Str(path)));
      YamlReadOptions opts;
      opts.file = (ldr_.root() / Str(path)).string();
      GITOPS_ASSIGN_OR_RETURN(std::vector<Value> docs, ReadYaml(text, opts));
      for (const Value& d : docs) {
        if (d.is_array()) {
          for (const Value& item : d.items()) all.Append(item);
        } else {
          all.Append(d);
        }
      }
    }
    GITOPS_RETURN_IF_ERROR(ApplyReplacements(all, kust_.file, &m));
    NoteTransformer(&m, "ReplacementTransformer");
  }
  if (const Value* t = k.Find("transformers")) {
    GITOPS_ASSIGN_OR_RETURN(std::vector<Config> configs, CollectConfigs(*t));
    for (Config& c : configs) {
      GITOPS_RETURN_IF_ERROR(ApplyTransformerConfigs(ctx, {c.obj}, &m));
      const Value* md = c.obj.Find("metadata");
      NoteTransformer(&m, Str(c.obj.Find("kind")), c.configured_in,
                      Str(md != nullptr ? md->Find("name") : nullptr),
                      Str(md != nullptr ? md->Find("namespace") : nullptr));
    }
  }
  return OkStatus();
}

Status Target::Accumulate(Accumulator* ra) {
  GITOPS_RETURN_IF_ERROR(AccumulateResources(ra, Strings(Field("resources"))));
  TransformerConfig tc = DefaultTransformerConfig();
  bool own_prefix = false, own_suffix = false;
  for (const std::string& path : Strings(Field("configurations"))) {
    GITOPS_ASSIGN_OR_RETURN(std::string text, ldr_.Load(path));
    GITOPS_ASSIGN_OR_RETURN(TransformerConfig more,
                            ParseTransformerConfig(text, (ldr_.root() / path).string()));
    // Checked with kubectl kustomize: a configurations file's namePrefix /
    // nameSuffix specs replace the built-in ones; every other list extends
    // the built-in one.
    if (!more.name_prefix.empty() && !own_prefix) {
      tc.name_prefix.clear();
      own_prefix = true;
    }
    if (!more.name_suffix.empty() && !own_suffix) {
      tc.name_suffix.clear();
      own_suffix = true;
    }
    tc.Merge(more);
  }
  ra->config.Merge(tc);
  for (const std::string& path : Strings(Field("crds"))) {
    GITOPS_ASSIGN_OR_RETURN(std::string text, ldr_.Load(path));
    GITOPS_ASSIGN_OR_RETURN(TransformerConfig crd,
                            ConfigFromCrds(text, (ldr_.root() / path).string()));
    ra->config.Merge(crd);
  }
  GITOPS_RETURN_IF_ERROR(RunGenerators(ra));
  for (const std::string& path : Strings(Field("components"))) {
    GITOPS_ASSIGN_OR_RETURN(Loader sub, ldr_.New(path));
    Status s = AccumulateDirectory(ra, sub, true, path);
    if (!s.ok()) return s.WithContext("accumulating components from '" + path + "'");
  }
  GITOPS_RETURN_IF_ERROR(RunTransformers(ra));
  if (const Value* v = Field("vars")) {
    GITOPS_ASSIGN_OR_RETURN(std::vector<Var> vars, ParseVars(*v, kust_.file));
    Status s = MergeVars(vars, &ra->resources, &ra->vars);
    if (!s.ok()) return s.WithContext(kust_.file);
  }
  return OkStatus();
}

}  // namespace

Result<Value> ReadKustomizationFile(const Loader& ldr, std::string* name) {
  std::string text;
  int found = 0;
  for (std::string_view candidate : kKustomizationFileNames) {
    Result<std::string> t = ldr.Load(std::string(candidate));
    if (t.ok()) {
      ++found;
      text = std::move(t).value();
      *name = std::string(candidate);
    }
  }
  if (found == 0) {
    return NotFoundError(
        "unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in "
        "directory '" +
        ldr.root().string() + "'");
  }
  if (found > 1) {
    return InvalidArgumentError("Found multiple kustomization files under: " + ldr.root().string());
  }
  YamlReadOptions opts;
  opts.file = (ldr.root() / *name).string();
  // kustomize reads its own file leniently: a repeated key's last value wins.
  opts.duplicate_keys = DuplicateKeys::kLastWins;
  return ReadYamlDocument(text, opts);
}

Result<ResMap> BuildTarget(const Loader& ldr, const BuildOptions& options) {
  return BuildTarget(ldr, options, nullptr);
}

Result<ResMap> BuildTarget(const Loader& ldr, const BuildOptions& options,
                           const TopKustomization* top) {
  bool managed_by = options.managed_by_label;
  Kustomization k;
  if (top != nullptr) {
    Kustomization named;
    named.file = (ldr.root() / top->name).string();
    named.name = top->name;
    GITOPS_ASSIGN_OR_RETURN(k, NormaliseKustomization(top->kustomization, std::move(named)));
  } else {
    GITOPS_ASSIGN_OR_RETURN(k, LoadKustomization(ldr));
  }
  BuildMeta meta;
  if (const Value* bm = k.k.Find("buildMetadata"); bm != nullptr && bm->is_array()) {
    for (const Value& opt : bm->items()) {
      std::string o = Str(&opt);
      if (o == "originAnnotations") {
        meta.origin = true;
      } else if (o == "transformerAnnotations") {
        meta.transformer = true;
      } else if (o == "managedByLabel") {
        managed_by = true;
      } else {
        return InvalidArgumentError(k.file + ": invalid buildMetadata option '" + o + "'");
      }
    }
  }
  BuildState state;
  // Only the top kustomization's sortOptions is read (checked with kubectl
  // kustomize: a child's, even an invalid one, is ignored).
  std::optional<Value> sort_options;
  if (const Value* so = k.k.Find("sortOptions")) sort_options = *so;
  std::string top_file = k.file;
  Target t(ldr, std::move(k), meta, "", &state);
  GITOPS_RETURN_IF_ERROR(t.SetSchema(true));
  Accumulator ra;
  GITOPS_RETURN_IF_ERROR(t.Accumulate(&ra));
  AddHashSuffixes(&ra.resources);
  GITOPS_RETURN_IF_ERROR(FixNameReferences(ra.config, &ra.resources));
  GITOPS_RETURN_IF_ERROR(ResolveVars(ra.vars, ra.config.var_reference, &ra.resources));
  DropLocalConfig(&ra.resources);
  GITOPS_RETURN_IF_ERROR(SortResources(sort_options ? &*sort_options : nullptr, options.reorder,
                                       top_file, &ra.resources));
  if (managed_by) {
    for (Resource& r : ra.resources.items()) {
      Value& labels = r.obj["metadata"]["labels"];
      if (!labels.is_object()) labels = Value::Object();
      labels.Set("app.kubernetes.io/managed-by", Value(options.managed_by));
    }
  }
  return std::move(ra.resources);
}

}  // namespace gitops::render
