#include "gitops/core/status.h"

namespace gitops {

std::string_view CodeName(Code code) {
  switch (code) {
    case Code::kOk: return "Ok";
    case Code::kInvalidArgument: return "InvalidArgument";
    case Code::kParseError: return "ParseError";
    case Code::kNotFound: return "NotFound";
    case Code::kAlreadyExists: return "AlreadyExists";
    case Code::kConflict: return "Conflict";
    case Code::kFailedPrecondition: return "FailedPrecondition";
    case Code::kLimitExceeded: return "LimitExceeded";
    case Code::kPermissionDenied: return "PermissionDenied";
    case Code::kUnavailable: return "Unavailable";
    case Code::kTimeout: return "Timeout";
    case Code::kCancelled: return "Cancelled";
    case Code::kUnimplemented: return "Unimplemented";
    case Code::kInternal: return "Internal";
  }
  return "Unknown";
}

Status::Status(Code code, std::string message)
    : rep_(new Rep{code == Code::kOk ? Code::kInternal : code, std::move(message), false, {}}) {}

Status::Status(Code code, std::string message, SourceLocation location)
    : Status(code, std::move(message)) {
  rep_->has_location = true;
  rep_->location = std::move(location);
}

Status::Status(const Status& other) : rep_(other.rep_ ? new Rep(*other.rep_) : nullptr) {}

Status& Status::operator=(const Status& other) {
  if (this != &other) rep_.reset(other.rep_ ? new Rep(*other.rep_) : nullptr);
  return *this;
}

const std::string& Status::message() const {
  static const std::string* const kEmpty = new std::string();
  return rep_ ? rep_->message : *kEmpty;
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string out;
  if (rep_->has_location) {
    const SourceLocation& loc = rep_->location;
    if (!loc.file.empty()) out += loc.file + ":";
    if (loc.line > 0) {
      out += std::to_string(loc.line) + ":";
      if (loc.column > 0) out += std::to_string(loc.column) + ":";
    }
    if (!out.empty()) out += " ";
  }
  out += rep_->message;
  return out;
}

Status Status::WithContext(std::string_view context) const {
  if (ok()) return Status();
  Status s(*this);
  s.rep_->message = std::string(context) + ": " + s.rep_->message;
  return s;
}

Status InvalidArgumentError(std::string m) { return Status(Code::kInvalidArgument, std::move(m)); }
Status ParseError(std::string m, SourceLocation loc) {
  return Status(Code::kParseError, std::move(m), std::move(loc));
}
Status NotFoundError(std::string m) { return Status(Code::kNotFound, std::move(m)); }
Status AlreadyExistsError(std::string m) { return Status(Code::kAlreadyExists, std::move(m)); }
Status ConflictError(std::string m) { return Status(Code::kConflict, std::move(m)); }
Status FailedPreconditionError(std::string m) {
  return Status(Code::kFailedPrecondition, std::move(m));
}
Status LimitExceededError(std::string m) { return Status(Code::kLimitExceeded, std::move(m)); }
Status PermissionDeniedError(std::string m) {
  return Status(Code::kPermissionDenied, std::move(m));
}
Status UnavailableError(std::string m) { return Status(Code::kUnavailable, std::move(m)); }
Status TimeoutError(std::string m) { return Status(Code::kTimeout, std::move(m)); }
Status CancelledError(std::string m) { return Status(Code::kCancelled, std::move(m)); }
Status UnimplementedError(std::string m) { return Status(Code::kUnimplemented, std::move(m)); }
Status InternalError(std::string m) { return Status(Code::kInternal, std::move(m)); }

}  // namespace gitops
