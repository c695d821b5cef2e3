// Status and Result<T>: how every gitops call reports failure.
//
// Errors are returned, never thrown, across the public API. A Status carries
// one code from a short canonical list and a message that names the file,
// line, object or field at fault; a Result<T> holds either a T or a non-ok
// Status. Both are values: copy, move and return them freely.
//
// Thread safety: a Status or Result is as thread-safe as an int: distinct
// objects may be used from different threads, one object needs external
// synchronisation for concurrent mutation.
//
//   gitops::Result<gitops::Value> doc = gitops::ReadJson(text);
//   if (!doc.ok()) std::cerr << doc.status().ToString() << "\n";
#ifndef GITOPS_CORE_STATUS_H_
#define GITOPS_CORE_STATUS_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace gitops {

// The canonical error codes. The C API returns them negated (GITOPS_E*), and
// Python raises a gitops.Error subclass per code.
enum class Code : int {
  kOk = 0,
  kInvalidArgument = 1,    // the caller's input is wrong (a bad field, a bad option)
  kParseError = 2,         // text could not be read (YAML, JSON, a URL); has a location
  kNotFound = 3,           // a file, object, key or ref does not exist
  kAlreadyExists = 4,      // something to be created is already there
  kConflict = 5,           // another owner holds it (field managers, a lock)
  kFailedPrecondition = 6, // the system is not in a state that allows the call
  kLimitExceeded = 7,      // a configured bound (size, depth, expansion, count) was hit
  kPermissionDenied = 8,   // authentication or authorisation failed, or a path escapes its root
  kUnavailable = 9,        // a peer could not be reached; retrying may help
  kTimeout = 10,           // a deadline passed
  kCancelled = 11,         // the caller cancelled
  kUnimplemented = 12,     // a feature gitops does not provide (the message says which)
  kInternal = 13,          // a bug in gitops
};

// Returns the code's name, e.g. "ParseError".
std::string_view CodeName(Code code);

// Where in a text an error was found. line and column count from 1; 0 means
// unknown.
struct SourceLocation {
  std::string file;  // the name the caller gave the text; empty if none
  int line = 0;
  int column = 0;
};

class [[nodiscard]] Status {
 public:
  // An ok status.
  Status() = default;
  // A status with the given code and message; `code` must not be kOk.
  Status(Code code, std::string message);
  Status(Code code, std::string message, SourceLocation location);

  Status(const Status& other);
  Status& operator=(const Status& other);
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;
  ~Status() = default;

  bool ok() const { return rep_ == nullptr; }
  Code code() const { return rep_ ? rep_->code : Code::kOk; }
  // The message without the location prefix; empty for ok.
  const std::string& message() const;
  // The location, if the error has one (a parse error always does).
  const SourceLocation* location() const {
    return rep_ && rep_->has_location ? &rep_->location : nullptr;
  }

  // "file:line:column: message" (the parts that are known), or "ok".
  std::string ToString() const;

  // Returns a copy whose message is "<context>: <message>", keeping code and
  // location. Use it to add the object or file an error happened in.
  Status WithContext(std::string_view context) const;

  // Ignores the status on purpose (silences [[nodiscard]]).
  void IgnoreError() const {}

 private:
  struct Rep {
    Code code;
    std::string message;
    bool has_location = false;
    SourceLocation location;
  };
  std::unique_ptr<Rep> rep_;
};

inline Status OkStatus() { return Status(); }
Status InvalidArgumentError(std::string message);
Status ParseError(std::string message, SourceLocation location);
Status NotFoundError(std::string message);
Status AlreadyExistsError(std::string message);
Status ConflictError(std::string message);
Status FailedPreconditionError(std::string message);
Status LimitExceededError(std::string message);
Status PermissionDeniedError(std::string message);
Status UnavailableError(std::string message);
Status TimeoutError(std::string message);
Status CancelledError(std::string message);
Status UnimplementedError(std::string message);
Status InternalError(std::string message);

inline bool IsInvalidArgument(const Status& s) { return s.code() == Code::kInvalidArgument; }
inline bool IsParseError(const Status& s) { return s.code() == Code::kParseError; }
inline bool IsNotFound(const Status& s) { return s.code() == Code::kNotFound; }
inline bool IsLimitExceeded(const Status& s) { return s.code() == Code::kLimitExceeded; }

// Either a T or a non-ok Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  // Implicit from a value and from a non-ok status, so that functions can
  // `return value;` and `return SomeError(...);`.
  Result(T value) : value_(std::move(value)) {}  // NOLINT(runtime/explicit)
  Result(Status status) : status_(std::move(status)) {  // NOLINT(runtime/explicit)
    if (status_.ok()) status_ = InternalError("Result constructed from an ok Status");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  // The value; must only be called when ok().
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T&& operator*() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace gitops

// Evaluates `expr` (a Status) and returns it from the current function if it
// is not ok.
#define GITOPS_RETURN_IF_ERROR(expr)            \
  do {                                          \
    ::gitops::Status gitops_status_ = (expr);   \
    if (!gitops_status_.ok()) return gitops_status_; \
  } while (0)

#define GITOPS_CONCAT_INNER_(a, b) a##b
#define GITOPS_CONCAT_(a, b) GITOPS_CONCAT_INNER_(a, b)
// `GITOPS_ASSIGN_OR_RETURN(auto x, F());` assigns F()'s value or returns its
// status from the current function.
#define GITOPS_ASSIGN_OR_RETURN(lhs, expr) \
  GITOPS_ASSIGN_OR_RETURN_IMPL_(GITOPS_CONCAT_(gitops_result_, __LINE__), lhs, expr)
#define GITOPS_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.status();                 \
  lhs = std::move(tmp).value()

#endif  // GITOPS_CORE_STATUS_H_
