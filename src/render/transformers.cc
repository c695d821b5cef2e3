#include "render/transformers.h"

#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "gitops/core/yaml.h"
#include "render/hash.h"
#include "render/patch.h"
#include "render/regex.h"
#include "render/replacements.h"
#include "render/resource.h"

namespace gitops::render {
namespace {

bool Bool(const Value* v) { return v != nullptr && v->is_bool() && v->as_bool(); }

Status SetString(Value& node, const std::string& value) {
  if (node.is_object() || node.is_array()) {
    return InvalidArgumentError("expected a scalar where a name is set");
  }
  node = Value(value);
  return OkStatus();
}

// A patch target (types.Selector) with kustomize's anchored regexes.
struct Selector {
  Gvk gvk;
  std::string name, ns, label_selector, annotation_selector;
};

Result<Selector> ParseSelector(const Value& v, const std::string& where) {
  if (!v.is_object()) return InvalidArgumentError(where + ": a patch target must be a map");
  Selector s;
  s.gvk.group = Str(v.Find("group"));
  s.gvk.version = Str(v.Find("version"));
  s.gvk.kind = Str(v.Find("kind"));
  s.name = Str(v.Find("name"));
  s.ns = Str(v.Find("namespace"));
  s.label_selector = Str(v.Find("labelSelector"));
  s.annotation_selector = Str(v.Find("annotationSelector"));
  return s;
}

Result<bool> RegexMatch(const std::string& pattern, const std::string& value) {
  return FullMatch(pattern, value);
}

// Label selectors: `k=v`, `k==v`, `k!=v`, `k`, `!k`, `k in (a,b)`, `k notin (a,b)`,
// comma-separated.
bool MatchesSelector(const std::string& selector, const Value* map) {
  auto get = [&](const std::string& k) -> const Value* {
    return map != nullptr && map->is_object() ? map->Find(k) : nullptr;
  };
  auto trim = [](std::string s) {
    while (!s.empty() && s.front() == ' ') s.erase(s.begin());
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
  };
  std::vector<std::string> terms;
  int depth = 0;
  std::string cur;
  for (char c : selector) {
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) {
      terms.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  terms.push_back(cur);
  for (std::string t : terms) {
    t = trim(t);
    if (t.empty()) continue;
    size_t ne = t.find("!=");
    size_t eq = t.find('=');
    size_t in = t.find(" in ");
    size_t notin = t.find(" notin ");
    if (ne != std::string::npos) {
      const Value* v = get(trim(t.substr(0, ne)));
      if (v != nullptr && Str(v) == trim(t.substr(ne + 2))) return false;
    } else if (eq != std::string::npos) {
      std::string val = t.substr(t[eq + 1] == '=' ? eq + 2 : eq + 1);
      const Value* v = get(trim(t.substr(0, eq)));
      if (v == nullptr || Str(v) != trim(val)) return false;
    } else if (in != std::string::npos || notin != std::string::npos) {
      bool negate = notin != std::string::npos;
      size_t at = negate ? notin : in;
      std::string key = trim(t.substr(0, at));
      size_t open = t.find('('), close = t.find(')');
      std::string set = open != std::string::npos && close != std::string::npos
                            ? t.substr(open + 1, close - open - 1)
                            : std::string();
      const Value* v = get(key);
      bool found = false;
      size_t pos = 0;
      while (pos <= set.size()) {
        size_t c = set.find(',', pos);
        std::string item =
            trim(set.substr(pos, c == std::string::npos ? std::string::npos : c - pos));
        if (v != nullptr && Str(v) == item) found = true;
        if (c == std::string::npos) break;
        pos = c + 1;
      }
      if (negate ? found : !found) return false;
    } else if (t[0] == '!') {
      if (get(trim(t.substr(1))) != nullptr) return false;
    } else if (get(t) == nullptr) {
      return false;
    }
  }
  return true;
}

std::string EffectiveNamespace(const ResId& id) {
  if (id.gvk.IsClusterScoped()) return "~X";
  return id.ns.empty() ? "default" : id.ns;
}

Result<std::vector<size_t>> Select(const ResMap& m, const Selector& s) {
  std::vector<size_t> out;
  for (size_t i = 0; i < m.size(); ++i) {
    const Resource& r = m.items()[i];
    ResId cur = r.CurId(), org = r.OrgId();
    if (!s.ns.empty()) {
      GITOPS_ASSIGN_OR_RETURN(bool a, RegexMatch(s.ns, EffectiveNamespace(org)));
      GITOPS_ASSIGN_OR_RETURN(bool b, RegexMatch(s.ns, EffectiveNamespace(cur)));
      if (!a && !b) continue;
    }
    GITOPS_ASSIGN_OR_RETURN(bool na, RegexMatch(s.name, org.name));
    GITOPS_ASSIGN_OR_RETURN(bool nb, RegexMatch(s.name, cur.name));
    if (!na && !nb) continue;
    if (!s.gvk.Selects(cur.gvk)) continue;
    const Value* md = r.obj.Find("metadata");
    if (!s.label_selector.empty() &&
        !MatchesSelector(s.label_selector, md ? md->Find("labels") : nullptr)) {
      continue;
    }
    if (!s.annotation_selector.empty() &&
        !MatchesSelector(s.annotation_selector, md ? md->Find("annotations") : nullptr)) {
      continue;
    }
    out.push_back(i);
  }
  return out;
}

// The one resource any of whose ids is `id`.
Result<size_t> FindByAnyId(const ResMap& m, const ResId& id, const std::string& what) {
  std::vector<size_t> hits;
  for (size_t i = 0; i < m.size(); ++i) {
    const Resource& r = m.items()[i];
    bool hit = r.CurId().Equals(id);
    for (const ResId& p : r.previous) hit = hit || p.Equals(id);
    if (hit) hits.push_back(i);
  }
  if (hits.size() != 1) {
    return NotFoundError((hits.empty() ? "no matches for Id " : "multiple matches for Id ") +
                         id.String() + "; failed to find unique target for patch " + what);
  }
  return hits[0];
}

struct PatchOptions {
  bool allow_name_change = false;
  bool allow_kind_change = false;
};

// Applies one strategic merge patch to m[i], as kustomize's Resource.ApplySmPatch.
Status ApplySmpTo(const MergeSchema& schema, ResMap* m, size_t i, const Value& patch,
                  const PatchOptions& opts, std::vector<bool>* deleted) {
  Resource& r = m->items()[i];
  std::string name = r.name(), ns = r.ns();
  Value kind = r.obj.Find("kind") ? *r.obj.Find("kind") : Value();
  Value api = r.obj.Find("apiVersion") ? *r.obj.Find("apiVersion") : Value();
  if (opts.allow_name_change || opts.allow_kind_change) r.StorePreviousId();
  Value p = patch;
  p.Set("apiVersion", api);
  if (!opts.allow_kind_change) p.Set("kind", kind);
  bool gone = false;
  GITOPS_RETURN_IF_ERROR(StrategicMerge(&r.obj, p, schema, &gone));
  if (gone) {
    (*deleted)[i] = true;
    return OkStatus();
  }
  if (!opts.allow_name_change) r.SetName(name);
  r.SetNamespace(ns);
  return OkStatus();
}

void EraseDeleted(ResMap* m, const std::vector<bool>& deleted) {
  std::vector<Resource> keep;
  for (size_t i = 0; i < m->size(); ++i) {
    if (!deleted[i]) keep.push_back(std::move(m->items()[i]));
  }
  m->items() = std::move(keep);
}

// Reads a patch given as a file path or inline text.
Result<std::string> PatchText(const TransformContext& ctx, const std::string& s) {
  if (s.find('\n') != std::string::npos) return s;
  Result<std::string> text = ctx.ldr.Load(s);
  if (text.ok()) return text;
  if (s.find(':') != std::string::npos && !IsNotFound(text.status())) return s;
  if (s.find(": ") != std::string::npos || s.starts_with("[") || s.starts_with("{")) return s;
  return text.status().WithContext(ctx.file);
}

Result<std::vector<Value>> ReadPatchDocs(const std::string& text, const std::string& where) {
  YamlReadOptions opts;
  opts.file = where;
  return ReadYaml(text, opts);
}

ResId PatchId(const Value& patch) {
  Resource tmp;
  tmp.obj = patch;
  return tmp.CurId();
}

Status SmpByOwnId(const MergeSchema& schema, ResMap* m, const std::vector<Value>& docs,
                  const PatchOptions& opts, const std::string& where) {
  for (const Value& doc : docs) {
    if (!doc.is_object()) return InvalidArgumentError(where + ": a patch must be a map");
    GITOPS_ASSIGN_OR_RETURN(size_t i, FindByAnyId(*m, PatchId(doc), where));
    std::vector<bool> deleted(m->size(), false);
    GITOPS_RETURN_IF_ERROR(ApplySmpTo(schema, m, i, doc, opts, &deleted));
    EraseDeleted(m, deleted);
  }
  return OkStatus();
}

Status Apply6902To(Resource* r, const Value& ops, const std::string& where) {
  // A JSON patch that renames the object leaves the old identity behind, so
  // that later patches by the old name still find it (and clash with a
  // second object of that name, as in kustomize).
  ResId before = r->CurId();
  Status s = ApplyJson6902(&r->obj, ops);
  if (s.ok() && !before.Equals(r->CurId())) r->previous.push_back(before);
  if (!s.ok()) return s.WithContext(where + ": applying JSON patch to " + r->CurId().String());
  return OkStatus();
}

bool SmellsLikeNameChange(const FieldSpec& fs) { return fs.path == "metadata/name"; }

bool SkipForPrefix(const Gvk& g) {
  return g.kind == "CustomResourceDefinition" ||
         (g.group == "apiregistration.k8s.io" && g.kind == "APIService") || g.kind == "Namespace";
}

void SetPairs(Value& node, const Value& pairs) {
  if (!node.is_object()) node = Value::Object();
  for (const Value::Member& p : pairs.members()) node.Set(p.key(), Value(Str(&p.value())));
}

// kustomize's image.Split: name, tag and digest of an image reference.
void SplitImage(const std::string& image, std::string* name, std::string* tag,
                std::string* digest) {
  size_t slash = image.find('/');
  size_t base = slash != std::string::npos && slash > 0 ? slash : 0;
  std::string search = image.substr(base);
  size_t at = search.find('@'), colon = search.find(':');
  tag->clear();
  digest->clear();
  if (at == std::string::npos && colon == std::string::npos) {
    *name = image;
    return;
  }
  if (at != std::string::npos && (colon == std::string::npos || at < colon)) {
    *name = image.substr(0, base + at);
    *digest = image.substr(base + at + 1);
    return;
  }
  if (at != std::string::npos) {
    *name = image.substr(0, base + colon);
    *tag = image.substr(base + colon + 1, at - colon - 1);
    *digest = image.substr(base + at + 1);
    return;
  }
  *name = image.substr(0, base + colon);
  *tag = image.substr(base + colon + 1);
}

struct ImageRule {
  std::string name, new_name, new_tag, digest, tag_suffix;
};

bool UpdateImage(Value& node, const ImageRule& rule) {
  if (!node.is_string()) return false;
  std::string name, tag, digest;
  SplitImage(std::string(node.as_string()), &name, &tag, &digest);
  if (name != rule.name) return false;
  if (!rule.new_name.empty()) name = rule.new_name;
  if (!rule.new_tag.empty() && !rule.digest.empty()) {
    tag = rule.new_tag;
    digest = rule.digest;
  } else if (!rule.new_tag.empty()) {
    tag = rule.new_tag;
    digest.clear();
  } else if (!rule.digest.empty()) {
    digest = rule.digest;
    tag.clear();
  }
  if (!rule.tag_suffix.empty()) tag += rule.tag_suffix;
  if (!tag.empty()) name += ":" + tag;
  if (!digest.empty()) name += "@" + digest;
  node = Value(name);
  return true;
}

void UpdateContainersDeep(Value& node, const ImageRule& rule) {
  if (node.is_array()) {
    for (Value& item : node.items()) UpdateContainersDeep(item, rule);
    return;
  }
  if (!node.is_object()) return;
  for (Value::Member& m : node.members()) {
    if ((m.key() == "containers" || m.key() == "initContainers") && m.value().is_array()) {
      for (Value& c : m.value().items()) {
        if (Value* image = c.Find("image")) UpdateImage(*image, rule);
      }
    } else {
      UpdateContainersDeep(m.value(), rule);
    }
  }
}

Status ApplyImageRules(const std::vector<ImageRule>& rules, const FsSlice& specs, ResMap* m) {
  for (const ImageRule& rule : rules) {
    for (Resource& r : m->items()) {
      UpdateContainersDeep(r.obj, rule);
      for (const FieldSpec& fs : specs) {
        if (!fs.gvk.Selects(r.OrgId().gvk)) continue;
        GITOPS_RETURN_IF_ERROR(WalkFieldSpec(r.obj, fs, Value(""), [&](Value& node) {
          UpdateImage(node, rule);
          return OkStatus();
        }));
      }
    }
  }
  return OkStatus();
}

Status ApplyPrefixSuffixSpecs(const std::string& affix, bool prefix, const FsSlice& specs,
                              ResMap* m) {
  for (Resource& r : m->items()) {
    Gvk org = r.OrgId().gvk;
    if (SkipForPrefix(org)) continue;
    for (const FieldSpec& fs : specs) {
      if (!fs.gvk.Selects(org)) continue;
      if (SmellsLikeNameChange(fs)) {
        (prefix ? r.prefixes : r.suffixes).push_back(affix);
        if (!affix.empty()) r.StorePreviousId();
      }
      GITOPS_RETURN_IF_ERROR(WalkFieldSpec(r.obj, fs, Value(""), [&](Value& node) {
        if (!node.is_string()) return OkStatus();
        std::string v(node.as_string());
        node = Value(prefix ? affix + v : v + affix);
        return OkStatus();
      }));
    }
  }
  return OkStatus();
}

Status ApplyPairsSpecs(const Value& pairs, const FsSlice& specs, ResMap* m) {
  for (Resource& r : m->items()) {
    Gvk g = r.OrgId().gvk;
    for (const FieldSpec& fs : specs) {
      if (!fs.gvk.Selects(g)) continue;
      GITOPS_RETURN_IF_ERROR(WalkFieldSpec(r.obj, fs, Value::Object(), [&](Value& node) {
        SetPairs(node, pairs);
        return OkStatus();
      }));
    }
  }
  return OkStatus();
}

Status ApplyNamespaceSpecs(const std::string& ns, const FsSlice& specs, ResMap* m) {
  for (Resource& r : m->items()) {
    Gvk g = r.gvk();
    if (!g.IsClusterScoped()) {
      if (r.ns() != ns) r.StorePreviousId();
      r.SetNamespace(ns);
    } else if (g.kind == "Namespace" && g.group.empty() && r.name() != ns) {
      // The Namespace object itself is renamed below: keep its old name.
      r.StorePreviousId();
    }
    bool binding = (g.kind == "RoleBinding" || g.kind == "ClusterRoleBinding");
    if (binding) {
      if (Value* subjects = r.obj.Find("subjects"); subjects != nullptr && subjects->is_array()) {
        for (Value& s : subjects->items()) {
          if (s.is_object() && Str(s.Find("name")) == "default") s.Set("namespace", ns);
        }
      }
    }
    for (const FieldSpec& fs : specs) {
      if (fs.path == "metadata/namespace") continue;
      if (fs.path.starts_with("subjects")) continue;
      if (!fs.gvk.Selects(g)) continue;
      if (fs.path == "metadata/name" && fs.gvk.kind == "Namespace" &&
          !(g.group.empty() && g.version == "v1")) {
        continue;
      }
      GITOPS_RETURN_IF_ERROR(
          WalkFieldSpec(r.obj, fs, Value(""), [&](Value& node) { return SetString(node, ns); }));
    }
  }
  for (size_t i = 0; i < m->size(); ++i) {
    for (size_t j = i + 1; j < m->size(); ++j) {
      if (m->items()[i].CurId().Equals(m->items()[j].CurId())) {
        return InvalidArgumentError("namespace transformation produces ID conflict: " +
                                    m->items()[i].CurId().String());
      }
    }
  }
  return OkStatus();
}

Status ApplyReplicaRule(const std::string& name, const Value& count, const FsSlice& specs,
                        ResMap* m) {
  bool found = false;
  for (Resource& r : m->items()) {
    bool named = r.name() == name;
    for (const ResId& p : r.previous) named = named || p.name == name;
    if (!named) continue;
    for (const FieldSpec& fs : specs) {
      if (!fs.gvk.Selects(r.OrgId().gvk)) continue;
      found = true;
      GITOPS_RETURN_IF_ERROR(WalkFieldSpec(r.obj, fs, Value(0), [&](Value& node) {
        node = count;
        return OkStatus();
      }));
    }
  }
  if (!found) {
    return NotFoundError("resource with name " + name +
                         " does not match a config with the following GVK");
  }
  return OkStatus();
}

}  // namespace

Status ApplyPatchesStrategicMerge(const TransformContext& ctx, const Value& list, ResMap* m) {
  if (!list.is_array()) return OkStatus();
  for (size_t n = 0; n < list.size(); ++n) {
    const Value& entry = list[n];
    GITOPS_ASSIGN_OR_RETURN(std::string text, PatchText(ctx, Str(&entry)));
    GITOPS_ASSIGN_OR_RETURN(std::vector<Value> docs, ReadPatchDocs(text, Str(&entry)));
    std::string what = entry.is_string() && Str(&entry).find('\n') == std::string::npos
                           ? "'" + Str(&entry) + "' "
                           : std::string();
    GITOPS_RETURN_IF_ERROR(
        SmpByOwnId(ctx.schema, m, docs, {},
                   what + "(" + ctx.file + ": patchesStrategicMerge[" + std::to_string(n) + "])"));
  }
  return OkStatus();
}

Status ApplyPatches(const TransformContext& ctx, const Value& list, ResMap* m) {
  if (!list.is_array()) return OkStatus();
  for (size_t n = 0; n < list.size(); ++n) {
    const Value& entry = list[n];
    const std::string field = "patches[" + std::to_string(n) + "]";
    std::string path = Str(entry.Find("path"));
    std::string inline_patch = Str(entry.Find("patch"));
    if (path.empty() == inline_patch.empty()) {
      return InvalidArgumentError(ctx.file +
                                  ": a patch must have exactly one of 'path' or 'patch'");
    }
    std::string text;
    if (!path.empty()) {
      Result<std::string> t = ctx.ldr.Load(path);
      if (!t.ok()) return t.status().WithContext(ctx.file);
      text = std::move(t).value();
    } else {
      text = inline_patch;
    }
    std::string where = path.empty() ? ctx.file : path;
    GITOPS_ASSIGN_OR_RETURN(std::vector<Value> docs, ReadPatchDocs(text, where));
    PatchOptions opts;
    if (const Value* o = entry.Find("options")) {
      opts.allow_name_change = Bool(o->Find("allowNameChange"));
      opts.allow_kind_change = Bool(o->Find("allowKindChange"));
    }
    bool json6902 = docs.size() == 1 && docs[0].is_array();
    const Value* target = entry.Find("target");
    if (target == nullptr || target->is_null()) {
      if (json6902) return InvalidArgumentError(where + ": must specify a target for JSON patch");
      GITOPS_RETURN_IF_ERROR(SmpByOwnId(ctx.schema, m, docs, opts,
                                        (path.empty() ? std::string() : "'" + path + "' ") + "(" +
                                            ctx.file + ": " + field + ")"));
      continue;
    }
    GITOPS_ASSIGN_OR_RETURN(Selector sel, ParseSelector(*target, ctx.file));
    Result<std::vector<size_t>> selected = Select(*m, sel);
    if (!selected.ok()) return selected.status().WithContext(ctx.file + ": " + field + ".target");
    std::vector<size_t> hits = std::move(selected).value();
    if (json6902) {
      for (size_t i : hits) GITOPS_RETURN_IF_ERROR(Apply6902To(&m->items()[i], docs[0], where));
      continue;
    }
    for (const Value& doc : docs) {
      std::vector<bool> deleted(m->size(), false);
      for (size_t i : hits)
        GITOPS_RETURN_IF_ERROR(ApplySmpTo(ctx.schema, m, i, doc, opts, &deleted));
      EraseDeleted(m, deleted);
      if (std::find(deleted.begin(), deleted.end(), true) != deleted.end()) {
        GITOPS_ASSIGN_OR_RETURN(hits, Select(*m, sel));
      }
    }
  }
  return OkStatus();
}

Status ApplyPatchesJson6902(const TransformContext& ctx, const Value& list, ResMap* m) {
  if (!list.is_array()) return OkStatus();
  for (size_t n = 0; n < list.size(); ++n) {
    const Value& entry = list[n];
    const std::string field = "patchesJson6902[" + std::to_string(n) + "]";
    const Value* target = entry.Find("target");
    if (target == nullptr) return InvalidArgumentError(ctx.file + ": " + field + " needs a target");
    std::string path = Str(entry.Find("path"));
    std::string text = path.empty() ? Str(entry.Find("patch")) : std::string();
    if (!path.empty()) {
      Result<std::string> t = ctx.ldr.Load(path);
      if (!t.ok()) return t.status().WithContext(ctx.file);
      text = std::move(t).value();
    }
    GITOPS_ASSIGN_OR_RETURN(std::vector<Value> docs,
                            ReadPatchDocs(text, path.empty() ? ctx.file : path));
    if (docs.size() != 1 || !docs[0].is_array()) {
      return InvalidArgumentError((path.empty() ? ctx.file : path) +
                                  ": a JSON 6902 patch must be a list of operations");
    }
    GITOPS_ASSIGN_OR_RETURN(Selector sel, ParseSelector(*target, ctx.file));
    Result<std::vector<size_t>> hits = Select(*m, sel);
    if (!hits.ok()) return hits.status().WithContext(ctx.file + ": " + field + ".target");
    for (size_t i : *hits) GITOPS_RETURN_IF_ERROR(Apply6902To(&m->items()[i], docs[0], ctx.file));
  }
  return OkStatus();
}

Status ApplyNamespace(const TransformContext& ctx, const std::string& ns, ResMap* m) {
  return ApplyNamespaceSpecs(ns, ctx.config.name_space, m);
}

Status ApplyPrefixSuffix(const TransformContext& ctx, const std::string& affix, bool prefix,
                         ResMap* m) {
  return ApplyPrefixSuffixSpecs(affix, prefix,
                                prefix ? ctx.config.name_prefix : ctx.config.name_suffix, m);
}

Status ApplyLabelsField(const TransformContext& ctx, const Value& list, ResMap* m) {
  if (!list.is_array()) return OkStatus();
  for (const Value& entry : list.items()) {
    const Value* pairs = entry.Find("pairs");
    if (pairs == nullptr || !pairs->is_object() || pairs->empty()) continue;
    FsSlice specs;
    if (const Value* f = entry.Find("fields")) {
      GITOPS_ASSIGN_OR_RETURN(specs, ParseFieldSpecs(*f, ctx.file + ": labels.fields"));
    }
    if (Bool(entry.Find("includeSelectors"))) {
      MergeFieldSpecs(&specs, ctx.config.common_labels);
    } else {
      MergeFieldSpecs(&specs, {FieldSpec{{}, "metadata/labels", true}});
      if (Bool(entry.Find("includeTemplates"))) MergeFieldSpecs(&specs, ctx.config.template_labels);
    }
    // A `configurations` file's `labels:` specs extend every labels entry.
    MergeFieldSpecs(&specs, ctx.config.labels);
    GITOPS_RETURN_IF_ERROR(ApplyPairsSpecs(*pairs, specs, m));
  }
  return OkStatus();
}

Status ApplyMapField(const TransformContext&, const Value& pairs, const FsSlice& specs, ResMap* m) {
  return ApplyPairsSpecs(pairs, specs, m);
}

Status ApplyReplicas(const TransformContext& ctx, const Value& list, ResMap* m) {
  if (!list.is_array()) return OkStatus();
  for (const Value& entry : list.items()) {
    const Value* count = entry.Find("count");
    GITOPS_RETURN_IF_ERROR(ApplyReplicaRule(Str(entry.Find("name")), count ? *count : Value(0),
                                            ctx.config.replicas, m));
  }
  return OkStatus();
}

Status ApplyImages(const TransformContext& ctx, const Value& list, ResMap* m) {
  if (!list.is_array()) return OkStatus();
  std::vector<ImageRule> rules;
  for (const Value& entry : list.items()) {
    rules.push_back({Str(entry.Find("name")), Str(entry.Find("newName")), Str(entry.Find("newTag")),
                     Str(entry.Find("digest")), Str(entry.Find("tagSuffix"))});
  }
  return ApplyImageRules(rules, ctx.config.images, m);
}

Status ApplyTransformerConfigs(const TransformContext& ctx, const std::vector<Value>& configs,
                               ResMap* m) {
  const std::string& s = ctx.file;
  for (const Value& cfg : configs) {
    std::string kind = Str(cfg.Find("kind"));
    auto specs_or = [&](const FsSlice& fallback) -> Result<FsSlice> {
      const Value* f = cfg.Find("fieldSpecs");
      if (f == nullptr) return fallback;
      return ParseFieldSpecs(*f, s + ": fieldSpecs");
    };
    if (kind == "LabelTransformer" || kind == "AnnotationsTransformer") {
      bool labels = kind == "LabelTransformer";
      GITOPS_ASSIGN_OR_RETURN(FsSlice specs, specs_or({}));
      const Value* pairs = cfg.Find(labels ? "labels" : "annotations");
      if (pairs != nullptr && pairs->is_object()) {
        GITOPS_RETURN_IF_ERROR(ApplyPairsSpecs(*pairs, specs, m));
      }
    } else if (kind == "PrefixSuffixTransformer" || kind == "PrefixTransformer" ||
               kind == "SuffixTransformer") {
      GITOPS_ASSIGN_OR_RETURN(FsSlice specs, specs_or({}));
      std::string prefix = Str(cfg.Find("prefix")), suffix = Str(cfg.Find("suffix"));
      if (kind != "SuffixTransformer") {
        GITOPS_RETURN_IF_ERROR(ApplyPrefixSuffixSpecs(prefix, true, specs, m));
      }
      if (kind != "PrefixTransformer") {
        GITOPS_RETURN_IF_ERROR(ApplyPrefixSuffixSpecs(suffix, false, specs, m));
      }
    } else if (kind == "NamespaceTransformer") {
      GITOPS_ASSIGN_OR_RETURN(FsSlice specs, specs_or({}));
      const Value* md = cfg.Find("metadata");
      GITOPS_RETURN_IF_ERROR(
          ApplyNamespaceSpecs(Str(md ? md->Find("namespace") : nullptr), specs, m));
    } else if (kind == "ImageTagTransformer") {
      GITOPS_ASSIGN_OR_RETURN(FsSlice specs, specs_or({}));
      const Value* it = cfg.Find("imageTag");
      if (it == nullptr) continue;
      ImageRule rule{Str(it->Find("name")), Str(it->Find("newName")), Str(it->Find("newTag")),
                     Str(it->Find("digest")), Str(it->Find("tagSuffix"))};
      GITOPS_RETURN_IF_ERROR(ApplyImageRules({rule}, specs, m));
    } else if (kind == "ReplicaCountTransformer") {
      GITOPS_ASSIGN_OR_RETURN(FsSlice specs, specs_or({}));
      const Value* rep = cfg.Find("replica");
      if (rep == nullptr) continue;
      const Value* count = rep->Find("count");
      GITOPS_RETURN_IF_ERROR(
          ApplyReplicaRule(Str(rep->Find("name")), count ? *count : Value(0), specs, m));
    } else if (kind == "ReplacementTransformer") {
      const Value* reps = cfg.Find("replacements");
      if (reps != nullptr) GITOPS_RETURN_IF_ERROR(ApplyReplacements(*reps, s, m));
    } else if (kind == "PatchJson6902Transformer") {
      Value one = Value::Array();
      Value e = Value::Object();
      for (std::string_view f : {"path", "target"}) {
        if (const Value* v = cfg.Find(f)) e.Set(f, *v);
      }
      if (const Value* op = cfg.Find("jsonOp")) e.Set("patch", *op);
      one.Append(std::move(e));
      GITOPS_RETURN_IF_ERROR(ApplyPatchesJson6902(ctx, one, m));
    } else if (kind == "PatchStrategicMergeTransformer") {
      Value list = Value::Array();
      if (const Value* paths = cfg.Find("paths"); paths != nullptr && paths->is_array()) {
        for (const Value& p : paths->items()) list.Append(p);
      }
      if (const Value* patches = cfg.Find("patches"); patches != nullptr && patches->is_string()) {
        list.Append(*patches);
      }
      GITOPS_RETURN_IF_ERROR(ApplyPatchesStrategicMerge(ctx, list, m));
    } else if (kind == "PatchTransformer") {
      Value one = Value::Array();
      Value e = Value::Object();
      for (std::string_view f : {"path", "patch", "target", "options"}) {
        if (const Value* v = cfg.Find(f)) e.Set(f, *v);
      }
      one.Append(std::move(e));
      GITOPS_RETURN_IF_ERROR(ApplyPatches(ctx, one, m));
    } else {
      return UnimplementedError(s + ": the transformer kind '" + kind +
                                "' is not supported by gitops yet");
    }
  }
  return OkStatus();
}

void AddHashSuffixes(ResMap* m) {
  for (Resource& r : m->items()) {
    if (!r.needs_hash) continue;
    std::string h = KustomizeHash(r.obj);
    r.StorePreviousId();
    r.SetName(r.name() + "-" + h);
  }
}

namespace {

// The resources `referrer` could refer to (kustomize's
// SubsetThatCouldBeReferencedByResource): as a predicate.
class ReferenceScope {
 public:
  explicit ReferenceScope(const Resource& referrer) : ref_(referrer.CurId()) {
    cluster_ = ref_.gvk.IsClusterScoped();
    if (ref_.gvk.kind != "RoleBinding") return;
    const Value* subjects = referrer.obj.Find("subjects");
    if (subjects == nullptr || !subjects->is_array()) return;
    for (const Value& s : subjects->items()) {
      if (Str(s.Find("kind")) == "ServiceAccount" && s.Find("namespace") != nullptr) {
        binding_ns_.push_back(Str(s.Find("namespace")));
      }
    }
  }
  bool Contains(const Resource& r) const {
    if (cluster_) return true;
    ResId id = r.CurId();
    return id.gvk.IsClusterScoped() || id.NsEquals(ref_) ||
           std::find(binding_ns_.begin(), binding_ns_.end(), id.ns) != binding_ns_.end();
  }

