/*
 * gitops_c/plan.h: server-side-apply merges, diff, apply plans and drift
 * detection (the C face of gitops/plan/merge.h, schema.h, plan.h and
 * diff.h). Included by gitops_c.h.
 *
 * Structured merge works on gitops_docs handles of one document each: the
 * live object (NULL, or a handle without documents, for "no object yet"),
 * the applied configuration, and the managedFields entries (one document:
 * the array). A gitops_schema handle gives the types (structured-merge-diff
 * schema YAML, an OpenAPI v3 document, a CustomResourceDefinition, or the
 * deduced schema); NULL is the built-in Kubernetes v1.32 table.
 *
 *     gitops_docs *object = NULL, *managed = NULL;
 *     gitops_conflicts *conflicts = NULL;
 *     int rc = gitops_merge_apply(&object, &managed, live, config, "gitops", "apps/v1",
 *                                 NULL, &conflicts);
 *     if (rc == GITOPS_ECONFLICT)
 *       for (size_t i = 0; i < gitops_conflicts_count(conflicts); ++i) { ... }
 *     gitops_conflicts_free(conflicts);
 *
 * A plan is computed from gitops_docs handles (the desired objects, the
 * live objects, optionally a one-document inventory) into a
 * gitops_changeset handle: its entries in apply order (stages 1 to 3), then
 * the objects to prune (stage 0); that list is also the diff of the
 * desired set against the live one. Drift detection fills the same handle
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

/* ------------------------------------------------------------------------ */
/* Schemas                                                                  */
/* ------------------------------------------------------------------------ */

/**
 * The types a merge follows (gitops::plan::Schema). Immutable once created;
 * one handle may serve any number of calls and threads.
 */
typedef struct gitops_schema gitops_schema;

/**
 * Reads a schema from text: structured-merge-diff's schema YAML (a document
 * with `types:`), an OpenAPI v3 document with `components.schemas` (YAML
 * or JSON, as a cluster serves at /openapi/v3/apis/<group>/<version>), or
 * a CustomResourceDefinition; the text `deduced` gives the deduced schema
 * (maps granular, lists atomic), as the API server uses for types without
 * one.
 *
 * @param out receives the new handle (free with gitops_schema_free()); NULL on failure
 * @param text the text, `len` bytes; must not be NULL
 * @return 0; GITOPS_EPARSE (the YAML, with line and column);
 *         GITOPS_EINVALID (a NULL argument; a document that is none of
 *         these; a bad type, `$ref` or list-map, naming the schema path)
 */
GITOPS_EXTERN(int) gitops_schema_parse(gitops_schema **out, const char *text, size_t len);

/**
 * Reads a schema from one parsed document (any form gitops_schema_parse()
 * reads, but `deduced`).
 *
 * @return 0; GITOPS_EINVALID (a NULL argument, an index out of range, and
 *         the errors of gitops_schema_parse())
 */
GITOPS_EXTERN(int)
gitops_schema_from_docs(gitops_schema **out, const gitops_docs *docs, size_t index);

/** Releases a handle. NULL is a no-op. */
GITOPS_EXTERN(void) gitops_schema_free(gitops_schema *schema);

/* ------------------------------------------------------------------------ */
/* Structured merge                                                         */
/* ------------------------------------------------------------------------ */

/** Options for the gitops_merge_* functions. */
typedef struct {
  unsigned int version; /**< GITOPS_MERGE_OPTIONS_VERSION */
  /**
   * The types. Borrowed for the call. Default: NULL (the built-in table for
   * the object's apiVersion and kind; the deduced schema for other kinds).
   */
  const gitops_schema *schema;
  /**
   * The root type's name in `schema`. Default: NULL (the type the schema
   * declares for the apiVersion and kind of the configuration, else of the
   * live object; else the deduced root).
   */
  const char *type_name;
  /**
   * The managedFields entries before the call: one document, an array of
   * `{manager, operation: Apply|Update, apiVersion, fieldsType: FieldsV1,
   * fieldsV1[, time]}` (`[]`: no managers yet). Default: NULL (the live
   * object's metadata.managedFields, and the result then carries its
   * entries in metadata.managedFields when an input is a Kubernetes object,
   * one with apiVersion and kind).
   */
  const gitops_docs *managed;
  /** gitops_merge_apply(): non-zero takes over conflicting fields. Default: 0 (a conflict). */
  int force;
  /**
   * Fields no manager may own: one document, a FieldsV1 object
   * (`{"f:status": {}}`). Default: NULL (none).
   */
  const gitops_docs *ignored_fields;
} gitops_merge_options;

