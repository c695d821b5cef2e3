// Flux's envsubst, case by case. The tables are fluxcd/pkg/envsubst's own
// (eval_test.go TestExpand and TestExpandStrict, parse_test.go's text
// cases), read through the search tool; the rest follow from that package's
// scanner as noted.
#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "render/envsubst.h"

namespace {

using Vars = std::map<std::string, std::string>;

// Flux with strict mode off: every name is set, unset ones to "".
gitops::Result<std::string> Lenient(const std::string& text, const Vars& vars) {
  return gitops::render::Envsubst(text, [&](std::string_view name) {
    auto it = vars.find(std::string(name));
    return std::optional<std::string_view>(it == vars.end() ? std::string_view() : it->second);
  });
}

gitops::Result<std::string> Strict(const std::string& text, const Vars& vars) {
  return gitops::render::Envsubst(text,
                                  [&](std::string_view name) -> std::optional<std::string_view> {
                                    auto it = vars.find(std::string(name));
                                    if (it == vars.end()) return std::nullopt;
                                    return it->second;
                                  });
}

struct Case {
  Vars vars;
  std::string in, out;
};

}  // namespace

TEST_CASE("envsubst expands every form of Flux's TestExpand table", "[render][flux]") {
  const std::vector<Case> cases = {
      {{}, "abcdEFGH28ij", "abcdEFGH28ij"},
      {{{"var01", "abcdEFGH28ij"}}, "${#var01}", "12"},
      {{{"var01", "abcdEFGH28ij"}}, "${var01^}", "AbcdEFGH28ij"},
      {{{"var01", "abcdEFGH28ij"}}, "${var01^^}", "ABCDEFGH28IJ"},
      {{{"var01", "ABCDEFGH28IJ"}}, "${var01,}", "aBCDEFGH28IJ"},
      {{{"var01", "ABCDEFGH28IJ"}}, "${var01,,}", "abcdefgh28ij"},
      {{{"path_name", "/home/bozo/ideas/thoughts.for.today"}}, "${path_name:11}",
       "ideas/thoughts.for.today"},
      {{{"path_name", "/home/bozo/ideas/thoughts.for.today"}}, "${path_name:11:5}", "ideas"},
      {{{"var", "abc"}}, "${var=xyz}", "abc"},
      {{}, "${var=xyz}", "xyz"},
      {{{"default_var", "foo"}}, "something ${var=${default_var}}", "something foo"},
      {{{"default_var", "foo1"}}, "foo: ${var=${default_var}-suffix}", "foo: foo1-suffix"},
      {{{"default_var", "foo1"}}, "foo: ${var=prefix${default_var}-suffix}",
       "foo: prefixfoo1-suffix"},
      {{}, "${var:=xyz}", "xyz"},
      {{{"stringZ", "abcABC123ABCabc"}}, "${stringZ/%abc/XYZ}", "abcABC123ABCXYZ"},
      {{{"stringZ", "abcABC123ABCabc"}}, "${stringZ/#abc/XYZ}", "XYZABC123ABCabc"},
      {{{"stringZ", "somevalue"}}, "${stringZ/#/prefix-}", "prefix-somevalue"},
      {{{"stringZ", "somevalue"}}, "${stringZ/%/-suffix}", "somevalue-suffix"},
      {{{"stringZ", "abcABC123ABCabc"}}, "${stringZ//abc/xyz}", "xyzABC123ABCxyz"},
      {{{"stringZ", "abcABC123ABCabc"}}, "${stringZ/abc/xyz}", "xyzABC123ABCabc"},
      {{{"filename", "bash.string.txt"}}, "${filename#*.}", "string.txt"},
      {{{"filename", "path/to/file"}}, "${filename#*/}", "to/file"},
      {{{"filename", "/path/to/file"}}, "${filename#*/}", "path/to/file"},
      {{{"filename", "bash.string.txt"}}, "${filename##*.}", "txt"},
      {{{"filename", "path/to/file"}}, "${filename##*/}", "file"},
      {{{"filename", "/path/to/file"}}, "${filename##*/}", "file"},
      {{{"filename", "bash.string.txt"}}, "${filename%.*}", "bash.string"},
      {{{"filename", "bash.string.txt"}}, "${filename%%.*}", "bash"},
      {{{"var01", "abcdEFGH28ij"}}, "${var=${var01^^}}", "ABCDEFGH28IJ"},
      {{{"var01", "abcdEFGH28ij"}}, "$${var01}", "${var01}"},
      {{{"var01", "abcdEFGH28ij"}},
       "some text ${var01}$${var$${var01}$var01${var01}",
       "some text abcdEFGH28ij${var${var01}$var01abcdEFGH28ij"},
      {{{"default_var", "foo"}}, "something $${var=${default_var}}", "something ${var=foo}"},
      {{{"stringZ", "foo/bar"}}, R"(${stringZ/\//-})", "foo-bar"},
      {{{"stringZ", "foo/bar/baz"}}, R"(${stringZ//\//-})", "foo-bar-baz"},
      {{{"default_var", "foo"}}, R"(\\something ${var=${default_var}})", R"(\\something foo)"},
      {{{"stringZ", "foo.bar"}}, "${stringZ/./}", "foobar"},
  };
  for (const Case& c : cases) {
    INFO(c.in);
    auto out = Lenient(c.in, c.vars);
    REQUIRE(out.ok());
    CHECK(*out == c.out);
  }
}

