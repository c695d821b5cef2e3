/*
 * gitops_c/render.h: the render module: a kustomize v5.5-compatible build
 * of a directory, with Flux's build layer and postBuild substitution, over
 * gitops/render/build.h. Include gitops_c.h, which includes every module's
 * header; its comment gives the conventions.
 *
 *     gitops_render_build_options opts = GITOPS_RENDER_BUILD_OPTIONS_INIT;
 *     gitops_buf yaml = GITOPS_BUF_INIT;
 *     opts.reorder = GITOPS_RENDER_REORDER_NONE;
 *     if (gitops_render_build_yaml(&yaml, "overlays/prod", &opts) < 0)
 *       fprintf(stderr, "%s\n", gitops_error_last()->message);
 *     else
 *       fwrite(yaml.ptr, 1, yaml.size, stdout);
 *     gitops_buf_dispose(&yaml);
 */
#ifndef INCLUDE_GITOPS_C_RENDER_H_
#define INCLUDE_GITOPS_C_RENDER_H_

#include "gitops_c/core.h"

GITOPS_BEGIN_DECL

/** The order of the built objects (kubectl kustomize's --reorder). */
typedef enum {
  /** The library's default: GITOPS_RENDER_REORDER_LEGACY. */
  GITOPS_RENDER_REORDER_DEFAULT = 0,
  /** kustomize's legacy order: Namespaces, CRDs, RBAC, ..., webhooks last. */
  GITOPS_RENDER_REORDER_LEGACY = 1,
  /** The order the resources were loaded in. */
  GITOPS_RENDER_REORDER_NONE = 2
} gitops_render_reorder_t;

/** Which files a kustomization may read (kubectl kustomize's --load-restrictor). */
typedef enum {
  /** The library's default: GITOPS_RENDER_LOAD_ROOT_ONLY. */
  GITOPS_RENDER_LOAD_DEFAULT = 0,
  /** No file outside its kustomization's directory (LoadRestrictionsRootOnly). */
  GITOPS_RENDER_LOAD_ROOT_ONLY = 1,
  /** Files anywhere under the artifact root (LoadRestrictionsNone; Flux builds this way). */
  GITOPS_RENDER_LOAD_NONE = 2
} gitops_render_load_restrictor_t;

/** Whether an unset postBuild variable without a default fails the build. */
typedef enum {
  /** The library's default: GITOPS_RENDER_SUBSTITUTION_STRICT. */
  GITOPS_RENDER_SUBSTITUTION_DEFAULT = 0,
  /** It fails, naming the variable and the object (kustomize-controller's default since v1.9.0). */
  GITOPS_RENDER_SUBSTITUTION_STRICT = 1,
  /** It becomes the empty string. */
  GITOPS_RENDER_SUBSTITUTION_LAX = 2
} gitops_render_substitution_t;

/** One postBuild variable: `name` and `value` are NUL-terminated and never NULL. */
typedef struct {
  const char *name;
  const char *value;
} gitops_render_var;

/** A list of variables (the data of one ConfigMap or Secret of substituteFrom). */
typedef struct {
  const gitops_render_var *vars; /**< `count` entries; may be NULL when `count` is 0 */
  size_t count;
} gitops_render_vars;

/**
 * Serves a remote resource: a git or http URL in a kustomization's
 * resources, components or bases.
 *
 * On success the callback returns 0 and points `*out` at the NUL-terminated
 * path of a local directory (or file) to load in the URL's place; the
 * library copies the path before the callback returns to it, so the string
 * need only stay valid until then (a buffer in `payload` will do). The path
 * is then loaded as any other: the load restrictor and artifact root apply
 * to it.
 *
 * On failure it returns a negative GITOPS_E* code (any other non-zero value
 * is read as GITOPS_EINVALID) and may point `*out` at a message, which the
 * library copies into the build's error; the build fails with that code,
 * naming the URL.
 *
 * The callback runs on a thread the library starts for the build (see
 * gitops/render/build.h), one call at a time for one build, and is never
 * called after gitops_render_build() returns.
 */
typedef int (*gitops_render_remote_resolver_cb)(const char **out, const char *url, void *payload);