#define GITOPS_MERGE_OPTIONS_VERSION 1
#define GITOPS_MERGE_OPTIONS_INIT { GITOPS_MERGE_OPTIONS_VERSION, NULL, NULL, NULL, 0, NULL }

/**
 * Initialises `opts` with the defaults, as GITOPS_MERGE_OPTIONS_INIT does.
 *
 * @return 0, or GITOPS_EINVALID for a NULL `opts` or an unknown version
 */
GITOPS_EXTERN(int) gitops_merge_options_init(gitops_merge_options *opts, unsigned int version);

/** The fields another manager owns that an apply would change. Immutable. */
typedef struct gitops_conflicts gitops_conflicts;

/**
 * One conflict. Strings are NUL-terminated, never NULL, and borrowed from
 * the handle. Callers never allocate one, so later versions may append fields.
 */
typedef struct {
  const char *manager; /**< the manager that owns the field */
  /** structured-merge-diff's form: `.spec.containers[name="web"].image`, `.set[=1]` */
  const char *path;
} gitops_conflict;

/** The number of conflicts; 0 for NULL. */
GITOPS_EXTERN(size_t) gitops_conflicts_count(const gitops_conflicts *conflicts);

/**
 * Gets one conflict.
 *
 * @param out receives a pointer borrowed from `conflicts`; NULL on failure
 * @return 0; GITOPS_EINVALID for a NULL argument or an index out of range
 */
GITOPS_EXTERN(int)
gitops_conflicts_at(const gitops_conflict **out, const gitops_conflicts *conflicts, size_t index);

/** Releases a handle. NULL is a no-op. */
GITOPS_EXTERN(void) gitops_conflicts_free(gitops_conflicts *conflicts);

/**
 * Server-side applies `config` to `live` for `manager`, as the Kubernetes
 * API server does (structured-merge-diff): fields the manager applied
 * before and no longer applies are removed unless another manager owns
 * them; changing a field another manager owns is a conflict unless
 * `opts->force`, which moves the ownership.
 *
 * @param out receives the object after the apply: a handle of one
 *        document, or of none when the apply leaves no object (free with
 *        gitops_docs_free()); NULL on failure
 * @param out_managed NULL, or receives the managedFields entries after the
 *        apply (one document, an array); NULL on failure
 * @param live the object before: one document; NULL or no document: no object yet
 * @param config the applied configuration: one document; must not be NULL
 * @param manager the field manager; must not be NULL
 * @param api_version the apiVersion the entry records ("apps/v1"); must not be NULL
 * @param opts options, or NULL for the defaults
 * @param conflicts NULL, or receives the conflicts when the call returns
 *        GITOPS_ECONFLICT (free with gitops_conflicts_free()); else NULL
 * @return 0; GITOPS_ECONFLICT (the message lists every manager and path);
 *         GITOPS_EINVALID (a NULL argument; a handle of more than one
 *         document; a value that does not fit the schema: wrong kind,
 *         unknown field, a list-map item without its key, duplicate items;
 *         an unknown type name); GITOPS_EPARSE (managed fields or
 *         ignored_fields whose FieldsV1 does not read)
 */
GITOPS_EXTERN(int)
gitops_merge_apply(gitops_docs **out, gitops_docs **out_managed, const gitops_docs *live,
                   const gitops_docs *config, const char *manager, const char *api_version,
                   const gitops_merge_options *opts, gitops_conflicts **conflicts);

/**
 * Records `new_object` replacing `live` as a non-apply write by `manager`
 * (a controller's PUT): the fields it changed become its own. It never
 * conflicts; `opts->force` is not read.
 *
 * @param new_object the object written: one document; NULL or no
 *        document: the object is removed
 * @return as gitops_merge_apply() (never GITOPS_ECONFLICT; duplicate list
 *         items are accepted)
 */
GITOPS_EXTERN(int)
gitops_merge_update(gitops_docs **out, gitops_docs **out_managed, const gitops_docs *live,
                    const gitops_docs *new_object, const char *manager, const char *api_version,
                    const gitops_merge_options *opts);

