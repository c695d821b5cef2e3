#include "render/loader.h"

#include <fstream>
#include <iterator>
#include <system_error>

namespace gitops::render {
namespace fs = std::filesystem;
namespace {

bool HasPrefix(const fs::path& p, const fs::path& prefix) {
  auto a = p.begin(), b = prefix.begin();
  for (; b != prefix.end(); ++a, ++b) {
    if (a == p.end() || *a != *b) return false;
  }
  return true;
}

}  // namespace

bool Loader::IsRemote(const std::string& path) {
  return path.find("://") != std::string::npos || path.starts_with("git::") ||
         path.starts_with("gh:") || path.starts_with("git@") || path.starts_with("github.com/") ||
         path.starts_with("github.com:") || path.starts_with("gitlab.com/") ||
         path.starts_with("bitbucket.org/");
}

bool Loader::IsRemoteHere(const std::string& path) const {
  std::error_code ec;
  return IsRemote(path) && !fs::exists(root_ / path, ec);
}

Result<fs::path> Loader::ResolveRemote(const std::string& url) const {
  if (resolver_ == nullptr || !*resolver_) {
    return UnimplementedError("remote resource '" + url +
                              "' is not supported (gitops reads only local files unless the "
                              "build has a remote resolver)");
  }
  Result<std::string> local = (*resolver_)(url);
  if (!local.ok()) return local.status().WithContext("resolving remote resource '" + url + "'");
  std::error_code ec;
  fs::path real = fs::canonical(fs::absolute(*local, ec), ec);
  if (ec) {
    return NotFoundError("remote resource '" + url + "': the resolver's path '" + *local +
                         "' does not exist");
  }
  if (!artifact_root_.empty() && !HasPrefix(real, artifact_root_)) {
    return PermissionDeniedError("security; remote resource '" + url + "' resolved to '" +
                                 real.string() + "', outside the artifact root '" +
                                 artifact_root_.string() + "'");
  }
  return real;
}

Result<std::string> Loader::LoadResolved(const fs::path& real) const {
  std::error_code ec;
  if (fs::is_directory(real, ec)) {
    return InvalidArgumentError("'" + real.string() + "' must resolve to a file");
  }
  std::ifstream in(real, std::ios::binary);
  if (!in) return NotFoundError("cannot open '" + real.string() + "'");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

Result<Loader> Loader::Root(const std::string& dir, const BuildOptions& options) {
  std::error_code ec;
  fs::path root = fs::canonical(fs::absolute(dir, ec), ec);
  if (ec || !fs::is_directory(root)) {
    return NotFoundError("must build at directory: not a valid directory: '" + dir + "'");
  }
  Loader l;
  l.root_ = root;
  l.restrictor_ = options.load_restrictor;
  l.max_depth_ = options.max_depth;
  l.resolver_ = &options.remote_resolver;
  if (!options.artifact_root.empty()) {
    l.artifact_root_ = fs::weakly_canonical(fs::absolute(options.artifact_root, ec), ec);
    if (!HasPrefix(root, l.artifact_root_)) {
      return PermissionDeniedError("directory '" + root.string() +
                                   "' is outside the artifact root '" + l.artifact_root_.string() +
                                   "'");
    }
  }
  return l;
}

Result<std::string> Loader::Load(const std::string& path) const {
  if (IsRemoteHere(path)) {
    return UnimplementedError("remote file '" + path +
                              "' is not supported (only resources, components and bases may be "
                              "remote)");
  }
  std::error_code ec;
  fs::path full = (root_ / path).lexically_normal();
  if (!fs::exists(full, ec)) {
    return NotFoundError("accumulating resources from '" + path + "': open " + full.string() +
                         ": no such file or directory");
  }
  if (fs::is_directory(full, ec))
    return InvalidArgumentError("'" + path + "' must resolve to a file");
  fs::path real = fs::canonical(full, ec);
  if (ec) return NotFoundError("cannot resolve '" + full.string() + "': " + ec.message());
  if (restrictor_ == LoadRestrictor::kRootOnly && !HasPrefix(real.parent_path(), root_)) {
    return PermissionDeniedError("security; file '" + full.string() + "' is not in or below '" +
                                 root_.string() + "'");
  }
  if (!artifact_root_.empty() && !HasPrefix(real, artifact_root_)) {
    return PermissionDeniedError("security; file '" + full.string() +
                                 "' is outside the artifact root '" + artifact_root_.string() +
                                 "'");
  }
  std::ifstream in(real, std::ios::binary);
  if (!in) return NotFoundError("cannot open '" + real.string() + "'");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

bool Loader::IsDir(const std::string& path) const {
  std::error_code ec;
  return fs::is_directory(root_ / path, ec);
}

Result<Loader> Loader::New(const std::string& path) const {
  std::error_code ec;
  fs::path full = (root_ / path).lexically_normal();
  if (IsRemoteHere(path)) {
    GITOPS_ASSIGN_OR_RETURN(full, ResolveRemote(path));
  }
  fs::path real = fs::canonical(full, ec);
  if (ec || !fs::is_directory(real)) {
    return NotFoundError(
        "must build at directory: not a valid directory: evalsymlink failure on '" + full.string() +
        "'");
  }
  if (!artifact_root_.empty() && !HasPrefix(real, artifact_root_)) {
    return PermissionDeniedError("directory '" + full.string() +
                                 "' is outside the artifact root '" + artifact_root_.string() +
                                 "'");
  }
  // kustomize refuses a base at or above the current root; further up the
  // chain only a directory seen before is a cycle.
  bool cycle = HasPrefix(root_, real);
  for (const Visited* v = chain_.get(); v != nullptr && !cycle; v = v->parent.get()) {
    cycle = v->root == real;
  }
  if (cycle) {
    std::string names = real.string();
    names = root_.string() + " -> " + names;
    for (const Visited* v = chain_.get(); v != nullptr; v = v->parent.get()) {
      names = v->root.string() + " -> " + names;
    }
    return InvalidArgumentError("cycle detected: candidate root '" + real.string() +
                                "' is at or above a visited root (" + names + ")");
  }
  if (depth_ + 1 > max_depth_) {
    return LimitExceededError("kustomizations nested deeper than " + std::to_string(max_depth_) +
                              " levels at '" + real.string() + "'");
  }
  Loader l = *this;
  ++l.depth_;
  l.chain_ = std::make_shared<const Visited>(Visited{root_, chain_});
  l.root_ = real;
  return l;
}

}  // namespace gitops::render
