// The C API's source module: gitops_git_fetch and its handles, over
// gitops/source/git.h.
#include <cstddef>
#include <cstring>
#include <memory>
#include <string>
#include <utility>

#include "capi_internal.h"
#include "gitops/core/yaml.h"
#include "gitops/source/credentials.h"
#include "gitops/source/git.h"
#include "gitops/source/git_repository.h"
#include "gitops_c.h"

struct gitops_cancel_token {
  gitops::source::CancelToken token;
};

// The handle: the artifact and the borrowed view of it, made once.
struct gitops_artifact {
  gitops::source::Artifact artifact;
  gitops_artifact_info info{};
};

namespace gitops::capi {
namespace {

int CheckOptionsVersion(const char* function, unsigned int version) {
  return CheckVersion(function, version, GITOPS_GIT_FETCH_OPTIONS_VERSION);
}

// Where a version 1 struct ends: it has no cache_only and what follows.
constexpr size_t kVersion1Size = offsetof(gitops_git_fetch_options, cache_only);
// Where a version 2 struct ends: it has no proxy_secret_yaml and what follows.
constexpr size_t kVersion2Size = offsetof(gitops_git_fetch_options, proxy_secret_yaml);

Result<Value> OneYamlDocument(const char* text, const char* what) {
  YamlReadOptions options;
  options.file = what;
  GITOPS_ASSIGN_OR_RETURN(std::vector<Value> docs, ReadYaml(text, options));
  if (docs.size() != 1) return InvalidArgumentError(std::string(what) + ": expected one document");
  return std::move(docs[0]);
}

}  // namespace
}  // namespace gitops::capi

using gitops::capi::Barrier;
using gitops::capi::NullArgument;
using gitops::capi::SetError;

int gitops_cancel_token_new(gitops_cancel_token** out) {
  static const char kFn[] = "gitops_cancel_token_new";
  return Barrier(kFn, [&]() -> int {
    if (out == nullptr) return NullArgument(kFn, "out");
    *out = new gitops_cancel_token();
    return GITOPS_OK;
  });
}

void gitops_cancel_token_cancel(gitops_cancel_token* token) {
  if (token != nullptr) token->token.Cancel();
}

void gitops_cancel_token_free(gitops_cancel_token* token) { delete token; }

int gitops_git_fetch_options_init(gitops_git_fetch_options* opts, unsigned int version) {
  static const char kFn[] = "gitops_git_fetch_options_init";
  return Barrier(kFn, [&]() -> int {
    if (opts == nullptr) return NullArgument(kFn, "opts");
    if (int rc = gitops::capi::CheckOptionsVersion(kFn, version);
        rc < 0) {
      return rc;
    }
    gitops_git_fetch_options init = GITOPS_GIT_FETCH_OPTIONS_INIT;
    if (version == 1 || version == 2) {
      // An older caller's struct is shorter: write only its fields.
      init.version = version;
      std::memcpy(opts, &init,
                  version == 1 ? gitops::capi::kVersion1Size : gitops::capi::kVersion2Size);
    } else {
      *opts = init;
    }
    return GITOPS_OK;
  });
}

