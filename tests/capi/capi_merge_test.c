/*
 * The C API's structured merge tested from C: gitops_schema_*,
 * gitops_merge_apply / _update / _extract / _values and gitops_conflicts_*,
 * with their error paths. One line per check; the exit status is the
 * number of failures (capped).
 *
 * Expected objects and managed fields come from the shared SSA conformance
 * cases (../shared/conformance/ssa/, produced by structured-merge-diff),
 * named at each test. The Deployment schema below is the own__* cases'
 * schema cut to the types these objects reach (the types are copied as they
 * are there; structured-merge-diff consults only the types along the paths
 * an object sets, so the results are those of the whole schema).
 */
#include <stdio.h>
#include <string.h>

#include "capi_check.h"

static gitops_schema *schema_of(const char *text) {
  gitops_schema *schema = NULL;
  if (gitops_schema_parse(&schema, text, strlen(text)) < 0) {
    printf("FAIL - schema: %s\n", gitops_error_last()->message);
    ++failures;
  }
  return schema;
}

/* Document 0 of `docs` as YAML ("(none)" without one), into a static buffer. */
static const char *yaml_of(const gitops_docs *docs) {
  static char text[8192];
  gitops_buf buf = GITOPS_BUF_INIT;
  if (docs == NULL || gitops_docs_count(docs) == 0) return "(none)";
  if (gitops_docs_write_yaml(&buf, docs, 0) < 0) return "(error)";
  snprintf(text, sizeof text, "%s", buf.ptr);
  gitops_buf_dispose(&buf);
  return text;
}

static const char *json_of(const gitops_docs *docs) {
  static char text[8192];
  gitops_buf buf = GITOPS_BUF_INIT;
  if (docs == NULL || gitops_docs_count(docs) == 0) return "(none)";
  if (gitops_docs_write_json(&buf, docs, 0, 0) < 0) return "(error)";
  snprintf(text, sizeof text, "%s", buf.ptr);
  gitops_buf_dispose(&buf);
  return text;
}

/*
 * Checks that the managedFields array in `managed` has `count` entries and
 * one for `manager` with that operation, apiVersion and FieldsV1 (compared
 * as JSON text: the library writes FieldsV1 keys in structured-merge-diff's
 * order, which is the order of the expected strings).
 */
static void check_entry(const char *what, const gitops_docs *managed, const char *manager,
                        const char *operation, const char *api_version, const char *fields) {
  char want[4096];
  snprintf(want, sizeof want,
           "{\"manager\":\"%s\",\"operation\":\"%s\",\"apiVersion\":\"%s\","
           "\"fieldsType\":\"FieldsV1\",\"fieldsV1\":%s}",
           manager, operation, api_version, fields);
  const char *got = json_of(managed);
  int ok = strstr(got, want) != NULL;
  check(ok, what);
  if (!ok) printf("       got:  %s\n       want: %s\n", got, want);
}

static size_t entries_of(const gitops_docs *managed) {
  /* Counts "manager" keys: one per entry. */
  const char *p = json_of(managed);
  size_t n = 0;
  while ((p = strstr(p, "\"manager\":")) != NULL) {
    ++n;
    ++p;
  }
  return n;
}

