#include "render/flux.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <system_error>

#include "gitops/core/yaml.h"
#include "render/envsubst.h"
#include "render/resource.h"

namespace gitops::render {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kSubstituteKey = "kustomize.toolkit.fluxcd.io/substitute";
constexpr std::string_view kVarNamePattern = "^[_[:alpha:]][_[:alpha:][:digit:]]*$";
constexpr std::string_view kKustomizationFiles[] = {"kustomization.yaml", "kustomization.yml",
                                                     "Kustomization"};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

const Value* Spec(const Value& ks) {
  const Value* spec = ks.Find("spec");
  return spec != nullptr && spec->is_object() ? spec : nullptr;
}

const Value* SpecField(const Value& ks, std::string_view name) {
  const Value* spec = Spec(ks);
  return spec != nullptr ? spec->Find(name) : nullptr;
}

// unstructured.NestedString: absent is nullopt, present but not a string an error.
Result<std::optional<std::string>> SpecString(const Value& ks, std::string_view name) {
  const Value* v = SpecField(ks, name);
  if (v == nullptr || v->is_null()) return std::optional<std::string>();
  if (!v->is_string()) {
    return InvalidArgumentError("Flux Kustomization: spec." + std::string(name) +
                                " must be a string, not " +
                                std::string(Value::TypeName(v->type())));
  }
  return std::optional<std::string>(std::string(v->as_string()));
}

Result<const Value*> SpecList(const Value& ks, std::string_view name) {
  const Value* v = SpecField(ks, name);
  if (v == nullptr || v->is_null()) return static_cast<const Value*>(nullptr);
  if (!v->is_array()) {
    return InvalidArgumentError("Flux Kustomization: spec." + std::string(name) +
                                " must be a list, not " +
                                std::string(Value::TypeName(v->type())));
  }
  return v;
}

// A kustomization field, matched as encoding/json matches (case-insensitively),
// for the controller reads the file into kustomize's types and writes it back.
Value* Field(Value* k, std::string_view name) {
  std::string lower = Lower(name);
  Value* found = nullptr;
  for (Value::Member& m : k->members()) {
    if (Lower(m.key()) == lower) found = &m.value();
  }
  return found;
}

void EraseField(Value* k, std::string_view name) {
  std::string lower = Lower(name);
  std::vector<std::string> keys;
  for (const Value::Member& m : k->members()) {
    if (Lower(m.key()) == lower) keys.emplace_back(m.key());
  }
  for (const std::string& key : keys) k->Erase(key);
}

// Sets a string field as kustomize's types serialise it: an empty value is
// left out (omitempty).
void SetStringField(Value* k, std::string_view name, const std::string& value) {
  EraseField(k, name);
  if (!value.empty()) k->Set(name, Value(value));
}

Value& ListField(Value* k, std::string_view name) {
  Value* v = Field(k, name);
  if (v == nullptr || !v->is_array()) {
    EraseField(k, name);
    return k->Set(name, Value::Array());
  }
  return *v;
}

// fluxcd/pkg/kustomize IsLocalRelativePath.
bool IsLocalRelativePath(const std::string& p) {
  std::string lower = Lower(p);
  for (std::string_view prefix : {"git::", "gh:", "ssh://", "https://", "http://", "git@",
                                  "github.com:", "github.com/"}) {
    if (prefix.size() < p.size() && lower.starts_with(prefix)) return false;
  }
  std::string_view rest = lower;
  if (rest.starts_with("file://")) rest.remove_prefix(7);
  return !p.starts_with("/") && !rest.starts_with("/");
}

// securejoin.SecureJoin's lexical part: `..` cannot climb above the root
// and a leading `/` means the root. Symlinks are then resolved by the
// loader, which refuses any that lead out of the artifact root (SecureJoin
// would re-root them instead; refusing is the safer reading).
std::string ScopedPath(const std::string& path) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    std::string part = path.substr(i, j - i);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    i = j + 1;
  }
  std::string out = ".";
  for (const std::string& p : parts) out += "/" + p;
  return out;
}

bool HasKustomizationFile(const fs::path& dir) {
  std::error_code ec;
  for (std::string_view f : kKustomizationFiles) {
    fs::path p = dir / f;
    if (fs::exists(p, ec) && !fs::is_directory(p, ec)) return true;
  }
  return false;
}

