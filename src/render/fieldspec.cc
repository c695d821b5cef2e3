#include "render/fieldspec.h"

#include "gitops/core/object.h"
#include "gitops/core/yaml.h"

namespace gitops::render {
namespace {

Status Walk(Value& node, const std::vector<std::string>& path, size_t at, const FieldSpec& fs,
            const Value& create_as, const std::function<Status(Value&)>& set) {
  if (at == path.size()) return set(node);
  if (node.is_array()) {
    for (Value& item : node.items()) {
      GITOPS_RETURN_IF_ERROR(Walk(item, path, at, fs, create_as, set));
    }
    return OkStatus();
  }
  if (!node.is_object()) {
    return InvalidArgumentError("considering field '" + fs.path +
                                "': expected sequence or mapping node");
  }
  std::string field = path[at];
  bool is_seq = field.size() > 2 && field.ends_with("[]");
  if (is_seq) field.resize(field.size() - 2);
  Value* child = node.Find(field);
  bool last = at + 1 == path.size();
  if (child == nullptr) {
    if (!fs.create || is_seq) return OkStatus();
    child = &node.Set(field, last ? create_as : Value::Object());
  } else if (child->is_null()) {
    // A null field is absent unless the spec creates it.
    if (is_seq || !fs.create) return OkStatus();
    *child = last ? create_as : Value::Object();
  }
  return Walk(*child, path, at + 1, fs, create_as, set);
}

std::string GetString(const Value& v, std::string_view key) {
  const Value* f = v.Find(key);
  return f != nullptr && f->is_string() ? std::string(f->as_string()) : std::string();
}

}  // namespace

std::vector<std::string> SplitFieldPath(std::string_view path) {
  std::vector<std::string> out(1);
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '\\' && i + 1 < path.size() && path[i + 1] == '/') {
      out.back() += '/';
      ++i;
    } else if (path[i] == '/') {
      out.emplace_back();
    } else {
      out.back() += path[i];
    }
  }
  return out;
}

Status WalkFieldSpec(Value& obj, const FieldSpec& fs, const Value& create_as,
                     const std::function<Status(Value&)>& set) {
  return Walk(obj, SplitFieldPath(fs.path), 0, fs, create_as, set);
}

void MergeFieldSpecs(FsSlice* fs, const FsSlice& more) {
  for (const FieldSpec& f : more) {
    bool dup = false;
    for (const FieldSpec& have : *fs) dup = dup || (have.gvk == f.gvk && have.path == f.path);
    if (!dup) fs->push_back(f);
  }
}

void TransformerConfig::Merge(const TransformerConfig& o) {
  MergeFieldSpecs(&name_prefix, o.name_prefix);
  MergeFieldSpecs(&name_suffix, o.name_suffix);
  MergeFieldSpecs(&name_space, o.name_space);
  MergeFieldSpecs(&common_labels, o.common_labels);
  MergeFieldSpecs(&template_labels, o.template_labels);
  MergeFieldSpecs(&labels, o.labels);
  MergeFieldSpecs(&common_annotations, o.common_annotations);
  MergeFieldSpecs(&replicas, o.replicas);
  MergeFieldSpecs(&images, o.images);
  MergeFieldSpecs(&var_reference, o.var_reference);
  for (const NameBackReference& b : o.name_reference) {
    bool found = false;
    for (NameBackReference& have : name_reference) {
      if (have.gvk == b.gvk) {
        MergeFieldSpecs(&have.referrers, b.referrers);
        found = true;
        break;
      }
    }
    if (!found) name_reference.push_back(b);
  }
}

Result<FsSlice> ParseFieldSpecs(const Value& list, const std::string& where) {
  FsSlice out;
  if (list.is_null()) return out;
  if (!list.is_array()) return InvalidArgumentError(where + ": expected a list of field specs");
  for (const Value& item : list.items()) {
    if (!item.is_object()) return InvalidArgumentError(where + ": a field spec must be a map");
    FieldSpec fs;
    fs.path = GetString(item, "path");
    fs.gvk.group = GetString(item, "group");
    fs.gvk.version = GetString(item, "version");
    fs.gvk.kind = GetString(item, "kind");
    const Value* c = item.Find("create");
    fs.create = c != nullptr && c->is_bool() && c->as_bool();
    out.push_back(std::move(fs));
  }
  return out;
}

Result<TransformerConfig> ParseTransformerConfig(std::string_view text, const std::string& file) {
  YamlReadOptions opts;
  opts.file = file;
  GITOPS_ASSIGN_OR_RETURN(Value doc, ReadYamlDocument(text, opts));
  TransformerConfig tc;
  if (doc.is_null()) return tc;
  if (!doc.is_object())
    return InvalidArgumentError(file + ": a transformer configuration must be a map");
  for (const Value::Member& m : doc.members()) {
    std::string where = file + ": " + std::string(m.key());
    FsSlice* target = nullptr;
    std::string_view k = m.key();
    if (k == "namePrefix")
      target = &tc.name_prefix;
    else if (k == "nameSuffix")
      target = &tc.name_suffix;
    else if (k == "namespace")
      target = &tc.name_space;
    else if (k == "commonLabels")
      target = &tc.common_labels;
    else if (k == "templateLabels")
      target = &tc.template_labels;
    else if (k == "labels")
      target = &tc.labels;
    else if (k == "commonAnnotations")
      target = &tc.common_annotations;
    else if (k == "replicas")
      target = &tc.replicas;
    else if (k == "images")
      target = &tc.images;
    else if (k == "varReference")
      target = &tc.var_reference;
    if (target != nullptr) {
      GITOPS_ASSIGN_OR_RETURN(*target, ParseFieldSpecs(m.value(), where));
      continue;
    }
    if (k == "nameReference") {
      if (m.value().is_null()) continue;
      if (!m.value().is_array()) return InvalidArgumentError(where + ": expected a list");
      for (const Value& item : m.value().items()) {
        NameBackReference b;
        b.gvk.group = GetString(item, "group");
        b.gvk.version = GetString(item, "version");
        b.gvk.kind = GetString(item, "kind");
        const Value* specs = item.Find("fieldSpecs");
        if (specs != nullptr) {
          GITOPS_ASSIGN_OR_RETURN(b.referrers, ParseFieldSpecs(*specs, where));
        }
        TransformerConfig one;
        one.name_reference.push_back(std::move(b));
        tc.Merge(one);
      }
      continue;
    }
    return InvalidArgumentError(where + ": unknown field in a transformer configuration");
  }
  return tc;
}

const TransformerConfig& DefaultTransformerConfig() {
  static const TransformerConfig config = [] {
    Result<TransformerConfig> tc = ParseTransformerConfig(kDefaultFieldSpecs, "<built-in>");
    // The built-in data is tested; a failure here is a bug in it.
    return tc.ok() ? std::move(tc).value() : TransformerConfig{};
  }();
  return config;
}

}  // namespace gitops::render
