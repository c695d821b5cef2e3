// Ignore rules for a source tree, as Flux's source-controller applies them
// before it archives an artifact: gitignore syntax (go-git's matcher, which
// fluxcd/pkg/sourceignore uses), `.sourceignore` files at any depth scoped
// to their directory, a GitRepository's `spec.ignore`, and Flux's default
// excludes.
//
// Pattern syntax (one per line; blank lines and lines starting with `#`
// are skipped; trailing spaces are trimmed unless escaped as `\ `):
//   `!p`      re-includes what an earlier (lower-priority) pattern excluded
//   `p/`      matches directories only (and, through them, their contents)
//   `a/b`     a pattern with a `/` is anchored to the directory of the file
//             that holds it (`/a` is `a` anchored there)
//   `name`    a pattern without `/` matches a file or directory of that
//             name at any depth below that directory
//   `**`      as a whole segment: any number of directories (`**/x`,
//             `a/**/b`, `a/**`)
//   `*`, `?`, `[a-z]`, `[!x]`, `[[:alpha:]]`, `\x`  within a segment, as
//             git's wildmatch
// The last pattern that matches a path decides: exclude, or include for a
// `!` pattern. A path none matches is kept. Contents of an excluded
// directory are excluded by the same pattern, unless a later `!` pattern
// re-includes them (Flux then archives the re-included file without its
// excluded parent directory entry; so does this library).
//
// The patterns of a tree, lowest priority first (as Flux orders them):
//   1. kVcsPatterns (always);
//   2. kDefaultPatterns, only when the tree has no other pattern at all
//      (no non-empty `.sourceignore` anywhere and an empty `spec.ignore`:
//      Flux drops its defaults as soon as the user gives any rule);
//   3. each `.sourceignore` file, depth first, directories in byte order,
//      scoped to its directory (directories named `.git` are not read);
//   4. `spec.ignore`, scoped to the root.
//
// Thread safety: an IgnoreMatcher is a value; const methods may be called
// from several threads at once.
//
//   auto m = gitops::source::IgnoreMatcher::ForTree("/tmp/checkout", spec.ignore);
//   if (m.ok() && m->Ignored("docs/logo.png", /*is_dir=*/false)) { ... }
#ifndef GITOPS_SOURCE_IGNORE_H_
#define GITOPS_SOURCE_IGNORE_H_

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "gitops/core/status.h"

namespace gitops::source {

// fluxcd/pkg/sourceignore's ExcludeVCS.
inline constexpr std::string_view kVcsPatterns[] = {".git/", ".gitignore", ".gitmodules",
                                                    ".gitattributes"};
// fluxcd/pkg/sourceignore's ExcludeExt, ExcludeCI and ExcludeExtra, in its order.
inline constexpr std::string_view kDefaultPatterns[] = {"*.jpg",
                                                        "*.jpeg",
                                                        "*.gif",
                                                        "*.png",
                                                        "*.wmv",
                                                        "*.flv",
                                                        "*.tar.gz",
                                                        "*.zip",
                                                        ".github/",
                                                        ".circleci/",
                                                        ".travis.yml",
                                                        ".gitlab-ci.yml",
                                                        "appveyor.yml",
                                                        ".drone.yml",
                                                        "cloudbuild.yaml",
                                                        "codeship-services.yml",
                                                        "codeship-steps.yml",
                                                        "**/.goreleaser.yml",
                                                        "**/.sops.yaml",
                                                        "**/.flux.yaml"};

// The name of the per-directory ignore file.
inline constexpr std::string_view kSourceIgnoreFile = ".sourceignore";

class IgnoreMatcher {
 public:
  // A matcher with no patterns: ignores nothing.
  IgnoreMatcher();

  // Flux's matcher for the tree at `root` (see the top of this file):
  // reads every `.sourceignore` below `root` (symlinks are not followed),
  // then `spec_ignore` (a GitRepository's spec.ignore text; empty for none).
  // Errors: kNotFound (root missing), kInvalidArgument (root not a
  // directory), kInternal (a directory or file could not be read, naming it).
  static Result<IgnoreMatcher> ForTree(const std::filesystem::path& root,
                                       std::string_view spec_ignore);

  // The same matcher from `.sourceignore` texts read elsewhere (a tree in
  // an object store): `sourceignores` holds (directory relative to the
  // root, "" for the root; the file's text) in the order ForTree reads them.
  struct SourceIgnoreFile {
    std::string domain;
    std::string text;
  };
  static IgnoreMatcher ForFiles(const std::vector<SourceIgnoreFile>& sourceignores,
                                std::string_view spec_ignore);

  // Adds one pattern line (ParsePattern), scoped to `domain`: the
  // directory, relative to the root with `/` separators, whose files it
  // applies to ("" for the root). A later pattern has priority.
  void AddPattern(std::string_view pattern, std::string_view domain = "");
  // Adds the lines of a `.sourceignore` / spec.ignore text (ReadPatterns:
  // blank and `#` lines skipped, `\r\n` line ends accepted).
  void AddPatterns(std::string_view text, std::string_view domain = "");

  // Whether `relative_path` (from the root, `/`-separated, no leading `/`
  // or `./`) is excluded; `is_dir` says whether it names a directory. The
  // root itself ("") is never ignored.
  bool Ignored(std::string_view relative_path, bool is_dir) const;

  // Whether some pattern re-includes (`!`): if not, everything below an
  // ignored directory is ignored too, and a walker may skip it unread.
  bool has_negations() const { return has_negations_; }
  // The number of patterns added.
  size_t size() const;

  struct Pattern;  // defined in the source

  IgnoreMatcher(const IgnoreMatcher&);
  IgnoreMatcher& operator=(const IgnoreMatcher&);
  IgnoreMatcher(IgnoreMatcher&&) noexcept;
  IgnoreMatcher& operator=(IgnoreMatcher&&) noexcept;
  ~IgnoreMatcher();

 private:
  std::vector<Pattern> patterns_;
  bool has_negations_ = false;
};

// git's wildmatch of one path segment (no `/` in `text`), as go-git ports
// it: `*`, `?`, bracket expressions with ranges, `!`/`^` negation and POSIX
// classes, `\` escapes. Exposed for tests.
bool WildMatch(std::string_view pattern, std::string_view text);

}  // namespace gitops::source

#endif  // GITOPS_SOURCE_IGNORE_H_
