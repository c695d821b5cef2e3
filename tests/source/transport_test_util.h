// Shared by the transport tests: a bare clone through libgit2 with
// RemoteTransport's callbacks, reporting what a caller would see.
#ifndef GITOPS_TESTS_SOURCE_TRANSPORT_TEST_UTIL_H_
#define GITOPS_TESTS_SOURCE_TRANSPORT_TEST_UTIL_H_

#include <git2.h>

#include <string>

#include "source/transport.h"
#include "tests/support/git_servers.h"

namespace gitops::source::testing {

// A value no error message may contain: tests put it in every secret field.
inline constexpr const char* kCanary = "canary-7f3a9c-s3cret";

inline void InitLibgit2() {
  static const int once = git_libgit2_init();
  (void)once;
}

struct CloneOutcome {
  Status status;     // ok, or what RemoteTransport::ToStatus made of the failure
  std::string head;  // the cloned HEAD commit's sha1 hex, when ok
};

// Clones `url` (bare) into a temp dir with a RemoteTransport over `settings`.
inline CloneOutcome CloneWith(const std::string& url, TransportSettings settings) {
  InitLibgit2();
  gitops::testing::TempDir dir("gitops-clone");
  RemoteTransport transport(std::move(settings));
  git_clone_options opts = GIT_CLONE_OPTIONS_INIT;
  opts.bare = 1;
  CloneOutcome outcome;
  outcome.status = transport.Configure(&opts.fetch_opts.callbacks);
  if (!outcome.status.ok()) return outcome;
  git_repository* repo = nullptr;
  int rc = git_clone(&repo, url.c_str(), (dir.path() + "/repo.git").c_str(), &opts);
  if (rc < 0) {
    outcome.status = transport.ToStatus(rc, url);
    return outcome;
  }
  git_oid oid;
  if (git_reference_name_to_id(&oid, repo, "HEAD") == 0) {
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, &oid);
    outcome.head = hex;
  }
  git_repository_free(repo);
  return outcome;
}

}  // namespace gitops::source::testing

#endif  // GITOPS_TESTS_SOURCE_TRANSPORT_TEST_UTIL_H_
