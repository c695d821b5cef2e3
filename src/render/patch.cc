#include "render/patch.h"

#include <string_view>
#include <vector>

#include "gitops/core/k8s_types.h"
#include "gitops/core/object.h"
#include "gitops/core/yaml.h"

namespace gitops::render {
namespace {

std::string_view Directive(const Value& v) {
  if (!v.is_object()) return {};
  const Value* p = v.Find("$patch");
  return p != nullptr && p->is_string() ? p->as_string() : std::string_view();
}

// A patch value as it lands where nothing was: directives and nulls removed.
Value Clean(const Value& v) {
  if (v.is_object()) {
    Value out = Value::Object();
    for (const Value::Member& m : v.members()) {
      if (m.key() == "$patch" || m.value().is_null()) continue;
      out.AppendMember(m.key(), Clean(m.value()));
    }
    return out;
  }
  if (v.is_array()) {
    Value out = Value::Array();
    for (const Value& item : v.items()) {
      if (Directive(item) == "delete") continue;
      if (item.is_object() && item.size() == 1 && Directive(item) == "replace") continue;
      out.Append(Clean(item));
    }
    return out;
  }
  return v;
}

std::vector<std::string_view> SplitKeys(std::string_view keys) {
  std::vector<std::string_view> out;
  while (!keys.empty()) {
    size_t c = keys.find(',');
    out.push_back(keys.substr(0, c));
    if (c == std::string_view::npos) break;
    keys.remove_prefix(c + 1);
  }
  return out;
}

// Whether an original list item (`have`) and a patch item are the same
// list-map entry: equal on every key, a key both leave out matching.
bool SameKeys(const Value& have, const Value& patch, const std::vector<std::string_view>& keys) {
  if (!have.is_object() || !patch.is_object()) return false;
  for (std::string_view k : keys) {
    const Value* x = have.Find(k);
    const Value* y = patch.Find(k);
    if (x == nullptr && y == nullptr) continue;
    if (x == nullptr || y == nullptr || *x != *y) return false;
  }
  return true;
}

// Whether any item of either list has every one of `keys`.
bool AnyHasAllKeys(const Value& a, const Value& b, const std::vector<std::string_view>& keys) {
  for (const Value* list : {&a, &b}) {
    for (const Value& item : list->items()) {
      bool all = item.is_object();
      for (std::string_view k : keys) all = all && item.Find(k) != nullptr;
      if (all) return true;
    }
  }
  return false;
}

// Whether some item of `list` agrees with the patch item `item` on every
// key both of them have, when at least one key is left out by one side.
bool SharesPresentKeys(const Value& list, const Value& item,
                       const std::vector<std::string_view>& keys) {
  if (!item.is_object()) return false;
  for (const Value& have : list.items()) {
    if (!have.is_object()) continue;
    bool same = true, partial = false;
    for (std::string_view k : keys) {
      const Value* x = have.Find(k);
      const Value* y = item.Find(k);
      if (x == nullptr || y == nullptr) {
        partial = partial || x != y;
        continue;
      }
      same = same && *x == *y;
    }
    if (same && partial) return true;
  }
  return false;
}

void MergeValue(Value* dst, const Value& patch, std::string_view type, const MergeSchema& schema);

void MergeList(Value* dst, const Value& patch, const K8sField* field, const MergeSchema& schema) {
  if (field == nullptr || field->list == K8sListType::kAtomic ||
      field->list == K8sListType::kNone) {
    *dst = Clean(patch);
    return;
  }
  if (field->list == K8sListType::kSet) {
    Value out = Clean(patch);
    for (const Value& item : dst->items()) {
      bool have = false;
      for (const Value& p : out.items()) have = have || p == item;
      if (!have) out.Append(item);
    }
    *dst = std::move(out);
    return;
  }
  std::vector<std::string_view> keys = SplitKeys(field->keys);
  for (const Value& p : patch.items()) {
    if (p.is_object() && Directive(p) == "replace") {
      *dst = Clean(patch);
      return;
    }
  }
  std::vector<bool> used(dst->size(), false);
  Value out = Value::Array();
  const bool multi_key = keys.size() > 1 && AnyHasAllKeys(*dst, patch, keys);
  for (const Value& p : patch.items()) {
    size_t match = dst->size();
    for (size_t i = 0; i < dst->size(); ++i) {
      if (!used[i] && SameKeys((*dst)[i], p, keys)) {
        match = i;
        break;
      }
    }
    if (Directive(p) == "delete") {
      if (match < dst->size()) used[match] = true;
      continue;
    }
    if (match == dst->size() && keys.size() > 1 && SharesPresentKeys(*dst, p, keys)) {
      // Checked with kubectl kustomize: a patch item that matches no
      // original item but agrees with one on the keys both have, one of
      // them leaving a key out (containerPort 81 against containerPort 81
      // protocol UDP, either way round), is dropped: neither merged nor added.
      continue;
    }
    // Item order, checked with kubectl kustomize: in a list merged on one
    // key (or on several of which only the first ever appears), matched
    // items move to the front in the patch's order; in a list where some
    // item has all the keys (ports with protocol, topology spread
    // constraints), matched items are merged where they stand. New items go
    // to the front either way.
    if (match < dst->size() && multi_key) {
      MergeValue(&(*dst)[match], p, field->value, schema);
    } else if (match < dst->size()) {
      used[match] = true;
      Value merged = (*dst)[match];
      MergeValue(&merged, p, field->value, schema);
      out.Append(std::move(merged));
    } else {
      out.Append(Clean(p));
    }
  }
  for (size_t i = 0; i < dst->size(); ++i) {
    if (!used[i]) out.Append((*dst)[i]);
  }
  *dst = std::move(out);
}

void MergeMap(Value* dst, const Value& patch, std::string_view type, const MergeSchema& types) {
  for (const Value::Member& m : patch.members()) {
    std::string_view key = m.key();
    if (key == "$patch") continue;
    const Value& pv = m.value();
    if (pv.is_null()) {
      dst->Erase(key);
      continue;
    }
    const K8sField* field = types.Field(type, key);
    std::string_view sub = field != nullptr ? field->value : std::string_view();
    Value* have = dst->Find(key);
    if (Directive(pv) == "delete") {
      dst->Erase(key);
      continue;
    }
    if (have == nullptr || have->is_null()) {
      dst->Set(key, Clean(pv));
    } else if (have->is_object() && pv.is_object()) {
      MergeValue(have, pv, sub, types);
    } else if (have->is_array() && pv.is_array()) {
      MergeList(have, pv, field, types);
    } else {
      *have = Clean(pv);
    }
  }
}

void MergeValue(Value* dst, const Value& patch, std::string_view type, const MergeSchema& schema) {
  if (Directive(patch) == "replace") {
    *dst = Clean(patch);
    return;
  }
  if (!dst->is_object() || !patch.is_object()) {
    *dst = Clean(patch);
    return;
  }
  MergeMap(dst, patch, type, schema);
}

// Splits a JSON pointer into its parent pointer and unescaped last token.
bool SplitPointer(std::string_view ptr, std::string* parent, std::string* last) {
  if (ptr.empty() || ptr[0] != '/') return false;
  size_t slash = ptr.rfind('/');
  *parent = std::string(ptr.substr(0, slash));
  std::string tok;
  std::string_view raw = ptr.substr(slash + 1);
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '~' && i + 1 < raw.size() && (raw[i + 1] == '0' || raw[i + 1] == '1')) {
      tok += raw[i + 1] == '0' ? '~' : '/';
      ++i;
    } else {
      tok += raw[i];
    }
  }
  *last = tok;
  return true;
}