static const char kDeploymentSchema[] =
    "types:\n"
    "- name: io.k8s.api.apps.v1.Deployment\n"
    "  map:\n"
    "    fields:\n"
    "    - {name: apiVersion, type: {scalar: string}}\n"
    "    - {name: kind, type: {scalar: string}}\n"
    "    - {name: metadata, type: {namedType: io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta}}\n"
    "    - {name: spec, type: {namedType: io.k8s.api.apps.v1.DeploymentSpec}}\n"
    "- name: io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta\n"
    "  map:\n"
    "    fields:\n"
    "    - {name: name, type: {scalar: string}}\n"
    "    - {name: namespace, type: {scalar: string}}\n"
    "    - {name: labels, type: {map: {elementType: {scalar: string}}}}\n"
    "- name: io.k8s.api.apps.v1.DeploymentSpec\n"
    "  map:\n"
    "    fields:\n"
    "    - {name: replicas, type: {scalar: numeric}}\n"
    "    - {name: selector, type: {namedType: io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector}}\n"
    "    - {name: template, type: {namedType: io.k8s.api.core.v1.PodTemplateSpec}}\n"
    "- name: io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector\n"
    "  map:\n"
    "    fields:\n"
    "    - {name: matchLabels, type: {map: {elementType: {scalar: string}}}}\n"
    "    elementRelationship: atomic\n"
    "- name: io.k8s.api.core.v1.PodTemplateSpec\n"
    "  map:\n"
    "    fields:\n"
    "    - {name: metadata, type: {namedType: io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta}}\n"
    "    - {name: spec, type: {namedType: io.k8s.api.core.v1.PodSpec}}\n"
    "- name: io.k8s.api.core.v1.PodSpec\n"
    "  map:\n"
    "    fields:\n"
    "    - name: containers\n"
    "      type:\n"
    "        list:\n"
    "          elementType: {namedType: io.k8s.api.core.v1.Container}\n"
    "          elementRelationship: associative\n"
    "          keys: [name]\n"
    "- name: io.k8s.api.core.v1.Container\n"
    "  map:\n"
    "    fields:\n"
    "    - {name: name, type: {scalar: string}}\n"
    "    - {name: image, type: {scalar: string}}\n"
    "    - name: ports\n"
    "      type:\n"
    "        list:\n"
    "          elementType: {namedType: io.k8s.api.core.v1.ContainerPort}\n"
    "          elementRelationship: associative\n"
    "          keys: [containerPort, protocol]\n"
    "    - name: env\n"
    "      type:\n"
    "        list:\n"
    "          elementType: {namedType: io.k8s.api.core.v1.EnvVar}\n"
    "          elementRelationship: associative\n"
    "          keys: [name]\n"
    "- name: io.k8s.api.core.v1.ContainerPort\n"
    "  map:\n"
    "    fields:\n"
    "    - {name: containerPort, type: {scalar: numeric}}\n"
    "    - {name: protocol, type: {scalar: string}}\n"
    "- name: io.k8s.api.core.v1.EnvVar\n"
    "  map:\n"
    "    fields:\n"
    "    - {name: name, type: {scalar: string}}\n"
    "    - {name: value, type: {scalar: string}}\n";

static const char kDeploymentType[] = "io.k8s.api.apps.v1.Deployment";

/* The configuration of own__conflict__conflict_then_force and
 * own__basic__update_takes_changed_fields_only, with %s the image and %d
 * the replicas. */
static const char kWebFormat[] =
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    app: web\n"
    "spec:\n  replicas: %d\n  selector:\n    matchLabels:\n      app: web\n"
    "  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n"
    "      - name: app\n        image: %s\n        ports:\n        - containerPort: 80\n"
    "          protocol: TCP\n        env:\n        - name: MODE\n          value: prod\n";

/* The case's expected object, as gitops_docs_write_yaml prints it (keys sorted). */
static const char kWebExpectedFormat[] =
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels:\n    app: web\n  name: web\n"
    "spec:\n  replicas: %d\n  selector:\n    matchLabels:\n      app: web\n"
    "  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n"
    "      - env:\n        - name: MODE\n          value: prod\n        image: %s\n"
    "        name: app\n        ports:\n        - containerPort: 80\n          protocol: TCP\n";

/* own__conflict__conflict_then_force's expected managed fields. */
static const char kCiFields[] =
    "{\"f:apiVersion\":{},\"f:kind\":{},\"f:metadata\":{\"f:labels\":{\"f:app\":{}},\"f:name\":{}},"
    "\"f:spec\":{\"f:replicas\":{},\"f:selector\":{},\"f:template\":{\"f:metadata\":{\"f:labels\":"
    "{\"f:app\":{}}},\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"app\\\"}\":{\".\":{},"
    "\"f:env\":{\"k:{\\\"name\\\":\\\"MODE\\\"}\":{\".\":{},\"f:name\":{},\"f:value\":{}}},"
    "\"f:image\":{},\"f:name\":{},\"f:ports\":{\"k:{\\\"containerPort\\\":80,\\\"protocol\\\":"
    "\\\"TCP\\\"}\":{\".\":{},\"f:containerPort\":{},\"f:protocol\":{}}}}}}}}}";
