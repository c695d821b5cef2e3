// Fast paths into Value for gitops' own readers (not public API).
#ifndef GITOPS_SRC_CORE_VALUE_INTERNAL_H_
#define GITOPS_SRC_CORE_VALUE_INTERNAL_H_

#include <cstddef>

#include "gitops/core/value.h"

namespace gitops::internal {

struct ValueAccess {
  // A string Value that takes over `data`: a buffer from malloc() holding
  // `size` bytes and a NUL at data[size]; it is freed with free(). Used by
  // the YAML reader to keep libyaml's scalar buffers instead of copying them.
  static Value AdoptMallocString(char* data, size_t size) {
    Value v;
    v.SetHeapString(data, size);
    return v;
  }
  // An array / object made of the n elements at `first`, moved in bitwise
  // (no per-element moves); the sources are left null.
  static Value TakeItems(Value* first, size_t n) { return Value::TakeItems(first, n); }
  static Value TakeMembers(Value::Member* first, size_t n) {
    return Value::TakeMembers(first, n);
  }
  // A Value holding `v`'s tree without owning it (its 16 bytes: the same
  // heap blocks), for a read-only view made of parts of another tree (the
  // plan's live object without its server fields). `v` must outlive it
  // unchanged, and Forget must release it before it is destroyed.
  static Value Alias(const Value& v) {
    Value out;
    __builtin_memcpy(out.bytes_, v.bytes_, sizeof out.bytes_);
    return out;
  }
  // Appends the member `key`: `v` into room Reserve made in `object`,
  // without allocating (so an alias given as `v` is never destroyed by an
  // exception on the way in).
  static Value& AppendReserved(Value* object, Value key, Value v) noexcept {
    return object->AppendReservedMember(std::move(key), std::move(v));
  }
  // Makes an alias null without freeing what it points to.
  static void Forget(Value* alias) { alias->InitTag(Value::Type::kNull); }
};

}  // namespace gitops::internal

#endif  // GITOPS_SRC_CORE_VALUE_INTERNAL_H_