// The generator's check that a file holds Kubernetes objects (kustomize's
// resource factory reading it): every document a map with a kind.
Status CheckKubernetesYaml(const Loader& ldr, const std::string& rel, const std::string& shown) {
  GITOPS_ASSIGN_OR_RETURN(std::string text, ldr.Load(rel));
  YamlReadOptions opts;
  opts.file = shown;
  Result<std::vector<Value>> docs = ReadYaml(text, opts);
  if (!docs.ok()) {
    return InvalidArgumentError("failed to decode Kubernetes YAML from " + shown + ": " +
                                std::string(docs.status().message()));
  }
  for (const Value& d : *docs) {
    const Value* kind = d.is_object() ? d.Find("kind") : nullptr;
    if (kind == nullptr || !kind->is_string() || kind->as_string().empty()) {
      return InvalidArgumentError("failed to decode Kubernetes YAML from " + shown +
                                  ": not a Kubernetes object (no kind)");
    }
  }
  return OkStatus();
}

// filepath.Walk below `dir` in lexical order, as the generator's scan:
// .yaml/.yml files that hold Kubernetes objects, and subdirectories with a
// kustomization file (not descended into). Symlinks are not followed into
// directories (Walk uses Lstat); a symlinked file is read through the
// loader, so it cannot lead out of the artifact root.
Status Scan(const Loader& ldr, const fs::path& dir, const std::string& rel, const fs::path& root,
            std::vector<std::string>* out) {
  std::vector<fs::directory_entry> entries;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    entries.push_back(*it);
  }
  if (ec) return NotFoundError("cannot read directory '" + dir.string() + "': " + ec.message());
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return a.path().filename().string() < b.path().filename().string();
  });
  for (const fs::directory_entry& e : entries) {
    std::string name = e.path().filename().string();
    std::string child = rel + "/" + name;
    if (e.is_directory(ec) && !e.is_symlink(ec)) {
      if (HasKustomizationFile(e.path())) {
        out->push_back(child);
        continue;
      }
      GITOPS_RETURN_IF_ERROR(Scan(ldr, e.path(), child, root, out));
      continue;
    }
    std::string ext = e.path().extension().string();
    if (ext != ".yaml" && ext != ".yml") continue;
    GITOPS_RETURN_IF_ERROR(CheckKubernetesYaml(ldr, child, (root / child).lexically_normal()));
    out->push_back(child);
  }
  return OkStatus();
}

std::string ObjectName(const Value& obj) {
  Gvk gvk = GvkOf(obj);
  const Value* md = obj.Find("metadata");
  std::string name = md != nullptr ? Str(md->Find("name")) : "";
  std::string ns = md != nullptr ? Str(md->Find("namespace")) : "";
  // kustomize's resid.Gvk.String() and the name, as the controller names it.
  std::string out = "'" + (gvk.kind.empty() ? "[noKind]" : gvk.kind) + "." +
                    (gvk.version.empty() ? "[noVer]" : gvk.version) + "." +
                    (gvk.group.empty() ? "[noGrp]" : gvk.group) + "/" + name + "'";
  if (!ns.empty()) out += " (namespace '" + ns + "')";
  return out;
}

bool SubstitutionDisabled(const Value& obj) {
  const Value* md = obj.Find("metadata");
  if (md == nullptr) return false;
  for (std::string_view field : {"labels", "annotations"}) {
    const Value* m = md->Find(field);
    const Value* v = m != nullptr && m->is_object() ? m->Find(kSubstituteKey) : nullptr;
    if (v != nullptr && v->is_string() && v->as_string() == "disabled") return true;
  }
  return false;
}

// A string map from the Kustomization (unstructured.NestedStringMap).
Status ReadStringMap(const Value* v, std::string_view field,
                     std::map<std::string, std::string>* out) {
  if (v == nullptr || v->is_null()) return OkStatus();
  if (!v->is_object()) {
    return InvalidArgumentError("Flux Kustomization: " + std::string(field) + " must be a map");
  }
  for (const Value::Member& m : v->members()) {
    if (!m.value().is_string()) {
      return InvalidArgumentError("Flux Kustomization: " + std::string(field) + "." +
                                  std::string(m.key()) + " must be a string");
    }
    (*out)[std::string(m.key())] = std::string(m.value().as_string());
  }
  return OkStatus();
}