static const char kKubectlAfterForceFields[] =
    "{\"f:apiVersion\":{},\"f:kind\":{},\"f:metadata\":{\"f:labels\":{\"f:app\":{}},\"f:name\":{}},"
    "\"f:spec\":{\"f:replicas\":{},\"f:selector\":{},\"f:template\":{\"f:metadata\":{\"f:labels\":"
    "{\"f:app\":{}}},\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"app\\\"}\":{\".\":{},"
    "\"f:env\":{\"k:{\\\"name\\\":\\\"MODE\\\"}\":{\".\":{},\"f:name\":{},\"f:value\":{}}},"
    "\"f:name\":{},\"f:ports\":{\"k:{\\\"containerPort\\\":80,\\\"protocol\\\":"
    "\\\"TCP\\\"}\":{\".\":{},\"f:containerPort\":{},\"f:protocol\":{}}}}}}}}}";
/* own__basic__update_takes_changed_fields_only's expected managed fields. */
static const char kKubectlAfterHpaFields[] =
    "{\"f:apiVersion\":{},\"f:kind\":{},\"f:metadata\":{\"f:labels\":{\"f:app\":{}},\"f:name\":{}},"
    "\"f:spec\":{\"f:selector\":{},\"f:template\":{\"f:metadata\":{\"f:labels\":"
    "{\"f:app\":{}}},\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"app\\\"}\":{\".\":{},"
    "\"f:env\":{\"k:{\\\"name\\\":\\\"MODE\\\"}\":{\".\":{},\"f:name\":{},\"f:value\":{}}},"
    "\"f:image\":{},\"f:name\":{},\"f:ports\":{\"k:{\\\"containerPort\\\":80,\\\"protocol\\\":"
    "\\\"TCP\\\"}\":{\".\":{},\"f:containerPort\":{},\"f:protocol\":{}}}}}}}}}";

static gitops_docs *web(const char *image, int replicas) {
  char text[2048];
  snprintf(text, sizeof text, kWebFormat, replicas, image);
  return parse(text);
}

static const char *web_expected(const char *image, int replicas) {
  static char text[2048];
  snprintf(text, sizeof text, kWebExpectedFormat, replicas, image);
  return text;
}

/* own__conflict__conflict_then_force: kubectl applies, ci's apply of
 * another image conflicts, ci's forced apply takes the image over. */
