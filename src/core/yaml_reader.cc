// YAML reader: libyaml's event API into Values, with go-yaml v3's scalar
// resolution (what kustomize v5.5 reads with) and bounded alias expansion.
#include <yaml.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/go_yaml_resolve.h"
#include "core/value_internal.h"
#include "core/yaml_scalar.h"
#include "gitops/core/yaml.h"

namespace gitops {
namespace {

constexpr std::string_view kTagPrefix = "tag:yaml.org,2002:";
constexpr std::string_view kMergeTag = "tag:yaml.org,2002:merge";
// Objects larger than this get a hash index for duplicate-key checks.
constexpr size_t kIndexThreshold = 16;

struct Frame {
  bool is_map = false;
  size_t start = 0;      // first element in the scratch stack
  size_t key_start = 0;  // first key line in key_lines_
  int line = 0, column = 0;  // where the collection starts (1-based)
  std::string anchor;  // empty if none
  size_t height = 1;   // levels of collections in this one, itself included
  int merge_line = 0;  // line of this map's `<<` key, if it had one
  // While a map waits for the value of its last key.
  bool have_key = false;
  bool key_is_merge = false;
  Value key;
  int key_line = 0, key_column = 0;
  // `<<` values, merged when the map ends.
  std::vector<Value> merges;
  // Key -> line, once the map is large.
  std::unique_ptr<std::unordered_map<std::string, int>> index;
};

struct Anchor {
  Value value;
  size_t nodes = 1;   // Values in `value`, counted once
  size_t height = 0;  // levels of collections in `value` (0 for a scalar)
  std::string text;   // a scalar's text as written, for use as a key
};

size_t CountNodes(const Value& v) {
  size_t n = 1;
  if (v.is_array()) {
    for (const Value& item : v.items()) n += CountNodes(item);
  } else if (v.is_object()) {
    for (const Value::Member& m : v.members()) n += CountNodes(m.value());
  }
  return n;
}

class Reader {
 public:
  Reader(std::string_view text, const YamlReadOptions& options)
      : text_(text), options_(options) {}

  Result<std::vector<Value>> Run() {
    if (text_.size() > options_.max_document_bytes) {
      return Status(Code::kLimitExceeded,
                    "YAML text is " + std::to_string(text_.size()) + " bytes, over the limit of " +
                        std::to_string(options_.max_document_bytes) + " (max_document_bytes)",
                    SourceLocation{options_.file, 1, 1});
    }
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) return InternalError("yaml: cannot initialise libyaml");
    struct ParserGuard {
      yaml_parser_t* p;
      ~ParserGuard() { yaml_parser_delete(p); }
    } parser_guard{&parser};
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text_.data()),
                                 text_.size());
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

