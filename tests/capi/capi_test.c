/*
 * The C API tested from C: every function in gitops_c.h, its results and
 * its error paths. Expected build outputs are what `kubectl kustomize`
 * (kubectl v1.32, kustomize v5.5.0) printed for the same trees. One line per check ("ok" or "FAIL"); the exit status is
 * the number of failures (capped), so ctest fails on any.
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, symlink */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gitops_c.h"

static int checks = 0;
static int failures = 0;

static void check(int ok, const char *what) {
  ++checks;
  if (!ok) ++failures;
  printf("%s - %s\n", ok ? "ok  " : "FAIL", what);
  if (!ok) {
    const gitops_error *e = gitops_error_last();
    printf("       last error: code %d, \"%s\" (file \"%s\", line %d, column %d)\n", e->code,
           e->message, e->file, e->line, e->column);
  }
}

static void check_str(const char *what, const char *got, const char *want) {
  int ok = got != NULL && strcmp(got, want) == 0;
  check(ok, what);
  if (!ok) printf("       got:  \"%s\"\n       want: \"%s\"\n", got ? got : "(NULL)", want);
}

static void check_buf(const char *what, const gitops_buf *buf, const char *want) {
  int ok = buf->ptr != NULL && buf->size == strlen(want) &&
           memcmp(buf->ptr, want, buf->size) == 0 && buf->ptr[buf->size] == '\0';
  check(ok, what);
  if (!ok) {
    printf("       got:  \"%.*s\" (%lu bytes)\n       want: \"%s\" (%lu bytes)\n",
           buf->ptr ? (int)buf->size : 6, buf->ptr ? buf->ptr : "(NULL)", (unsigned long)buf->size,
           want, (unsigned long)strlen(want));
  }
}

/* Checks that `rc` is `code` and that the last error agrees, with a message
 * containing `needle`. */
static void check_error(const char *what, int rc, int code, const char *needle) {
  const gitops_error *e = gitops_error_last();
  int ok = rc == code && e->code == code && e->message != NULL && e->file != NULL &&
           strstr(e->message, needle) != NULL;
  check(ok, what);
  if (!ok) printf("       rc %d, want %d with a message containing \"%s\"\n", rc, code, needle);
}

static int parse(gitops_docs **out, const char *text, const gitops_yaml_parse_options *opts) {
  return gitops_yaml_parse(out, text, strlen(text), opts);
}

/* Keys out of kustomize's order, so that the writer's sorting shows. */
static const char kManifests[] =
    "kind: Deployment\n"
    "apiVersion: apps/v1\n"
    "metadata:\n"
    "  namespace: default\n"
    "  name: web\n"
    "spec:\n"
    "  replicas: 2\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: Service\n"
    "metadata:\n"
    "  name: web\n"
    "  namespace: default\n"
    "---\n"
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRole\n"
    "metadata:\n"
    "  name: system:auth\n";

static const char kDeploymentYaml[] =
    "apiVersion: apps/v1\n"
    "kind: Deployment\n"
    "metadata:\n"
    "  name: web\n"
    "  namespace: default\n"
    "spec:\n"
    "  replicas: 2\n";
static const char kServiceYaml[] =
    "apiVersion: v1\n"
    "kind: Service\n"
    "metadata:\n"
    "  name: web\n"
    "  namespace: default\n";
static const char kClusterRoleYaml[] =
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRole\n"
    "metadata:\n"
    "  name: system:auth\n";

static void test_error_record_starts_empty(void) {
  const gitops_error *e = gitops_error_last();
  check(e != NULL, "gitops_error_last() is never NULL");
  check(e->code == GITOPS_OK, "before any failure the last error's code is GITOPS_OK");
  check_str("before any failure the message is \"no error\"", e->message, "no error");
  check_str("before any failure the file is \"\"", e->file, "");
}

static void test_version(void) {
  int major = -1, minor = -1, patch = -1;
  check(gitops_version(&major, &minor, &patch) == 0, "gitops_version succeeds");
  check(major == GITOPS_VERSION_MAJOR && minor == GITOPS_VERSION_MINOR &&
            patch == GITOPS_VERSION_PATCH,
        "gitops_version matches the header's GITOPS_VERSION_* macros");
  check_error("gitops_version(NULL, ...) is GITOPS_EINVALID naming the argument",
              gitops_version(NULL, &minor, &patch), GITOPS_EINVALID, "major is NULL");
  check_error("gitops_version(.., NULL, ..) is GITOPS_EINVALID",
              gitops_version(&major, NULL, &patch), GITOPS_EINVALID, "minor is NULL");
  check_error("gitops_version(.., .., NULL) is GITOPS_EINVALID",
              gitops_version(&major, &minor, NULL), GITOPS_EINVALID, "patch is NULL");
}