static void test_apply_conflict_force(void) {
  gitops_schema *schema = schema_of(kDeploymentSchema);
  gitops_docs *none = parse("[]\n");
  gitops_docs *v125 = web("nginx:1.25", 3), *v126 = web("nginx:1.26", 3);
  gitops_merge_options opts;
  check(gitops_merge_options_init(&opts, GITOPS_MERGE_OPTIONS_VERSION) == 0 &&
            opts.schema == NULL && opts.type_name == NULL && opts.managed == NULL &&
            opts.force == 0 && opts.ignored_fields == NULL,
        "merge options defaults");
  opts.schema = schema;
  opts.type_name = kDeploymentType;
  opts.managed = none;

  gitops_docs *obj = NULL, *managed = NULL;
  gitops_conflicts *conflicts = NULL;
  check(gitops_merge_apply(&obj, &managed, NULL, v125, "kubectl", "apps/v1", &opts, &conflicts) ==
                0 &&
            conflicts == NULL,
        "apply creating the object");
  check(gitops_docs_count(obj) == 1, "one object");
  check_str("the object is the configuration", yaml_of(obj), web_expected("nginx:1.25", 3));
  check(gitops_docs_count(managed) == 1 && entries_of(managed) == 1, "one managedFields entry");
  /* The configuration sets the fields ci's sets below, so kubectl owns that set. */
  check_entry("kubectl owns what it applied", managed, "kubectl", "Apply", "apps/v1", kCiFields);

  gitops_docs *obj2 = NULL, *managed2 = NULL;
  opts.managed = managed;
  check(gitops_merge_apply(&obj2, &managed2, obj, v126, "ci", "apps/v1", &opts, &conflicts) ==
            GITOPS_ECONFLICT,
        "another image is GITOPS_ECONFLICT");
  check(obj2 == NULL && managed2 == NULL, "no object on a conflict");
  check(gitops_error_last()->code == GITOPS_ECONFLICT &&
            strstr(gitops_error_last()->message,
                   ".spec.template.spec.containers[name=\"app\"].image") != NULL,
        "the message names the path");
  check(gitops_conflicts_count(conflicts) == 1, "one conflict");
  const gitops_conflict *c = NULL;
  check(gitops_conflicts_at(&c, conflicts, 0) == 0 && c != NULL, "conflict 0");
  if (c != NULL) {
    check_str("its manager", c->manager, "kubectl");
    check_str("its path", c->path, ".spec.template.spec.containers[name=\"app\"].image");
  }
  check(gitops_conflicts_at(&c, conflicts, 1) == GITOPS_EINVALID && c == NULL,
        "conflict out of range");
  check(gitops_conflicts_at(&c, NULL, 0) == GITOPS_EINVALID, "conflicts_at of NULL");
  gitops_conflicts_free(conflicts);
  conflicts = NULL;
  /* Without a conflicts out-parameter the code is the same. */
  check(gitops_merge_apply(&obj2, NULL, obj, v126, "ci", "apps/v1", &opts, NULL) ==
            GITOPS_ECONFLICT,
        "GITOPS_ECONFLICT without the list");

  opts.force = 1;
  check(gitops_merge_apply(&obj2, &managed2, obj, v126, "ci", "apps/v1", &opts, &conflicts) == 0 &&
            conflicts == NULL,
        "a forced apply");
  check_str("the object after force", yaml_of(obj2), web_expected("nginx:1.26", 3));
  check(entries_of(managed2) == 2, "two managers");
  check_entry("ci owns everything it applied", managed2, "ci", "Apply", "apps/v1", kCiFields);
  check_entry("kubectl lost the image", managed2, "kubectl", "Apply", "apps/v1",
              kKubectlAfterForceFields);

  gitops_docs_free(obj);
  gitops_docs_free(obj2);
  gitops_docs_free(managed);
  gitops_docs_free(managed2);
  gitops_docs_free(none);
  gitops_docs_free(v125);
  gitops_docs_free(v126);
  gitops_schema_free(schema);
}

/* own__basic__apply_empty_removes_owned: the only manager applies `{}`,
 * which leaves no object and no managers. */
static void test_apply_leaving_no_object(void) {
  gitops_schema *schema = schema_of(kDeploymentSchema);
  gitops_docs *none = parse("[]\n"), *config = web("nginx:1.25", 3), *empty = parse("{}\n");
  gitops_merge_options opts = GITOPS_MERGE_OPTIONS_INIT;
  opts.schema = schema;
  opts.type_name = kDeploymentType;
  opts.managed = none;
  gitops_docs *obj = NULL, *managed = NULL, *obj2 = NULL, *managed2 = NULL;
  check(gitops_merge_apply(&obj, &managed, NULL, config, "kubectl", "apps/v1", &opts, NULL) == 0,
        "apply");
  opts.managed = managed;
  check(gitops_merge_apply(&obj2, &managed2, obj, empty, "kubectl", "apps/v1", &opts, NULL) == 0,
        "apply of an empty configuration");
  check(obj2 != NULL && gitops_docs_count(obj2) == 0, "no object left: a handle of no document");
  check_str("no managers", json_of(managed2), "[]");
  gitops_docs_free(obj);
  gitops_docs_free(obj2);
  gitops_docs_free(managed);
  gitops_docs_free(managed2);
  gitops_docs_free(none);
  gitops_docs_free(config);
  gitops_docs_free(empty);
  gitops_schema_free(schema);
}

/* own__basic__update_takes_changed_fields_only, with the managed fields
 * kept in the object's metadata.managedFields (opts.managed NULL). */
