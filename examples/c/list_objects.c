/*
 * list_objects: reads a YAML manifest stream through the gitops C API and
 * prints each object's inventory id, then the stream as `kustomize build`
 * would print it.
 *
 *     cc list_objects.c $(pkg-config --cflags --libs gitops_c) -o list_objects
 *     ./list_objects manifests.yaml
 */
#include <stdio.h>
#include <stdlib.h>

#include "gitops_c.h"

/* Reads the whole file into a malloc'ed buffer; NULL on failure. */
static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *text = NULL;
  long size;
  if (f == NULL) return NULL;
  if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
    text = malloc((size_t)size + 1);
    if (text != NULL && fread(text, 1, (size_t)size, f) != (size_t)size) {
      free(text);
      text = NULL;
    }
    *len = (size_t)size;
  }
  fclose(f);
  return text;
}

int main(int argc, char **argv) {
  gitops_yaml_parse_options opts = GITOPS_YAML_PARSE_OPTIONS_INIT;
  gitops_docs *docs = NULL;
  gitops_buf yaml = GITOPS_BUF_INIT;
  const gitops_object_id *id;
  size_t len = 0, i;
  char *text;
  int rc = 1;

  if (argc != 2) {
    fprintf(stderr, "usage: %s MANIFESTS.yaml\n", argv[0]);
    return 2;
  }
  if ((text = read_file(argv[1], &len)) == NULL) {
    perror(argv[1]);
    return 1;
  }
  opts.file = argv[1];
  if (gitops_yaml_parse(&docs, text, len, &opts) < 0) goto done;
  for (i = 0; i < gitops_docs_count(docs); ++i) {
    if (gitops_docs_object_id(&id, docs, i) < 0) goto done;
    printf("%s %s\n", id->inventory_id, id->version);
  }
  if (gitops_docs_write_yaml_stream(&yaml, docs) < 0) goto done;
  fwrite(yaml.ptr, 1, yaml.size, stdout);
  rc = 0;

done:
  if (rc != 0) fprintf(stderr, "list_objects: %s\n", gitops_error_last()->message);
  gitops_buf_dispose(&yaml);
  gitops_docs_free(docs);
  free(text);
  return rc;
}
