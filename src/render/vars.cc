#include "render/vars.h"

#include <map>

#include "gitops/core/json.h"
#include "gitops/core/object.h"

namespace gitops::render {
namespace {

// A field that must be a string ("" otherwise), as kustomize reads var specs.
std::string StringField(const Value* v) {
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

// kyaml's field path: "spec.ports[0].port", "data.key".
const Value* FieldValue(const Value& obj, const std::string& path) {
  const Value* cur = &obj;
  size_t pos = 0;
  while (cur != nullptr && pos <= path.size()) {
    size_t dot = path.find('.', pos);
    std::string seg = path.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
    pos = dot == std::string::npos ? path.size() + 1 : dot + 1;
    std::vector<size_t> indices;
    while (seg.size() > 2 && seg.back() == ']') {
      size_t open = seg.rfind('[');
      if (open == std::string::npos) break;
      std::string idx = seg.substr(open + 1, seg.size() - open - 2);
      if (idx.empty() || idx.find_first_not_of("0123456789") != std::string::npos) return nullptr;
      indices.insert(indices.begin(), std::stoul(idx));
      seg.resize(open);
    }
    cur = cur->Find(seg);
    for (size_t i : indices) {
      if (cur == nullptr || !cur->is_array() || i >= cur->size()) return nullptr;
      cur = &(*cur)[i];
    }
  }
  return cur;
}

std::string AsText(const Value& v) {
  if (v.is_string()) return std::string(v.as_string());
  Result<std::string> s = WriteJson(v);
  return s.ok() ? *s : std::string();
}

// Kubernetes' expansion syntax: $(NAME) is replaced when NAME is known,
// $$ is a literal $, anything else stays as written.
std::string Expand(std::string_view in, const std::map<std::string, Value>& values) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '$' || i + 1 >= in.size()) {
      out += in[i];
      continue;
    }
    if (in[i + 1] == '$') {
      out += '$';
      ++i;
      continue;
    }
    if (in[i + 1] == '(') {
      size_t close = in.find(')', i + 2);
      if (close != std::string_view::npos) {
        std::string name(in.substr(i + 2, close - i - 2));
        auto it = values.find(name);
        if (it != values.end()) {
          out += AsText(it->second);
        } else {
          out.append(in.substr(i, close - i + 1));
        }
        i = close;
        continue;
      }
    }
    out += in[i];
  }
  return out;
}

void ReplaceIn(Value& node, const std::map<std::string, Value>& values) {
  if (node.is_string()) {
    std::string_view s = node.as_string();
    // A field that is exactly one $(NAME) takes the value with its type.
    if (s.starts_with("$(") && s.ends_with(")") && s.find(')') == s.size() - 1) {
      auto it = values.find(std::string(s.substr(2, s.size() - 3)));
      if (it != values.end()) {
        node = it->second;
        return;
      }
    }
    node = Value(Expand(s, values));
  } else if (node.is_array()) {
    for (Value& item : node.items()) {
      if (item.is_string()) ReplaceIn(item, values);
    }
  } else if (node.is_object()) {
    for (Value::Member& m : node.members()) {
      if (m.value().is_string()) ReplaceIn(m.value(), values);
    }
  }
}

bool Named(const Resource& r, const Var& v) {
  auto match = [&](const ResId& id) {
    return v.gvk.Selects(id.gvk) && id.name == v.obj_name &&
           (v.obj_ns.empty() || id.ns == v.obj_ns);
  };
  if (match(r.CurId())) return true;
  for (const ResId& id : r.previous) {
    if (match(id)) return true;
  }
  return false;
}

}  // namespace

Result<std::vector<Var>> ParseVars(const Value& list, const std::string& file) {
  std::vector<Var> out;
  if (list.is_null()) return out;
  if (!list.is_array()) return InvalidArgumentError(file + ": vars must be a list");
  for (const Value& item : list.items()) {
    Var v;
    v.name = StringField(item.Find("name"));
    const Value* ref = item.Find("objref");
    if (v.name.empty() || ref == nullptr || !ref->is_object()) {
      return InvalidArgumentError(file + ": a var needs a name and an objref");
    }
    std::string api = StringField(ref->Find("apiVersion"));
    if (!api.empty()) {
      SplitApiVersion(api, &v.gvk.group, &v.gvk.version);
    } else {
      v.gvk.group = StringField(ref->Find("group"));
      v.gvk.version = StringField(ref->Find("version"));
    }
    v.gvk.kind = StringField(ref->Find("kind"));
    v.obj_name = StringField(ref->Find("name"));
    v.obj_ns = StringField(ref->Find("namespace"));
    const Value* fr = item.Find("fieldref");
    v.field_path = fr != nullptr ? StringField(fr->Find("fieldpath")) : std::string();
    if (v.field_path.empty()) v.field_path = "metadata.name";
    out.push_back(std::move(v));
  }
  return out;
}

Status AppendVars(const std::vector<Var>& more, std::vector<Var>* vars) {
  for (const Var& v : more) {
    for (const Var& have : *vars) {
      if (have.name == v.name)
        return InvalidArgumentError("var '" + v.name + "' already encountered");
    }
    vars->push_back(v);
  }
  return OkStatus();
}

Status MergeVars(const std::vector<Var>& incoming, ResMap* m, std::vector<Var>* vars) {
  for (const Var& v : incoming) {
    std::vector<Resource*> hits;
    for (Resource& r : m->items()) {
      if (Named(r, v)) hits.push_back(&r);
    }
    if (hits.size() > 1) {
      return InvalidArgumentError("found " + std::to_string(hits.size()) +
                                  " resId matches for var " + v.name + " (unable to disambiguate)");
    }
    if (hits.size() == 1) hits[0]->ref_vars.push_back(v.name);
  }
  return AppendVars(incoming, vars);
}

Status ResolveVars(const std::vector<Var>& vars, const FsSlice& specs, ResMap* m) {
  if (vars.empty()) return OkStatus();
  std::map<std::string, Value> values;
  for (const Var& v : vars) {
    const Resource* source = nullptr;
    for (const Resource& r : m->items()) {
      for (const std::string& name : r.ref_vars) {
        if (name == v.name && source == nullptr) source = &r;
      }
    }
    if (source == nullptr) {
      return NotFoundError("var '" + v.name +
                           "' cannot be mapped to a field in the set of known resources");
    }
    const Value* value = FieldValue(source->obj, v.field_path);
    if (value == nullptr) {
      return NotFoundError("field specified in var '" + v.name + "' (" + v.field_path +
                           ") not found in corresponding resource " + source->CurId().String());
    }
    values[v.name] = *value;
  }
  for (Resource& r : m->items()) {
    Gvk g = r.gvk();
    for (const FieldSpec& fs : specs) {
      if (!fs.gvk.Selects(g)) continue;
      FieldSpec walk = fs;
      walk.create = false;
      GITOPS_RETURN_IF_ERROR(WalkFieldSpec(r.obj, walk, Value(), [&](Value& node) {
        ReplaceIn(node, values);
        return OkStatus();
      }));
    }
  }
  return OkStatus();
}

}  // namespace gitops::render