    std::vector<Value> docs;
    for (;;) {
      yaml_event_t event;
      if (!yaml_parser_parse(&parser, &event)) return ParserError(parser);
      struct EventGuard {
        yaml_event_t* e;
        ~EventGuard() { yaml_event_delete(e); }
      } event_guard{&event};
      yaml_event_type_t type = event.type;
      if (type == YAML_STREAM_END_EVENT) break;
      switch (type) {
        case YAML_DOCUMENT_START_EVENT:
          anchors_.clear();
          break;
        case YAML_DOCUMENT_END_EVENT:
          if (!options_.skip_empty_documents || !root_.is_null()) docs.push_back(std::move(root_));
          root_ = Value();
          break;
        case YAML_SCALAR_EVENT:
          GITOPS_RETURN_IF_ERROR(OnScalar(&event));
          break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
          GITOPS_RETURN_IF_ERROR(OnStart(event));
          break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
          GITOPS_RETURN_IF_ERROR(OnEnd(event));
          break;
        case YAML_ALIAS_EVENT:
          GITOPS_RETURN_IF_ERROR(OnAlias(event));
          break;
        default:
          break;
      }
    }
    return docs;
  }

 private:
  SourceLocation Loc(int line, int column) const { return {options_.file, line, column}; }
  SourceLocation Loc(const yaml_mark_t& mark) const {
    return Loc(static_cast<int>(mark.line) + 1, static_cast<int>(mark.column) + 1);
  }
  Status Error(const yaml_event_t& event, std::string message) const {
    return ParseError(std::move(message), Loc(event.start_mark));
  }

  Status ParserError(const yaml_parser_t& parser) const {
    std::string problem = parser.problem ? parser.problem : "unknown error";
    if (parser.error == YAML_MEMORY_ERROR) {
      return Status(Code::kLimitExceeded, "yaml: out of memory", Loc(1, 1));
    }
    if (parser.error == YAML_READER_ERROR) {
      // The reader reports a byte offset, not a mark.
      size_t offset = parser.problem_offset < text_.size() ? parser.problem_offset : text_.size();
      int line = 1, column = 1;
      for (size_t i = 0; i < offset; ++i) {
        if (text_[i] == '\n') {
          ++line;
          column = 1;
        } else if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) {
          ++column;
        }
      }
      std::string msg = "yaml: " + problem;
      if (parser.problem_value != -1) {
        char buf[16];
        std::snprintf(buf, sizeof buf, " (byte 0x%02X)", parser.problem_value & 0xFF);
        msg += buf;
      }
      return ParseError(msg, Loc(line, column));
    }
    std::string msg = "yaml: " + problem;
    if (parser.context) {
      msg += std::string(" (") + parser.context + " at line " +
             std::to_string(parser.context_mark.line + 1) + ", column " +
             std::to_string(parser.context_mark.column + 1) + ")";
    }
    return ParseError(msg, Loc(parser.problem_mark));
  }

  // Counts the Values copied for anchors (each anchored node is kept) and
  // made by alias expansion, against max_alias_nodes: nested anchors and
  // repeated aliases both grow memory beyond the text's size.
  Status ChargeAlias(size_t nodes, const yaml_event_t& event) {
    alias_nodes_ += nodes;
    if (alias_nodes_ > options_.max_alias_nodes) {
      return Status(Code::kLimitExceeded,
                    "yaml: anchors and aliases copy more than " +
                        std::to_string(options_.max_alias_nodes) +
                        " values (max_alias_nodes); is this a billion-laughs document?",
                    Loc(event.start_mark));
    }
    return OkStatus();
  }

  // The scalar's text as a string Value. A text too long to store inline
  // takes over libyaml's buffer instead of copying it: libyaml allocates it
  // with malloc, NUL-terminated (its string buffers are zero-filled with
  // spare room), and yaml_event_delete skips a null pointer.
  static Value TakeText(yaml_event_t* event) {
    auto& s = event->data.scalar;
    if (s.length <= 14) return Value(std::string_view(reinterpret_cast<char*>(s.value), s.length));
    Value v = internal::ValueAccess::AdoptMallocString(reinterpret_cast<char*>(s.value), s.length);
    s.value = nullptr;
    return v;
  }

  Status OnScalar(yaml_event_t* e) {
    const yaml_event_t& event = *e;
    const auto& s = event.data.scalar;
    std::string_view text(reinterpret_cast<const char*>(s.value), s.length);
    const char* tag = reinterpret_cast<const char*>(s.tag);
    bool plain = s.style == YAML_PLAIN_SCALAR_STYLE;

    // A mapping key: kept as its text.
    if (!stack_.empty() && stack_.back().is_map && !stack_.back().have_key) {
      Frame& f = stack_.back();
      f.have_key = true;
      f.key_is_merge = text == "<<" && ((plain && tag == nullptr) ||
                                        (tag != nullptr && std::string_view(tag) == kMergeTag));
      f.key_line = static_cast<int>(event.start_mark.line) + 1;
      f.key_column = static_cast<int>(event.start_mark.column) + 1;
      if (s.anchor) GITOPS_RETURN_IF_ERROR(KeepScalarAnchor(event, Value(text), text));
      f.key = TakeText(e);
      if (f.key_is_merge) {
        if (f.merge_line > 0) {
          return ParseError("yaml: duplicate merge key (the first is at line " +
                                std::to_string(f.merge_line) + ")",
                            Loc(f.key_line, f.key_column));
        }
        f.merge_line = f.key_line;
      }
      return OkStatus();
    }

    // The common case, an untagged string, without resolving twice.
    bool v2 = options_.plain_scalars == YamlReadOptions::PlainScalars::kGoYamlV2;
    if (tag == nullptr &&
        (!plain || go_yaml::ResolvePlain(text, v2 ? go_yaml::Schema::kV2 : go_yaml::Schema::kV3,
                                         nullptr) == go_yaml::Resolved::kString)) {
      if (s.anchor) GITOPS_RETURN_IF_ERROR(KeepScalarAnchor(event, Value(text), text));
      return Attach(TakeText(e), 0, event);
    }

    Value v;
    std::string_view short_tag;
    std::string tag_storage;
    if (tag != nullptr) {
      std::string_view t(tag);
      if (t.substr(0, kTagPrefix.size()) == kTagPrefix) {
        tag_storage = "!!" + std::string(t.substr(kTagPrefix.size()));
        short_tag = tag_storage;
      } else {
        short_tag = t;
      }
    }
    std::string error;
    if (!yaml_scalar::Resolve(text, plain, short_tag, &v, &error, v2)) {
      return Error(event, "yaml: " + error);
    }
    if (s.anchor) GITOPS_RETURN_IF_ERROR(KeepScalarAnchor(event, v, text));
    return Attach(std::move(v), 0, event);
  }

  Status KeepScalarAnchor(const yaml_event_t& event, Value v, std::string_view text) {
    GITOPS_RETURN_IF_ERROR(ChargeAlias(1, event));
    Anchor& a = anchors_[reinterpret_cast<const char*>(event.data.scalar.anchor)];
    a.value = std::move(v);
    a.nodes = 1;
    a.height = 0;
    a.text = std::string(text);
    return OkStatus();
  }

  Status OnStart(const yaml_event_t& event) {
    bool is_map = event.type == YAML_MAPPING_START_EVENT;
    if (stack_.size() >= options_.max_depth) {
      return Status(Code::kLimitExceeded,
                    "yaml: nesting deeper than " + std::to_string(options_.max_depth) +
                        " levels (max_depth)",
                    Loc(event.start_mark));
    }
    if (!stack_.empty() && stack_.back().is_map && !stack_.back().have_key) {
      return Error(event, "yaml: a mapping key must be a scalar, not a " +
                              std::string(is_map ? "mapping" : "sequence"));
    }
    const yaml_char_t* anchor =
        is_map ? event.data.mapping_start.anchor : event.data.sequence_start.anchor;
    Frame& f = stack_.emplace_back();
    f.is_map = is_map;
    f.start = is_map ? members_.size() : items_.size();
    f.key_start = key_lines_.size();
    f.line = static_cast<int>(event.start_mark.line) + 1;
    f.column = static_cast<int>(event.start_mark.column) + 1;
    if (anchor) f.anchor = reinterpret_cast<const char*>(anchor);
    return OkStatus();
  }

  Status OnEnd(const yaml_event_t& event) {
    Frame& f = stack_.back();
    Value v;
    if (f.is_map) {
      v = internal::ValueAccess::TakeMembers(members_.data() + f.start, members_.size() - f.start);
      members_.erase(members_.begin() + static_cast<std::ptrdiff_t>(f.start), members_.end());
      key_lines_.resize(f.key_start);
      for (const Value& source : f.merges) {
        // Explicit keys win, then earlier merge sources over later ones.
        for (const Value::Member& m : source.members()) {
          if (!v.Contains(m.key())) v.AppendMember(m.key(), m.value());
        }
      }
    } else {
      v = internal::ValueAccess::TakeItems(items_.data() + f.start, items_.size() - f.start);
      items_.erase(items_.begin() + static_cast<std::ptrdiff_t>(f.start), items_.end());
    }
    std::string anchor = std::move(f.anchor);
    size_t height = f.height;
    stack_.pop_back();
    if (!anchor.empty()) {
      size_t nodes = CountNodes(v);
      GITOPS_RETURN_IF_ERROR(ChargeAlias(nodes, event));
      anchors_[anchor] = Anchor{v, nodes, height, std::string()};
    }
    return Attach(std::move(v), height, event);
  }

  Status OnAlias(const yaml_event_t& event) {
    const char* name = reinterpret_cast<const char*>(event.data.alias.anchor);
    auto it = anchors_.find(name);
    if (it == anchors_.end()) {
      return Error(event, std::string("yaml: unknown anchor '") + name + "' referenced");
    }
    const Anchor& anchor = it->second;
    GITOPS_RETURN_IF_ERROR(ChargeAlias(anchor.nodes, event));
    if (stack_.size() + anchor.height > options_.max_depth) {
      return Status(Code::kLimitExceeded,
                    "yaml: alias '" + std::string(name) + "' nests collections deeper than " +
                        std::to_string(options_.max_depth) + " levels (max_depth)",
                    Loc(event.start_mark));
    }
    if (!stack_.empty() && stack_.back().is_map && !stack_.back().have_key) {
      Frame& f = stack_.back();
      if (anchor.height > 0) {
        return Error(event, std::string("yaml: alias '") + name +
                                "' used as a mapping key names a collection, not a scalar");
      }
      f.have_key = true;
      f.key_is_merge = false;
      f.key = Value(anchor.text);
      f.key_line = static_cast<int>(event.start_mark.line) + 1;
      f.key_column = static_cast<int>(event.start_mark.column) + 1;
      return OkStatus();
    }
    return Attach(Value(anchor.value), anchor.height, event);
  }

  // Adds a finished value to the collection on top of the stack (or makes
  // it the document's root).
  // `height` is the levels of collections in `v` (0 for a scalar).
  Status Attach(Value v, size_t height, const yaml_event_t& event) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return OkStatus();
    }
    Frame& f = stack_.back();
    if (height + 1 > f.height) f.height = height + 1;
    if (!f.is_map) {
      items_.push_back(std::move(v));
      return OkStatus();
    }
    f.have_key = false;
    if (f.key_is_merge) {
      if (v.is_object()) {
        f.merges.push_back(std::move(v));
      } else if (v.is_array() && AllObjects(v)) {
        for (Value& item : v.items()) f.merges.push_back(std::move(item));
      } else {
        return ParseError("yaml: map merge requires map or sequence of maps as the value",
                          Loc(f.key_line, f.key_column));
      }
      return OkStatus();
    }
    std::string_view key = f.key.as_string();
    int previous = FindKey(f, key);
    if (previous > 0) {
      if (options_.duplicate_keys == DuplicateKeys::kError) {
        (void)event;
        return ParseError("mapping key \"" + std::string(key) + "\" already defined at line " +
                              std::to_string(previous),
                          Loc(f.key_line, f.key_column));
      }
      for (size_t i = f.start; i < members_.size(); ++i) {
        if (members_[i].key() == key) {
          members_[i].value() = std::move(v);
          break;
        }
      }
      return OkStatus();
    }
    members_.emplace_back(std::move(f.key), std::move(v));
    key = members_.back().key();  // f.key was moved from
    key_lines_.push_back(f.key_line);
    size_t n = members_.size() - f.start;
    if (f.index) {
      f.index->emplace(std::string(key), f.key_line);
    } else if (n > kIndexThreshold) {
      f.index = std::make_unique<std::unordered_map<std::string, int>>();
      for (size_t i = f.start; i < members_.size(); ++i) {
        f.index->emplace(std::string(members_[i].key()), key_lines_[f.key_start + i - f.start]);
      }
    }
    return OkStatus();
  }

  // The line of an earlier `key` in this map, or 0.
  int FindKey(const Frame& f, std::string_view key) const {
    if (f.index) {
      auto it = f.index->find(std::string(key));
      return it == f.index->end() ? 0 : it->second;
    }
    for (size_t i = f.start; i < members_.size(); ++i) {
      if (members_[i].key() == key) return key_lines_[f.key_start + i - f.start];
    }
    return 0;
  }

  static bool AllObjects(const Value& v) {
    for (const Value& item : v.items()) {
      if (!item.is_object()) return false;
    }
    return true;
  }

  std::string_view text_;
  const YamlReadOptions& options_;
  std::vector<Frame> stack_;
  // Elements of the open collections, innermost last.
  std::vector<Value> items_;
  std::vector<Value::Member> members_;
  std::vector<int> key_lines_;
  std::unordered_map<std::string, Anchor> anchors_;
  size_t alias_nodes_ = 0;
  Value root_;
};

}  // namespace

Result<std::vector<Value>> ReadYaml(std::string_view text, const YamlReadOptions& options) {
  return Reader(text, options).Run();
}

Result<Value> ReadYamlDocument(std::string_view text, const YamlReadOptions& options) {
  YamlReadOptions one = options;
  one.skip_empty_documents = true;
  GITOPS_ASSIGN_OR_RETURN(std::vector<Value> docs, ReadYaml(text, one));
  if (docs.empty()) return Value();
  if (docs.size() > 1) {
    return ParseError("yaml: expected one document, found " + std::to_string(docs.size()),
                      SourceLocation{options.file, 1, 1});
  }
  return std::move(docs[0]);
}

}  // namespace gitops
