/*
 * What the C test programs of one module (capi_plan_test, capi_merge_test)
 * share: one line per check ("ok" or "FAIL", the last error under a
 * failure) and a failure count for the exit status.
 */
#ifndef GITOPS_TESTS_CAPI_CAPI_CHECK_H_
#define GITOPS_TESTS_CAPI_CAPI_CHECK_H_

#include <stdio.h>
#include <string.h>

#include "gitops_c.h"

static int failures = 0;

static inline void check(int ok, const char *what) {
  if (!ok) ++failures;
  printf("%s - %s\n", ok ? "ok  " : "FAIL", what);
  if (!ok) printf("       last error: %s\n", gitops_error_last()->message);
}

static inline void check_str(const char *what, const char *got, const char *want) {
  int ok = got != NULL && strcmp(got, want) == 0;
  check(ok, what);
  if (!ok) printf("       got:  \"%s\"\n       want: \"%s\"\n", got ? got : "(NULL)", want);
}

/* A YAML stream as a handle; a parse error counts as a failure. */
static inline gitops_docs *parse(const char *text) {
  gitops_docs *docs = NULL;
  if (gitops_yaml_parse(&docs, text, strlen(text), NULL) < 0) {
    printf("FAIL - parse: %s\n", gitops_error_last()->message);
    ++failures;
  }
  return docs;
}

#endif /* GITOPS_TESTS_CAPI_CAPI_CHECK_H_ */
