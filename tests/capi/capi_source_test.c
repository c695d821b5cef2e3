/* The C API's source module from C: gitops_git_fetch of a repository made
 * by git (file://), a cancelled token, a missing branch, cache_only (the
 * cache holds the commit, as git reads it; no tree), no_link_local_objects
 * (the cache's pack is its own file, not a hard link of the source's), and
 * a version 1 options struct. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

/* Runs `cmd` with /bin/sh; its first output line, without the newline, in
 * `out` ("" when none). Returns the exit status. */
static int run(const char *cmd, char *out, size_t size) {
  FILE *f = popen(cmd, "r");
  out[0] = '\0';
  if (f == NULL) return -1;
  if (fgets(out, (int)size, f) == NULL) out[0] = '\0';
  out[strcspn(out, "\n")] = '\0';
  return pclose(f);
}

/* The single pack file under `objects_pack` (a folder): its inode and link
 * count. Returns the number of .pack files found. */
static int pack_of(const char *objects_pack, ino_t *ino, nlink_t *nlink) {
  DIR *d = opendir(objects_pack);
  struct dirent *e;
  int packs = 0;
  if (d == NULL) return 0;
  while ((e = readdir(d)) != NULL) {
    size_t n = strlen(e->d_name);
    char path[1024];
    struct stat st;
    if (n < 5 || strcmp(e->d_name + n - 5, ".pack") != 0) continue;
    snprintf(path, sizeof path, "%s/%s", objects_pack, e->d_name);
    if (stat(path, &st) != 0) continue;
    *ino = st.st_ino;
    *nlink = st.st_nlink;
    ++packs;
  }
  closedir(d);
  return packs;
}

/* The bare repository gitops made in `cache` (its one *.git folder). */
static int cache_repo(const char *cache, char *out, size_t size) {
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "ls -d %s/*.git", cache);
  return run(cmd, out, size) == 0 && out[0] != '\0';
}

