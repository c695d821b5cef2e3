/* Uses the installed C API: the library's version and one manifest's
 * inventory id. Exits non-zero on any error. */
#include <stdio.h>
#include <string.h>

#include "gitops_c.h"

int main(void) {
  static const char kText[] =
      "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: prod}\n";
  gitops_docs *docs = NULL;
  const gitops_object_id *id = NULL;
  int major, minor, patch;
  if (gitops_version(&major, &minor, &patch) < 0 ||
      gitops_yaml_parse(&docs, kText, strlen(kText), NULL) < 0 ||
      gitops_docs_object_id(&id, docs, 0) < 0) {
    fprintf(stderr, "%s\n", gitops_error_last()->message);
    gitops_docs_free(docs);
    return 1;
  }
  printf("c %d.%d.%d %s\n", major, minor, patch, id->inventory_id);
  gitops_docs_free(docs);
  return 0;
}
