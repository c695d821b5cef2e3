// Shims of the source module: fetch_git. The Pythonic layer
// (gitops/_source.py) builds the GitRepository object from keyword
// arguments; this file parses it, runs the fetch with the GIL released on a
// worker thread, and turns the artifact into a dict.
//
// KeyboardInterrupt: the calling thread waits for the worker with the GIL
// released in short slices and runs Python's signal handlers in between;
// an exception from them (Ctrl-C) cancels the fetch through its token and
// is re-raised once the worker has stopped. The progress callable is
// called on the worker with the GIL taken; an exception from it cancels
// the fetch too and is re-raised.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "common.h"
#include "gitops/source/credentials.h"
#include "gitops/source/git.h"
#include "gitops/source/git_repository.h"

namespace gitops_python {

namespace {

using gitops::source::Artifact;
using gitops::source::GitSignature;

py::dict SignatureToPython(const GitSignature& s) {
  py::dict d;
  d["name"] = s.name;
  d["email"] = s.email;
  d["time"] = s.time;
  d["offset_minutes"] = s.offset_minutes;
  return d;
}

py::dict ArtifactToPython(const Artifact& a) {
  py::dict commit;
  commit["sha"] = a.commit.sha;
  commit["author"] = SignatureToPython(a.commit.author);
  commit["committer"] = SignatureToPython(a.commit.committer);
  commit["message"] = a.commit.message;
  commit["time"] = a.commit.time;
  commit["signature"] = a.commit.signature;
  commit["signed_data"] = a.commit.signed_data;
  commit["annotated_tag"] = a.commit.annotated_tag;
  commit["tag_signature"] = a.commit.tag_signature;
  commit["tag_signed_data"] = a.commit.tag_signed_data;
  py::dict d;
  d["path"] = a.path;
  d["digest"] = a.digest;
  d["revision"] = a.revision;
  d["url"] = a.url;
  d["tarball"] = a.tarball;
  d["commit"] = commit;
  return d;
}

py::dict FetchGitShim(const py::object& repository, const py::object& secret,
                      const py::object& proxy, const py::dict& includes, double timeout,
                      const py::object& progress, const std::string& cache_dir,
                      const std::string& out_dir, const std::vector<std::string>& mirrors,
                      bool use_remote_head, bool tarball, bool cache_only,
                      bool link_local_objects) {
  gitops::source::GitRepositorySpec spec =
      ValueOrThrow(gitops::source::ParseGitRepository(ToValue(repository, "repository ")));
  gitops::source::GitCredentials credentials;
  if (!secret.is_none()) {
    credentials = ValueOrThrow(gitops::source::GitCredentialsFromSecret(ToValue(secret, "secret ")));
  }
  gitops::source::GitFetchOptions options;
  if (!proxy.is_none()) {
    options.proxy = ValueOrThrow(gitops::source::ProxyFromSecret(ToValue(proxy, "proxy ")));
  }
  for (auto item : includes) {
    py::dict a = py::reinterpret_borrow<py::dict>(item.second);
    Artifact artifact;
    artifact.path = a["path"].cast<std::string>();
    artifact.digest = a["digest"].cast<std::string>();
    options.includes[item.first.cast<std::string>()] = std::move(artifact);
  }
  // An explicit timeout (> 0) wins over spec.timeout; otherwise the
  // repository's spec.timeout applies (ParseGitRepository's default: 60 s).
  if (timeout > 0) {
    options.timeout = std::chrono::milliseconds(static_cast<int64_t>(timeout * 1000));
    spec.timeout = std::chrono::duration_cast<std::chrono::nanoseconds>(options.timeout);
  }
  options.cache_dir = cache_dir;
  options.out_dir = out_dir;
  options.mirrors = mirrors;
  options.use_remote_head = use_remote_head;
  options.tarball = tarball;
  options.cache_only = cache_only;
  options.link_local_objects = link_local_objects;
  gitops::source::CancelToken token;
  options.cancel = &token;
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  py::object progress_error;  // guarded by the GIL
  if (!progress.is_none()) {
    options.progress = [&](const gitops::source::GitFetchProgress& p) {
      py::gil_scoped_acquire gil;
      if (progress_error) return;
      try {
        progress(py::dict(py::arg("total_objects") = p.total_objects,
                          py::arg("received_objects") = p.received_objects,
                          py::arg("indexed_objects") = p.indexed_objects,
                          py::arg("received_bytes") = p.received_bytes));
      } catch (py::error_already_set& e) {
        progress_error = py::reinterpret_borrow<py::object>(e.value());
        token.Cancel();
      }
    };
  }
  gitops::Result<Artifact> result = gitops::CancelledError("not run");
  {
    py::gil_scoped_release release_gil;
    std::thread worker([&] {
      result = gitops::source::GitSource().Fetch(spec, credentials, options);
      std::lock_guard<std::mutex> lock(mu);
      done = true;
      cv.notify_all();
    });
    bool interrupted = false;
    std::unique_lock<std::mutex> lock(mu);
    while (!cv.wait_for(lock, std::chrono::milliseconds(50), [&] { return done; })) {
      lock.unlock();
      if (!interrupted) {
        py::gil_scoped_acquire gil;
        if (PyErr_CheckSignals() != 0) {
          interrupted = true;  // the exception stays set until we return
          token.Cancel();
        }
      }
      lock.lock();
    }
    lock.unlock();
    worker.join();
    if (interrupted) {
      py::gil_scoped_acquire gil;
      throw py::error_already_set();
    }
  }
  if (progress_error) {
    PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(progress_error.ptr())),
                    progress_error.ptr());
    throw py::error_already_set();
  }
  return ArtifactToPython(ValueOrThrow(std::move(result)));
}

}  // namespace

void RegisterSource(py::module_& module) {
  module.def("fetch_git", &FetchGitShim, py::arg("repository"), py::arg("secret"),
             py::arg("proxy"), py::arg("includes"), py::arg("timeout"), py::arg("progress"),
             py::arg("cache_dir"), py::arg("out_dir"), py::arg("mirrors"),
             py::arg("use_remote_head"), py::arg("tarball"), py::arg("cache_only"),
             py::arg("link_local_objects"));
}

}  // namespace gitops_python
