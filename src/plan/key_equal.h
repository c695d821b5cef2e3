// Inline equality of short strings (member keys, field names, leaf
// strings) for the plan's per-node walks: libc's memcmp is a call through
// the PLT that costs more than comparing a Kubernetes key in words. Private
// to the plan module.
#ifndef GITOPS_SRC_PLAN_KEY_EQUAL_H_
#define GITOPS_SRC_PLAN_KEY_EQUAL_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "core/bytes_equal.h"
#include "gitops/core/value.h"

namespace gitops::plan::internal {

// The walks that call these are large recursive functions, into which GCC
// stops inlining them at some point; each is a few instructions, less
// than the call.
#define GITOPS_KEY_INLINE inline __attribute__((always_inline))

// a == b without a memcmp call (core's BytesEqual).
GITOPS_KEY_INLINE bool KeyEqual(std::string_view a, std::string_view b) {
  return gitops::internal::BytesEqual(a, b);
}

// Value::Find (the first member keyed `key`), comparing with KeyEqual.
GITOPS_KEY_INLINE const Value* FindKey(const Value& object, std::string_view key) {
  for (const Value::Member& m : object.members()) {
    if (KeyEqual(m.key(), key)) return &m.value();
  }
  return nullptr;
}

// The member `key` of `members` (nullptr if none), looked for from `*next`
// on (then from the start up to it) and `*next` moved past it: two versions
// of one object (desired and live, live and merged, a FieldsV1 and its
// object) mostly list their members in the same order, one side with a few
// more (the defaults the API server added), so walking both sides this way
// makes the lookups linear. An object's keys are distinct (value.h), so the
// member found is the one Value::Find finds.
GITOPS_KEY_INLINE const Value* FindKeyFrom(std::span<const Value::Member> members,
                                           std::string_view key, size_t* next) {
  const size_t n = members.size();
  size_t start = *next;
  if (start < n) {
    if (KeyEqual(members[start].key(), key)) {
      *next = start + 1;
      return &members[start].value();
    }
    for (size_t i = start + 1; i < n; ++i) {
      if (KeyEqual(members[i].key(), key)) {
        *next = i + 1;
        return &members[i].value();
      }
    }
  } else {
    start = n;
  }
  for (size_t i = 0; i < start; ++i) {
    if (KeyEqual(members[i].key(), key)) {
      *next = i + 1;
      return &members[i].value();
    }
  }
  return nullptr;
}

// Value equality (operator==), two strings compared with KeyEqual: most
// leaves the walks compare are strings.
GITOPS_KEY_INLINE bool SameLeaf(const Value& a, const Value& b) {
  if (a.is_string() && b.is_string()) return KeyEqual(a.as_string(), b.as_string());
  return a == b;
}

#undef GITOPS_KEY_INLINE

}  // namespace gitops::plan::internal

#endif  // GITOPS_SRC_PLAN_KEY_EQUAL_H_