static void test_parse_and_ids(void) {
  gitops_docs *docs = NULL;
  const gitops_object_id *id = NULL;
  check(parse(&docs, kManifests, NULL) == 0 && docs != NULL,
        "gitops_yaml_parse reads a three-document stream");
  check(gitops_docs_count(docs) == 3, "gitops_docs_count is 3");

  check(gitops_docs_object_id(&id, docs, 0) == 0 && id != NULL, "object id of document 0");
  if (id != NULL) {
    check_str("document 0 group", id->group, "apps");
    check_str("document 0 version", id->version, "v1");
    check_str("document 0 kind", id->kind, "Deployment");
    check_str("document 0 namespace", id->namespace_name, "default");
    check_str("document 0 name", id->name, "web");
    check_str("document 0 inventory id", id->inventory_id, "default_web_apps_Deployment");
  }
  check(gitops_docs_object_id(&id, docs, 1) == 0 && id != NULL, "object id of document 1");
  if (id != NULL) {
    check_str("a core-group object has group \"\"", id->group, "");
    check_str("document 1 inventory id", id->inventory_id, "default_web__Service");
  }
  check(gitops_docs_object_id(&id, docs, 2) == 0 && id != NULL, "object id of document 2");
  if (id != NULL) {
    check_str("a cluster-scoped object has namespace \"\"", id->namespace_name, "");
    check_str("an RBAC name's ':' is written \"__\" in the inventory id", id->inventory_id,
              "_system__auth_rbac.authorization.k8s.io_ClusterRole");
  }
  {
    const gitops_object_id *again = NULL;
    check(gitops_docs_object_id(&again, docs, 2) == 0 && again == id,
          "the same document gives the same borrowed identity");
  }

  id = (const gitops_object_id *)docs; /* any non-NULL value */
  check_error("an index past the end is GITOPS_EINVALID", gitops_docs_object_id(&id, docs, 3),
              GITOPS_EINVALID, "index 3 is out of range (3 documents)");
  check(id == NULL, "a failed gitops_docs_object_id sets *out to NULL");
  check_error("gitops_docs_object_id(NULL, ..) is GITOPS_EINVALID",
              gitops_docs_object_id(NULL, docs, 0), GITOPS_EINVALID, "out is NULL");
  check_error("gitops_docs_object_id(.., NULL, ..) is GITOPS_EINVALID",
              gitops_docs_object_id(&id, NULL, 0), GITOPS_EINVALID, "docs is NULL");
  gitops_docs_free(docs);
}

static void test_not_an_object(void) {
  gitops_docs *docs = NULL;
  const gitops_object_id *id = NULL;
  check(parse(&docs, "- 1\n- 2\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {}\n", NULL) == 0,
        "a stream of non-objects still parses");
  check(gitops_docs_count(docs) == 2, "it holds two documents");
  check_error("a list has no object id: GITOPS_EINVALID", gitops_docs_object_id(&id, docs, 0),
              GITOPS_EINVALID, "document 0");
  check_error("an object without metadata.name has no id: GITOPS_EINVALID naming the field",
              gitops_docs_object_id(&id, docs, 1), GITOPS_EINVALID, "name");
  gitops_docs_free(docs);
}

static void test_write_yaml(void) {
  gitops_docs *docs = NULL;
  gitops_buf buf = GITOPS_BUF_INIT;
  char *stream;
  size_t stream_len;
  check(parse(&docs, kManifests, NULL) == 0, "parse the manifests again");

  check(gitops_docs_write_yaml(&buf, docs, 0) == 0, "gitops_docs_write_yaml succeeds");
  check_buf("document 0 is written with kustomize's key order", &buf, kDeploymentYaml);
  check(gitops_docs_write_yaml(&buf, docs, 1) == 0, "a buffer can be reused");
  check_buf("document 1 as YAML", &buf, kServiceYaml);

  stream_len = strlen(kDeploymentYaml) + strlen(kServiceYaml) + strlen(kClusterRoleYaml) + 8;
  stream = malloc(stream_len + 1);
  snprintf(stream, stream_len + 1, "%s---\n%s---\n%s", kDeploymentYaml, kServiceYaml,
           kClusterRoleYaml);
  check(gitops_docs_write_yaml_stream(&buf, docs) == 0, "gitops_docs_write_yaml_stream succeeds");
  check_buf("all documents as one stream separated by ---", &buf, stream);
  free(stream);

  check_error("gitops_docs_write_yaml past the end is GITOPS_EINVALID",
              gitops_docs_write_yaml(&buf, docs, 7), GITOPS_EINVALID, "index 7 is out of range");
  check(buf.ptr == NULL && buf.size == 0, "a failed write leaves the buffer empty");
  check_error("gitops_docs_write_yaml(NULL, ..) is GITOPS_EINVALID",
              gitops_docs_write_yaml(NULL, docs, 0), GITOPS_EINVALID, "out is NULL");
  check_error("gitops_docs_write_yaml(.., NULL, ..) is GITOPS_EINVALID",
              gitops_docs_write_yaml(&buf, NULL, 0), GITOPS_EINVALID, "docs is NULL");
  check_error("gitops_docs_write_yaml_stream(NULL, ..) is GITOPS_EINVALID",
              gitops_docs_write_yaml_stream(NULL, docs), GITOPS_EINVALID, "out is NULL");
  check_error("gitops_docs_write_yaml_stream(.., NULL) is GITOPS_EINVALID",
              gitops_docs_write_yaml_stream(&buf, NULL), GITOPS_EINVALID, "docs is NULL");
  gitops_buf_dispose(&buf);
  gitops_docs_free(docs);
}