int gitops_git_fetch(gitops_artifact** out, const gitops_git_fetch_options* opts) {
  static const char kFn[] = "gitops_git_fetch";
  return Barrier(kFn, [&]() -> int {
    if (out == nullptr) return NullArgument(kFn, "out");
    *out = nullptr;
    if (opts == nullptr) return NullArgument(kFn, "opts");
    if (int rc = gitops::capi::CheckOptionsVersion(kFn, opts->version);
        rc < 0) {
      return rc;
    }
    gitops::source::GitRepositorySpec spec;
    if (opts->repository_yaml != nullptr) {
      auto doc = gitops::capi::OneYamlDocument(opts->repository_yaml, "repository_yaml");
      if (!doc.ok()) return SetError(doc.status());
      auto parsed = gitops::source::ParseGitRepository(*doc);
      if (!parsed.ok()) return SetError(parsed.status());
      spec = std::move(*parsed);
    } else {
      if (opts->url == nullptr) return NullArgument(kFn, "opts->url");
      spec.url = opts->url;
      auto set = [](std::string* field, const char* value) {
        if (value != nullptr) *field = value;
      };
      set(&spec.ref.branch, opts->branch);
      set(&spec.ref.tag, opts->tag);
      set(&spec.ref.semver, opts->semver);
      set(&spec.ref.name, opts->name);
      set(&spec.ref.commit, opts->commit);
    }
    gitops::source::GitCredentials credentials;
    if (opts->secret_yaml != nullptr) {
      auto doc = gitops::capi::OneYamlDocument(opts->secret_yaml, "secret_yaml");
      if (!doc.ok()) return SetError(doc.status());
      auto creds = gitops::source::GitCredentialsFromSecret(*doc);
      if (!creds.ok()) return SetError(creds.status());
      credentials = std::move(*creds);
    }
    gitops::source::GitFetchOptions options;
    if (opts->cache_dir != nullptr) options.cache_dir = opts->cache_dir;
    if (opts->out_dir != nullptr) options.out_dir = opts->out_dir;
    for (size_t i = 0; i < opts->mirrors_count; ++i) {
      if (opts->mirrors == nullptr || opts->mirrors[i] == nullptr) {
        return NullArgument(kFn, "opts->mirrors[i]");
      }
      options.mirrors.emplace_back(opts->mirrors[i]);
    }
    if (opts->timeout_ms != 0) {
      options.timeout = std::chrono::milliseconds(opts->timeout_ms);
      spec.timeout = options.timeout;
    }
    if (opts->cancel != nullptr) options.cancel = &opts->cancel->token;
    if (opts->version >= 2) {  // a version 1 struct ends before these
      options.cache_only = opts->cache_only != 0;
      options.link_local_objects = opts->no_link_local_objects == 0;
    }
    if (opts->version >= 3) {  // a version 2 struct ends before these
      if (opts->proxy_secret_yaml != nullptr) {
        auto doc = gitops::capi::OneYamlDocument(opts->proxy_secret_yaml, "proxy_secret_yaml");
        if (!doc.ok()) return SetError(doc.status());
        auto proxy = gitops::source::ProxyFromSecret(*doc);
        if (!proxy.ok()) return SetError(proxy.status());
        options.proxy = std::move(*proxy);
      }
      if (opts->includes_count > 0 && opts->includes == nullptr) {
        return NullArgument(kFn, "opts->includes");
      }
      for (size_t i = 0; i < opts->includes_count; ++i) {
        const gitops_git_include& include = opts->includes[i];
        const std::string at = "opts->includes[" + std::to_string(i) + "]";
        if (include.name == nullptr) return NullArgument(kFn, (at + ".name").c_str());
        if (include.artifact == nullptr) return NullArgument(kFn, (at + ".artifact").c_str());
        if (options.includes.count(include.name) != 0) {
          return SetError(GITOPS_EINVALID, std::string(kFn) + ": " + at + ": include '" +
                                               include.name + "' is given twice");
        }
        if (include.artifact->artifact.path.empty()) {
          return SetError(GITOPS_EINVALID, std::string(kFn) + ": include '" + include.name +
                                               "': the artifact has no tree (cache_only)");
        }
        options.includes[include.name] = include.artifact->artifact;
      }
      options.tarball = opts->tarball != 0;
      options.use_remote_head = opts->use_remote_head != 0;
    }
    if (opts->progress != nullptr) {
      options.progress = [opts](const gitops::source::GitFetchProgress& p) {
        gitops_git_progress c{p.total_objects, p.received_objects, p.indexed_objects,
                              p.received_bytes};
        opts->progress(&c, opts->payload);
      };
    }
    auto artifact = gitops::source::GitSource().Fetch(spec, credentials, options);
    if (!artifact.ok()) return SetError(artifact.status());
    auto handle = std::make_unique<gitops_artifact>();
    handle->artifact = std::move(*artifact);
    const gitops::source::Artifact& a = handle->artifact;
    handle->info = {a.path.c_str(),
                    a.digest.c_str(),
                    a.revision.c_str(),
                    a.url.c_str(),
                    a.tarball.c_str(),
                    a.commit.sha.c_str(),
                    a.commit.message.c_str(),
                    a.commit.author.name.c_str(),
                    a.commit.author.email.c_str(),
                    a.commit.committer.name.c_str(),
                    a.commit.committer.email.c_str(),
                    a.commit.time,
                    a.commit.signature.c_str(),
                    a.commit.signed_data.c_str(),
                    a.commit.annotated_tag ? 1 : 0,
                    a.commit.tag_signature.c_str(),
                    a.commit.tag_signed_data.c_str()};
    *out = handle.release();
    return GITOPS_OK;
  });
}

const gitops_artifact_info* gitops_artifact_info_of(const gitops_artifact* artifact) {
  return artifact == nullptr ? nullptr : &artifact->info;
}

void gitops_artifact_free(gitops_artifact* artifact) { delete artifact; }