bool ParseIndex(const std::string& s, size_t* out) {
  if (s.empty() || s.size() > 18) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  if (s.size() > 1 && s[0] == '0') return false;
  *out = std::stoull(s);
  return true;
}

Status Add(Value* obj, const std::string& path, Value v) {
  if (path.empty()) {
    *obj = std::move(v);
    return OkStatus();
  }
  std::string parent, last;
  if (!SplitPointer(path, &parent, &last)) return InvalidArgumentError("invalid path " + path);
  Value* p = obj->AtPointer(parent);
  if (p == nullptr)
    return NotFoundError("add operation does not apply: doc is missing path: " + path);
  if (p->is_array()) {
    size_t i = 0;
    if (last == "-") {
      p->Append(std::move(v));
      return OkStatus();
    }
    if (!ParseIndex(last, &i) || i > p->size()) {
      return InvalidArgumentError("add operation: index out of range in " + path);
    }
    p->InsertAt(i, std::move(v));
    return OkStatus();
  }
  if (p->is_object()) {
    p->Set(last, std::move(v));
    return OkStatus();
  }
  return NotFoundError("add operation does not apply: doc is missing path: " + path);
}

Result<Value> Take(Value* obj, const std::string& path, bool remove) {
  Value* at = obj->AtPointer(path);
  if (at == nullptr || path.empty()) {
    return NotFoundError("operation does not apply: doc is missing path: " + path);
  }
  Value v = *at;
  if (remove) GITOPS_RETURN_IF_ERROR(obj->RemovePointer(path));
  return v;
}

