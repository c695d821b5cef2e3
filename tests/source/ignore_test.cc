// Ignore rules. The single-pattern table is go-git's own
// (plumbing/format/gitignore/pattern_test.go); the tree cases follow
// fluxcd/pkg/sourceignore (LoadIgnorePatterns' domains, ExcludeVCS and the
// default patterns) and source-controller's SourceIgnoreFilter (defaults
// dropped once the user gives any pattern).
#include "gitops/source/ignore.h"

#include <catch2/catch.hpp>

#include "tests/support/temp_tree.h"

namespace gitops::source {
namespace {

using gitops_test::TempTree;

enum Want { kNoMatch, kExclude, kInclude };

// go-git's Pattern.Match result through the matcher: a catch-all exclude
// below the pattern tells Include (not ignored) from NoMatch (ignored by
// the catch-all) for `!` patterns.
Want MatchOne(std::string_view pattern, std::string_view domain, std::string_view path,
              bool is_dir) {
  IgnoreMatcher m;
  const bool negated = !pattern.empty() && pattern[0] == '!';
  if (negated) m.AddPattern("*");
  m.AddPattern(pattern, domain);
  const bool ignored = m.Ignored(path, is_dir);
  if (negated) return ignored ? kNoMatch : kInclude;
  return ignored ? kExclude : kNoMatch;
}

TEST_CASE("ignore: go-git's pattern table", "[ignore]") {
  struct Case {
    const char* pattern;
    const char* domain;
    const char* path;
    bool is_dir;
    Want want;
  };
  const Case cases[] = {
      {"!vul?ano", "", "value/vulkano", false, kInclude},
      {"!my-dir/", "", "my-dir", true, kInclude},
      {"!my-dir/", "", "my-dir/file.txt", false, kNoMatch},
      {"!my-dir/", "", "my-dir/sub", true, kNoMatch},
      {"!my-dir/", "", "my-dir/sub/file.txt", false, kNoMatch},
      {"value", "head/middle/tail", "head/middle", false, kNoMatch},
      {"value", "head/middle/tail", "head/middle/tail", false, kNoMatch},
      {"value", "head/middle/tail", "head/middle/_tail_/value", false, kNoMatch},
      {"middle/", "value/volcano", "value/volcano/middle/tail", false, kExclude},
      {"volcano/", "value/volcano", "value/volcano/tail", true, kNoMatch},
      {"value", "", "value/tail", false, kExclude},
      {"value", "", "head/value/tail", false, kExclude},
      {"value", "", "head/value", false, kExclude},
      {"value/", "", "value/tail", false, kExclude},
      {"value/", "", "head/value/tail", false, kExclude},
      {"value/", "", "head/value", true, kExclude},
      {"value/", "", "head/value", false, kNoMatch},
      {"value", "", "head/val/tail", false, kNoMatch},
      {"val", "", "head/value/tail", false, kNoMatch},
      {"v*o", "", "value/vulkano/tail", false, kExclude},
      {"vul?ano", "", "value/vulkano/tail", false, kExclude},
      {"v[ou]l[kc]ano", "", "value/volcano", false, kExclude},
      {"v[ou]l[", "", "value/vol[", false, kNoMatch},
      {"/value/vul?ano", "", "value/vulkano/tail", false, kExclude},
      {"middle/tail/", "value/volcano", "value/volcano/middle/tail", true, kExclude},
      {"volcano/tail", "value/volcano", "value/volcano/tail", false, kNoMatch},
      {"value/vul?ano", "", "value/vulkano/tail", false, kExclude},
      {"value/vulkano", "", "value/volcano", false, kNoMatch},
      {"value/vul?ano", "", "value", false, kNoMatch},
      {"/value/volcano", "", "value/value/volcano", false, kNoMatch},
      {"**/*lue/vol?ano", "", "value/volcano/tail", false, kExclude},
      {"**/*lue/vol?ano", "", "head/value/volcano/tail", false, kExclude},
      {"**/*lue/vol?ano", "", "head/value/Volcano/tail", false, kNoMatch},
      {"**/*lue/vol?ano/", "", "head/value/volcano/tail", false, kExclude},
      {"**/*lue/vol?ano/", "", "head/value/volcano", true, kExclude},
      {"**/*lue/vol?ano/", "", "head/value/Colcano", true, kNoMatch},
      {"**/*lue/vol?ano/", "", "head/value/volcano", false, kNoMatch},
      {"/*lue/vol?ano/**", "", "value/volcano/tail/moretail", false, kExclude},
      {"/*lue/vol?ano/**", "", "value/volcano", false, kNoMatch},
      {"/*lue/**/vol?ano", "", "value/volcano", false, kExclude},
      {"/*lue/**/vol?ano", "", "value/middle/volcano", false, kExclude},
      {"/*lue/**/vol?ano", "", "value/middle1/middle2/volcano", false, kExclude},
      {"/*lue/**/vol?ano/", "", "value/middle1/middle2/volcano", true, kExclude},
      {"/*lue/**/vol?ano/", "", "value/middle1/middle2/volcano", false, kNoMatch},
      {"/*lue/**/vol?ano/", "", "value/middle1/middle2/volcano/tail", false, kExclude},
      {"/*lue/**foo/vol?ano", "", "value/foo/volcano/tail", false, kExclude},
      {"**/head/v[ou]l[kc]ano", "", "value/head/volcano", false, kExclude},
      {"**/head/v[ou]l[", "", "value/head/vol[", false, kNoMatch},
      {"/value/**/v[ou]l[", "", "value/head/vol[", false, kNoMatch},
      {"**/android/**/GeneratedPluginRegistrant.java", "",
       "packages/flutter_tools/lib/src/android/gradle.dart", false, kNoMatch},
      {"/a*/**", "", "ab", false, kNoMatch},
      {"/a*/**/a*", "", "ab/ab", false, kExclude},
  };
  for (const Case& c : cases) {
    INFO("pattern '" << c.pattern << "' domain '" << c.domain << "' path '" << c.path << "'");
    CHECK(MatchOne(c.pattern, c.domain, c.path, c.is_dir) == c.want);
  }
}

TEST_CASE("ignore: wildmatch segments", "[ignore]") {
  CHECK(WildMatch("*.yaml", "a.yaml"));
  CHECK_FALSE(WildMatch("*.yaml", "a.yml"));
  CHECK(WildMatch("a?c", "abc"));
  CHECK(WildMatch("[a-c]x", "bx"));
  CHECK_FALSE(WildMatch("[!a-c]x", "bx"));
  CHECK(WildMatch("[^a-c]x", "dx"));
  CHECK(WildMatch("[[:digit:]]*", "9lives"));
  CHECK_FALSE(WildMatch("[[:digit:]]*", "lives"));
  CHECK(WildMatch("\\*", "*"));
  CHECK_FALSE(WildMatch("\\*", "a"));
  CHECK(WildMatch("**", "anything"));
  CHECK(WildMatch("a*b*c", "aXbYc"));
  CHECK_FALSE(WildMatch("a*b*c", "aXbY"));
  CHECK_FALSE(WildMatch("[[:nope:]]", "a"));
  CHECK(WildMatch("[]]", "]"));
}

TEST_CASE("ignore: negation, priority and trailing spaces", "[ignore]") {
  IgnoreMatcher m;
  m.AddPatterns("# comment\n\n*.yaml\n!keep.yaml\r\nbuild/\nspace\\ \ntrailing   \n");
  CHECK(m.size() == 5);
  CHECK(m.has_negations());
  CHECK(m.Ignored("a.yaml", false));
  CHECK(m.Ignored("deep/dir/a.yaml", false));
  CHECK_FALSE(m.Ignored("keep.yaml", false));
  CHECK_FALSE(m.Ignored("deep/keep.yaml", false));
  CHECK(m.Ignored("build", true));
  CHECK_FALSE(m.Ignored("build", false));  // a file named build
  CHECK(m.Ignored("build/out.txt", false));
  CHECK(m.Ignored("trailing", false));
  CHECK_FALSE(m.Ignored("space", false));
  CHECK_FALSE(m.Ignored("", true));
  CHECK_FALSE(m.Ignored("README.md", false));
}

TEST_CASE("ignore: Flux's default excludes apply when the user gives no pattern", "[ignore]") {
  TempTree t;
  t.Write("app/deploy.yaml", "x");
  Result<IgnoreMatcher> m = IgnoreMatcher::ForTree(t.Path(), "");
  REQUIRE(m.ok());
  CHECK(m->size() == std::size(kVcsPatterns) + std::size(kDefaultPatterns));
  CHECK(m->Ignored(".git", true));
  CHECK(m->Ignored(".git/config", false));
  CHECK(m->Ignored("sub/.git", true));
  CHECK(m->Ignored(".gitignore", false));
  CHECK(m->Ignored("a/.gitmodules", false));
  CHECK(m->Ignored(".gitattributes", false));
  CHECK(m->Ignored("docs/logo.png", false));
  CHECK(m->Ignored("x.jpg", false));
  CHECK(m->Ignored("release.tar.gz", false));
  CHECK(m->Ignored("bundle.zip", false));
  CHECK(m->Ignored(".github", true));
  CHECK(m->Ignored(".github/workflows/ci.yaml", false));
  CHECK(m->Ignored(".circleci/config.yml", false));
  CHECK(m->Ignored(".travis.yml", false));
  CHECK(m->Ignored(".gitlab-ci.yml", false));
  CHECK(m->Ignored("appveyor.yml", false));
  CHECK(m->Ignored(".drone.yml", false));
  CHECK(m->Ignored("cloudbuild.yaml", false));
  CHECK(m->Ignored("codeship-services.yml", false));
  CHECK(m->Ignored("codeship-steps.yml", false));
  CHECK(m->Ignored("tools/.goreleaser.yml", false));
  CHECK(m->Ignored(".sops.yaml", false));
  CHECK(m->Ignored("clusters/prod/.flux.yaml", false));
  CHECK_FALSE(m->Ignored("app/deploy.yaml", false));
  CHECK_FALSE(m->Ignored("app", true));
  CHECK_FALSE(m->Ignored(".github", false));  // a file: `.github/` is for directories
  CHECK_FALSE(m->Ignored(".sourceignore", false));
}

TEST_CASE("ignore: .sourceignore files at several depths are scoped to their directory",
          "[ignore]") {
  TempTree t;
  t.Write(".sourceignore", "# root rules\n*.tmp\n/top-only.yaml\n");
  t.Write("apps/.sourceignore", "secret.yaml\n!keep.tmp\n");
  t.Write("apps/team/.sourceignore", "/local/\n");
  t.Write("other/secret.yaml", "x");
  t.Write(".git/.sourceignore", "everything\n");  // never read: .git is skipped
  Result<IgnoreMatcher> m = IgnoreMatcher::ForTree(t.Path(), "");
  REQUIRE(m.ok());
  // VCS patterns stay; the defaults are gone (the user gave patterns).
  CHECK(m->size() == std::size(kVcsPatterns) + 5);
  CHECK(m->Ignored(".git", true));
  CHECK_FALSE(m->Ignored("logo.png", false));
  CHECK(m->Ignored("a.tmp", false));
  CHECK(m->Ignored("apps/x/a.tmp", false));
  CHECK_FALSE(m->Ignored("apps/keep.tmp", false));
  CHECK_FALSE(m->Ignored("apps/sub/keep.tmp", false));
  CHECK(m->Ignored("keep.tmp", false));  // the `!` is scoped to apps/
  CHECK(m->Ignored("top-only.yaml", false));
  CHECK_FALSE(m->Ignored("apps/top-only.yaml", false));
  CHECK(m->Ignored("apps/secret.yaml", false));
  CHECK(m->Ignored("apps/team/secret.yaml", false));
  CHECK_FALSE(m->Ignored("other/secret.yaml", false));
  CHECK(m->Ignored("apps/team/local", true));
  CHECK(m->Ignored("apps/team/local/x.yaml", false));
  CHECK_FALSE(m->Ignored("apps/team/sub/local", true));
  CHECK_FALSE(m->Ignored("apps/local", true));
  CHECK_FALSE(m->Ignored("everything", false));
}

TEST_CASE("ignore: spec.ignore has the last word and drops the defaults", "[ignore]") {
  TempTree t;
  t.Write(".sourceignore", "*.yaml\n");
  Result<IgnoreMatcher> m = IgnoreMatcher::ForTree(t.Path(), "/*\n!/deploy/\n!*.yaml\n");
  REQUIRE(m.ok());
  CHECK(m->Ignored("README.md", false));
  CHECK(m->Ignored("src", true));
  CHECK_FALSE(m->Ignored("deploy", true));
  CHECK_FALSE(m->Ignored("deploy/app.yaml", false));
  CHECK_FALSE(m->Ignored("x.yaml", false));
  CHECK(m->Ignored(".git", true));

  Result<IgnoreMatcher> only_spec = IgnoreMatcher::ForTree(t.Path(), "");
  REQUIRE(only_spec.ok());
  CHECK(only_spec->Ignored("app.yaml", false));
}

TEST_CASE("ignore: a missing root is an error naming it", "[ignore]") {
  Result<IgnoreMatcher> m = IgnoreMatcher::ForTree("/nonexistent/gitops-ignore-root", "");
  REQUIRE_FALSE(m.ok());
  CHECK(m.status().code() == Code::kNotFound);
  CHECK_THAT(m.status().message(), Catch::Contains("/nonexistent/gitops-ignore-root"));
}

}  // namespace
}  // namespace gitops::source