static void test_update(void) {
  gitops_schema *schema = schema_of(kDeploymentSchema);
  gitops_docs *applied = web("nginx:1.25", 3), *scaled = web("nginx:1.25", 5);
  gitops_merge_options opts = GITOPS_MERGE_OPTIONS_INIT;
  opts.schema = schema;
  opts.type_name = kDeploymentType;
  gitops_docs *obj = NULL, *obj2 = NULL, *managed = NULL;
  check(gitops_merge_apply(&obj, NULL, NULL, applied, "kubectl", "apps/v1", &opts, NULL) == 0,
        "apply, managed fields in the object");
  check(strstr(yaml_of(obj), "  managedFields:\n  - apiVersion: apps/v1\n") != NULL &&
            strstr(yaml_of(obj), "    manager: kubectl\n    operation: Apply\n") != NULL,
        "the object carries metadata.managedFields");
  check(gitops_merge_update(&obj2, &managed, obj, scaled, "hpa", "apps/v1", &opts) == 0,
        "update reading them from the live object");
  check(strstr(yaml_of(obj2), "  replicas: 5\n") != NULL, "the object has the new replicas");
  check(strstr(yaml_of(obj2), "    manager: hpa\n    operation: Update\n") != NULL,
        "the object's managedFields have hpa's entry");
  check(entries_of(managed) == 2, "two managers");
  check_entry("hpa owns only what it changed", managed, "hpa", "Update", "apps/v1",
              "{\"f:spec\":{\"f:replicas\":{}}}");
  check_entry("kubectl lost replicas", managed, "kubectl", "Apply", "apps/v1",
              kKubectlAfterHpaFields);
  gitops_docs_free(obj);
  gitops_docs_free(obj2);
  gitops_docs_free(managed);
  gitops_docs_free(applied);
  gitops_docs_free(scaled);
  gitops_schema_free(schema);
}

/* extract_apply_test__TestExtractApply__apply_one_extract_apply_one_own_both:
 * an extractApply step run as extract, merge_values and a forced apply. */
static void test_extract_values(void) {
  gitops_schema *schema = schema_of(
      "types:\n- name: sets\n  map:\n    fields:\n    - name: list\n      type:\n        list:\n"
      "          elementType: {scalar: string}\n          elementRelationship: associative\n");
  gitops_docs *none = parse("[]\n"), *a = parse("list: [a]\n"), *b = parse("list: [b]\n");
  gitops_merge_options opts = GITOPS_MERGE_OPTIONS_INIT;
  opts.schema = schema;
  opts.type_name = "sets";
  opts.managed = none;
  gitops_docs *obj = NULL, *managed = NULL;
  check(gitops_merge_apply(&obj, &managed, NULL, a, "default", "v1", &opts, NULL) == 0,
        "apply list [a]");
  opts.managed = managed;
  gitops_docs *extracted = NULL;
  check(gitops_merge_extract(&extracted, obj, "default", &opts) == 0, "extract");
  check_str("the extracted configuration", json_of(extracted), "{\"list\":[\"a\"]}");
  gitops_docs *merged = NULL;
  check(gitops_merge_values(&merged, extracted, b, &opts) == 0, "merge_values");
  check_str("a set merge", json_of(merged), "{\"list\":[\"a\",\"b\"]}");
  gitops_docs *obj2 = NULL, *managed2 = NULL;
  opts.force = 1;
  check(gitops_merge_apply(&obj2, &managed2, obj, merged, "default", "v1", &opts, NULL) == 0,
        "forced apply of the merge");
  check_str("the object", json_of(obj2), "{\"list\":[\"a\",\"b\"]}");
  check(entries_of(managed2) == 1, "one manager");
  check_entry("default owns both items", managed2, "default", "Apply", "v1",
              "{\"f:list\":{\"v:\\\"a\\\"\":{},\"v:\\\"b\\\"\":{}}}");

  gitops_docs *out = NULL;
  check(gitops_merge_extract(&out, obj, "nobody", &opts) == GITOPS_ENOTFOUND && out == NULL,
        "extract for a manager without an entry is GITOPS_ENOTFOUND");
  check(strstr(gitops_error_last()->message, "\"nobody\"") != NULL, "the message names it");
  check(gitops_merge_extract(&out, NULL, "default", &opts) == 0, "extract of no object");
  check_str("is {}", json_of(out), "{}");
  gitops_docs_free(out);

  /* Without a schema handle the built-in table is used; without one for the
   * kind (none here: no apiVersion and kind) the deduced schema: lists atomic. */
  out = NULL;
  check(gitops_merge_values(&out, a, b, NULL) == 0, "merge_values, deduced");
  check_str("an atomic list is replaced", json_of(out), "{\"list\":[\"b\"]}");
  gitops_docs_free(out);

  gitops_docs_free(obj);
  gitops_docs_free(obj2);
  gitops_docs_free(managed);
  gitops_docs_free(managed2);
  gitops_docs_free(extracted);
  gitops_docs_free(merged);
  gitops_docs_free(none);
  gitops_docs_free(a);
  gitops_docs_free(b);
  gitops_schema_free(schema);
}

