// Inline equality of short byte strings (member keys, field names, most
// scalars) for the per-node walks of the YAML writer and the plan: libc's
// memcmp is a call through the PLT that costs more than comparing a
// Kubernetes key in words. Not public API.
#ifndef GITOPS_SRC_CORE_BYTES_EQUAL_H_
#define GITOPS_SRC_CORE_BYTES_EQUAL_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace gitops::internal {

// The walks that call these are large recursive functions, into which GCC
// stops inlining them at some point; each is a few instructions, less
// than the call.
#define GITOPS_BYTES_INLINE inline __attribute__((always_inline))

GITOPS_BYTES_INLINE uint64_t LoadWord(const char* p) {
  uint64_t w;
  __builtin_memcpy(&w, p, sizeof w);
  return w;
}

GITOPS_BYTES_INLINE uint32_t LoadHalfWord(const char* p) {
  uint32_t w;
  __builtin_memcpy(&w, p, sizeof w);
  return w;
}

// a == b, in 8-byte words (the last one overlapping) for 8 bytes and more,
// two overlapping 4-byte words for 4 to 7, bytes below that.
GITOPS_BYTES_INLINE bool BytesEqual(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  const char* p = a.data();
  const char* q = b.data();
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8) {
      if (LoadWord(p + i) != LoadWord(q + i)) return false;
    }
    return LoadWord(p + n - 8) == LoadWord(q + n - 8);
  }
  if (n >= 4) {
    return LoadHalfWord(p) == LoadHalfWord(q) && LoadHalfWord(p + n - 4) == LoadHalfWord(q + n - 4);
  }
  if (n == 0) return true;
  return p[0] == q[0] && p[n >> 1] == q[n >> 1] && p[n - 1] == q[n - 1];
}

#undef GITOPS_BYTES_INLINE

}  // namespace gitops::internal

#endif  // GITOPS_SRC_CORE_BYTES_EQUAL_H_