static void test_write_json(void) {
  gitops_docs *docs = NULL;
  gitops_buf buf = GITOPS_BUF_INIT;
  check(parse(&docs,
              "kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: c\ndata:\n  n: \"1\"\n"
              "---\na: [1, 2.5, true, null]\n",
              NULL) == 0,
        "parse two documents for JSON");
  check(gitops_docs_write_json(&buf, docs, 0, 0) == 0, "gitops_docs_write_json compact");
  check_buf("compact JSON keeps the document's key order", &buf,
            "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"c\"},"
            "\"data\":{\"n\":\"1\"}}");
  check(gitops_docs_write_json(&buf, docs, 1, 2) == 0, "gitops_docs_write_json indented");
  check(buf.ptr != NULL && strncmp(buf.ptr, "{\n  \"a\": [", 10) == 0 &&
            buf.ptr[buf.size - 1] == '}' && strchr(buf.ptr, '\n') != NULL,
        "indented JSON puts members on their own lines, two spaces in");
  check(gitops_docs_write_json_array(&buf, docs, 0) == 0, "gitops_docs_write_json_array");
  check_buf("all documents as one JSON array", &buf,
            "[{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"c\"},"
            "\"data\":{\"n\":\"1\"}},{\"a\":[1,2.5,true,null]}]");

  check_error("a negative indent is GITOPS_EINVALID", gitops_docs_write_json(&buf, docs, 0, -1),
              GITOPS_EINVALID, "indent -1 is negative");
  check_error("a negative indent for the array is GITOPS_EINVALID",
              gitops_docs_write_json_array(&buf, docs, -2), GITOPS_EINVALID, "negative");
  check_error("gitops_docs_write_json past the end is GITOPS_EINVALID",
              gitops_docs_write_json(&buf, docs, 2, 0), GITOPS_EINVALID, "out of range");
  check_error("gitops_docs_write_json(NULL, ..) is GITOPS_EINVALID",
              gitops_docs_write_json(NULL, docs, 0, 0), GITOPS_EINVALID, "out is NULL");
  check_error("gitops_docs_write_json(.., NULL, ..) is GITOPS_EINVALID",
              gitops_docs_write_json(&buf, NULL, 0, 0), GITOPS_EINVALID, "docs is NULL");
  check_error("gitops_docs_write_json_array(NULL, ..) is GITOPS_EINVALID",
              gitops_docs_write_json_array(NULL, docs, 0), GITOPS_EINVALID, "out is NULL");
  check_error("gitops_docs_write_json_array(.., NULL, ..) is GITOPS_EINVALID",
              gitops_docs_write_json_array(&buf, NULL, 0), GITOPS_EINVALID, "docs is NULL");
  gitops_docs_free(docs);

  check(parse(&docs, "a: .nan\n", NULL) == 0, "YAML .nan parses");
  check_error("a NaN cannot be written as JSON: GITOPS_EINVALID",
              gitops_docs_write_json(&buf, docs, 0, 0), GITOPS_EINVALID, "");
  check(buf.ptr == NULL, "the failed JSON write left the buffer empty");
  gitops_docs_free(docs);
  gitops_buf_dispose(&buf);
}

static void test_parse_errors(void) {
  gitops_docs *docs = (gitops_docs *)&checks; /* any non-NULL value */
  gitops_yaml_parse_options opts = GITOPS_YAML_PARSE_OPTIONS_INIT;
  const gitops_error *e;
  int rc;

  opts.file = "app.yaml";
  rc = parse(&docs, "a: b\n  c: d\n", &opts);
  e = gitops_error_last();
  check_error("bad YAML is GITOPS_EPARSE", rc, GITOPS_EPARSE, "app.yaml:2:");
  check(docs == NULL, "a failed parse sets *out to NULL");
  check_str("the parse error names the file from the options", e->file, "app.yaml");
  check(e->line == 2, "the parse error is on line 2");
  check(e->column > 0, "the parse error has a column");
  printf("       (the error reads: %s)\n", e->message);

  check_error("a duplicate key is GITOPS_EPARSE by default", parse(&docs, "a: 1\na: 2\n", NULL),
              GITOPS_EPARSE, "a");
  check(gitops_error_last()->line == 2, "the duplicate key's error is on line 2");
  opts.duplicate_keys = GITOPS_DUPLICATE_KEYS_LAST_WINS;
  check(parse(&docs, "a: 1\na: 2\n", &opts) == 0, "GITOPS_DUPLICATE_KEYS_LAST_WINS accepts it");
  {
    gitops_buf buf = GITOPS_BUF_INIT;
    check(gitops_docs_write_yaml(&buf, docs, 0) == 0, "write the last-wins document");
    check_buf("the later value won", &buf, "a: 2\n");
    gitops_buf_dispose(&buf);
  }
  gitops_docs_free(docs);
  opts.duplicate_keys = GITOPS_DUPLICATE_KEYS_ERROR;
  check_error("GITOPS_DUPLICATE_KEYS_ERROR rejects it", parse(&docs, "a: 1\na: 2\n", &opts),
              GITOPS_EPARSE, "a");
  opts.duplicate_keys = (gitops_duplicate_keys_t)7;
  check_error("an unknown duplicate_keys value is GITOPS_EINVALID", parse(&docs, "a: 1\n", &opts),
              GITOPS_EINVALID, "duplicate_keys");
  opts.duplicate_keys = GITOPS_DUPLICATE_KEYS_DEFAULT;

  opts.max_depth = 2;
  check_error("nesting deeper than max_depth is GITOPS_ELIMIT",
              parse(&docs, "a: {b: {c: {d: 1}}}\n", &opts), GITOPS_ELIMIT, "");
  opts.max_depth = 0;
  opts.max_document_bytes = 8;
  check_error("a stream larger than max_document_bytes is GITOPS_ELIMIT",
              parse(&docs, "a: 1\nb: 2\nc: 3\n", &opts), GITOPS_ELIMIT, "");
  opts.max_document_bytes = 0;
  opts.max_alias_nodes = 10;
  check_error(
      "alias expansion over max_alias_nodes is GITOPS_ELIMIT",
      parse(&docs, "a: &a [1, 2, 3, 4]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b, *b, *b]\n", &opts),
      GITOPS_ELIMIT, "");
  opts.max_alias_nodes = 0;

  opts.version = 0;
  check_error("options version 0 is GITOPS_EINVALID", parse(&docs, "a: 1\n", &opts),
              GITOPS_EINVALID, "version 0");
  opts.version = GITOPS_YAML_PARSE_OPTIONS_VERSION + 1;
  check_error("a future options version is GITOPS_EINVALID", parse(&docs, "a: 1\n", &opts),
              GITOPS_EINVALID, "is not supported");

  check_error("gitops_yaml_parse(NULL, ..) is GITOPS_EINVALID",
              gitops_yaml_parse(NULL, "a: 1\n", 5, NULL), GITOPS_EINVALID, "out is NULL");
  check_error("gitops_yaml_parse(.., NULL text, ..) is GITOPS_EINVALID",
              gitops_yaml_parse(&docs, NULL, 0, NULL), GITOPS_EINVALID, "text is NULL");
}