/* ignore_test__TestIgnoredFields__apply_does_not_own_deep_ignored, and
 * an apply whose result is no object. */
static void test_ignored_fields_and_deduced(void) {
  gitops_schema *deduced = schema_of("deduced");
  gitops_docs *none = parse("[]\n"), *ignored = parse("{\"f:obj\": {}}\n");
  gitops_docs *config = parse("{\"numeric\": 1, \"obj\": {\"string\": \"foo\", \"numeric\": 2}}\n");
  gitops_merge_options opts = GITOPS_MERGE_OPTIONS_INIT;
  opts.schema = deduced;
  opts.managed = none;
  opts.ignored_fields = ignored;
  gitops_docs *obj = NULL, *managed = NULL;
  check(gitops_merge_apply(&obj, &managed, NULL, config, "default", "v1", &opts, NULL) == 0,
        "apply with ignored fields");
  check_str("the object", json_of(obj), "{\"numeric\":1,\"obj\":{\"string\":\"foo\",\"numeric\":2}}");
  check_entry("no manager owns the ignored field", managed, "default", "Apply", "v1",
              "{\"f:numeric\":{}}");
  gitops_docs_free(obj);
  gitops_docs_free(managed);
  gitops_docs_free(none);
  gitops_docs_free(ignored);
  gitops_docs_free(config);
  gitops_schema_free(deduced);
}