std::string StripNewlines(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c != '\n') out.push_back(c);
  }
  return out;
}

void MergeStrings(const std::map<std::string, std::string>& from, Value* obj,
                  std::string_view field) {
  if (from.empty()) return;
  Value& md = (*obj)["metadata"];
  if (!md.is_object()) md = Value::Object();
  Value& m = md[field];
  if (!m.is_object()) m = Value::Object();
  for (const auto& [k, v] : from) m.Set(k, Value(v));
}

}  // namespace

Result<FluxBuild> PrepareFluxBuild(const std::string& artifact_root, const BuildOptions& options) {
  const Value& ks = *options.flux_kustomization;
  if (!ks.is_object() || Str(ks.Find("kind")) != "Kustomization" ||
      !Str(ks.Find("apiVersion")).starts_with("kustomize.toolkit.fluxcd.io/")) {
    return InvalidArgumentError(
        "the Flux Kustomization must be an object of kind Kustomization and apiVersion "
        "kustomize.toolkit.fluxcd.io/v1, not kind '" +
        Str(ks.Find("kind")) + "' apiVersion '" + Str(ks.Find("apiVersion")) + "'");
  }
  if (const Value* spec = ks.Find("spec"); spec != nullptr && !spec->is_object()) {
    return InvalidArgumentError("Flux Kustomization: spec must be a map");
  }
  FluxBuild out;
  out.options = options;
  out.options.load_restrictor = LoadRestrictor::kNone;
  if (out.options.artifact_root.empty()) out.options.artifact_root = artifact_root;

  GITOPS_ASSIGN_OR_RETURN(std::optional<std::string> path, SpecString(ks, "path"));
  std::string scoped = ScopedPath(path.value_or(""));
  fs::path dir = (fs::path(artifact_root) / scoped).lexically_normal();
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    return NotFoundError("kustomization path not found: stat " + dir.string() +
                         ": no such file or directory (spec.path '" + path.value_or("") + "')");
  }
  GITOPS_ASSIGN_OR_RETURN(out.loader, Loader::Root(dir.string(), out.options));

  // The kustomization there, or the one the controller generates.
  Value k;
  std::string name = "kustomization.yaml";
  if (HasKustomizationFile(out.loader.root())) {
    GITOPS_ASSIGN_OR_RETURN(k, ReadKustomizationFile(out.loader, &name));
    if (!k.is_object()) k = Value::Object();
    const Value* res = Field(&k, "resources");
    if (res == nullptr || !res->is_array() || res->empty()) {
      // An existing kustomization without resources: the controller sets
      // this so that kustomize does not find it empty (fluxcd/pkg
      // TestGenerator_NoResources).
      EraseField(&k, "buildMetadata");
      k.Set("buildMetadata", Value::Array({Value("originAnnotations")}));
    }
  } else {
    std::vector<std::string> files;
    GITOPS_RETURN_IF_ERROR(Scan(out.loader, out.loader.root(), ".", fs::path(scoped), &files));
    k = Value::Object();
    k.Set("apiVersion", Value("kustomize.config.k8s.io/v1beta1"));
    k.Set("kind", Value("Kustomization"));
    if (files.empty()) {
      k.Set("namespace", Value("_placeholder"));  // not empty for kustomize, as the controller
    } else {
      Value& res = k.Set("resources", Value::Array());
      for (const std::string& f : files) res.Append(Value(f));
    }
  }
  if (!Field(&k, "apiVersion")) k.Set("apiVersion", Value("kustomize.config.k8s.io/v1beta1"));
  if (!Field(&k, "kind")) k.Set("kind", Value("Kustomization"));

  GITOPS_ASSIGN_OR_RETURN(std::optional<std::string> target_ns, SpecString(ks, "targetNamespace"));
  if (target_ns) SetStringField(&k, "namespace", *target_ns);
  GITOPS_ASSIGN_OR_RETURN(std::optional<std::string> prefix, SpecString(ks, "namePrefix"));
  if (prefix) SetStringField(&k, "namePrefix", *prefix);
  GITOPS_ASSIGN_OR_RETURN(std::optional<std::string> suffix, SpecString(ks, "nameSuffix"));
  if (suffix) SetStringField(&k, "nameSuffix", *suffix);

  GITOPS_ASSIGN_OR_RETURN(const Value* patches, SpecList(ks, "patches"));
  if (patches != nullptr && !patches->empty()) {
    Value& list = ListField(&k, "patches");
    for (size_t i = 0; i < patches->size(); ++i) {
      const Value& p = (*patches)[i];
      if (!p.is_object()) {
        return InvalidArgumentError("Flux Kustomization: spec.patches[" + std::to_string(i) +
                                    "] must be a map");
      }
      Value patch = Value::Object();
      std::string text = Str(p.Find("patch"));
      if (!text.empty()) patch.Set("patch", Value(text));
      if (const Value* t = p.Find("target"); t != nullptr && t->is_object()) {
        // adaptSelector: the selector fields kustomize knows.
        Value target = Value::Object();
        for (std::string_view f : {"group", "version", "kind", "name", "namespace",
                                   "labelSelector", "annotationSelector"}) {
          std::string v = Str(t->Find(f));
          if (!v.empty()) target.Set(f, Value(v));
        }
        patch.Set("target", std::move(target));
      }
      list.Append(std::move(patch));
    }
  }

  GITOPS_ASSIGN_OR_RETURN(const Value* components, SpecList(ks, "components"));
  const Value* ignore_missing = SpecField(ks, "ignoreMissingComponents");
  bool ignore = ignore_missing != nullptr && ignore_missing->is_bool() && ignore_missing->as_bool();
  if (components != nullptr && !components->empty()) {
    Value& list = ListField(&k, "components");
    for (const Value& c : components->items()) {
      if (!c.is_string()) {
        return InvalidArgumentError("Flux Kustomization: spec.components must be strings");
      }
      std::string comp(c.as_string());
      if (!IsLocalRelativePath(comp)) {
        return InvalidArgumentError("component path '" + comp + "' must be local and relative");
      }
      if (ignore && !fs::exists(out.loader.root() / comp, ec)) continue;
      list.Append(Value(comp));
    }
  }

  GITOPS_ASSIGN_OR_RETURN(const Value* images, SpecList(ks, "images"));
  if (images != nullptr && !images->empty()) {
    Value& list = ListField(&k, "images");
    for (const Value& img : images->items()) {
      if (!img.is_object()) {
        return InvalidArgumentError("Flux Kustomization: spec.images items must be maps");
      }
      Value entry = Value::Object();
      for (std::string_view f : {"name", "newName", "newTag", "digest"}) {
        std::string v = Str(img.Find(f));
        if (!v.empty()) entry.Set(f, Value(v));
      }
      // An image of the same name is replaced whole (checkKustomizeImageExists).
      std::string image_name = Str(img.Find("name"));
      bool replaced = false;
      for (Value& have : list.items()) {
        if (have.is_object() && Str(have.Find("name")) == image_name) {
          have = entry;
          replaced = true;
          break;
        }
      }
      if (!replaced) list.Append(std::move(entry));
    }
  }
  out.top.kustomization = std::move(k);
  out.top.name = name;
  return out;
}

