// The C API's error record, buffers and version: gitops_error_*,
// gitops_buf_dispose, gitops_version.
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>

#include "capi_internal.h"
#include "gitops_c.h"

// The header's version macros must name the version CMake builds (the
// project() line): a release that bumps one must bump the other.
static_assert(GITOPS_VERSION_MAJOR == GITOPS_C_BUILD_VERSION_MAJOR &&
                  GITOPS_VERSION_MINOR == GITOPS_C_BUILD_VERSION_MINOR &&
                  GITOPS_VERSION_PATCH == GITOPS_C_BUILD_VERSION_PATCH,
              "gitops_c.h's GITOPS_VERSION_* differ from the project version in CMakeLists.txt");

namespace gitops::capi {
namespace {

// The codes are gitops::Code negated; these pin the correspondence the
// header documents.
static_assert(GITOPS_EINVALID == -static_cast<int>(Code::kInvalidArgument));
static_assert(GITOPS_EPARSE == -static_cast<int>(Code::kParseError));
static_assert(GITOPS_ENOTFOUND == -static_cast<int>(Code::kNotFound));
static_assert(GITOPS_EEXISTS == -static_cast<int>(Code::kAlreadyExists));
static_assert(GITOPS_ECONFLICT == -static_cast<int>(Code::kConflict));
static_assert(GITOPS_EPRECONDITION == -static_cast<int>(Code::kFailedPrecondition));
static_assert(GITOPS_ELIMIT == -static_cast<int>(Code::kLimitExceeded));
static_assert(GITOPS_EPERMISSION == -static_cast<int>(Code::kPermissionDenied));
static_assert(GITOPS_EUNAVAILABLE == -static_cast<int>(Code::kUnavailable));
static_assert(GITOPS_ETIMEOUT == -static_cast<int>(Code::kTimeout));
static_assert(GITOPS_ECANCELLED == -static_cast<int>(Code::kCancelled));
static_assert(GITOPS_EUNIMPLEMENTED == -static_cast<int>(Code::kUnimplemented));
static_assert(GITOPS_EINTERNAL == -static_cast<int>(Code::kInternal));
static_assert(GITOPS_ENOMEM == GITOPS_EINTERNAL - 1, "ENOMEM follows the C++ codes");

constexpr gitops_error kNoError = {GITOPS_OK, "no error", "", 0, 0};
constexpr gitops_error kOutOfMemory = {GITOPS_ENOMEM, "out of memory", "", 0, 0};

// This thread's last error. `record` points into the strings, or at static
// text (kNoError, kOutOfMemory).
struct LastError {
  std::string message;
  std::string file;
  gitops_error record = kNoError;
};
thread_local LastError last_error;

int Store(int code, std::string message, std::string file, int line, int column) noexcept {
  // The strings are built before the call, so nothing here allocates: the
  // record is never left pointing at half-assigned text.
  LastError& e = last_error;
  e.message.swap(message);
  e.file.swap(file);
  e.record = {code, e.message.c_str(), e.file.c_str(), line, column};
  return code;
}

}  // namespace

int ToCCode(Code code) { return code == Code::kOk ? GITOPS_EINTERNAL : -static_cast<int>(code); }

int SetError(const Status& status) {
  try {
    const SourceLocation* loc = status.location();
    return Store(ToCCode(status.code()), status.ToString(), loc ? loc->file : std::string(),
                 loc ? loc->line : 0, loc ? loc->column : 0);
  } catch (const std::bad_alloc&) {
    return SetOutOfMemory();
  }
}

int SetError(int code, std::string_view message) {
  try {
    return Store(code, std::string(message), std::string(), 0, 0);
  } catch (const std::bad_alloc&) {
    return SetOutOfMemory();
  }
}

int SetOutOfMemory() {
  last_error.record = kOutOfMemory;
  return GITOPS_ENOMEM;
}

int NullArgument(const char* function, const char* argument) {
  try {
    return SetError(GITOPS_EINVALID, std::string(function) + ": " + argument + " is NULL");
  } catch (const std::bad_alloc&) {
    return SetOutOfMemory();
  }
}

void FillBuf(gitops_buf* out, std::string_view text) {
  char* p = static_cast<char*>(std::malloc(text.size() + 1));
  if (p == nullptr) throw std::bad_alloc();
  if (!text.empty()) std::memcpy(p, text.data(), text.size());
  p[text.size()] = '\0';
  std::free(out->ptr);
  out->ptr = p;
  out->size = text.size();
}

}  // namespace gitops::capi

using gitops::capi::last_error;

extern "C" {

const gitops_error* gitops_error_last(void) { return &last_error.record; }

void gitops_error_clear(void) {
  last_error.record = gitops::capi::kNoError;
  // Keep the strings' capacity: clearing must not free on a hot path, and
  // the record no longer points at them.
  last_error.message.clear();
  last_error.file.clear();
}

int gitops_version(int* major, int* minor, int* patch) {
  if (major == nullptr) return gitops::capi::NullArgument("gitops_version", "major");
  if (minor == nullptr) return gitops::capi::NullArgument("gitops_version", "minor");
  if (patch == nullptr) return gitops::capi::NullArgument("gitops_version", "patch");
  *major = GITOPS_C_BUILD_VERSION_MAJOR;
  *minor = GITOPS_C_BUILD_VERSION_MINOR;
  *patch = GITOPS_C_BUILD_VERSION_PATCH;
  return GITOPS_OK;
}

void gitops_buf_dispose(gitops_buf* buf) {
  if (buf == nullptr) return;
  std::free(buf->ptr);
  buf->ptr = nullptr;
  buf->size = 0;
}

}  // extern "C"
