/*
 * The C API's plans tested from C: gitops_plan_make, gitops_plan_detect_drift
 * and the gitops_changeset_* readers, with their error paths. One line per
 * check; the exit status is the number of failures (capped).
 */
#include <stdio.h>
#include <string.h>

#include "capi_check.h"

static const char kDesired[] =
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: a}\ndata: {k: new}\n"
    "---\n"
    "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n"
    "---\n"
    "apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: a}\n"
    "data: {password: bmV3LWNhbmFyeS12YWx1ZQ==}\n";

static const char kLive[] =
    "apiVersion: v1\nkind: List\nitems:\n"
    "- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c\n    namespace: a\n"
    "    managedFields:\n    - {manager: gitops, operation: Apply, apiVersion: v1,\n"
    "       fieldsType: FieldsV1, fieldsV1: {'f:data': {'f:k': {}}}}\n"
    "  data: {k: old}\n"
    "- apiVersion: v1\n  kind: Namespace\n  metadata: {name: a}\n"
    "- apiVersion: v1\n  kind: Secret\n  metadata: {name: s, namespace: a}\n"
    "  data: {password: b2xkLWNhbmFyeS12YWx1ZQ==}\n"
    "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: old, namespace: a}\n";

static const char kInventory[] =
    "entries:\n- {id: a_c__ConfigMap, v: v1}\n- {id: a_old__ConfigMap, v: v1}\n";

/* A custom kind whose ports are a list-map by name, and a live Widget to
 * which another manager (ops) added a port. */
static const char kWidgetCrd[] =
    "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
    "metadata: {name: widgets.example.com}\n"
    "spec:\n  group: example.com\n  names: {kind: Widget, plural: widgets}\n"
    "  scope: Namespaced\n  versions:\n  - name: v1\n    served: true\n    storage: true\n"
    "    schema:\n      openAPIV3Schema:\n        type: object\n        properties:\n"
    "          spec:\n            type: object\n            properties:\n"
    "              ports:\n                type: array\n"
    "                x-kubernetes-list-type: map\n"
    "                x-kubernetes-list-map-keys: [name]\n"
    "                items:\n                  type: object\n"
    "                  properties: {name: {type: string}, port: {type: integer}}\n";

static const char kWidget[] =
    "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: a}\n"
    "spec: {ports: [{name: http, port: 80}]}\n";

static const char kLiveWidget[] =
    "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: a}\n"
    "spec: {ports: [{name: http, port: 80}, {name: metrics, port: 9090}]}\n";

static void test_schemas(void) {
  gitops_docs *crd = parse(kWidgetCrd), *desired = parse(kWidget), *live = parse(kLiveWidget);
  gitops_docs *bad = parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
  gitops_plan_options opts;
  check(gitops_plan_options_init(&opts, GITOPS_PLAN_OPTIONS_VERSION) == 0 && opts.schemas == NULL,
        "schemas default to NULL");
  gitops_changeset *drift = NULL;
  /* Without the CRD the kind is deduced: ports atomic, replaced. */
  check(gitops_plan_detect_drift(&drift, desired, live, &opts) == 0 &&
            gitops_changeset_count(drift) == 1,
        "without the CRD, the other manager's port is drift");
  gitops_changeset_free(drift);
  drift = NULL;
  opts.schemas = crd;
  check(gitops_plan_detect_drift(&drift, desired, live, &opts) == 0 &&
            gitops_changeset_count(drift) == 0,
        "with the CRD, ports merge by name: no drift");
  gitops_changeset_free(drift);
  drift = NULL;
  opts.schemas = bad;
  check(gitops_plan_detect_drift(&drift, desired, live, &opts) == GITOPS_EINVALID && drift == NULL,
        "a schema document of another kind is GITOPS_EINVALID");
  check(strstr(gitops_error_last()->message,
               "schemas: document 1 (ConfigMap c): expected a CustomResourceDefinition") != NULL,
        "the message names the document");
  /* A version 1 struct has no schemas field and is still accepted. */
  gitops_plan_options v1;
  check(gitops_plan_options_init(&v1, 1) == 0 && v1.version == 1, "version 1 options init");
  v1.schemas = crd; /* beyond a version 1 caller's struct: never read */
  check(gitops_plan_detect_drift(&drift, desired, live, &v1) == 0 &&
            gitops_changeset_count(drift) == 1,
        "version 1 options ignore schemas");
  gitops_changeset_free(drift);
  gitops_docs_free(crd);
  gitops_docs_free(desired);
  gitops_docs_free(live);
  gitops_docs_free(bad);
}