static int dir_exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void test_cache_only_and_links(const char *dir, const char *url, const char *sha) {
  char cache[512], out[512], repo[1024], cmd[2048], line[256], pack_dir[1100];
  ino_t src_ino = 0, ino = 0;
  nlink_t src_nlink = 0, nlink = 0;
  gitops_artifact *art = NULL;
  gitops_git_fetch_options opts = GITOPS_GIT_FETCH_OPTIONS_INIT;
  CHECK(opts.cache_only == 0 && opts.no_link_local_objects == 0);

  /* cache_only: the cache holds the commit, nothing goes into out_dir. */
  snprintf(cache, sizeof cache, "%s/cache-only", dir);
  snprintf(out, sizeof out, "%s/out-cache-only", dir);
  opts.url = url;
  opts.branch = "main";
  opts.cache_dir = cache;
  opts.out_dir = out;
  opts.cache_only = 1;
  CHECK(gitops_git_fetch(&art, &opts) == 0);
  if (art != NULL) {
    const gitops_artifact_info *info = gitops_artifact_info_of(art);
    char want[128];
    snprintf(want, sizeof want, "main@sha1:%s", sha);
    CHECK(strcmp(info->revision, want) == 0);
    CHECK(strcmp(info->commit_sha, sha) == 0);
    CHECK(strcmp(info->path, "") == 0);
    CHECK(strcmp(info->digest, "") == 0);
    CHECK(strcmp(info->tarball, "") == 0);
  }
  gitops_artifact_free(art);
  art = NULL;
  CHECK(!dir_exists(out));
  CHECK(cache_repo(cache, repo, sizeof repo));
  snprintf(cmd, sizeof cmd, "git --git-dir %s cat-file -t %s", repo, sha);
  CHECK(run(cmd, line, sizeof line) == 0 && strcmp(line, "commit") == 0);
  snprintf(cmd, sizeof cmd, "git --git-dir %s log -1 --format=%%H %s", repo, sha);
  CHECK(run(cmd, line, sizeof line) == 0 && strcmp(line, sha) == 0);

  /* The source's objects in one pack, so that links show on its inode. */
  snprintf(cmd, sizeof cmd, "git -C %s/repo repack -adq && git -C %s/repo prune-packed", dir,
           dir);
  CHECK(run(cmd, line, sizeof line) == 0);
  snprintf(pack_dir, sizeof pack_dir, "%s/repo/.git/objects/pack", dir);
  CHECK(pack_of(pack_dir, &src_ino, &src_nlink) == 1);

  /* Default: the cache's pack is the source's file, hard-linked. */
  snprintf(cache, sizeof cache, "%s/cache-linked", dir);
  opts.cache_dir = cache;
  CHECK(gitops_git_fetch(&art, &opts) == 0);
  gitops_artifact_free(art);
  art = NULL;
  CHECK(cache_repo(cache, repo, sizeof repo));
  snprintf(pack_dir, sizeof pack_dir, "%s/objects/pack", repo);
  CHECK(pack_of(pack_dir, &ino, &nlink) == 1);
  CHECK(ino == src_ino);
  CHECK(nlink >= 2);

  /* no_link_local_objects: the objects come through the transport, into
   * a pack of the cache's own. */
  snprintf(cache, sizeof cache, "%s/cache-unlinked", dir);
  opts.cache_dir = cache;
  opts.no_link_local_objects = 1;
  CHECK(gitops_git_fetch(&art, &opts) == 0);
  if (art != NULL) CHECK(strcmp(gitops_artifact_info_of(art)->commit_sha, sha) == 0);
  gitops_artifact_free(art);
  art = NULL;
  CHECK(cache_repo(cache, repo, sizeof repo));
  snprintf(cmd, sizeof cmd, "git --git-dir %s cat-file -t %s", repo, sha);
  CHECK(run(cmd, line, sizeof line) == 0 && strcmp(line, "commit") == 0);
  snprintf(pack_dir, sizeof pack_dir, "%s/objects/pack", repo);
  CHECK(pack_of(pack_dir, &ino, &nlink) >= 1);
  CHECK(ino != src_ino);
  CHECK(nlink == 1);

  /* A version 1 struct ends before cache_only: init leaves what follows
   * alone, and gitops_git_fetch never reads it (the tree is written). */
  {
    gitops_git_fetch_options v1;
    memset(&v1, 0x5a, sizeof v1);
    CHECK(gitops_git_fetch_options_init(&v1, 1) == 0);
    CHECK(v1.version == 1 && v1.url == NULL && v1.progress == NULL);
    CHECK(v1.cache_only == 0x5a5a5a5a && v1.no_link_local_objects == 0x5a5a5a5a);
    CHECK(gitops_git_fetch_options_init(&v1, 2) == 0);
    CHECK(v1.version == 2 && v1.cache_only == 0 && v1.no_link_local_objects == 0);
    CHECK(gitops_git_fetch_options_init(&v1, 3) == GITOPS_EINVALID);
    opts.version = 1;
    opts.cache_only = 1; /* beyond a version 1 struct: not read */
    snprintf(cache, sizeof cache, "%s/cache-v1", dir);
    opts.cache_dir = cache;
    CHECK(gitops_git_fetch(&art, &opts) == 0);
    if (art != NULL) {
      CHECK(strncmp(gitops_artifact_info_of(art)->digest, "sha256:", 7) == 0);
      CHECK(dir_exists(gitops_artifact_info_of(art)->path));
    }
    gitops_artifact_free(art);
  }
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

  test_cache_only_and_links(dir, url, sha);

  opts.version = 99;
  CHECK(gitops_git_fetch(&art, &opts) == GITOPS_EINVALID);
  CHECK(gitops_git_fetch(NULL, &opts) == GITOPS_EINVALID);
  gitops_artifact_free(NULL);
  gitops_cancel_token_free(NULL);

  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (system(cmd) != 0) ++failures;
  return failures == 0 ? 0 : 1;
}