static void test_parse_options(void) {
  gitops_yaml_parse_options opts;
  gitops_json_parse_options jopts;
  gitops_docs *docs = NULL;
  const char *three = "a: 1\n---\n---\nb: 2\n";

  memset(&opts, 0xAB, sizeof(opts));
  check(gitops_yaml_parse_options_init(&opts, GITOPS_YAML_PARSE_OPTIONS_VERSION) == 0,
        "gitops_yaml_parse_options_init succeeds");
  check(opts.version == GITOPS_YAML_PARSE_OPTIONS_VERSION && opts.file == NULL &&
            opts.max_document_bytes == 0 && opts.max_depth == 0 && opts.max_alias_nodes == 0 &&
            opts.duplicate_keys == GITOPS_DUPLICATE_KEYS_DEFAULT && opts.keep_empty_documents == 0,
        "it fills the same defaults as GITOPS_YAML_PARSE_OPTIONS_INIT");
  check_error("gitops_yaml_parse_options_init with an unknown version is GITOPS_EINVALID",
              gitops_yaml_parse_options_init(&opts, 99), GITOPS_EINVALID, "version 99");
  check_error("gitops_yaml_parse_options_init(NULL, ..) is GITOPS_EINVALID",
              gitops_yaml_parse_options_init(NULL, GITOPS_YAML_PARSE_OPTIONS_VERSION),
              GITOPS_EINVALID, "opts is NULL");

  memset(&jopts, 0xAB, sizeof(jopts));
  check(gitops_json_parse_options_init(&jopts, GITOPS_JSON_PARSE_OPTIONS_VERSION) == 0,
        "gitops_json_parse_options_init succeeds");
  check(jopts.version == GITOPS_JSON_PARSE_OPTIONS_VERSION && jopts.file == NULL &&
            jopts.max_document_bytes == 0 && jopts.max_depth == 0 &&
            jopts.duplicate_keys == GITOPS_DUPLICATE_KEYS_DEFAULT,
        "it fills the same defaults as GITOPS_JSON_PARSE_OPTIONS_INIT");
  check_error("gitops_json_parse_options_init with version 0 is GITOPS_EINVALID",
              gitops_json_parse_options_init(&jopts, 0), GITOPS_EINVALID, "version 0");
  check_error("gitops_json_parse_options_init(NULL, ..) is GITOPS_EINVALID",
              gitops_json_parse_options_init(NULL, GITOPS_JSON_PARSE_OPTIONS_VERSION),
              GITOPS_EINVALID, "opts is NULL");

  gitops_yaml_parse_options_init(&opts, GITOPS_YAML_PARSE_OPTIONS_VERSION);
  check(parse(&docs, three, &opts) == 0 && gitops_docs_count(docs) == 2,
        "empty documents are left out by default");
  gitops_docs_free(docs);
  opts.keep_empty_documents = 1;
  check(parse(&docs, three, &opts) == 0 && gitops_docs_count(docs) == 3,
        "keep_empty_documents keeps them");
  gitops_docs_free(docs);

  check(gitops_yaml_parse(&docs, "a: 1\nb: 2\n", 5, NULL) == 0 && gitops_docs_count(docs) == 1,
        "only `len` bytes of the text are read");
  {
    gitops_buf buf = GITOPS_BUF_INIT;
    check(gitops_docs_write_yaml(&buf, docs, 0) == 0, "write the shortened document");
    check_buf("the text past `len` was not read", &buf, "a: 1\n");
    gitops_buf_dispose(&buf);
  }
  gitops_docs_free(docs);

  check(gitops_yaml_parse(&docs, "", 0, NULL) == 0 && gitops_docs_count(docs) == 0,
        "an empty stream holds no documents");
  {
    gitops_buf buf = GITOPS_BUF_INIT;
    check(gitops_docs_write_yaml_stream(&buf, docs) == 0, "write the empty stream");
    check_buf("no documents give an empty YAML stream", &buf, "");
    check(gitops_docs_write_json_array(&buf, docs, 0) == 0, "write the empty array");
    check_buf("no documents give the JSON array []", &buf, "[]");
    gitops_buf_dispose(&buf);
  }
  gitops_docs_free(docs);
}