/* Ignore rules (Flux's jsondiff.IgnoreRule): a field they name never counts. */
static void test_ignore_rules(void) {
  gitops_docs *desired = parse(kDesired), *live = parse(kLive);
  const char *data_k[] = {"/data/k"};
  gitops_ignore_selector config_map = {NULL, NULL, "ConfigMap", "c", NULL, NULL, NULL};
  gitops_ignore_selector other = {NULL, NULL, "ConfigMap", "other", NULL, NULL, NULL};
  gitops_ignore_rule rule = {data_k, 1, &config_map};
  gitops_plan_options opts;
  check(gitops_plan_options_init(&opts, GITOPS_PLAN_OPTIONS_VERSION) == 0 && opts.ignore == NULL &&
            opts.ignore_count == 0 && opts.kind_schemas == NULL && opts.kind_schema_count == 0,
        "ignore rules and kind schemas default to none");
  opts.ignore = &rule;
  opts.ignore_count = 1;
  gitops_changeset *drift = NULL;
  const gitops_changeset_entry *e = NULL;
  check(gitops_plan_detect_drift(&drift, desired, live, &opts) == 0 &&
            gitops_changeset_count(drift) == 1,
        "with /data/k ignored for ConfigMap c, only the Secret drifts");
  if (gitops_changeset_entry_at(&e, drift, 0) == 0) {
    check_str("the drifted one", e->subject, "Secret/a/s");
  }
  gitops_changeset_free(drift);
  gitops_changeset *plan = NULL;
  check(gitops_plan_make(&plan, desired, live, NULL, &opts) == 0 &&
            gitops_changeset_entry_at(&e, plan, 1) == 0,
        "plan with the ignore rule");
  if (e != NULL) {
    check_str("ConfigMap c", e->subject, "ConfigMap/a/c");
    check_str("is unchanged", e->action, "unchanged");
    check_str("with no changes", e->changes_json, "[]");
  }
  gitops_changeset_free(plan);
  /* A selector that matches no object ignores nothing. */
  rule.selector = &other;
  check(gitops_plan_detect_drift(&drift, desired, live, &opts) == 0 &&
            gitops_changeset_count(drift) == 2,
        "a rule selecting another object ignores nothing");
  gitops_changeset_free(drift);
  /* No selector: every object. */
  rule.selector = NULL;
  check(gitops_plan_detect_drift(&drift, desired, live, &opts) == 0 &&
            gitops_changeset_count(drift) == 1,
        "a rule without a selector applies to every object");
  gitops_changeset_free(drift);
  /* A version 2 struct ends before `ignore`: it is never read. */
  gitops_plan_options v2;
  check(gitops_plan_options_init(&v2, 2) == 0 && v2.version == 2, "version 2 options init");
  v2.ignore = &rule;
  v2.ignore_count = 1;
  check(gitops_plan_detect_drift(&drift, desired, live, &v2) == 0 &&
            gitops_changeset_count(drift) == 2,
        "version 2 options ignore the ignore rules");
  gitops_changeset_free(drift);
  /* Bad rules. */
  gitops_ignore_selector bad_regex = {NULL, NULL, "Config(Map", NULL, NULL, NULL, NULL};
  rule.selector = &bad_regex;
  drift = NULL;
  check(gitops_plan_detect_drift(&drift, desired, live, &opts) == GITOPS_EINVALID && drift == NULL,
        "a selector that does not compile is GITOPS_EINVALID");
  check(strstr(gitops_error_last()->message, "Config(Map") != NULL, "naming the expression");
  const char *null_path[] = {NULL};
  gitops_ignore_rule bad_path = {null_path, 1, NULL};
  opts.ignore = &bad_path;
  check(gitops_plan_detect_drift(&drift, desired, live, &opts) == GITOPS_EINVALID &&
            strstr(gitops_error_last()->message, "ignore[0]: paths[0] is NULL") != NULL,
        "a NULL path is GITOPS_EINVALID, named");
  opts.ignore = NULL;
  check(gitops_plan_detect_drift(&drift, desired, live, &opts) == GITOPS_EINVALID,
        "ignore_count without rules is GITOPS_EINVALID");
  gitops_docs_free(desired);
  gitops_docs_free(live);
}