std::string StringMember(const Value& v, std::string_view key) {
  const Value* f = v.Find(key);
  return f != nullptr && f->is_string() ? std::string(f->as_string()) : std::string();
}

class BuiltinSchema : public MergeSchema {
 public:
  std::string_view RootType(std::string_view group, std::string_view kind) const override {
    return K8sTypes::V1_21().RootType(group, kind);
  }
  const K8sField* Field(std::string_view type, std::string_view name) const override {
    return K8sTypes::V1_21().Field(type, name);
  }
};

class OpenApiSchema : public MergeSchema {
 public:
  // kustomize adds a custom schema's definitions to the built-in ones: a
  // kind or type the custom schema does not define is looked up there (its
  // io.k8s.* definition names map to the table's short type names).
  std::string_view RootType(std::string_view group, std::string_view kind) const override {
    for (const Root& r : roots_) {
      if (r.group == group && r.kind == kind) return r.type;
    }
    return MergeSchema::Builtin().RootType(group, kind);
  }
  const K8sField* Field(std::string_view type, std::string_view name) const override {
    bool known = false;
    for (const K8sField& f : fields_) {
      if (f.type != type) continue;
      known = true;
      if (f.name == name) return &f;
    }
    if (known) return nullptr;
    if (type.starts_with("io.k8s.")) type.remove_prefix(type.rfind('.') + 1);
    return MergeSchema::Builtin().Field(type, name);
  }

  Status Load(const Value& defs, const std::string& file) {
    if (!defs.is_object()) return InvalidArgumentError(file + ": definitions must be a map");
    for (const Value::Member& d : defs.members()) {
      std::string_view type = Keep(d.key());
      if (const Value* gvks = d.value().Find("x-kubernetes-group-version-kind");
          gvks != nullptr && gvks->is_array()) {
        for (const Value& g : gvks->items()) {
          const Value* group = g.Find("group");
          const Value* kind = g.Find("kind");
          roots_.push_back({Keep(group != nullptr && group->is_string() ? group->as_string() : ""),
                            Keep(kind != nullptr && kind->is_string() ? kind->as_string() : ""),
                            type});
        }
      }
      AddProperties(type, d.value());
    }
    return OkStatus();
  }

 private:
  struct Root {
    std::string_view group, kind, type;
  };

  std::string_view Keep(std::string_view s) { return strings_.emplace_back(s); }

  static std::string_view RefName(const Value& v) {
    const Value* ref = v.Find("$ref");
    if (ref == nullptr || !ref->is_string()) return {};
    std::string_view r = ref->as_string();
    constexpr std::string_view kPrefix = "#/definitions/";
    if (r.starts_with(kPrefix)) r.remove_prefix(kPrefix.size());
    return r;
  }

  static std::string_view Ext(const Value& v, std::string_view key) {
    const Value* e = v.Find(key);
    return e != nullptr && e->is_string() ? e->as_string() : std::string_view();
  }

  // Records the fields of `type` from a schema with `properties`; inline
  // object schemas get a type of their own, named by their path.
  void AddProperties(std::string_view type, const Value& schema) {
    const Value* props = schema.Find("properties");
    if (props == nullptr || !props->is_object()) return;
    for (const Value::Member& p : props->members()) {
      const Value& prop = p.value();
      K8sField f{type, Keep(p.key()), {}, K8sListType::kNone, {}, false, {}};
      const Value* items = prop.Find("items");
      bool array = (prop.Find("type") != nullptr && prop.Find("type")->is_string() &&
                    prop.Find("type")->as_string() == "array") ||
                   items != nullptr;
      if (array) {
        f.list = K8sListType::kAtomic;
        if (items != nullptr) {
          std::string_view ref = RefName(*items);
          if (!ref.empty()) {
            f.value = Keep(ref);
          } else if (items->Find("properties") != nullptr) {
            f.value = Keep(std::string(type) + "." + std::string(p.key()) + "[]");
            AddProperties(f.value, *items);
          }
        }
        std::string_view list_type = Ext(prop, "x-kubernetes-list-type");
        std::string_view strategy = Ext(prop, "x-kubernetes-patch-strategy");
        std::string_view merge_key = Ext(prop, "x-kubernetes-patch-merge-key");
        std::string keys;
        if (const Value* mk = prop.Find("x-kubernetes-list-map-keys");
            mk != nullptr && mk->is_array()) {
          for (const Value& k : mk->items()) {
            if (k.is_string()) keys += (keys.empty() ? "" : ",") + std::string(k.as_string());
          }
        }
        if (keys.empty()) keys = std::string(merge_key);
        if ((strategy.find("merge") != std::string_view::npos || list_type == "map") &&
            !keys.empty()) {
          f.list = K8sListType::kMap;
          f.keys = Keep(keys);
        } else if (strategy.find("merge") != std::string_view::npos || list_type == "set") {
          f.list = K8sListType::kSet;
        }
      } else {
        std::string_view ref = RefName(prop);
        if (!ref.empty()) {
          f.value = Keep(ref);
        } else if (prop.Find("properties") != nullptr) {
          f.value = Keep(std::string(type) + "." + std::string(p.key()));
          AddProperties(f.value, prop);
        }
      }
      fields_.push_back(f);
    }
  }

