#include "render/patch.h"

#include <string_view>
#include <vector>

#include "gitops/core/k8s_types.h"
#include "gitops/core/object.h"

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

bool SameKeys(const Value& a, const Value& b, const std::vector<std::string_view>& keys) {
  if (!a.is_object() || !b.is_object()) return false;
  // The schema defaults a port's protocol to TCP, and kustomize matches
  // list-map items with their defaults applied.
  static const Value kTcp("TCP");
  for (std::string_view k : keys) {
    const Value* x = a.Find(k);
    const Value* y = b.Find(k);
    if (k == "protocol") {
      if (x == nullptr) x = &kTcp;
      if (y == nullptr) y = &kTcp;
    }
    if ((x == nullptr) != (y == nullptr)) return false;
    if (x != nullptr && *x != *y) return false;
  }
  return true;
}

void MergeValue(Value* dst, const Value& patch, std::string_view type);

void MergeList(Value* dst, const Value& patch, const K8sField* field) {
  if (field == nullptr || field->list == K8sListType::kAtomic || field->list == K8sListType::kNone) {
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
    if (match < dst->size()) {
      used[match] = true;
      Value merged = (*dst)[match];
      MergeValue(&merged, p, field->value);
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

void MergeMap(Value* dst, const Value& patch, std::string_view type) {
  const K8sTypes& types = K8sTypes::V1_21();
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
      MergeValue(have, pv, sub);
    } else if (have->is_array() && pv.is_array()) {
      MergeList(have, pv, field);
    } else {
      *have = Clean(pv);
    }
  }
}

void MergeValue(Value* dst, const Value& patch, std::string_view type) {
  if (Directive(patch) == "replace") {
    *dst = Clean(patch);
    return;
  }
  if (!dst->is_object() || !patch.is_object()) {
    *dst = Clean(patch);
    return;
  }
  MergeMap(dst, patch, type);
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
  if (p == nullptr) return NotFoundError("add operation does not apply: doc is missing path: " + path);
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

}  // namespace

Status StrategicMerge(Value* obj, const Value& patch, bool* deleted) {
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
  std::string_view type = K8sTypes::V1_21().RootType(
      group, kind != nullptr && kind->is_string() ? kind->as_string() : std::string_view());
  if (type.empty()) type = "Object";
  MergeValue(obj, patch, type);
  return OkStatus();
}

Status ApplyJson6902(Value* obj, const Value& ops) {
  if (!ops.is_array()) return InvalidArgumentError("a JSON 6902 patch must be a list of operations");
  for (const Value& op : ops.items()) {
    std::string name = StringMember(op, "op");
    std::string path = StringMember(op, "path");
    const Value* value = op.Find("value");
    if (name == "add" || name == "replace") {
      if (value == nullptr) return InvalidArgumentError(name + " operation without a value at " + path);
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