/* One schema per kind: the Widget CRD's schema given for example.com/v1 Widget. */
static void test_kind_schemas(void) {
  gitops_docs *crd = parse(kWidgetCrd), *desired = parse(kWidget), *live = parse(kLiveWidget);
  gitops_schema *schema = NULL;
  check(gitops_schema_from_docs(&schema, crd, 0) == 0, "a schema handle from the CRD");
  gitops_kind_schema kind = {"example.com/v1", "Widget", schema, NULL};
  gitops_plan_options opts = GITOPS_PLAN_OPTIONS_INIT;
  opts.kind_schemas = &kind;
  opts.kind_schema_count = 1;
  gitops_changeset *drift = NULL;
  check(gitops_plan_detect_drift(&drift, desired, live, &opts) == 0 &&
            gitops_changeset_count(drift) == 0,
        "with the kind's schema, ports merge by name: no drift");
  gitops_changeset_free(drift);
  drift = NULL;
  kind.type_name = "no.such.Type";
  check(gitops_plan_detect_drift(&drift, desired, live, &opts) == GITOPS_EINVALID && drift == NULL,
        "a type name the schema does not have is GITOPS_EINVALID");
  check(strstr(gitops_error_last()->message, "kind_schemas[0]") != NULL, "naming the entry");
  kind.type_name = NULL;
  kind.schema = NULL;
  check(gitops_plan_detect_drift(&drift, desired, live, &opts) == GITOPS_EINVALID,
        "a NULL schema is GITOPS_EINVALID");
  gitops_schema_free(schema);
  gitops_docs_free(crd);
  gitops_docs_free(desired);
  gitops_docs_free(live);
}