static void test_json_parse(void) {
  static const char kJson[] =
      "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
      "\"metadata\":{\"name\":\"c\",\"namespace\":\"ns\"},\"data\":{\"k\":\"v\"}}";
  gitops_docs *docs = NULL;
  gitops_buf buf = GITOPS_BUF_INIT;
  const gitops_object_id *id = NULL;
  gitops_json_parse_options opts = GITOPS_JSON_PARSE_OPTIONS_INIT;
  const gitops_error *e;
  int rc;

  check(gitops_json_parse(&docs, kJson, strlen(kJson), NULL) == 0, "gitops_json_parse succeeds");
  check(gitops_docs_count(docs) == 1, "JSON gives one document");
  check(gitops_docs_object_id(&id, docs, 0) == 0 && id != NULL, "the JSON document has an id");
  if (id != NULL) check_str("its inventory id", id->inventory_id, "ns_c__ConfigMap");
  check(gitops_docs_write_json(&buf, docs, 0, 0) == 0, "write it back as JSON");
  check_buf("compact JSON round-trips byte for byte", &buf, kJson);
  check(gitops_docs_write_yaml(&buf, docs, 0) == 0, "write it as YAML");
  check_buf("the JSON document as kustomize YAML", &buf,
            "apiVersion: v1\ndata:\n  k: v\nkind: ConfigMap\nmetadata:\n  name: c\n"
            "  namespace: ns\n");
  gitops_docs_free(docs);

  check(gitops_json_parse(&docs, "{\"a\":1,\"a\":2}", 13, NULL) == 0,
        "a repeated JSON key is accepted by default");
  check(gitops_docs_write_json(&buf, docs, 0, 0) == 0, "write it");
  check_buf("the last value won", &buf, "{\"a\":2}");
  gitops_docs_free(docs);
  opts.duplicate_keys = GITOPS_DUPLICATE_KEYS_ERROR;
  check_error("GITOPS_DUPLICATE_KEYS_ERROR rejects a repeated JSON key",
              gitops_json_parse(&docs, "{\"a\":1,\"a\":2}", 13, &opts), GITOPS_EPARSE, "");
  opts.duplicate_keys = GITOPS_DUPLICATE_KEYS_DEFAULT;

  opts.file = "obj.json";
  docs = (gitops_docs *)&checks;
  rc = gitops_json_parse(&docs, "{\n  \"a\": }", 10, &opts);
  e = gitops_error_last();
  check_error("bad JSON is GITOPS_EPARSE", rc, GITOPS_EPARSE, "obj.json:2:");
  check(docs == NULL, "a failed JSON parse sets *out to NULL");
  check_str("the JSON error names the file", e->file, "obj.json");
  check(e->line == 2 && e->column > 0, "the JSON error has line 2 and a column");
  check_error("trailing data is GITOPS_EPARSE", gitops_json_parse(&docs, "{} x", 4, NULL),
              GITOPS_EPARSE, "");
  opts.max_depth = 2;
  check_error("JSON deeper than max_depth is GITOPS_ELIMIT",
              gitops_json_parse(&docs, "[[[[1]]]]", 9, &opts), GITOPS_ELIMIT, "");
  opts.max_depth = 0;
  opts.version = 5;
  check_error("a bad JSON options version is GITOPS_EINVALID",
              gitops_json_parse(&docs, "{}", 2, &opts), GITOPS_EINVALID, "version 5");
  check_error("gitops_json_parse(NULL, ..) is GITOPS_EINVALID",
              gitops_json_parse(NULL, "{}", 2, NULL), GITOPS_EINVALID, "out is NULL");
  check_error("gitops_json_parse(.., NULL text, ..) is GITOPS_EINVALID",
              gitops_json_parse(&docs, NULL, 2, NULL), GITOPS_EINVALID, "text is NULL");
  gitops_buf_dispose(&buf);
}

static void test_frees_and_counts(void) {
  gitops_buf buf = GITOPS_BUF_INIT;
  gitops_docs_free(NULL);
  check(1, "gitops_docs_free(NULL) is a no-op");
  gitops_buf_dispose(NULL);
  check(1, "gitops_buf_dispose(NULL) is a no-op");
  gitops_buf_dispose(&buf);
  gitops_buf_dispose(&buf);
  check(buf.ptr == NULL && buf.size == 0, "disposing an empty buffer twice is a no-op");
  check(gitops_docs_count(NULL) == 0, "gitops_docs_count(NULL) is 0");
}

static void test_error_persistence(void) {
  gitops_docs *docs = NULL;
  const gitops_error *e;
  gitops_yaml_parse(NULL, "", 0, NULL);
  check(parse(&docs, "a: 1\n", NULL) == 0, "a successful call after a failure");
  e = gitops_error_last();
  check(e->code == GITOPS_EINVALID && strstr(e->message, "out is NULL") != NULL,
        "a successful call leaves the last error as it was");
  gitops_docs_free(docs);
  gitops_error_clear();
  e = gitops_error_last();
  check(e->code == GITOPS_OK && strcmp(e->message, "no error") == 0 && e->line == 0,
        "gitops_error_clear resets it to GITOPS_OK");
}

struct thread_result {
  int saw_no_error;
  int own_error_code;
};

static void *other_thread(void *arg) {
  struct thread_result *r = arg;
  gitops_docs *docs = NULL;
  r->saw_no_error = gitops_error_last()->code == GITOPS_OK;
  gitops_json_parse(&docs, "[", 1, NULL);
  r->own_error_code = gitops_error_last()->code;
  return NULL;
}

