/*
 * Out of memory at the C boundary: with the address space capped, a
 * billion-laughs document whose alias limit is lifted makes the C++ library
 * throw std::bad_alloc, which must come back as GITOPS_ENOMEM with a usable
 * gitops_error_last(), not as a crash. Run without sanitizers (ASan reserves
 * terabytes of shadow memory, which the cap would forbid).
 */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "gitops_c.h"

static const char kLaughs[] =
    "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
    "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
    "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
    "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]\n";

/* The process's current virtual size in bytes, from /proc/self/statm. */
static unsigned long virtual_bytes(void) {
  unsigned long pages = 0;
  FILE *f = fopen("/proc/self/statm", "r");
  if (f != NULL) {
    if (fscanf(f, "%lu", &pages) != 1) pages = 0;
    fclose(f);
  }
  return pages * 4096ul;
}

int main(void) {
  gitops_yaml_parse_options opts = GITOPS_YAML_PARSE_OPTIONS_INIT;
  gitops_docs *docs = NULL;
  const gitops_error *e;
  struct rlimit limit;
  int rc;

  /* Touch the error record first, so that its thread-local storage exists. */
  gitops_error_clear();
  limit.rlim_cur = limit.rlim_max = virtual_bytes() + (256ul << 20);
  if (setrlimit(RLIMIT_AS, &limit) != 0) {
    perror("setrlimit");
    return 1;
  }
  opts.max_alias_nodes = (size_t)-1;
  rc = gitops_yaml_parse(&docs, kLaughs, strlen(kLaughs), &opts);
  e = gitops_error_last();
  printf("gitops_yaml_parse returned %d: %s\n", rc, e->message);
  if (rc != GITOPS_ENOMEM || e->code != GITOPS_ENOMEM || docs != NULL) {
    printf("FAIL - exhausting memory gives GITOPS_ENOMEM and no handle\n");
    return 1;
  }
  printf("ok   - exhausting memory gives GITOPS_ENOMEM and no handle\n");
  return 0;
}
