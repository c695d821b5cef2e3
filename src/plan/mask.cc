#include "mask.h"

#include <algorithm>
#include <cctype>

#include "gitops/core/base64.h"

namespace gitops::plan::internal {

namespace {

constexpr std::string_view kMask = "***";
constexpr std::string_view kMaskBefore = "*** (before)";
constexpr std::string_view kMaskAfter = "*** (after)";

bool EqualsLower(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != lower[i]) return false;
  }
  return true;
}

void MaskField(Value* before, Value* after, std::string_view field) {
  Value* b = before != nullptr && before->is_object() ? before->Find(field) : nullptr;
  Value* a = after != nullptr && after->is_object() ? after->Find(field) : nullptr;
  if (b != nullptr && !b->is_object()) *b = Value(kMask);
  if (a != nullptr && !a->is_object()) *a = Value(kMask);
  if (b != nullptr && b->is_object()) {
    for (Value::Member& m : b->members()) {
      Value* other = a != nullptr && a->is_object() ? a->Find(m.key()) : nullptr;
      if (other != nullptr && !(*other == m.value())) {
        m.value() = Value(kMaskBefore);
        *other = Value(kMaskAfter);
      } else {
        if (other != nullptr) *other = Value(kMask);
        m.value() = Value(kMask);
      }
    }
  }
  if (a != nullptr && a->is_object()) {
    for (Value::Member& m : a->members()) {
      if (b == nullptr || !b->is_object() || !b->Contains(m.key())) m.value() = Value(kMask);
    }
  }
}

}  // namespace

bool IsSecret(const Value& object) {
  const Value* kind = object.Find("kind");
  const Value* api = object.Find("apiVersion");
  return kind != nullptr && kind->is_string() && EqualsLower(kind->as_string(), "secret") &&
         api != nullptr && api->is_string() && api->as_string() == "v1";
}

void MaskSecretPair(Value* before, Value* after) {
  MaskField(before, after, "data");
  MaskField(before, after, "stringData");
  // kubectl's client-side apply copies the whole Secret, data included,
  // into this annotation (Flux shows it; a diff here never does).
  auto annotations = [](Value* object) -> Value* {
    Value* metadata = object != nullptr && object->is_object() ? object->Find("metadata") : nullptr;
    return metadata != nullptr && metadata->is_object() ? metadata->Find("annotations") : nullptr;
  };
  MaskField(annotations(before), annotations(after),
            "kubectl.kubernetes.io/last-applied-configuration");
}

std::vector<std::string> SecretValues(const Value& object) {
  std::vector<std::string> out;
  auto add = [&](std::string_view v) {
    if (v.size() >= 3) out.emplace_back(v);
  };
  for (std::string_view field : {"data", "stringData"}) {
    const Value* map = object.Find(field);
    if (map == nullptr || !map->is_object()) continue;
    for (const Value::Member& m : map->members()) {
      if (!m.value().is_string()) continue;
      add(m.value().as_string());
      if (field == "data") {
        Result<std::string> decoded = Base64Decode(m.value().as_string());
        if (decoded.ok()) add(*decoded);
      }
    }
  }
  // Longest first, so that a value containing another is replaced whole.
  std::sort(out.begin(), out.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return out;
}

std::string Scrub(std::string text, const std::vector<std::string>& values) {
  for (const std::string& v : values) {
    size_t pos = 0;
    while ((pos = text.find(v, pos)) != std::string::npos) {
      text.replace(pos, v.size(), kMask);
      pos += kMask.size();
    }
  }
  return text;
}

}  // namespace gitops::plan::internal