/** Options for gitops_render_build() and gitops_render_build_yaml(). */
typedef struct {
  unsigned int version; /**< GITOPS_RENDER_BUILD_OPTIONS_VERSION */
  /** Output order. Default: GITOPS_RENDER_REORDER_DEFAULT (legacy). */
  gitops_render_reorder_t reorder;
  /** Which files a kustomization may read. Default: GITOPS_RENDER_LOAD_DEFAULT (root only). */
  gitops_render_load_restrictor_t load_restrictor;
  /**
   * A directory nothing may be read from outside of, whatever the load
   * restrictor says (symlinks are resolved before checking). Default: NULL
   * (no such bound; with a Flux Kustomization, `dir`).
   */
  const char *artifact_root;
  /**
   * Non-zero gives every object the label app.kubernetes.io/managed-by (as
   * kubectl's --enable-managedby-label). Default: 0 (only when the top
   * kustomization's buildMetadata asks for it).
   */
  int managed_by_label;
  /** That label's value. Default: NULL (the library's, "gitops"). */
  const char *managed_by;
  /** Deepest chain of kustomizations; deeper is GITOPS_ELIMIT. Default: 0 (the library's, 2000). */
  int max_depth;
  /**
   * A Flux Kustomization (kustomize.toolkit.fluxcd.io/v1) as YAML or JSON
   * text, `flux_kustomization_len` bytes (need not be NUL-terminated). When
   * set, `dir` is the artifact root, the Kustomization's spec.path is
   * resolved inside it and its build fields and postBuild are applied as
   * kustomize-controller applies them. Default: NULL (a plain kustomize build).
   */
  const char *flux_kustomization;
  size_t flux_kustomization_len;
  /**
   * postBuild variables that override every other source (the gitops
   * command's --var): `substitute_count` entries. Default: NULL, 0.
   */
  const gitops_render_var *substitute;
  size_t substitute_count;
  /**
   * The data of spec.postBuild.substituteFrom's ConfigMaps and Secrets, in
   * their order (a later one overrides an earlier one; the Kustomization's
   * own postBuild.substitute overrides them all): `substitute_from_count`
   * lists. Default: NULL, 0.
   */
  const gitops_render_vars *substitute_from;
  size_t substitute_from_count;
  /** Unset variables without a default. Default: GITOPS_RENDER_SUBSTITUTION_DEFAULT (strict). */
  gitops_render_substitution_t substitution;
  /** Serves remote resources. Default: NULL (a remote URL is GITOPS_EUNIMPLEMENTED, naming it). */
  gitops_render_remote_resolver_cb remote_resolver;
  /** Passed to `remote_resolver` as is. Default: NULL. */
  void *remote_resolver_payload;
} gitops_render_build_options;

#define GITOPS_RENDER_BUILD_OPTIONS_VERSION 1
#define GITOPS_RENDER_BUILD_OPTIONS_INIT                                         \
  {                                                                              \
    GITOPS_RENDER_BUILD_OPTIONS_VERSION, GITOPS_RENDER_REORDER_DEFAULT,          \
        GITOPS_RENDER_LOAD_DEFAULT, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, \
        GITOPS_RENDER_SUBSTITUTION_DEFAULT, NULL, NULL                           \
  }

/**
 * Initialises `opts` with the defaults, as GITOPS_RENDER_BUILD_OPTIONS_INIT does.
 *
 * @param opts the struct to initialise; must not be NULL
 * @param version GITOPS_RENDER_BUILD_OPTIONS_VERSION
 * @return 0, or GITOPS_EINVALID for a NULL `opts` or an unknown version
 */
GITOPS_EXTERN(int)
gitops_render_build_options_init(gitops_render_build_options *opts, unsigned int version);

/**
 * Builds the kustomization in `dir` (kustomization.yaml, kustomization.yml
 * or Kustomization) as `kubectl kustomize` v5.5 builds it, into a list of
 * documents in kubectl's output order.
 *
 * @param out receives the new handle (free with gitops_docs_free()); set to
 *        NULL on failure
 * @param dir the directory, a NUL-terminated path; must not be NULL
 * @param opts options, or NULL for the defaults
 * @return 0; GITOPS_ENOTFOUND (no kustomization file, a missing resource,
 *         naming the file); GITOPS_EPERMISSION (a file outside the root the
 *         restrictor allows, or outside the artifact root); GITOPS_EINVALID
 *         (a bad field, a kustomization cycle, a NULL argument, bad options);
 *         GITOPS_EEXISTS (two objects with one id); GITOPS_EPARSE (bad YAML,
 *         with file and line); GITOPS_ELIMIT (a chain deeper than max_depth);
 *         GITOPS_EUNIMPLEMENTED (a remote URL without a resolver, a field
 *         gitops does not support, naming it); a remote resolver's own code
 */
GITOPS_EXTERN(int)
gitops_render_build(gitops_docs **out, const char *dir, const gitops_render_build_options *opts);

/**
 * As gitops_render_build(), printed as `kubectl kustomize` prints: documents
 * separated by `---`, keys sorted, go-yaml quoting (no objects give "").
 *
 * @param out the buffer to fill (see gitops_buf); must not be NULL; left
 *        empty on failure
 * @return as gitops_render_build(); GITOPS_ENOMEM
 */
GITOPS_EXTERN(int)
gitops_render_build_yaml(gitops_buf *out, const char *dir, const gitops_render_build_options *opts);

GITOPS_END_DECL

#endif /* INCLUDE_GITOPS_C_RENDER_H_ */