bool NeedsFluxPostBuild(const BuildOptions& options) {
  if (!options.substitute.empty() || !options.substitute_from.empty()) return true;
  if (!options.flux_kustomization.has_value()) return false;
  const Value& ks = *options.flux_kustomization;
  const Value* pb = SpecField(ks, "postBuild");
  return (pb != nullptr && !pb->is_null()) || SpecField(ks, "commonMetadata") != nullptr;
}

Status FluxPostBuild(const BuildOptions& options, std::vector<Value>* objects) {
  static const Value kEmpty = Value::Object();
  const Value& ks = options.flux_kustomization ? *options.flux_kustomization : kEmpty;
  const Value* post_build = SpecField(ks, "postBuild");
  if (post_build != nullptr && !post_build->is_null() && !post_build->is_object()) {
    return InvalidArgumentError("Flux Kustomization: spec.postBuild must be a map");
  }
  bool substitution = (post_build != nullptr && !post_build->is_null()) ||
                      !options.substitute.empty() || !options.substitute_from.empty();

  // The variables, by the controller's precedence: substituteFrom in order,
  // then postBuild.substitute, then the caller's own; newlines dropped.
  std::map<std::string, std::string> vars;
  bool always = false;
  if (substitution) {
    for (const auto& from : options.substitute_from) {
      for (const auto& [key, value] : from) vars[key] = StripNewlines(value);
    }
    if (post_build != nullptr && post_build->is_object()) {
      std::map<std::string, std::string> inline_vars;
      GITOPS_RETURN_IF_ERROR(
          ReadStringMap(post_build->Find("substitute"), "spec.postBuild.substitute", &inline_vars));
      for (const auto& [key, value] : inline_vars) vars[key] = StripNewlines(value);
      std::string strategy = Str(post_build->Find("substituteStrategy"));
      if (!strategy.empty() && strategy != "WithVariables" && strategy != "Always") {
        return InvalidArgumentError(
            "Flux Kustomization: spec.postBuild.substituteStrategy must be WithVariables or "
            "Always, not '" +
            strategy + "'");
      }
      always = strategy == "Always";
    }
    for (const auto& [key, value] : options.substitute) vars[key] = StripNewlines(value);
  }

  std::map<std::string, std::string> labels, annotations;
  if (const Value* cm = SpecField(ks, "commonMetadata"); cm != nullptr && !cm->is_null()) {
    if (!cm->is_object()) {
      return InvalidArgumentError("Flux Kustomization: spec.commonMetadata must be a map");
    }
    GITOPS_RETURN_IF_ERROR(
        ReadStringMap(cm->Find("labels"), "spec.commonMetadata.labels", &labels));
    GITOPS_RETURN_IF_ERROR(
        ReadStringMap(cm->Find("annotations"), "spec.commonMetadata.annotations", &annotations));
  }

  bool strict = options.strict_substitution;
  EnvLookup lookup = [&](std::string_view name) -> std::optional<std::string_view> {
    auto it = vars.find(std::string(name));
    if (it != vars.end()) return std::string_view(it->second);
    if (strict) return std::nullopt;
    return std::string_view();
  };
  bool names_checked = false;
  for (Value& obj : *objects) {
    if (options.flux_kustomization) {
      // The controller's check before anything else.
      const Value* md = obj.Find("metadata");
      if (Str(obj.Find("apiVersion")).empty() || Str(obj.Find("kind")).empty() ||
          md == nullptr || Str(md->Find("name")).empty()) {
        return InvalidArgumentError("failed to decode Kubernetes apiVersion, kind and name from " +
                                    ObjectName(obj));
      }
    }
    if (substitution && (always || !vars.empty()) && !SubstitutionDisabled(obj)) {
      if (!names_checked) {
        for (const auto& entry : vars) {
          if (!IsValidVariableName(entry.first)) {
            return InvalidArgumentError("post build failed for " + ObjectName(obj) +
                                        ": envsubst error: '" + entry.first +
                                        "' var name is invalid, must match '" +
                                        std::string(kVarNamePattern) + "'");
          }
        }
        names_checked = true;
      }
      // As the controller: the object as YAML text, substituted, read back.
      std::string text = WriteYaml(obj);
      Result<std::string> out = Envsubst(text, lookup);
      if (!out.ok()) {
        Status s = out.status();
        std::string msg = "post build failed for " + ObjectName(obj) +
                          ": envsubst error: variable substitution failed: " +
                          std::string(s.message());
        return s.code() == Code::kLimitExceeded ? LimitExceededError(msg)
                                                : InvalidArgumentError(msg);
      }
      YamlReadOptions ro;
      ro.file = "the substituted " + ObjectName(obj);
      ro.duplicate_keys = DuplicateKeys::kLastWins;
      ro.plain_scalars = YamlReadOptions::PlainScalars::kGoYamlV2;
      Result<Value> back = ReadYamlDocument(*out, ro);
      if (!back.ok()) return back.status();
      if (!back->is_object()) {
        return InvalidArgumentError("post build failed for " + ObjectName(obj) +
                                    ": the substituted text is not an object");
      }
      obj = std::move(back).value();
    }
    MergeStrings(labels, &obj, "labels");
    MergeStrings(annotations, &obj, "annotations");
  }
  return OkStatus();
}

}  // namespace gitops::render
