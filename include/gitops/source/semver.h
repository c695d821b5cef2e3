// Semantic versions and version constraints as Flux's source-controller
// reads them for a GitRepository's `spec.ref.semver`: the rules of
// Masterminds/semver v3 (which Flux uses), and Flux's choice of the highest
// matching tag.
//
// Versions (ParseSemVersion, Masterminds' NewVersion): an optional leading
// `v`, then MAJOR[.MINOR[.PATCH]], then an optional `-pre.release` and an
// optional `+build.metadata` (identifiers of [0-9A-Za-z-]; numeric
// pre-release identifiers without leading zeros). Missing parts are 0.
// Ordering follows SemVer 2.0: build metadata is ignored, a pre-release sorts
// before its release, pre-release identifiers compare numerically when both
// are numbers, numbers before words, words in ASCII order.
//
// Tags (ParseTagVersion, fluxcd/pkg/version.ParseVersion): stricter: all
// three numbers, no leading zeros, an optional leading `v`. `v1.2` and
// `release-1` are not versions to Flux, and are skipped.
//
// Constraints (SemverConstraint::Parse): comparators `=`, `!=`, `>`, `<`,
// `>=` (`=>`), `<=` (`=<`), `~` (`~>`), `^` and none (`1.2` is `~1.2`
// when a part is missing or a wildcard, `=` otherwise); wildcards `x`, `X`,
// `*` for a part; comparators joined by spaces or commas are ANDed, `||`
// ORs groups; `A - B` is `>= A, <= B`. A pre-release version satisfies a
// comparator only when that comparator's own version has a pre-release
// (`>=1.2.0` never matches `1.3.0-rc.1`; `>=1.2.0-0` does; in a group
// every comparator must: `>=1.2.0-0 <2.0.0` matches no pre-release), as
// Masterminds does.
//
// Thread safety: values; a SemverConstraint may be shared read-only.
//
//   auto tag = gitops::source::HighestMatchingTag({"v1.0.0", "v1.4.2", "v2.0.0"}, "~1.4");
//   // *tag == std::optional<std::string>("v1.4.2")
#ifndef GITOPS_SOURCE_SEMVER_H_
#define GITOPS_SOURCE_SEMVER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gitops/core/status.h"

namespace gitops::source {

struct SemVersion {
  uint64_t major = 0;
  uint64_t minor = 0;
  uint64_t patch = 0;
  std::string prerelease;  // without the leading '-'; empty if none
  std::string metadata;    // without the leading '+'; empty if none
  std::string original;    // the text parsed, as given (with its `v`, if any)

  // -1, 0 or 1 as this version sorts before, with or after `other`
  // (metadata ignored).
  int Compare(const SemVersion& other) const;
  // "MAJOR.MINOR.PATCH[-pre][+meta]", without the `v`.
  std::string ToString() const;
};

// Parses a version the lenient way Masterminds' NewVersion does (optional
// `v`, missing minor/patch are 0). Errors: kInvalidArgument naming the text.
Result<SemVersion> ParseSemVersion(std::string_view text);

// Parses a tag name as Flux does before matching it against a constraint:
// strict MAJOR.MINOR.PATCH with an optional `v`. Errors: kInvalidArgument
// (the tag is not a version; callers matching tags skip it).
Result<SemVersion> ParseTagVersion(std::string_view tag);

// A parsed constraint expression (see the top of this file).
class SemverConstraint {
 public:
  // Errors: kInvalidArgument `invalid semver constraint "<text>": ...`
  // naming the part that is wrong. An empty text is an error.
  static Result<SemverConstraint> Parse(std::string_view text);

  // Whether `version` satisfies the constraint.
  bool Check(const SemVersion& version) const;

  // The text given to Parse.
  const std::string& text() const { return text_; }

  struct Comparator;  // defined in the source

  SemverConstraint(const SemverConstraint&);
  SemverConstraint& operator=(const SemverConstraint&);
  SemverConstraint(SemverConstraint&&) noexcept;
  SemverConstraint& operator=(SemverConstraint&&) noexcept;
  ~SemverConstraint();

 private:
  SemverConstraint() = default;
  std::string text_;
  std::vector<std::vector<Comparator>> any_of_;  // OR of ANDs
};

// A tag with the time that orders tags of equal versions (Flux uses the
// tagged commit's committer time: `v1.0.0+build-2` and `v1.0.0+build-3` are
// equal versions, and the newer commit wins).
struct TagCandidate {
  std::string name;
  int64_t time = 0;  // seconds since the epoch; only compared
};

// The tag whose version is the highest one satisfying `constraint`, as
// Flux's semver checkout picks it; tags that are not versions
// (ParseTagVersion) are ignored. Among equal versions (differing only in
// metadata) the later time wins, and among equal times the later entry in
// `tags`. std::nullopt when no tag matches (Flux then fails with "no match
// found for semver: <constraint>"). Errors: kInvalidArgument for an invalid
// constraint, naming it.
Result<std::optional<std::string>> HighestMatchingTag(const std::vector<TagCandidate>& tags,
                                                      std::string_view constraint);

// As above with every time equal: among equal versions the later entry in
// `tags` wins, so list tags oldest first to get Flux's choice.
Result<std::optional<std::string>> HighestMatchingTag(const std::vector<std::string>& tags,
                                                      std::string_view constraint);

}  // namespace gitops::source

#endif  // GITOPS_SOURCE_SEMVER_H_
