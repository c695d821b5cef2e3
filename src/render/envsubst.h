// Envsubst: the shell-style variable expansion of Flux's postBuild
// substitution (fluxcd/pkg/envsubst, a fork of drone/envsubst), rule for
// rule, quirks included:
//
// - Only `${...}` expands; `$VAR` and `$(cmd)` stay as written. `$$` is an
//   escape for one `$` anywhere in the text (`$${x}` gives `${x}`, `$$PID`
//   gives `$PID`).
// - `${var}`, `${#var}`, `${var^}`, `${var^^}`, `${var,}`, `${var,,}`,
//   `${var:pos}`, `${var:pos:len}` (negative pos counts from the end, a
//   negative len drops that many bytes at the end), `${var#glob}`,
//   `${var##glob}`, `${var%glob}`, `${var%%glob}`, `${var/p/r}`,
//   `${var//p/r}`, `${var/#p/r}`, `${var/%p/r}` (`\/` and `\\` escape in
//   the patterns), and the defaults `${var=d}`, `${var:=d}`, `${var:-d}`,
//   `${var:+d}`, `${var:?d}`, which all mean "var if it is non-empty, else
//   d" (not bash's meanings; `${var:+d}` and `${var:?d}` too). Defaults and
//   function arguments may nest further expansions: `${a:=${b}-x}`.
// - `${var-d}` (dash without colon) is not a form the fork parses: it fails
//   with "missing closing brace", as Flux fails.
// - Lengths and offsets count bytes, as Go's len() does.
//
// Thread safety: pure functions.
#ifndef GITOPS_SRC_RENDER_ENVSUBST_H_
#define GITOPS_SRC_RENDER_ENVSUBST_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "gitops/core/status.h"

namespace gitops::render {

// A variable's value, or nullopt when it is not set. With strict mode off,
// Flux's lookup returns "" for every unset name (never nullopt).
using EnvLookup = std::function<std::optional<std::string_view>(std::string_view name)>;

// Expands `text`. An unset variable (lookup gives nullopt) referenced
// without one of the default operators fails: kInvalidArgument
// `variable not set (strict mode): "name"`. Malformed expressions fail with
// the fork's messages: "bad substitution", "missing closing brace", "unable
// to parse variable name", "unable to parse substitution within function",
// "unable to parse default function" (all kInvalidArgument); expressions
// nested deeper than 200 levels are kLimitExceeded.
Result<std::string> Envsubst(std::string_view text, const EnvLookup& lookup);

// Whether `name` is a valid variable name for substitute and
// substituteFrom keys: ^[_[:alpha:]][_[:alpha:][:digit:]]*$ (ASCII).
bool IsValidVariableName(std::string_view name);

}  // namespace gitops::render

#endif  // GITOPS_SRC_RENDER_ENVSUBST_H_
