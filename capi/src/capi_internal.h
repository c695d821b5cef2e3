// Shared by the capi/src/*_c.cc wrappers: the thread-local last error, the
// exception barrier every exported function runs inside, gitops_buf
// filling, options version checks and the gitops_docs handle (which more
// than one module returns). Private to libgitops_c.
//
// Thread safety: the error record is thread_local; the rest is stateless.
#ifndef GITOPS_CAPI_SRC_CAPI_INTERNAL_H_
#define GITOPS_CAPI_SRC_CAPI_INTERNAL_H_

#include <exception>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "gitops/core/object.h"
#include "gitops/core/status.h"
#include "gitops/core/value.h"
#include "gitops_c.h"

// The documents handle. Everything a borrowed pointer can point at is
// computed when the handle is made (MakeDocs) and never changes, which is
// what lets one handle be read from several threads without a lock.
struct gitops_docs {
  struct Identity {
    gitops::Status status;  // why the document has no identity, if it has none
    gitops::ObjectId id;
    std::string inventory_id;
    gitops_object_id c{};  // points into `id` and `inventory_id`
  };
  std::vector<gitops::Value> values;
  std::vector<Identity> identities;  // one per value; never resized after MakeDocs
};

namespace gitops::capi {

// A handle over `values`, with each document's identity computed.
std::unique_ptr<gitops_docs> MakeDocs(std::vector<Value> values);

// GITOPS_OK for an options version from 1 to `latest`, else records
// GITOPS_EINVALID naming `function` and returns it.
int CheckVersion(const char* function, unsigned int version, unsigned int latest);

// The GITOPS_E* code for a non-ok C++ code (its negation).
int ToCCode(Code code);

// Records `status` as this thread's last error and returns its C code.
// `status` must not be ok.
int SetError(const Status& status);
// Records an error without a location and returns `code`.
int SetError(int code, std::string_view message);
// Records the out-of-memory error without allocating; returns GITOPS_ENOMEM.
int SetOutOfMemory();

// Records GITOPS_EINVALID "<function>: <argument> is NULL".
int NullArgument(const char* function, const char* argument);

// Replaces the contents of *out with a malloc'ed, NUL-terminated copy of
// `text`. Throws std::bad_alloc when malloc fails (the barrier reports it).
void FillBuf(gitops_buf* out, std::string_view text);

// Runs `body` (returning a GITOPS_* int) and turns any exception into an
// error code, so that nothing is thrown across the C boundary.
template <typename Body>
int Barrier(const char* function, Body&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return SetOutOfMemory();
  } catch (const std::exception& e) {
    try {
      return SetError(GITOPS_EINTERNAL,
                      std::string(function) + ": unexpected exception: " + e.what());
    } catch (...) {
      return SetOutOfMemory();
    }
  } catch (...) {
    try {
      return SetError(GITOPS_EINTERNAL, std::string(function) + ": unexpected exception");
    } catch (...) {
      return SetOutOfMemory();
    }
  }
}

}  // namespace gitops::capi

#endif  // GITOPS_CAPI_SRC_CAPI_INTERNAL_H_
