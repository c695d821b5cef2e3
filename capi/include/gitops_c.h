/*
 * gitops_c.h: the C API of gitops, for C programs and for any FFI.
 *
 * This umbrella header includes one header per library module
 * (gitops_c/<module>.h); include this one:
 *
 *  - core.h: errors, buffers, YAML and JSON documents (gitops_docs), object ids;
 *  - source.h: fetching Flux GitRepositories into artifacts;
 *  - render.h: kustomize builds with Flux's build layer;
 *  - plan.h: schemas, server-side-apply merges (apply, update, extract,
 *    values, with managed fields and conflicts), plans, diffs and drift
 *    detection with ignore rules.
 *
 * A thin layer over the C++ headers in include/gitops/: every function here
 * calls the C++ library and translates its result; none holds logic of its
 * own. The conventions are libgit2's:
 *
 *  - Functions are named gitops_<module>_<verb>; macros are GITOPS_*.
 *  - A function that can fail returns an int: 0 on success or a negative
 *    GITOPS_E* code. gitops_error_last() then describes the failure.
 *  - The output parameter comes first and is named `out` (further ones
 *    follow it as `out_<what>`; one filled only when the call fails, such as
 *    gitops_merge_apply()'s conflicts, comes last). An object returned
 *    through `out` (a handle, a gitops_buf) belongs to the caller, who
 *    releases it with the matching _free or _dispose function. Anything
 *    returned by a `const` pointer is borrowed from its parent handle and
 *    stays valid until that handle is freed.
 *  - Handles are opaque. Every _free function accepts NULL and does nothing.
 *  - Options are transparent structs with a `version` field. Initialise one
 *    with its _INIT macro or its _init() function, then set fields:
 *
 *        gitops_yaml_parse_options opts = GITOPS_YAML_PARSE_OPTIONS_INIT;
 *        opts.file = "app.yaml";
 *
 *    A field left at 0 (or NULL) means the library's default, so the
 *    defaults live in one place (the C++ headers) and a struct from an older
 *    version of this header keeps its meaning.
 *  - Strings are UTF-8. Input text is given as pointer and length and need
 *    not be NUL-terminated; returned strings are NUL-terminated.
 *
 * Thread safety: every function may be called from any thread. A handle is
 * never changed after it is created, so one handle may be read from several
 * threads at once; it must be freed only once no thread uses it.
 * gitops_error_last() is per thread.
 *
 *     gitops_docs *docs = NULL;
 *     if (gitops_yaml_parse(&docs, text, strlen(text), NULL) < 0)
 *       fprintf(stderr, "%s\n", gitops_error_last()->message);
 *     gitops_docs_free(docs);
 */
#ifndef INCLUDE_GITOPS_C_H_
#define INCLUDE_GITOPS_C_H_

#include "gitops_c/core.h"
#include "gitops_c/source.h"
#include "gitops_c/render.h"
#include "gitops_c/plan.h"

#endif /* INCLUDE_GITOPS_C_H_ */
