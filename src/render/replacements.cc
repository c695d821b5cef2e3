#include "render/replacements.h"

#include <vector>

#include "render/resource.h"
#include "gitops/core/json.h"
#include "gitops/core/object.h"

namespace gitops::render {
namespace {

// The text of a scalar, as YAML holds it.
std::string ScalarText(const Value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_null()) return "";
  Result<std::string> s = WriteJson(v);
  return s.ok() ? *s : std::string();
}

// kustomize's SmarterPathSplitter: split on '.', but not inside [...].
std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> out(1);
  int depth = 0;
  for (char c : path) {
    if (c == '[') ++depth;
    if (c == ']') --depth;
    if (c == '.' && depth == 0) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

struct IdSelector {
  Gvk gvk;
  std::string name, ns;
};

IdSelector ParseId(const Value& v) {
  IdSelector s;
  s.gvk.group = Str(v.Find("group"));
  s.gvk.version = Str(v.Find("version"));
  s.gvk.kind = Str(v.Find("kind"));
  s.name = Str(v.Find("name"));
  s.ns = Str(v.Find("namespace"));
  return s;
}

bool SelectedBy(const ResId& id, const IdSelector& s) {
  return s.gvk.Selects(id.gvk) && (s.name.empty() || s.name == id.name) &&
         (s.ns.empty() || s.ns == id.ns);
}

std::vector<ResId> AllIds(const Resource& r) {
  std::vector<ResId> ids{r.CurId()};
  for (const ResId& p : r.previous) ids.push_back(p);
  return ids;
}

// Finds the nodes a path reaches; with `create`, missing fields (and list
// items named by [k=v]) are made.
void Match(Value& node, const std::vector<std::string>& segs, size_t i, bool create,
           std::vector<Value*>* out) {
  if (i == segs.size()) {
    out->push_back(&node);
    return;
  }
  const std::string& seg = segs[i];
  bool last = i + 1 == segs.size();
  if (seg == "*") {
    if (node.is_array()) {
      for (Value& item : node.items()) Match(item, segs, i + 1, create, out);
    } else if (node.is_object()) {
      for (Value::Member& m : node.members()) Match(m.value(), segs, i + 1, create, out);
    }
    return;
  }
  if (seg.size() >= 2 && seg.front() == '[' && seg.back() == ']') {
    std::string inner = seg.substr(1, seg.size() - 2);
    size_t eq = inner.find('=');
    if (eq == std::string::npos || !node.is_array()) return;
    std::string key = inner.substr(0, eq), want = inner.substr(eq + 1);
    bool found = false;
    for (Value& item : node.items()) {
      bool hit = key.empty() ? (!item.is_object() && ScalarText(item) == want)
                             : (item.is_object() && item.Find(key) != nullptr &&
                                ScalarText(*item.Find(key)) == want);
      if (hit) {
        found = true;
        Match(item, segs, i + 1, create, out);
      }
    }
    if (!found && create && !key.empty()) {
      Value item = Value::Object();
      item.Set(key, want);
      Match(node.Append(std::move(item)), segs, i + 1, create, out);
    }
    return;
  }
  if (node.is_array()) {
    if (!seg.empty() && seg.find_first_not_of("0123456789") == std::string::npos) {
      size_t idx = std::stoul(seg);
      if (idx < node.size()) Match(node[idx], segs, i + 1, create, out);
    }
    return;
  }
  if (node.is_null() && create) node = Value::Object();
  if (!node.is_object()) return;
  Value* child = node.Find(seg);
  if (child == nullptr) {
    if (!create) return;
    Value fresh;
    if (!last) {
      const std::string& next = segs[i + 1];
      fresh = next.starts_with("[") ? Value::Array() : Value::Object();
    }
    child = &node.Set(seg, std::move(fresh));
  }
  Match(*child, segs, i + 1, create, out);
}

std::vector<std::string> Split(const std::string& s, const std::string& delim) {
  std::vector<std::string> out;
  size_t pos = 0;
  for (;;) {
    size_t d = s.find(delim, pos);
    out.push_back(s.substr(pos, d == std::string::npos ? std::string::npos : d - pos));
    if (d == std::string::npos) break;
    pos = d + delim.size();
  }
  return out;
}

std::string Join(const std::vector<std::string>& parts, const std::string& delim) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? delim : "") + parts[i];
  return out;
}