 private:
  ResId ref_;
  bool cluster_ = false;
  std::vector<std::string> binding_ns_;
};

// Resources by each name they were known by (kustomize's PrevIds), in
// resource order: the first sieve of a name reference is an index lookup.
using NameIndex = std::unordered_map<std::string, std::vector<const Resource*>>;

struct NameRefContext {
  const Resource* referrer;
  const FieldSpec* spec;
  const Gvk* target;
  const ResMap* all;
  const NameIndex* by_name;
  const ReferenceScope* scope;

  // The resources in scope once known as `name`.
  std::vector<const Resource*> Named(const std::string& name) const {
    std::vector<const Resource*> out;
    auto it = by_name->find(name);
    if (it == by_name->end()) return out;
    for (const Resource* r : it->second) {
      if (scope->Contains(*r)) out.push_back(r);
    }
    return out;
  }
};

std::vector<const Resource*> Sieve(const NameRefContext& c, const std::string& old_name,
                                   std::vector<const Resource*> in, bool with_ns,
                                   const Resource** chosen, Status* error) {
  *chosen = nullptr;
  auto keep = [&](auto pred) {
    std::vector<const Resource*> out;
    for (const Resource* r : in) {
      if (pred(*r)) out.push_back(r);
    }
    in = std::move(out);
  };
  // `in` holds only resources once named `old_name` (see NameRefContext).
  (void)old_name;
  keep([&](const Resource& r) {
    for (const ResId& id : r.PrevIds()) {
      if (c.target->Selects(id.gvk)) return true;
    }
    return false;
  });
  if (c.spec->path.ends_with("roleRef/name")) {
    const Value* rr = c.referrer->obj.Find("roleRef");
    if (rr != nullptr && rr->Find("apiGroup") != nullptr && rr->Find("kind") != nullptr) {
      Gvk want{Str(rr->Find("apiGroup")), "", Str(rr->Find("kind"))};
      keep([&](const Resource& r) {
        for (const ResId& id : r.PrevIds()) {
          if (want.Selects(id.gvk)) return true;
        }
        return false;
      });
    }
  }
  ResId ref = c.referrer->CurId();
  if (!ref.gvk.IsClusterScoped()) {
    keep([&](const Resource& r) {
      ResId id = r.CurId();
      return id.gvk.IsClusterScoped() || id.gvk.kind == "ServiceAccount" || ref.NsEquals(id);
    });
  }
  if (in.size() == 1) {
    *chosen = in[0];
    return in;
  }
  keep([&](const Resource& r) { return r.PrefixesSuffixesEqual(*c.referrer); });
  if (in.size() == 1) {
    *chosen = in[0];
    return in;
  }
  if (in.empty()) return in;
  bool same = true;
  for (const Resource* r : in) {
    same = same && r->name() == in[0]->name() && (!with_ns || r->ns() == in[0]->ns());
  }
  if (same) {
    *chosen = in[0];
    return in;
  }
  std::string ids;
  for (const Resource* r : in) ids += (ids.empty() ? "" : ", ") + r->CurId().String();
  *error = InvalidArgumentError("found multiple possible referrals: " + ids + " for '" +
                                c.spec->path + "' of " + c.referrer->CurId().String());
  return in;
}

Status SetScalarRef(const NameRefContext& c, Value& node) {
  if (!node.is_string()) return OkStatus();
  const Resource* chosen = nullptr;
  Status err;
  std::string old(node.as_string());
  Sieve(c, old, c.Named(old), false, &chosen, &err);
  GITOPS_RETURN_IF_ERROR(err);
  if (chosen != nullptr) node = Value(chosen->name());
  return OkStatus();
}

Status SetMappingRef(const NameRefContext& c, Value& node) {
  const Value* name = node.Find("name");
  if (name == nullptr) return InvalidArgumentError("path config error; no 'name' field in node");
  std::string old = Str(name);
  std::vector<const Resource*> cands = c.Named(old);
  if (const Value* ns = node.Find("namespace")) {
    if (ns->is_null() || (ns->is_string() && ns->as_string().empty())) {
      return InvalidArgumentError("Invalid Input: namespace is blank for resource \"" +
                                  c.referrer->CurId().String() + "\"");
    }
    // kustomize groups all candidates by original namespace and uses that
    // group when one exists for `want`, else the current-namespace group.
    std::string want = Str(ns);
    bool org_group = false;
    for (const Resource& r : c.all->items()) {
      if (c.scope->Contains(r) && r.OrgId().ns == want) {
        org_group = true;
        break;
      }
    }
    std::vector<const Resource*> in_ns;
    for (const Resource* r : cands) {
      if ((org_group ? r->OrgId().ns : r->ns()) == want) in_ns.push_back(r);
    }
    cands = std::move(in_ns);
  }
  const Resource* chosen = nullptr;
  Status err;
  Sieve(c, old, cands, true, &chosen, &err);
  GITOPS_RETURN_IF_ERROR(err);
  if (chosen == nullptr) return OkStatus();
  if (chosen->name() == old && chosen->ns().empty()) return OkStatus();
  node.Set("name", chosen->name());
  if (!chosen->ns().empty()) node.Set("namespace", chosen->ns());
  return OkStatus();
}

Status SetRef(const NameRefContext& c, Value& node) {
  if (node.is_null()) return OkStatus();
  if (node.is_string()) return SetScalarRef(c, node);
  if (node.is_object()) return SetMappingRef(c, node);
  if (node.is_array()) {
    for (Value& item : node.items()) {
      if (item.is_object()) {
        GITOPS_RETURN_IF_ERROR(SetMappingRef(c, item));
      } else if (item.is_string()) {
        GITOPS_RETURN_IF_ERROR(SetScalarRef(c, item));
      }
    }
  }
  return OkStatus();
}

}  // namespace

Status FixNameReferences(const TransformerConfig& config, ResMap* m) {
  NameIndex by_name;
  for (const Resource& r : m->items()) {
    for (const ResId& id : r.PrevIds()) {
      std::vector<const Resource*>& list = by_name[id.name];
      if (list.empty() || list.back() != &r) list.push_back(&r);
    }
  }
  const ResMap& all = *m;
  for (Resource& r : m->items()) {
    Gvk org = r.OrgId().gvk;
    std::optional<ReferenceScope> scope;
    for (const NameBackReference& back : config.name_reference) {
      for (const FieldSpec& fs : back.referrers) {
        if (!fs.gvk.Selects(org)) continue;
        if (!scope) scope.emplace(r);
        NameRefContext c{&r, &fs, &back.gvk, &all, &by_name, &*scope};
        FieldSpec walk = fs;
        walk.create = false;
        Status s =
            WalkFieldSpec(r.obj, walk, Value(), [&](Value& node) { return SetRef(c, node); });
        if (!s.ok()) {
          return s.WithContext("updating name reference in '" + fs.path + "' field of '" +
                               r.CurId().String() + "'");
        }
      }
    }
  }
  return OkStatus();
}

void DropLocalConfig(ResMap* m) {
  std::vector<Resource> keep;
  for (Resource& r : m->items()) {
    const Value* md = r.obj.Find("metadata");
    const Value* ann = md != nullptr ? md->Find("annotations") : nullptr;
    const Value* local = ann != nullptr ? ann->Find("config.kubernetes.io/local-config") : nullptr;
    if (local != nullptr && Str(local) == "true") continue;
    keep.push_back(std::move(r));
  }
  m->items() = std::move(keep);
}

}  // namespace gitops::render