/**
 * The part of `live` that `manager` owns, as an applied configuration
 * (structured-merge-diff's ExtractItems). Reads `schema`, `type_name` and
 * `managed` of `opts`.
 *
 * @param out receives one document: the extracted configuration (`{}` when
 *        `live` is NULL or has no document)
 * @return 0; GITOPS_ENOTFOUND (the object exists but `manager` has no
 *         managedFields entry); GITOPS_EINVALID; GITOPS_EPARSE
 */
GITOPS_EXTERN(int)
gitops_merge_extract(gitops_docs **out, const gitops_docs *live, const char *manager,
                     const gitops_merge_options *opts);

/**
 * `overlay` merged into `base` by the schema (list-maps by key, sets by
 * value, atomic parts replaced), keeping the overlay's nulls, without any
 * ownership. With gitops_merge_extract(), an "extract, change, apply" step
 * is gitops_merge_apply(live, values(extract(live), change)) with force.
 * Reads `schema` and `type_name` of `opts`.
 *
 * @param out receives one document
 * @param base one document; NULL or no document: null
 * @param overlay one document; NULL or no document: null
 * @return 0; GITOPS_EINVALID (a NULL `out`, a value that does not fit the schema)
 */
GITOPS_EXTERN(int)
gitops_merge_values(gitops_docs **out, const gitops_docs *base, const gitops_docs *overlay,
                    const gitops_merge_options *opts);

/* ------------------------------------------------------------------------ */
/* Plans, diff and drift                                                    */
/* ------------------------------------------------------------------------ */

/** The entries of a plan or a drift detection. Immutable once created. */
typedef struct gitops_changeset gitops_changeset;

/**
 * Which objects an ignore rule applies to (Flux's jsondiff.Selector). Each
 * set field is a regular expression the whole value must match
 * (ECMAScript syntax); the label and annotation selectors are Kubernetes'
 * equality forms (`a=b,c!=d,e,!f`). NULL (or "") matches everything.
 */
typedef struct {
  const char *group;
  const char *version;
  const char *kind;
  const char *name;
  const char *namespace_name;
  const char *label_selector;
  const char *annotation_selector;
} gitops_ignore_selector;

/** Fields no diff reports (Flux's jsondiff.IgnoreRule). */
typedef struct {
  /** JSON pointers ("/spec/replicas"), `path_count` of them. */
  const char *const *paths;
  size_t path_count;
  /** The objects the rule applies to; NULL: every object. */
  const gitops_ignore_selector *selector;
} gitops_ignore_rule;

/** The schema of one kind, for gitops_plan_options.kind_schemas. */
typedef struct {
  const char *api_version; /**< "v1", "example.com/v1"; must not be NULL */
  const char *kind;        /**< "Widget"; must not be NULL */
  const gitops_schema *schema; /**< must not be NULL */
  /** The root type; NULL: the one `schema` declares for that kind. */
  const char *type_name;
} gitops_kind_schema;

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
  /**
   * Since version 3: fields no entry reports, `ignore_count` rules
   * (Flux's ignore rules). Borrowed for the call. Default: NULL (none).
   */
  const gitops_ignore_rule *ignore;
  size_t ignore_count;
  /**
   * Since version 3: one schema per kind, `kind_schema_count` of them,
   * asked before `schemas` (a kind listed twice: the last wins). Borrowed
   * for the call. Default: NULL (none).
   */
  const gitops_kind_schema *kind_schemas;
  size_t kind_schema_count;
} gitops_plan_options;

/** Versions 1 (without `schemas`) and 2 (without `ignore`, `kind_schemas`) are still accepted. */
#define GITOPS_PLAN_OPTIONS_VERSION 3
#define GITOPS_PLAN_OPTIONS_INIT { GITOPS_PLAN_OPTIONS_VERSION, NULL, 0, 0, NULL, NULL, 0, NULL, 0 }

/**
 * Initialises `opts` with the defaults, as GITOPS_PLAN_OPTIONS_INIT does
 * (for an older version, the fields that version has).
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
 * @param desired the desired objects (`kind: List` documents, `*List` as
 *        `kubectl get -o yaml` writes them, are taken apart); must not be NULL
 * @param live the live objects (Lists taken apart too); must not be NULL
 * @param inventory NULL, or one document: `{entries: [{id, v}]}` or a
 *        Kustomization with status.inventory
 * @param opts options, or NULL for the defaults
 * @return 0; GITOPS_EINVALID (a bad object, named in the message; a NULL
 *         argument; a bad schema document, naming it and the schema path;
 *         an ignore rule or kind schema with a NULL field it needs, a
 *         selector that does not compile);
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