static void test_errors_are_per_thread(void) {
  pthread_t thread;
  struct thread_result r = {0, 0};
  gitops_docs *docs = NULL;
  check(parse(&docs, "a: [", NULL) == GITOPS_EPARSE, "a failure on the main thread");
  check(pthread_create(&thread, NULL, other_thread, &r) == 0 && pthread_join(thread, NULL) == 0,
        "run another thread");
  check(r.saw_no_error, "another thread does not see the main thread's error");
  check(r.own_error_code == GITOPS_EPARSE, "another thread sees its own error");
  check(gitops_error_last()->code == GITOPS_EPARSE && gitops_error_last()->line > 0,
        "the main thread's error survives the other thread's failure");
}


/* ---- render ------------------------------------------------------------ */

static char tree[64];

/* Writes `text` to tree/`rel`, creating one level of directory. */
static void write_file(const char *rel, const char *text) {
  char path[256];
  const char *slash = strchr(rel, '/');
  FILE *f;
  if (slash != NULL) {
    snprintf(path, sizeof path, "%s/%.*s", tree, (int)(slash - rel), rel);
    mkdir(path, 0755);
  }
  snprintf(path, sizeof path, "%s/%s", tree, rel);
  f = fopen(path, "w");
  if (f == NULL) {
    check(0, "write a file of the test tree");
    return;
  }
  fputs(text, f);
  fclose(f);
}

static const char *in_tree(const char *rel) {
  static char path[4][256];
  static int next = 0;
  next = (next + 1) % 4;
  snprintf(path[next], sizeof path[next], "%s/%s", tree, rel);
  return path[next];
}

static void make_tree(void) {
  snprintf(tree, sizeof tree, "/tmp/gitops-capi-XXXXXX");
  check(mkdtemp(tree) != NULL, "make a temporary directory for the render tests");
  write_file("base/kustomization.yaml", "resources:\n- web.yaml\n");
  write_file("base/web.yaml",
             "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n"
             "  replicas: 1\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n");
  write_file("app/kustomization.yaml",
             "resources:\n- ../base\nnamePrefix: p-\nconfigMapGenerator:\n- name: cfg\n"
             "  literals:\n  - a=b\n");
  write_file("remote/kustomization.yaml",
             "resources:\n- https://git.example.com/org/repo//base?ref=v1\nnamePrefix: r-\n");
  write_file("outside/kustomization.yaml", "resources:\n- ../base/web.yaml\n");
  write_file("deep/kustomization.yaml", "resources:\n- ../app\n");
}

static void remove_tree(void) {
  static const char *const files[] = {
      "base/kustomization.yaml",    "base/web.yaml", "app/kustomization.yaml",
      "remote/kustomization.yaml",  "outside/kustomization.yaml", "deep/kustomization.yaml"};
  static const char *const dirs[] = {"base", "app", "remote", "outside", "deep"};
  size_t i;
  for (i = 0; i < sizeof files / sizeof files[0]; ++i) unlink(in_tree(files[i]));
  for (i = 0; i < sizeof dirs / sizeof dirs[0]; ++i) rmdir(in_tree(dirs[i]));
  rmdir(tree);
}

/* kubectl kustomize app */
static const char kAppLegacy[] =
    "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n---\n"
    "apiVersion: v1\ndata:\n  a: b\nkind: ConfigMap\nmetadata:\n  name: p-cfg-4h2mbtbbt6\n---\n"
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: p-web\nspec:\n  replicas: 1\n";
/* kubectl kustomize --reorder=none app */
static const char kAppNone[] =
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: p-web\nspec:\n  replicas: 1\n---\n"
    "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n---\n"
    "apiVersion: v1\ndata:\n  a: b\nkind: ConfigMap\nmetadata:\n  name: p-cfg-4h2mbtbbt6\n";
/* kubectl kustomize of a kustomization with resources [../base] and namePrefix r-: what the
 * remote tree gives when its URL resolves to base/ */
static const char kRemote[] =
    "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n---\n"
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: r-web\nspec:\n  replicas: 1\n";

static void test_render_options(void) {
  gitops_render_build_options opts;
  memset(&opts, 0xAB, sizeof opts);
  check(gitops_render_build_options_init(&opts, GITOPS_RENDER_BUILD_OPTIONS_VERSION) == 0,
        "gitops_render_build_options_init succeeds");
  check(opts.version == GITOPS_RENDER_BUILD_OPTIONS_VERSION &&
            opts.reorder == GITOPS_RENDER_REORDER_DEFAULT &&
            opts.load_restrictor == GITOPS_RENDER_LOAD_DEFAULT && opts.artifact_root == NULL &&
            opts.managed_by_label == 0 && opts.managed_by == NULL && opts.max_depth == 0 &&
            opts.flux_kustomization == NULL && opts.flux_kustomization_len == 0 &&
            opts.substitute == NULL && opts.substitute_count == 0 &&
            opts.substitute_from == NULL && opts.substitute_from_count == 0 &&
            opts.substitution == GITOPS_RENDER_SUBSTITUTION_DEFAULT &&
            opts.remote_resolver == NULL && opts.remote_resolver_payload == NULL,
        "it fills the same defaults as GITOPS_RENDER_BUILD_OPTIONS_INIT");
  check_error("gitops_render_build_options_init with version 0 is GITOPS_EINVALID",
              gitops_render_build_options_init(&opts, 0), GITOPS_EINVALID, "version 0");
  check_error("gitops_render_build_options_init(NULL, ..) is GITOPS_EINVALID",
              gitops_render_build_options_init(NULL, GITOPS_RENDER_BUILD_OPTIONS_VERSION),
              GITOPS_EINVALID, "opts is NULL");
}