TEST_CASE("envsubst leaves text alone as Flux's parser tests say", "[render][flux]") {
  // parse_test.go: text-only inputs and the `$$` escape.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"text", "text"},
      {"}text", "}text"},
      {"http://github.com", "http://github.com"},
      {"$${string}", "${string}"},
      {"$$string", "$string"},
      {R"(\\.\pipe\pipename)", R"(\\.\pipe\pipename)"},
  };
  for (const auto& [in, want] : cases) {
    INFO(in);
    auto out = Lenient(in, {});
    REQUIRE(out.ok());
    CHECK(*out == want);
  }
}

TEST_CASE("envsubst in strict mode fails on unset variables unless a default is given",
          "[render][flux]") {
  // TestExpandStrict.
  CHECK(*Strict("abcdEFGH28ij", {}) == "abcdEFGH28ij");
  CHECK(*Strict("${foo}", {{"foo", "bar"}}) == "bar");
  CHECK(*Strict("${foo}", {{"foo", ""}}) == "");
  CHECK(*Strict("${missing:=default}", {{"foo", "bar"}}) == "default");
  CHECK(*Strict("${missing:-fallback}", {}) == "fallback");
  CHECK(*Strict("${missing:=assigned}", {}) == "assigned");
  CHECK(*Strict("${missing=assigned}", {}) == "assigned");
  auto missing = Strict("${missing}", {});
  REQUIRE(!missing.ok());
  CHECK(missing.status().message() == "variable not set (strict mode): \"missing\"");
  // Operators that read the value fail too (fluxcd/flux2#5836).
  for (const char* in :
       {"${#missing}", "${missing^}", "${missing^^}", "${missing,}", "${missing,,}",
        "${missing:0}", "${missing:0:10}", "${missing/pattern/replacement}",
        "${missing//pattern/replacement}", "${missing/#pattern/replacement}",
        "${missing/%pattern/replacement}", "${missing#pattern}", "${missing##pattern}",
        "${missing%pattern}", "${missing%%pattern}"}) {
    INFO(in);
    auto out = Strict(in, {});
    REQUIRE(!out.ok());
    CHECK(out.status().message() == "variable not set (strict mode): \"missing\"");
  }
  // Arguments are expanded before the operator runs, so an unset variable in
  // a default fails even when the outer variable is set (template.go's evalFunc).
  auto nested = Strict("${a:=${b}}", {{"a", "x"}});
  REQUIRE(!nested.ok());
  CHECK(nested.status().message() == "variable not set (strict mode): \"b\"");
  CHECK(*Strict("${a:=${b:=inner}}", {}) == "inner");
}

