/* Compiled by the "capi: header compiles as ..." tests with the strictest
 * warnings, as C and as C++: the header alone, and each _INIT macro used
 * the way callers use it. */
#include "gitops_c.h"

int gitops_header_compile_check(void);

int gitops_header_compile_check(void) {
  gitops_buf buf = GITOPS_BUF_INIT;
  gitops_yaml_parse_options yaml_opts = GITOPS_YAML_PARSE_OPTIONS_INIT;
  gitops_json_parse_options json_opts = GITOPS_JSON_PARSE_OPTIONS_INIT;
  gitops_render_build_options render_opts = GITOPS_RENDER_BUILD_OPTIONS_INIT;
  return (int)buf.size + (int)yaml_opts.version + (int)json_opts.version +
         (int)render_opts.version + GITOPS_EPARSE;
}
