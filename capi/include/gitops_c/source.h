/*
 * gitops_c/source.h: the source module: fetching a Git repository into an
 * artifact (gitops/source/git.h). Include gitops_c.h.
 *
 *     gitops_git_fetch_options opts = GITOPS_GIT_FETCH_OPTIONS_INIT;
 *     opts.url = "https://gitea.example/fleet.git";
 *     opts.branch = "main";
 *     gitops_artifact *art = NULL;
 *     if (gitops_git_fetch(&art, &opts) == 0)
 *       printf("%s %s\n", gitops_artifact_info_of(art)->revision,
 *              gitops_artifact_info_of(art)->digest);
 *     gitops_artifact_free(art);
 */
#ifndef INCLUDE_GITOPS_C_SOURCE_H_
#define INCLUDE_GITOPS_C_SOURCE_H_

#include <stddef.h>
#include <stdint.h>

#include "core.h"

GITOPS_BEGIN_DECL

/**
 * Cancels a fetch from another thread: create one, pass it in the options,
 * call gitops_cancel_token_cancel() from any thread; the fetch then fails
 * with GITOPS_ECANCELLED. Free it once no fetch uses it.
 */
typedef struct gitops_cancel_token gitops_cancel_token;

/** Creates a token; returns 0, GITOPS_EINVALID (NULL out) or GITOPS_ENOMEM. */
GITOPS_EXTERN(int) gitops_cancel_token_new(gitops_cancel_token **out);
/** Cancels every fetch using `token`; thread-safe; NULL is a no-op. */
GITOPS_EXTERN(void) gitops_cancel_token_cancel(gitops_cancel_token *token);
/** Releases a token; NULL is a no-op. */
GITOPS_EXTERN(void) gitops_cancel_token_free(gitops_cancel_token *token);

/** How far a download has got. */
typedef struct {
  uint64_t total_objects;
  uint64_t received_objects;
  uint64_t indexed_objects;
  uint64_t received_bytes;
} gitops_git_progress;

/** A fetched artifact (immutable). */
typedef struct gitops_artifact gitops_artifact;

/** An included GitRepository's artifact, for gitops_git_fetch_options::includes. */
typedef struct gitops_git_include {
  const char *name;                /**< the GitRepository's name in spec.include */
  const gitops_artifact *artifact; /**< its artifact (with a tree: not cache_only) */
} gitops_git_include;

/** Options for gitops_git_fetch(). Strings are NUL-terminated; NULL is unset. */
typedef struct {
  unsigned int version; /**< GITOPS_GIT_FETCH_OPTIONS_VERSION */
  /** The repository URL (https, http, ssh, file or a local path). Required
   *  unless `repository_yaml` is given. */
  const char *url;
  /** The ref, Flux's precedence commit > name > semver > tag > branch;
   *  all NULL: branch master. */
  const char *branch;
  const char *tag;
  const char *semver;
  const char *name;
  const char *commit;
  /** A Flux GitRepository in YAML (instead of url and the ref). Default NULL. */
  const char *repository_yaml;
  /** The repository's Secret in YAML (data and/or stringData). Default NULL. */
  const char *secret_yaml;
  /** Default NULL: $XDG_CACHE_HOME/gitops/git. */
  const char *cache_dir;
  /** Default NULL: a folder per repository URL and settings under "artifacts"
   * beside the cache (keep counts every tree of out_dir: give each repository its own). */
  const char *out_dir;
  /** Fallback URLs, `mirrors_count` of them, tried in order. Default none. */
  const char *const *mirrors;
  size_t mirrors_count;
  /** Each network operation's limit in milliseconds. Default 0: 60 s. */
  unsigned int timeout_ms;
  /** Default NULL: not cancellable. Must outlive the call. */
  gitops_cancel_token *cancel;
  /** Called on the fetching thread as objects arrive. Default NULL. */
  void (*progress)(const gitops_git_progress *progress, void *payload);
  void *payload;
  /**
   * Since version 2. Non-zero: only bring the cache up to date (list the
   * refs, resolve the ref, fetch the objects the cache lacks) and write no
   * artifact tree, nothing in `out_dir`. The artifact then has its
   * revision, url and commit fields, and its `path` and `digest` are "".
   * For warming a cache ahead of time. Default 0: the tree is written.
   */
  int cache_only;
  /**
   * Since version 2. Non-zero: a local fetch (file:// or a path) takes
   * every object through libgit2's local transport, which packs them anew.
   * Default 0: the source's pack files and loose objects are first
   * hard-linked into the cache (copied across file systems), as
   * `git clone --local` does, so the fetch transfers only what they lack.
   */
  int no_link_local_objects;
  /**
   * Since version 3. The proxy's Secret in YAML, as Flux's
   * spec.proxySecretRef names one: `address` (required, an http(s) URL),
   * `username`, `password` (data and/or stringData). Default NULL: the
   * environment's proxy settings.
   */
  const char *proxy_secret_yaml;
  /**
   * Since version 3. The artifacts of the GitRepositories that the
   * repository's spec.include names, `includes_count` of them. Default
   * none (a spec.include entry with no artifact is GITOPS_ENOTFOUND).
   */
  const gitops_git_include *includes;
  size_t includes_count;
  /** Since version 3. Non-zero: also write the tree as a .tar.gz (the
   *  artifact's `tarball`). Default 0. */
  int tarball;
  /** Since version 3. Non-zero: with no ref, fetch the remote's HEAD branch
   *  instead of `master` (Flux's default). Default 0. */
  int use_remote_head;
} gitops_git_fetch_options;