TEST_CASE("envsubst leaves shell syntax without braces untouched", "[render][flux]") {
  // Only `${` opens an expression (scan.go's scanLbrack); `$$` is the escape.
  const std::string script =
      "#!/bin/sh\n"
      "set -eu\n"
      "for f in $(ls /data); do\n"
      "  echo \"$f: $HOME $1 $@ $? ${GREETING}\"\n"
      "done\n"
      "echo $$\n";
  auto out = Lenient(script, {{"GREETING", "hi"}});
  REQUIRE(out.ok());
  CHECK(*out ==
        "#!/bin/sh\n"
        "set -eu\n"
        "for f in $(ls /data); do\n"
        "  echo \"$f: $HOME $1 $@ $? hi\"\n"
        "done\n"
        "echo $\n");
}

TEST_CASE("envsubst gives the fork's meaning to the remaining operators", "[render][flux]") {
  Vars v = {{"s", "Hello"}, {"e", ""}, {"n", "path/to/file.tar.gz"}};
  // Every default operator means "the value if non-empty, else the default"
  // (toDefault for all of them in template.go's lookupFunc).
  CHECK(*Lenient("${e:-d}", v) == "d");
  CHECK(*Lenient("${e=d}", v) == "d");
  CHECK(*Lenient("${s:+alt}", v) == "Hello");
  CHECK(*Lenient("${e:+alt}", v) == "alt");
  CHECK(*Lenient("${s:?err}", v) == "Hello");
  // Substrings: negative offsets count from the end; a negative length
  // drops bytes at the end; an offset that is not a number returns the value.
  CHECK(*Lenient("${s:-3}", v) == "Hello");  // `:-` is a default, not an offset
  CHECK(*Lenient("${s: -3}", v) == "Hello");
  CHECK(*Lenient("${s:1:-1}", v) == "ell");
  CHECK(*Lenient("${s:1:100}", v) == "ello");
  CHECK(*Lenient("${s:10}", v) == "");
  CHECK(*Lenient("${s:x}", v) == "Hello");
  CHECK(*Lenient("${s:${#s}}", v) == "");
  // Globs with classes and `?`.
  CHECK(*Lenient("${n%.*}", v) == "path/to/file.tar");
  CHECK(*Lenient("${n%%.*}", v) == "path/to/file");
  CHECK(*Lenient("${n#[a-p]?}", v) == "th/to/file.tar.gz");
  CHECK(*Lenient("${#e}", v) == "0");
}

TEST_CASE("envsubst reports malformed expressions with the fork's messages", "[render][flux]") {
  auto msg = [](const std::string& in) {
    auto out = Lenient(in, {{"v", "x"}});
    return out.ok() ? std::string("ok: ") + *out : std::string(out.status().message());
  };
  CHECK(msg("${}") == "unable to parse variable name");
  CHECK(msg("${v") == "missing closing brace");
  // `${v-d}` (no colon) is not a form the fork parses.
  CHECK(msg("${v-d}") == "missing closing brace");
  CHECK(msg("${v:-d") == "unable to parse substitution within function");
  CHECK(msg("${#}") == "bad substitution");
  CHECK(msg("${v^x}") == "bad substitution");
}

TEST_CASE("envsubst bounds the nesting of expressions", "[render][flux]") {
  std::string in;
  for (int i = 0; i < 300; ++i) in += "${a:-";
  in += "x";
  for (int i = 0; i < 300; ++i) in += "}";
  auto out = Lenient(in, {});
  REQUIRE(!out.ok());
  CHECK(out.status().code() == gitops::Code::kLimitExceeded);
  std::string ok_in;
  for (int i = 0; i < 100; ++i) ok_in += "${a:-";
  ok_in += "x";
  for (int i = 0; i < 100; ++i) ok_in += "}";
  CHECK(*Lenient(ok_in, {}) == "x");
}

TEST_CASE("variable names follow Flux's rule", "[render][flux]") {
  using gitops::render::IsValidVariableName;
  CHECK(IsValidVariableName("cluster_env"));
  CHECK(IsValidVariableName("_x9"));
  CHECK(IsValidVariableName("A"));
  CHECK_FALSE(IsValidVariableName(""));
  CHECK_FALSE(IsValidVariableName("9lives"));
  CHECK_FALSE(IsValidVariableName("cluster-env"));
  CHECK_FALSE(IsValidVariableName("a.b"));
}
