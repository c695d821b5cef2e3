/* The C API's source module from C: gitops_git_fetch of a repository made
 * by git (file://), a cancelled token, a missing branch, cache_only (the
 * cache holds the commit, as git reads it; no tree), no_link_local_objects
 * (the cache's pack is its own file, not a hard link of the source's),
 * version 1 and 2 options structs, and version 3's fields: the remote HEAD,
 * a .tar.gz, an included repository's artifact, a proxy Secret, and the
 * signatures of a commit and an annotated tag signed with an SSH key (as
 * git cat-file shows them). */
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
    CHECK(gitops_git_fetch_options_init(&v1, 4) == GITOPS_EINVALID);
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

/* The whole output of `cmd` in `out` (at most size - 1 bytes). Returns the exit status. */
static int run_all(const char *cmd, char *out, size_t size) {
  FILE *f = popen(cmd, "r");
  size_t n = 0, got;
  out[0] = '\0';
  if (f == NULL) return -1;
  while (n + 1 < size && (got = fread(out + n, 1, size - 1 - n, f)) > 0) n += got;
  out[n] = '\0';
  return pclose(f);
}

/* Version 3's fields, on repositories made in `dir` by git. */
static void test_version_3(const char *dir) {
  char cmd[2048], url[512], lib_url[512], cache[512], out[512], sha[64], want[256];
  char yaml[2048], got[8192];
  gitops_artifact *art = NULL, *lib = NULL;
  gitops_git_fetch_options opts = GITOPS_GIT_FETCH_OPTIONS_INIT;
  gitops_git_include include;
  const gitops_artifact_info *info;
  snprintf(cache, sizeof cache, "%s/cache3", dir);
  snprintf(out, sizeof out, "%s/out3", dir);
  opts.cache_dir = cache;
  opts.out_dir = out;

  /* A repository whose only branch, its HEAD, is trunk; signed with an SSH key. */
  snprintf(cmd, sizeof cmd,
           "cd %s && ssh-keygen -q -t ed25519 -N '' -C signer -f signer >/dev/null && "
           "git init -q -b trunk v3 && cd v3 && mkdir apps && echo cm > apps/cm.yaml && "
           "echo r > README && git add -A && "
           "git -c user.name=T -c user.email=t@example.com -c gpg.format=ssh "
           "-c user.signingkey=%s/signer commit -q -S -m signed && "
           "git -c user.name=T -c user.email=t@example.com -c gpg.format=ssh "
           "-c user.signingkey=%s/signer tag -s -m release v1.0.0 && git rev-parse HEAD",
           dir, dir, dir);
  CHECK(run(cmd, sha, sizeof sha) == 0);
  snprintf(url, sizeof url, "file://%s/v3", dir);
  opts.url = url;
  CHECK(gitops_git_fetch(&art, &opts) == GITOPS_ENOTFOUND); /* Flux's default: master */
  CHECK(strstr(gitops_error_last()->message, "master") != NULL);
  opts.use_remote_head = 1;
  opts.tarball = 1;
  CHECK(gitops_git_fetch(&art, &opts) == 0);
  if (art != NULL) {
    info = gitops_artifact_info_of(art);
    snprintf(want, sizeof want, "trunk@sha1:%s", sha);
    CHECK(strcmp(info->revision, want) == 0);
    CHECK(strlen(info->tarball) > 7 && strcmp(info->tarball + strlen(info->tarball) - 7,
                                               ".tar.gz") == 0);
    /* The .tar.gz lists the files and folders git lists (and the root, "."). */
    snprintf(cmd, sizeof cmd, "tar tzf '%s' | grep -v '^\\.$' | sort", info->tarball);
    CHECK(run_all(cmd, got, sizeof got) == 0);
    snprintf(cmd, sizeof cmd, "cd %s/v3 && git ls-tree -r -t --name-only HEAD | sort", dir);
    CHECK(run_all(cmd, yaml, sizeof yaml) == 0);
    CHECK(strcmp(got, yaml) == 0 && strcmp(yaml, "README\napps\napps/cm.yaml\n") == 0);
    if (strcmp(got, yaml) != 0) fprintf(stderr, "tar lists:\n%sgit lists:\n%s", got, yaml);
    /* No spec.verify: no signature is read. */
    CHECK(strcmp(info->commit_signature, "") == 0 && info->annotated_tag == 0);
  }
  gitops_artifact_free(art);
  art = NULL;
  opts.use_remote_head = 0;
  opts.tarball = 0;

  /* spec.verify: the raw signatures, as git cat-file shows them. */
  snprintf(yaml, sizeof yaml,
           "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\n"
           "metadata: {name: signed}\nspec:\n  interval: 1m\n  url: %s\n"
           "  ref: {tag: v1.0.0}\n  verify: {mode: TagAndHEAD, secretRef: {name: keys}}\n",
           url);
  opts.url = NULL;
  opts.repository_yaml = yaml;
  CHECK(gitops_git_fetch(&art, &opts) == 0);
  if (art != NULL) {
    info = gitops_artifact_info_of(art);
    snprintf(cmd, sizeof cmd,
             "cd %s/v3 && git cat-file commit HEAD | sed -n '/^gpgsig /,/END SSH SIGNATURE/p' | "
             "sed 's/^gpgsig //; s/^ //'", dir);
    CHECK(run_all(cmd, got, sizeof got) == 0);
    CHECK(strncmp(info->commit_signature, "-----BEGIN SSH SIGNATURE-----", 29) == 0);
    CHECK(strncmp(info->commit_signature, got, strlen(got) - 1) == 0); /* got ends in \n */
    CHECK(strstr(info->commit_signed_data, "\n\nsigned\n") != NULL);
    CHECK(strstr(info->commit_signed_data, "gpgsig") == NULL);
    CHECK(info->annotated_tag == 1);
    snprintf(cmd, sizeof cmd,
             "cd %s/v3 && git cat-file tag v1.0.0 | sed -n '/BEGIN SSH SIGNATURE/,$p'", dir);
    CHECK(run_all(cmd, got, sizeof got) == 0);
    CHECK(strcmp(info->tag_signature, got) == 0);
    CHECK(strncmp(info->tag_signed_data, "object ", 7) == 0);
    CHECK(strstr(info->tag_signed_data, "\nrelease\n") != NULL);
  }
  gitops_artifact_free(art);
  art = NULL;

  /* spec.include: the included repository's artifact, fetched first. */
  snprintf(cmd, sizeof cmd,
           "cd %s && git init -q -b main lib && cd lib && echo lib > lib.yaml && git add -A && "
           "git -c user.name=T -c user.email=t@example.com commit -qm lib && git rev-parse HEAD",
           dir);
  CHECK(run(cmd, got, sizeof got) == 0);
  snprintf(lib_url, sizeof lib_url, "file://%s/lib", dir);
  opts.repository_yaml = NULL;
  opts.url = lib_url;
  opts.branch = "main";
  CHECK(gitops_git_fetch(&lib, &opts) == 0);
  snprintf(yaml, sizeof yaml,
           "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\n"
           "metadata: {name: top}\nspec:\n  interval: 1m\n  url: %s\n"
           "  ref: {branch: trunk}\n"
           "  include:\n  - repository: {name: lib}\n    toPath: vendor/lib\n",
           url);
  opts.url = NULL;
  opts.branch = NULL;
  opts.repository_yaml = yaml;
  CHECK(gitops_git_fetch(&art, &opts) == GITOPS_ENOTFOUND); /* no artifact for lib */
  CHECK(strstr(gitops_error_last()->message, "lib") != NULL);
  include.name = "lib";
  include.artifact = lib;
  opts.includes = &include;
  opts.includes_count = 1;
  CHECK(gitops_git_fetch(&art, &opts) == 0);
  if (art != NULL) {
    snprintf(cmd, sizeof cmd, "cat '%s/vendor/lib/lib.yaml' '%s/apps/cm.yaml'",
             gitops_artifact_info_of(art)->path, gitops_artifact_info_of(art)->path);
    CHECK(run_all(cmd, got, sizeof got) == 0);
    CHECK(strcmp(got, "lib\ncm\n") == 0);
  }
  gitops_artifact_free(art);
  art = NULL;
  gitops_git_include twice[2] = {include, include};
  opts.includes = twice;
  opts.includes_count = 2;
  CHECK(gitops_git_fetch(&art, &opts) == GITOPS_EINVALID && art == NULL);
  CHECK(strstr(gitops_error_last()->message, "opts->includes[1]: include 'lib' is given twice") !=
        NULL);
  opts.includes = &include;
  opts.includes_count = 1;
  include.artifact = NULL;
  CHECK(gitops_git_fetch(&art, &opts) == GITOPS_EINVALID);
  CHECK(strstr(gitops_error_last()->message, "opts->includes[0].artifact is NULL") != NULL);
  gitops_artifact_free(lib);
  opts.includes = NULL;
  opts.includes_count = 0;

  /* proxy_secret_yaml: an HTTP fetch goes through the proxy (none listens on
   * 127.0.0.1:1, so it names the proxy); a Secret without address is refused. */
  opts.repository_yaml = NULL;
  opts.url = "http://127.0.0.1:9/fleet.git";
  opts.timeout_ms = 10000;
  opts.proxy_secret_yaml =
      "apiVersion: v1\nkind: Secret\nmetadata: {name: proxy}\n"
      "stringData: {address: 'http://127.0.0.1:1', username: u, password: pr0xy-pw}\n";
  CHECK(gitops_git_fetch(&art, &opts) == GITOPS_EUNAVAILABLE);
  CHECK(strstr(gitops_error_last()->message, "through the proxy http://127.0.0.1:1") != NULL);
  CHECK(strstr(gitops_error_last()->message, "pr0xy-pw") == NULL);
  opts.proxy_secret_yaml = "stringData: {username: u}\n";
  CHECK(gitops_git_fetch(&art, &opts) == GITOPS_EINVALID);
  CHECK(strstr(gitops_error_last()->message, "address") != NULL);
  CHECK(art == NULL);

  /* A version 2 struct ends before proxy_secret_yaml: init leaves what follows alone. */
  {
    gitops_git_fetch_options v2;
    memset(&v2, 0x5a, sizeof v2);
    CHECK(gitops_git_fetch_options_init(&v2, 2) == 0);
    CHECK(v2.version == 2 && v2.cache_only == 0 && v2.no_link_local_objects == 0);
    CHECK(v2.tarball == 0x5a5a5a5a && v2.use_remote_head == 0x5a5a5a5a);
    CHECK(gitops_git_fetch_options_init(&v2, 3) == 0);
    CHECK(v2.version == 3 && v2.proxy_secret_yaml == NULL && v2.includes == NULL &&
          v2.includes_count == 0 && v2.tarball == 0 && v2.use_remote_head == 0);
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
  test_version_3(dir);

  opts.version = 99;
  CHECK(gitops_git_fetch(&art, &opts) == GITOPS_EINVALID);
  CHECK(gitops_git_fetch(NULL, &opts) == GITOPS_EINVALID);
  gitops_artifact_free(NULL);
  gitops_cancel_token_free(NULL);

  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (system(cmd) != 0) ++failures;
  return failures == 0 ? 0 : 1;
}
