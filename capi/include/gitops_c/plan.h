/*
 * gitops_c/plan.h: diff, apply plans and drift detection (the C face of
 * gitops/plan/plan.h and diff.h). Included by gitops_c.h.
 *
 * A plan is computed from gitops_docs handles (the desired objects, the
 * live objects, optionally a one-document inventory) into a
 * gitops_changeset handle: its entries in apply order (stages 1 to 3), then
 * the objects to prune (stage 0). Drift detection fills the same handle
 * type with the drifted objects only (stage 0). Secret values are masked in
 * every string the handle gives.
 *
 *     gitops_changeset *plan = NULL;
 *     if (gitops_plan_make(&plan, desired, live, NULL, NULL) == 0)
 *       for (size_t i = 0; i < gitops_changeset_count(plan); ++i) { ... }
 *     gitops_changeset_free(plan);
 */
#ifndef INCLUDE_GITOPS_C_PLAN_H_
#define INCLUDE_GITOPS_C_PLAN_H_

#include "gitops_c/core.h"

GITOPS_BEGIN_DECL

/** The entries of a plan or a drift detection. Immutable once created. */
typedef struct gitops_changeset gitops_changeset;

/** Options for gitops_plan_make() and gitops_plan_detect_drift(). */
typedef struct {
  unsigned int version; /**< GITOPS_PLAN_OPTIONS_VERSION */
  /** The field manager the apply is made as. Default: NULL ("gitops"). */
  const char *manager;
  /** Non-zero recreates objects whose immutable fields change. Default: 0 (an error). */
  int force;
  /** Non-zero lets an empty desired set prune every inventory object. Default: 0. */
  int allow_empty;
  /**
   * Since version 2: schemas of custom kinds, asked before the built-in
   * table: CustomResourceDefinitions, OpenAPI v3 documents
   * (`components.schemas` with x-kubernetes-group-version-kind) and
   * `kind: List`s of them, each typing the kinds it declares (see
   * gitops/plan/schema_set.h). Borrowed for the call. Default: NULL (the
   * built-in table; other kinds deduced).
   */
  const gitops_docs *schemas;
} gitops_plan_options;

/** Version 1 (without `schemas`) is still accepted. */
#define GITOPS_PLAN_OPTIONS_VERSION 2
#define GITOPS_PLAN_OPTIONS_INIT { GITOPS_PLAN_OPTIONS_VERSION, NULL, 0, 0, NULL }

/**
 * Initialises `opts` with the defaults, as GITOPS_PLAN_OPTIONS_INIT does
 * (for version 1, the fields version 1 has).
 *
 * @return 0, or GITOPS_EINVALID for a NULL `opts` or an unknown version
 */
GITOPS_EXTERN(int) gitops_plan_options_init(gitops_plan_options *opts, unsigned int version);

/**
 * Plans applying `desired` over `live` as Flux's kustomize-controller would
 * (see gitops/plan/plan.h): three stages in Flux's order, then the objects
 * of `inventory` that `desired` no longer has.
 *
 * @param out receives the new handle (free with gitops_changeset_free());
 *        set to NULL on failure
 * @param desired the desired objects; must not be NULL
 * @param live the live objects (`kind: List` documents are taken apart); must not be NULL
 * @param inventory NULL, or one document: `{entries: [{id, v}]}` or a
 *        Kustomization with status.inventory
 * @param opts options, or NULL for the defaults
 * @return 0; GITOPS_EINVALID (a bad object, named in the message; a NULL
 *         argument; a bad schema document, naming it and the schema path);
 *         GITOPS_EEXISTS (an object listed twice);
 *         GITOPS_EPRECONDITION (an immutable field change without force, an
 *         empty desired set that would prune everything); GITOPS_EPARSE (an
 *         inventory id)
 */
GITOPS_EXTERN(int)
gitops_plan_make(gitops_changeset **out, const gitops_docs *desired, const gitops_docs *live,
                 const gitops_docs *inventory, const gitops_plan_options *opts);

/**
 * The desired objects whose live state differs from what applying them
 * would give (configured), or that are missing (created).
 *
 * @return as gitops_plan_make() (no GITOPS_EPRECONDITION)
 */
GITOPS_EXTERN(int)
gitops_plan_detect_drift(gitops_changeset **out, const gitops_docs *desired,
                         const gitops_docs *live, const gitops_plan_options *opts);

/** Releases a handle. NULL is a no-op. */
GITOPS_EXTERN(void) gitops_changeset_free(gitops_changeset *changes);

/** The number of entries; 0 for NULL. */
GITOPS_EXTERN(size_t) gitops_changeset_count(const gitops_changeset *changes);

/** 1 when an entry is created, configured or deleted, else 0 (also for NULL). */
GITOPS_EXTERN(int) gitops_changeset_has_changes(const gitops_changeset *changes);

/**
 * One entry. Strings are NUL-terminated, never NULL, and borrowed from the
 * handle. Callers never allocate one, so later versions may append fields.
 */
typedef struct {
  const char *inventory_id; /**< "<namespace>_<name>_<group>_<kind>" */
  const char *version;      /**< "v1" */
  const char *subject;      /**< "Kind/namespace/name" */
  /** "created", "configured", "unchanged", "deleted" or "skipped" */
  const char *action;
  /** A unified diff of the live object against the applied one ("" unless configured). */
  const char *diff;
  /** The changed fields as a JSON array of {path, field, before, after}. */
  const char *changes_json;
  /** 1 to 3: the apply stage; 0: a prune or drift entry. */
  int stage;
  /** 1: an immutable field change planned as delete + create. */
  int recreate;
} gitops_changeset_entry;

/**
 * Gets one entry.
 *
 * @param out receives a pointer borrowed from `changes`; NULL on failure
 * @return 0; GITOPS_EINVALID for a NULL argument or an index out of range
 */
GITOPS_EXTERN(int)
gitops_changeset_entry_at(const gitops_changeset_entry **out, const gitops_changeset *changes,
                          size_t index);

/**
 * Writes the whole plan (stages, prune, inventory; without the desired
 * objects) as JSON, or for a drift detection the list of entries.
 *
 * @param indent spaces per level; 0 writes compact JSON
 * @return 0; GITOPS_EINVALID for a NULL argument or a negative indent; GITOPS_ENOMEM
 */
GITOPS_EXTERN(int)
gitops_changeset_write_json(gitops_buf *out, const gitops_changeset *changes, int indent);

GITOPS_END_DECL

#endif /* INCLUDE_GITOPS_C_PLAN_H_ */