static void test_render_build(void) {
  gitops_render_build_options opts = GITOPS_RENDER_BUILD_OPTIONS_INIT;
  gitops_buf buf = GITOPS_BUF_INIT;
  gitops_docs *docs = NULL;
  const gitops_object_id *id = NULL;

  check(gitops_render_build_yaml(&buf, in_tree("app"), NULL) == 0,
        "gitops_render_build_yaml with default options");
  check_buf("it prints what kubectl kustomize prints", &buf, kAppLegacy);
  opts.reorder = GITOPS_RENDER_REORDER_NONE;
  check(gitops_render_build_yaml(&buf, in_tree("app"), &opts) == 0, "build with reorder none");
  check_buf("reorder none keeps the load order, as kubectl kustomize --reorder=none", &buf,
            kAppNone);
  opts.reorder = GITOPS_RENDER_REORDER_LEGACY;
  check(gitops_render_build_yaml(&buf, in_tree("app"), &opts) == 0, "build with reorder legacy");
  check_buf("reorder legacy is the default order", &buf, kAppLegacy);

  check(gitops_render_build(&docs, in_tree("app"), NULL) == 0 && docs != NULL,
        "gitops_render_build gives documents");
  check(gitops_docs_count(docs) == 3, "three objects");
  check(gitops_docs_object_id(&id, docs, 1) == 0 && id != NULL, "the second object's id");
  if (id != NULL) check_str("the generated ConfigMap's hashed name", id->name, "p-cfg-4h2mbtbbt6");
  check(gitops_docs_write_yaml_stream(&buf, docs) == 0, "write the built documents");
  check_buf("the documents print as the YAML form does", &buf, kAppLegacy);
  gitops_docs_free(docs);

  opts = (gitops_render_build_options)GITOPS_RENDER_BUILD_OPTIONS_INIT;
  opts.managed_by_label = 1;
  opts.managed_by = "gitops-c";
  check(gitops_render_build(&docs, in_tree("app"), &opts) == 0, "build with the managed-by label");
  check(gitops_docs_write_yaml(&buf, docs, 0) == 0, "write the first object");
  check_buf("every object has the managed-by label with the given value", &buf,
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  labels:\n"
            "    app.kubernetes.io/managed-by: gitops-c\n  name: demo\n");
  gitops_docs_free(docs);
  gitops_buf_dispose(&buf);
}

static void test_render_restrictions(void) {
  gitops_render_build_options opts = GITOPS_RENDER_BUILD_OPTIONS_INIT;
  gitops_buf buf = GITOPS_BUF_INIT;
  gitops_docs *docs = (gitops_docs *)&checks;

  check_error("a file outside the kustomization root is GITOPS_EPERMISSION naming it",
              gitops_render_build(&docs, in_tree("outside"), &opts), GITOPS_EPERMISSION,
              "web.yaml");
  check(docs == NULL, "a failed build sets *out to NULL");
  opts.load_restrictor = GITOPS_RENDER_LOAD_NONE;
  check(gitops_render_build_yaml(&buf, in_tree("outside"), &opts) == 0,
        "GITOPS_RENDER_LOAD_NONE allows it");
  check(buf.ptr != NULL && strstr(buf.ptr, "name: web\n") != NULL, "the outside file is built");
  opts.artifact_root = in_tree("outside");
  check_error("the artifact root still bounds it: GITOPS_EPERMISSION",
              gitops_render_build_yaml(&buf, in_tree("outside"), &opts), GITOPS_EPERMISSION,
              "artifact root");
  check(buf.ptr == NULL && buf.size == 0, "a failed build leaves the buffer empty");

  opts = (gitops_render_build_options)GITOPS_RENDER_BUILD_OPTIONS_INIT;
  opts.max_depth = 1;
  check_error("a chain deeper than max_depth is GITOPS_ELIMIT",
              gitops_render_build(&docs, in_tree("deep"), &opts), GITOPS_ELIMIT, "deeper than 1");
  opts.max_depth = 2;
  check(gitops_render_build(&docs, in_tree("deep"), &opts) == 0, "max_depth 2 allows it");
  gitops_docs_free(docs);
  opts.max_depth = -1;
  check_error("a negative max_depth is GITOPS_EINVALID",
              gitops_render_build(&docs, in_tree("deep"), &opts), GITOPS_EINVALID, "max_depth");

  check_error("a directory without a kustomization is GITOPS_ENOTFOUND",
              gitops_render_build(&docs, tree, NULL), GITOPS_ENOTFOUND, "kustomization.yaml");
}

struct resolver_state {
  int calls;
  char url[256];
  const char *answer; /* the path to return, or NULL to fail */
};

static int resolve(const char **out, const char *url, void *payload) {
  struct resolver_state *state = payload;
  ++state->calls;
  snprintf(state->url, sizeof state->url, "%s", url);
  if (state->answer == NULL) {
    *out = "no such repository";
    return GITOPS_ENOTFOUND;
  }
  *out = state->answer;
  return 0;
}