static void test_errors(void) {
  gitops_docs *config = web("nginx:1.25", 3), *none = parse("[]\n");
  gitops_docs *two = parse("a: 1\n---\nb: 2\n");
  gitops_docs *obj = NULL, *managed = NULL;
  gitops_merge_options opts = GITOPS_MERGE_OPTIONS_INIT;

  check(gitops_merge_apply(NULL, NULL, NULL, config, "m", "v1", NULL, NULL) == GITOPS_EINVALID,
        "NULL out");
  check(gitops_merge_apply(&obj, NULL, NULL, NULL, "m", "v1", NULL, NULL) == GITOPS_EINVALID &&
            strstr(gitops_error_last()->message, "gitops_merge_apply: config is NULL") != NULL,
        "NULL config, named");
  check(gitops_merge_apply(&obj, NULL, NULL, config, NULL, "v1", NULL, NULL) == GITOPS_EINVALID &&
            strstr(gitops_error_last()->message, "manager is NULL") != NULL,
        "NULL manager");
  check(gitops_merge_apply(&obj, NULL, NULL, config, "m", NULL, NULL, NULL) == GITOPS_EINVALID,
        "NULL api_version");
  check(gitops_merge_update(&obj, NULL, NULL, config, NULL, "v1", NULL) == GITOPS_EINVALID,
        "update: NULL manager");
  check(gitops_merge_extract(&obj, config, NULL, NULL) == GITOPS_EINVALID, "extract: NULL manager");
  check(gitops_merge_values(NULL, config, config, NULL) == GITOPS_EINVALID, "values: NULL out");
  check(gitops_merge_apply(&obj, NULL, two, config, "m", "v1", NULL, NULL) == GITOPS_EINVALID &&
            strstr(gitops_error_last()->message, "live must be one document, not 2") != NULL,
        "a live handle of two documents");
  opts.version = 99;
  check(gitops_merge_apply(&obj, NULL, NULL, config, "m", "v1", &opts, NULL) == GITOPS_EINVALID,
        "an unknown options version");
  check(gitops_merge_options_init(&opts, 0) == GITOPS_EINVALID, "options init, version 0");
  check(gitops_merge_options_init(NULL, 1) == GITOPS_EINVALID, "options init, NULL");
  check(obj == NULL, "no object after errors");

  /* Schemas that do not load. */
  gitops_schema *schema = (gitops_schema *)&opts; /* must be reset to NULL */
  check(gitops_schema_parse(&schema, "types: [\n", 9) == GITOPS_EPARSE && schema == NULL,
        "schema YAML that does not parse is GITOPS_EPARSE");
  check(gitops_error_last()->line > 0, "with a line");
  check(gitops_schema_parse(&schema, "a: 1\n", 5) == GITOPS_EINVALID, "a document of no schema form");
  static const char kDangling[] =
      "types:\n- name: t\n  map:\n    fields:\n    - {name: a, type: {namedType: missing}}\n";
  check(gitops_schema_parse(&schema, kDangling, strlen(kDangling)) == GITOPS_EINVALID &&
            strstr(gitops_error_last()->message, "missing") != NULL,
        "a namedType naming no type, named");
  check(gitops_schema_parse(NULL, "deduced", 7) == GITOPS_EINVALID, "schema: NULL out");
  check(gitops_schema_parse(&schema, NULL, 0) == GITOPS_EINVALID, "schema: NULL text");
  check(gitops_schema_from_docs(&schema, config, 1) == GITOPS_EINVALID, "schema: index out of range");
  gitops_schema_free(NULL);

  /* Managed fields that do not read. */
  gitops_docs *bad_fields = parse(
      "- {manager: m, operation: Apply, apiVersion: v1, fieldsType: FieldsV1,\n"
      "   fieldsV1: {'x:bad': {}}}\n");
  gitops_docs *not_list = parse("{manager: m}\n");
  opts = (gitops_merge_options)GITOPS_MERGE_OPTIONS_INIT;
  opts.managed = bad_fields;
  check(gitops_merge_apply(&obj, &managed, NULL, config, "m", "v1", &opts, NULL) == GITOPS_EPARSE &&
            obj == NULL && managed == NULL,
        "FieldsV1 that does not read is GITOPS_EPARSE");
  check(strstr(gitops_error_last()->message, "gitops_merge_apply: managed") != NULL &&
            strstr(gitops_error_last()->message, "x:bad") != NULL,
        "the message names the key");
  opts.managed = not_list;
  check(gitops_merge_apply(&obj, &managed, NULL, config, "m", "v1", &opts, NULL) == GITOPS_EINVALID,
        "managed fields that are not an array are GITOPS_EINVALID");
  opts.managed = two;
  check(gitops_merge_apply(&obj, &managed, NULL, config, "m", "v1", &opts, NULL) == GITOPS_EINVALID &&
            strstr(gitops_error_last()->message, "managed must be one document") != NULL,
        "managed of two documents");

  /* A value that does not fit the schema (own__basic__type_mismatch_rejected). */
  gitops_schema *deployment = schema_of(kDeploymentSchema);
  gitops_docs *mismatch = parse(
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: three}\n");
  opts = (gitops_merge_options)GITOPS_MERGE_OPTIONS_INIT;
  opts.schema = deployment;
  opts.type_name = kDeploymentType;
  opts.managed = none;
  check(gitops_merge_apply(&obj, &managed, NULL, mismatch, "m", "apps/v1", &opts, NULL) ==
            GITOPS_EINVALID,
        "a string for a numeric field is GITOPS_EINVALID");
  check(strstr(gitops_error_last()->message, "replicas") != NULL, "naming the field");
  opts.type_name = "no.such.Type";
  check(gitops_merge_apply(&obj, &managed, NULL, config, "m", "apps/v1", &opts, NULL) ==
            GITOPS_EINVALID,
        "an unknown type name is GITOPS_EINVALID");

  gitops_docs_free(mismatch);
  gitops_schema_free(deployment);
  gitops_docs_free(bad_fields);
  gitops_docs_free(not_list);
  gitops_docs_free(config);
  gitops_docs_free(none);
  gitops_docs_free(two);
}

int main(void) {
  test_apply_conflict_force();
  test_apply_leaving_no_object();
  test_update();
  test_extract_values();
  test_ignored_fields_and_deduced();
  test_errors();
  return failures > 100 ? 100 : failures;
}