  std::deque<std::string> strings_;  // owns every string_view below
  std::vector<Root> roots_;
  std::vector<K8sField> fields_;
};

}  // namespace

const MergeSchema& MergeSchema::Builtin() {
  static const BuiltinSchema schema;
  return schema;
}

Result<std::unique_ptr<MergeSchema>> MergeSchema::FromOpenApi(std::string_view text,
                                                              const std::string& file) {
  YamlReadOptions opts;
  opts.file = file;
  GITOPS_ASSIGN_OR_RETURN(Value doc, ReadYamlDocument(text, opts));
  const Value* defs = doc.Find("definitions");
  if (defs == nullptr)
    return InvalidArgumentError(file + ": an OpenAPI schema needs `definitions`");
  auto schema = std::make_unique<OpenApiSchema>();
  GITOPS_RETURN_IF_ERROR(schema->Load(*defs, file));
  return std::unique_ptr<MergeSchema>(std::move(schema));
}

Status StrategicMerge(Value* obj, const Value& patch, const MergeSchema& schema, bool* deleted) {
  *deleted = false;
  if (!patch.is_object()) return InvalidArgumentError("a strategic merge patch must be a map");
  if (Directive(patch) == "delete") {
    *deleted = true;
    return OkStatus();
  }
  std::string group, version;
  const Value* av = obj->Find("apiVersion");
  if (av != nullptr && av->is_string()) SplitApiVersion(av->as_string(), &group, &version);
  const Value* kind = obj->Find("kind");
  std::string_view type = schema.RootType(
      group, kind != nullptr && kind->is_string() ? kind->as_string() : std::string_view());
  if (type.empty()) type = "Object";
  MergeValue(obj, patch, type, schema);
  return OkStatus();
}

Status ApplyJson6902(Value* obj, const Value& ops) {
  if (!ops.is_array())
    return InvalidArgumentError("a JSON 6902 patch must be a list of operations");
  for (const Value& op : ops.items()) {
    std::string name = StringMember(op, "op");
    std::string path = StringMember(op, "path");
    const Value* value = op.Find("value");
    if (name == "add" || name == "replace") {
      if (value == nullptr)
        return InvalidArgumentError(name + " operation without a value at " + path);
      if (name == "replace") {
        Value* at = obj->AtPointer(path);
        if (at == nullptr) {
          return NotFoundError("replace operation does not apply: doc is missing key: " + path);
        }
        *at = *value;
      } else {
        GITOPS_RETURN_IF_ERROR(Add(obj, path, *value));
      }
    } else if (name == "remove") {
      if (obj->AtPointer(path) == nullptr || path.empty()) {
        return NotFoundError("remove operation does not apply: doc is missing path: " + path);
      }
      GITOPS_RETURN_IF_ERROR(obj->RemovePointer(path));
    } else if (name == "move" || name == "copy") {
      std::string from = StringMember(op, "from");
      GITOPS_ASSIGN_OR_RETURN(Value v, Take(obj, from, name == "move"));
      GITOPS_RETURN_IF_ERROR(Add(obj, path, std::move(v)));
    } else if (name == "test") {
      const Value* at = obj->AtPointer(path);
      if (at == nullptr || value == nullptr || !(*at == *value)) {
        return FailedPreconditionError("testing value " + path + " failed");
      }
    } else {
      return InvalidArgumentError("unknown JSON patch operation \"" + name + "\"");
    }
  }
  return OkStatus();
}

}  // namespace gitops::render
