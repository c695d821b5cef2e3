/* The C API's source module from C: gitops_git_fetch of a repository made
 * by git (file://), a cancelled token, and a missing branch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitops_c.h"

static int failures = 0;
#define CHECK(cond)                                               \
  do {                                                            \
    if (!(cond)) {                                                \
      fprintf(stderr, "%s:%d: CHECK(%s)\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                 \
    }                                                             \
  } while (0)

static void on_progress(const gitops_git_progress *p, void *payload) {
  (void)p;
  ++*(int *)payload;
}

int main(void) {
  char dir[] = "/tmp/gitops-capi-source-XXXXXX";
  char cmd[1024], url[512], cache[512], out[512], sha[64] = {0};
  FILE *f;
  int calls = 0;
  gitops_artifact *art = NULL;
  gitops_cancel_token *token = NULL;
  gitops_git_fetch_options opts = GITOPS_GIT_FETCH_OPTIONS_INIT;
  if (mkdtemp(dir) == NULL) return 1;
  snprintf(cmd, sizeof cmd,
           "cd %s && git init -q -b main repo && cd repo && echo a > a.txt && git add a.txt && "
           "git -c user.name=T -c user.email=t@example.com commit -qm one && git rev-parse HEAD",
           dir);
  f = popen(cmd, "r");
  if (f == NULL || fgets(sha, sizeof sha, f) == NULL) return 1;
  pclose(f);
  sha[strcspn(sha, "\n")] = '\0';
  snprintf(url, sizeof url, "file://%s/repo", dir);
  snprintf(cache, sizeof cache, "%s/cache", dir);
  snprintf(out, sizeof out, "%s/out", dir);

  opts.url = url;
  opts.branch = "main";
  opts.cache_dir = cache;
  opts.out_dir = out;
  opts.progress = on_progress;
  opts.payload = &calls;
  CHECK(gitops_git_fetch(&art, &opts) == 0);
  if (art != NULL) {
    char want[128];
    snprintf(want, sizeof want, "main@sha1:%s", sha);
    CHECK(strcmp(gitops_artifact_info_of(art)->revision, want) == 0);
    CHECK(strncmp(gitops_artifact_info_of(art)->digest, "sha256:", 7) == 0);
    CHECK(strcmp(gitops_artifact_info_of(art)->commit_sha, sha) == 0);
    CHECK(strcmp(gitops_artifact_info_of(art)->url, url) == 0);
  }
  CHECK(calls > 0);
  gitops_artifact_free(art);

  opts.branch = "nope";
  CHECK(gitops_git_fetch(&art, &opts) == GITOPS_ENOTFOUND);
  CHECK(art == NULL);
  CHECK(strstr(gitops_error_last()->message, "nope") != NULL);

  CHECK(gitops_cancel_token_new(&token) == 0);
  gitops_cancel_token_cancel(token);
  opts.branch = "main";
  opts.cancel = token;
  opts.out_dir = cache; /* a different artifacts dir: no recorded artifact */
  CHECK(gitops_git_fetch(&art, &opts) == GITOPS_ECANCELLED);
  gitops_cancel_token_free(token);

  opts.version = 99;
  CHECK(gitops_git_fetch(&art, &opts) == GITOPS_EINVALID);
  CHECK(gitops_git_fetch(NULL, &opts) == GITOPS_EINVALID);
  gitops_artifact_free(NULL);
  gitops_cancel_token_free(NULL);

  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (system(cmd) != 0) ++failures;
  return failures == 0 ? 0 : 1;
}