static void test_render_remote(void) {
  gitops_render_build_options opts = GITOPS_RENDER_BUILD_OPTIONS_INIT;
  gitops_buf buf = GITOPS_BUF_INIT;
  struct resolver_state state = {0, "", NULL};

  check_error("a remote resource without a resolver is GITOPS_EUNIMPLEMENTED naming the URL",
              gitops_render_build_yaml(&buf, in_tree("remote"), NULL), GITOPS_EUNIMPLEMENTED,
              "https://git.example.com/org/repo//base?ref=v1");

  opts.remote_resolver = resolve;
  opts.remote_resolver_payload = &state;
  state.answer = in_tree("base");
  check(gitops_render_build_yaml(&buf, in_tree("remote"), &opts) == 0,
        "a remote resource through the resolver");
  check_buf("the resolved directory is built as a base", &buf, kRemote);
  check(state.calls == 1, "the resolver was called once");
  check_str("with the URL as written", state.url, "https://git.example.com/org/repo//base?ref=v1");

  opts.artifact_root = in_tree("remote");
  opts.load_restrictor = GITOPS_RENDER_LOAD_NONE;
  check_error("a resolved path outside the artifact root is GITOPS_EPERMISSION",
              gitops_render_build_yaml(&buf, in_tree("remote"), &opts), GITOPS_EPERMISSION,
              "artifact root");
  opts.artifact_root = NULL;

  state.answer = NULL;
  check_error("the resolver's failure is the build's, with its message and the URL",
              gitops_render_build_yaml(&buf, in_tree("remote"), &opts), GITOPS_ENOTFOUND,
              "no such repository");
  check(strstr(gitops_error_last()->message, "https://git.example.com/org/repo") != NULL,
        "the error names the URL");
  gitops_buf_dispose(&buf);
}

static void test_render_bad_arguments(void) {
  gitops_render_build_options opts = GITOPS_RENDER_BUILD_OPTIONS_INIT;
  gitops_buf buf = GITOPS_BUF_INIT;
  gitops_docs *docs = NULL;
  gitops_render_var vars[1];
  gitops_render_vars from[1];

  check_error("gitops_render_build(NULL, ..) is GITOPS_EINVALID",
              gitops_render_build(NULL, tree, NULL), GITOPS_EINVALID, "out is NULL");
  check_error("gitops_render_build(.., NULL dir, ..) is GITOPS_EINVALID",
              gitops_render_build(&docs, NULL, NULL), GITOPS_EINVALID, "dir is NULL");
  check_error("gitops_render_build_yaml(NULL, ..) is GITOPS_EINVALID",
              gitops_render_build_yaml(NULL, tree, NULL), GITOPS_EINVALID, "out is NULL");
  check_error("gitops_render_build_yaml(.., NULL dir, ..) is GITOPS_EINVALID",
              gitops_render_build_yaml(&buf, NULL, NULL), GITOPS_EINVALID, "dir is NULL");
  opts.version = 2;
  check_error("an unknown options version is GITOPS_EINVALID",
              gitops_render_build(&docs, in_tree("app"), &opts), GITOPS_EINVALID, "version 2");
  opts.version = GITOPS_RENDER_BUILD_OPTIONS_VERSION;
  opts.reorder = (gitops_render_reorder_t)9;
  check_error("an unknown reorder value is GITOPS_EINVALID",
              gitops_render_build(&docs, in_tree("app"), &opts), GITOPS_EINVALID, "reorder");
  opts.reorder = GITOPS_RENDER_REORDER_DEFAULT;
  opts.load_restrictor = (gitops_render_load_restrictor_t)-3;
  check_error("an unknown load_restrictor value is GITOPS_EINVALID",
              gitops_render_build(&docs, in_tree("app"), &opts), GITOPS_EINVALID,
              "load_restrictor");
  opts.load_restrictor = GITOPS_RENDER_LOAD_DEFAULT;
  opts.substitute_count = 1;
  check_error("substitute_count without substitute is GITOPS_EINVALID",
              gitops_render_build(&docs, in_tree("app"), &opts), GITOPS_EINVALID,
              "substitute is NULL");
  vars[0].name = "a";
  vars[0].value = NULL;
  opts.substitute = vars;
  check_error("a variable with a NULL value is GITOPS_EINVALID naming it",
              gitops_render_build(&docs, in_tree("app"), &opts), GITOPS_EINVALID,
              "substitute[0] has a NULL value");
  opts.substitute = NULL;
  opts.substitute_count = 0;
  from[0].vars = NULL;
  from[0].count = 1;
  opts.substitute_from = from;
  opts.substitute_from_count = 1;
  check_error("a substitute_from list without vars is GITOPS_EINVALID naming it",
              gitops_render_build(&docs, in_tree("app"), &opts), GITOPS_EINVALID,
              "substitute_from[0].vars is NULL");
  opts.substitute_from = NULL;
  opts.substitute_from_count = 0;
  opts.flux_kustomization = "a: [";
  opts.flux_kustomization_len = 4;
  check_error("a Flux Kustomization that is not YAML is GITOPS_EPARSE",
              gitops_render_build(&docs, in_tree("app"), &opts), GITOPS_EPARSE,
              "flux_kustomization");
  opts.flux_kustomization = "- 1";
  opts.flux_kustomization_len = 3;
  check_error("a Flux Kustomization that is not a mapping is GITOPS_EINVALID",
              gitops_render_build(&docs, in_tree("app"), &opts), GITOPS_EINVALID,
              "flux_kustomization");
  check(docs == NULL, "no documents after the failures");
}

int main(void) {
  test_error_record_starts_empty();
  test_version();
  test_parse_and_ids();
  test_not_an_object();
  test_write_yaml();
  test_write_json();
  test_parse_errors();
  test_parse_options();
  test_json_parse();
  test_frees_and_counts();
  test_error_persistence();
  test_errors_are_per_thread();
  make_tree();
  test_render_options();
  test_render_build();
  test_render_restrictions();
  test_render_remote();
  test_render_bad_arguments();
  remove_tree();
  printf("%d checks, %d failed\n", checks, failures);
  return failures > 100 ? 100 : failures;
}