/** Versions 1 (without `cache_only` and what follows) and 2 (without
 *  `proxy_secret_yaml` and what follows) are still accepted. */
#define GITOPS_GIT_FETCH_OPTIONS_VERSION 3
#define GITOPS_GIT_FETCH_OPTIONS_INIT \
  { GITOPS_GIT_FETCH_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, \
    NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, 0, 0, NULL, NULL, 0, 0, 0 }

/**
 * Initialises `opts` with the defaults, as GITOPS_GIT_FETCH_OPTIONS_INIT
 * does (for an older version, only the fields that version has).
 *
 * @return 0, or GITOPS_EINVALID for a NULL `opts` or an unknown version
 */
GITOPS_EXTERN(int)
gitops_git_fetch_options_init(gitops_git_fetch_options *opts, unsigned int version);

/**
 * The artifact's fields, borrowed from its handle; never NULL strings.
 * Callers never allocate one, so later versions may append fields.
 */
typedef struct {
  const char *path;     /**< the artifact tree's folder; "" with cache_only (no tree) */
  const char *digest;   /**< "sha256:<hex>"; "" with cache_only (no tree) */
  const char *revision; /**< "main@sha1:<hex>", "v1@sha1:<hex>", "sha1:<hex>", ... */
  const char *url;      /**< the URL that served it (no userinfo) */
  const char *tarball;  /**< "" unless a tarball was written */
  const char *commit_sha;
  const char *commit_message;
  const char *author_name;
  const char *author_email;
  const char *committer_name;
  const char *committer_email;
  int64_t commit_time; /**< committer time, seconds since the epoch */
  /* Since version 3 of the options (present whatever version the call
   * used). Filled when the GitRepository sets spec.verify: the raw
   * signatures (armored PGP or SSH), not checked against any key. "" when
   * unsigned or without spec.verify. */
  const char *commit_signature;   /**< the commit's `gpgsig` header */
  const char *commit_signed_data; /**< the commit data it signs */
  int annotated_tag;              /**< non-zero: the ref named an annotated tag */
  const char *tag_signature;      /**< that tag's signature */
  const char *tag_signed_data;    /**< the tag object's data it signs */
} gitops_artifact_info;

/**
 * Fetches the repository as Flux's source-controller does (see
 * gitops/source/git.h) and writes its artifact (with `cache_only`, fetches
 * into the cache only).
 *
 * @return 0; GITOPS_ENOTFOUND (repository, ref, commit, an included artifact
 *         missing); GITOPS_EUNAVAILABLE
 *         (no URL reachable); GITOPS_EPERMISSION (authentication, TLS);
 *         GITOPS_ETIMEOUT; GITOPS_ECANCELLED; GITOPS_EINVALID (bad options,
 *         URL or Secret); GITOPS_EPARSE (bad YAML)
 */
GITOPS_EXTERN(int)
gitops_git_fetch(gitops_artifact **out, const gitops_git_fetch_options *opts);

/** The fields of `artifact`; NULL for NULL. */
GITOPS_EXTERN(const gitops_artifact_info *) gitops_artifact_info_of(const gitops_artifact *artifact);
/** Releases an artifact handle (not its folder); NULL is a no-op. */
GITOPS_EXTERN(void) gitops_artifact_free(gitops_artifact *artifact);

GITOPS_END_DECL

#endif /* INCLUDE_GITOPS_C_SOURCE_H_ */