int main(void) {
  gitops_docs *desired = parse(kDesired), *live = parse(kLive), *inventory = parse(kInventory);
  gitops_plan_options opts;
  check(gitops_plan_options_init(&opts, GITOPS_PLAN_OPTIONS_VERSION) == 0, "options init");
  check(opts.manager == NULL && opts.force == 0, "options defaults");
  check(gitops_plan_options_init(&opts, 99) == GITOPS_EINVALID, "options init, bad version");

  gitops_changeset *plan = NULL;
  check(gitops_plan_make(&plan, desired, live, inventory, NULL) == 0, "plan_make");
  check(gitops_changeset_count(plan) == 4, "four entries: three objects and one pruned");
  check(gitops_changeset_has_changes(plan) == 1, "has changes");
  const gitops_changeset_entry *e = NULL;
  check(gitops_changeset_entry_at(&e, plan, 0) == 0, "entry 0");
  if (e) {
    check_str("entry 0 subject", e->subject, "Namespace/a");
    check_str("entry 0 action", e->action, "unchanged");
    check(e->stage == 1, "entry 0 in stage 1");
  }
  check(gitops_changeset_entry_at(&e, plan, 1) == 0, "entry 1");
  if (e) {
    check_str("entry 1 subject", e->subject, "ConfigMap/a/c");
    check_str("entry 1 action", e->action, "configured");
    check_str("entry 1 id", e->inventory_id, "a_c__ConfigMap");
    check_str("entry 1 changes", e->changes_json,
              "[{\"path\":\"/data/k\",\"field\":\".data.k\",\"before\":\"old\",\"after\":\"new\"}]");
    check(strstr(e->diff, "-  k: old\n+  k: new\n") != NULL, "entry 1 diff");
    check(e->stage == 3, "entry 1 in stage 3");
  }
  check(gitops_changeset_entry_at(&e, plan, 2) == 0, "entry 2");
  if (e) {
    check_str("entry 2 subject", e->subject, "Secret/a/s");
    check(strstr(e->changes_json, "canary") == NULL && strstr(e->diff, "canary") == NULL &&
              strstr(e->diff, "Y2FuYXJ5") == NULL && strstr(e->diff, "'*** (after)'") != NULL,
          "entry 2 masks the Secret");
  }
  check(gitops_changeset_entry_at(&e, plan, 3) == 0, "entry 3");
  if (e) {
    check_str("entry 3 subject", e->subject, "ConfigMap/a/old");
    check_str("entry 3 action", e->action, "deleted");
    check(e->stage == 0, "entry 3 is a prune entry");
  }
  check(gitops_changeset_entry_at(&e, plan, 4) == GITOPS_EINVALID && e == NULL,
        "entry out of range");
  gitops_buf buf = GITOPS_BUF_INIT;
  check(gitops_changeset_write_json(&buf, plan, 0) == 0, "write_json");
  check(buf.ptr != NULL && strstr(buf.ptr, "\"stages\":[") != NULL &&
            strstr(buf.ptr, "\"prune\":[") != NULL && strstr(buf.ptr, "canary") == NULL,
        "the plan as JSON, masked");
  gitops_buf_dispose(&buf);
  gitops_changeset_free(plan);

  gitops_changeset *drift = NULL;
  check(gitops_plan_detect_drift(&drift, desired, live, NULL) == 0, "detect_drift");
  check(gitops_changeset_count(drift) == 2, "two drifted objects");
  gitops_changeset_free(drift);

  /* Errors. */
  gitops_docs *dup = parse("kind: ConfigMap\napiVersion: v1\nmetadata: {name: x, namespace: a}\n---\n"
                           "kind: ConfigMap\napiVersion: v1\nmetadata: {name: x, namespace: a}\n");
  plan = NULL;
  check(gitops_plan_make(&plan, dup, live, NULL, NULL) == GITOPS_EEXISTS && plan == NULL,
        "a duplicate desired object is GITOPS_EEXISTS");
  check(strstr(gitops_error_last()->message, "ConfigMap/a/x is listed twice") != NULL,
        "the message names it");
  /* A desired `kind: List` is taken apart, as `kubectl get -o yaml` writes it. */
  gitops_docs *as_list = parse("apiVersion: v1\nkind: List\nitems:\n"
                               "- {kind: ConfigMap, apiVersion: v1, metadata: {name: x, namespace: a}}\n"
                               "- {kind: ConfigMap, apiVersion: v1, metadata: {name: y, namespace: a}}\n");
  check(gitops_plan_make(&plan, as_list, live, NULL, NULL) == 0, "plan_make of a List");
  check(gitops_changeset_count(plan) == 2, "a List's two items are planned");
  if (gitops_changeset_entry_at(&e, plan, 1) == 0) {
    check_str("the List's second item", e->subject, "ConfigMap/a/y");
    check_str("the List's second item's action", e->action, "created");
  }
  gitops_changeset_free(plan);
  plan = NULL;
  check(gitops_plan_detect_drift(&drift, as_list, live, NULL) == 0 &&
            gitops_changeset_count(drift) == 2,
        "detect_drift of a List: both items missing");
  gitops_changeset_free(drift);
  drift = NULL;
  gitops_docs_free(as_list);
  gitops_docs *no_ns = parse("kind: ConfigMap\napiVersion: v1\nmetadata: {name: x}\n");
  check(gitops_plan_make(&plan, no_ns, live, NULL, NULL) == GITOPS_EINVALID && plan == NULL,
        "a namespaced object without a namespace is GITOPS_EINVALID");
  check(strstr(gitops_error_last()->message, "ConfigMap/x namespace not specified") != NULL,
        "the message names it, as Flux does");
  gitops_docs_free(no_ns);
  gitops_docs *empty = parse("");
  check(gitops_plan_make(&plan, empty, live, inventory, NULL) == GITOPS_EPRECONDITION,
        "an empty desired set does not prune everything");
  opts.allow_empty = 1;
  check(gitops_plan_make(&plan, empty, live, inventory, &opts) == 0, "unless allowed");
  check(gitops_changeset_count(plan) == 2, "then it prunes the inventory");
  gitops_changeset_free(plan);
  check(gitops_plan_make(NULL, desired, live, NULL, NULL) == GITOPS_EINVALID, "NULL out");
  check(gitops_plan_make(&plan, NULL, live, NULL, NULL) == GITOPS_EINVALID, "NULL desired");
  gitops_changeset_free(NULL);
  check(gitops_changeset_count(NULL) == 0, "count of NULL");

  test_schemas();
  test_ignore_rules();
  test_kind_schemas();

  gitops_docs_free(dup);
  gitops_docs_free(empty);
  gitops_docs_free(desired);
  gitops_docs_free(live);
  gitops_docs_free(inventory);
  return failures > 100 ? 100 : failures;
}