// Sets a target field to the value, keeping a scalar target's type as
// kustomize does (it copies only the scalar's text).
void SetTarget(Value* target, Value value, const Value* options) {
  std::string delim = options != nullptr ? Str(options->Find("delimiter")) : std::string();
  if (!delim.empty() && !target->is_object() && !target->is_array()) {
    const Value* idx = options->Find("index");
    long long index = idx != nullptr && idx->is_integer() ? idx->as_int() : 0;
    std::vector<std::string> parts = Split(ScalarText(*target), delim);
    std::string v = ScalarText(value);
    if (index < 0) {
      parts.insert(parts.begin(), v);
    } else if (static_cast<size_t>(index) >= parts.size()) {
      parts.push_back(v);
    } else {
      parts[static_cast<size_t>(index)] = v;
    }
    value = Value(Join(parts, delim));
  }
  bool value_scalar = !value.is_object() && !value.is_array();
  if (value_scalar && !target->is_null() && !target->is_object() && !target->is_array()) {
    std::string text = ScalarText(value);
    if (target->is_string()) {
      *target = Value(text);
      return;
    }
    // A number or boolean target re-reads the text with its own type.
    Result<Value> typed = ReadJson(text);
    if (typed.ok() && !typed->is_object() && !typed->is_array() && !typed->is_string()) {
      *target = std::move(typed).value();
    } else {
      *target = Value(text);
    }
    return;
  }
  *target = std::move(value);
}

Status OneReplacement(const Value& rep, const std::string& where, ResMap* m) {
  const Value* source = rep.Find("source");
  if (source == nullptr || !source->is_object()) {
    return InvalidArgumentError(where + ": a replacement needs a source");
  }
  IdSelector ss = ParseId(*source);
  const Resource* from = nullptr;
  for (const Resource& r : m->items()) {
    for (const ResId& id : AllIds(r)) {
      if (SelectedBy(id, ss)) {
        if (from != nullptr) {
          return InvalidArgumentError(where + ": more than one match for replacement source " +
                                      ss.gvk.kind + "/" + ss.name);
        }
        from = &r;
        break;
      }
    }
  }
  if (from == nullptr) {
    return NotFoundError(where + ": nothing selected by replacement source " + ss.gvk.kind + "/" +
                         ss.name);
  }
  std::string path = Str(source->Find("fieldPath"));
  if (path.empty()) path = "metadata.name";
  std::vector<Value*> found;
  Value copy = from->obj;
  Match(copy, SplitPath(path), 0, false, &found);
  if (found.empty()) {
    return NotFoundError(where + ": fieldPath `" + path + "` is missing for replacement source " +
                         from->CurId().String());
  }
  Value value = *found[0];
  if (const Value* opts = source->Find("options")) {
    std::string delim = Str(opts->Find("delimiter"));
    if (!delim.empty()) {
      const Value* idx = opts->Find("index");
      long long index = idx != nullptr && idx->is_integer() ? idx->as_int() : 0;
      std::vector<std::string> parts = Split(ScalarText(value), delim);
      if (index < 0 || static_cast<size_t>(index) >= parts.size()) {
        return InvalidArgumentError(where + ": options.index " + std::to_string(index) +
                                    " is out of bounds for value " + ScalarText(value));
      }
      value = Value(parts[static_cast<size_t>(index)]);
    }
  }
  const Value* targets = rep.Find("targets");
  if (targets == nullptr || !targets->is_array()) return OkStatus();
  for (const Value& t : targets->items()) {
    const Value* select = t.Find("select");
    if (select == nullptr)
      return InvalidArgumentError(where + ": target must specify resources to select");
    IdSelector sel = ParseId(*select);
    std::vector<IdSelector> rejects;
    if (const Value* rj = t.Find("reject"); rj != nullptr && rj->is_array()) {
      for (const Value& r : rj->items()) rejects.push_back(ParseId(r));
    }
    std::vector<std::string> paths;
    if (const Value* fps = t.Find("fieldPaths"); fps != nullptr && fps->is_array()) {
      for (const Value& fp : fps->items()) paths.push_back(Str(&fp));
    }
    if (paths.empty()) paths.push_back("metadata.name");
    const Value* options = t.Find("options");
    bool create = options != nullptr && options->Find("create") != nullptr &&
                  options->Find("create")->is_bool() && options->Find("create")->as_bool();
    for (Resource& r : m->items()) {
      // Selected by any of its ids; rejected when any of its ids is rejected.
      bool selected = false, rejected = false;
      for (const ResId& id : AllIds(r)) {
        selected = selected || SelectedBy(id, sel);
        for (const IdSelector& rj : rejects) rejected = rejected || SelectedBy(id, rj);
      }
      if (!selected || rejected) continue;
      for (const std::string& fp : paths) {
        std::vector<Value*> fields;
        Match(r.obj, SplitPath(fp), 0, create, &fields);
        if (fields.empty()) {
          return NotFoundError(where + ": unable to find field \"" + fp +
                               "\" in replacement target " + r.CurId().String());
        }
        for (Value* f : fields) SetTarget(f, value, options);
      }
    }
  }
  return OkStatus();
}

}  // namespace

Status ApplyReplacements(const Value& list, const std::string& where, ResMap* m) {
  if (!list.is_array()) return OkStatus();
  for (const Value& rep : list.items()) GITOPS_RETURN_IF_ERROR(OneReplacement(rep, where, m));
  return OkStatus();
}

}  // namespace gitops::render
