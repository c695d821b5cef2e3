"""gitops.fetch_git against repositories made by git in temp dirs (file://)."""
import os
import subprocess
import threading
import time
from pathlib import Path

import pytest

import gitops


def git(cwd, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="Ann", GIT_AUTHOR_EMAIL="ann@example.com",
               GIT_COMMITTER_NAME="Bob", GIT_COMMITTER_EMAIL="bob@example.com",
               GIT_CONFIG_NOSYSTEM="1", HOME=str(cwd))
    return subprocess.run(["git", "-c", "init.defaultBranch=master", *args], cwd=cwd, env=env,
                          check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def upstream(tmp_path):
    repo = tmp_path / "upstream"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "apps").mkdir()
    (repo / "apps" / "a.yaml").write_text("kind: ConfigMap\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first")
    git(repo, "tag", "-a", "v1.2.0", "-m", "release")
    return repo


def test_fetch_git_branch_tag_and_semver(upstream, tmp_path):
    sha = git(upstream, "rev-parse", "HEAD")
    dirs = dict(cache_dir=str(tmp_path / "cache"), out_dir=str(tmp_path / "out"))
    a = gitops.fetch_git(f"file://{upstream}", **dirs)
    assert isinstance(a, gitops.Artifact)
    assert a.revision == f"master@sha1:{sha}"
    assert a.digest.startswith("sha256:") and len(a.digest) == 71
    assert a.commit.sha == sha
    assert a.commit.author.name == "Ann"
    assert a.commit.committer.email == "bob@example.com"
    assert a.commit.message == "first\n"
    assert a.url == f"file://{upstream}"
    assert open(os.path.join(a.path, "apps", "a.yaml")).read() == "kind: ConfigMap\n"
    assert gitops.fetch_git(f"file://{upstream}", tag="v1.2.0", **dirs).revision == \
        f"v1.2.0@sha1:{sha}"
    assert gitops.fetch_git(f"file://{upstream}", semver="^1", **dirs).revision == \
        f"v1.2.0@sha1:{sha}"


def test_fetch_git_repository_object_and_progress(upstream, tmp_path):
    seen = []
    a = gitops.fetch_git(
        repository={
            "apiVersion": "source.toolkit.fluxcd.io/v1",
            "kind": "GitRepository",
            "metadata": {"name": "fleet",
                         "annotations": {"gitops/mirrors": f"file://{upstream}"}},
            "spec": {"interval": "5m", "url": "http://127.0.0.1:1/dead.git",
                     "ref": {"tag": "v1.2.0"}, "sparseCheckout": ["apps"]},
        },
        progress=seen.append, cache_dir=str(tmp_path / "c"), out_dir=str(tmp_path / "o"))
    assert a.url == f"file://{upstream}"
    assert a.revision.startswith("v1.2.0@sha1:")
    assert seen and isinstance(seen[-1], gitops.FetchProgress)
    assert seen[-1].received_objects == seen[-1].total_objects


def test_fetch_git_errors(upstream, tmp_path):
    dirs = dict(cache_dir=str(tmp_path / "cache"), out_dir=str(tmp_path / "out"))
    with pytest.raises(gitops.NotFoundError, match="branch 'nope' not found"):
        gitops.fetch_git(f"file://{upstream}", branch="nope", **dirs)
    with pytest.raises(gitops.InvalidArgumentError):
        gitops.fetch_git("ftp://example.com/x.git", **dirs)
    with pytest.raises(TypeError):
        gitops.fetch_git()


def test_fetch_git_progress_exception_cancels(upstream, tmp_path):
    class Stop(Exception):
        pass

    def boom(_):
        raise Stop()

    with pytest.raises(Stop):
        gitops.fetch_git(f"file://{upstream}", progress=boom, cache_dir=str(tmp_path / "c"),
                         out_dir=str(tmp_path / "o"))
    # The cache is still usable afterwards.
    a = gitops.fetch_git(f"file://{upstream}", cache_dir=str(tmp_path / "c"),
                         out_dir=str(tmp_path / "o"))
    assert a.revision.startswith("master@sha1:")


def test_fetch_git_keyboard_interrupt_cancels(upstream, tmp_path):
    # A fetch that waits on another fetch's cache lock, interrupted by
    # SIGINT from another thread: KeyboardInterrupt, promptly.
    import fcntl
    import hashlib
    import signal
    cache = tmp_path / "cache"
    cache.mkdir()
    key = hashlib.sha256(f"file://{upstream}".encode()).hexdigest()[:32]
    with open(cache / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
        start = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            gitops.fetch_git(f"file://{upstream}", cache_dir=str(cache),
                             out_dir=str(tmp_path / "out"), timeout=30)
        assert time.monotonic() - start < 10


def cache_repository(cache):
    """The one bare repository gitops keeps in ``cache`` (named by the URL's hash)."""
    repos = [p for p in cache.iterdir() if p.name.endswith(".git")]
    assert len(repos) == 1, repos
    return repos[0]


def test_fetch_git_cache_only_fills_the_cache_and_writes_no_tree(upstream, tmp_path):
    sha = git(upstream, "rev-parse", "HEAD")
    cache, out = tmp_path / "cache", tmp_path / "out"
    a = gitops.fetch_git(f"file://{upstream}", cache_dir=str(cache), out_dir=str(out),
                         cache_only=True)
    assert a.revision == f"master@sha1:{sha}"
    assert a.commit.sha == sha and a.commit.message == "first\n"
    assert a.url == f"file://{upstream}"
    assert a.path is None and a.digest is None and a.tarball == ""
    assert not out.exists()
    bare = cache_repository(cache)
    assert git(tmp_path, "--git-dir", str(bare), "cat-file", "-t", sha) == "commit"
    assert git(tmp_path, "--git-dir", str(bare), "log", "-1", "--format=%H %s", sha) == \
        f"{sha} first"
    # Such an Artifact has no tree to include.
    with pytest.raises(ValueError, match="include 'cached': the Artifact has no tree"):
        gitops.fetch_git(f"file://{upstream}", include={"cached": a}, cache_dir=str(cache),
                         out_dir=str(out))
    # The next fetch writes the tree from the cache.
    b = gitops.fetch_git(f"file://{upstream}", cache_dir=str(cache), out_dir=str(out))
    assert b.digest.startswith("sha256:")
    assert (Path(b.path) / "apps" / "a.yaml").read_text() == "kind: ConfigMap\n"


def pack_stats(objects_pack):
    return [p.stat() for p in objects_pack.glob("*.pack")]


def test_fetch_git_link_local_objects(upstream, tmp_path):
    sha = git(upstream, "rev-parse", "HEAD")
    git(upstream, "repack", "-adq")
    git(upstream, "prune-packed")
    (source_pack,) = pack_stats(upstream / ".git" / "objects" / "pack")

    linked = tmp_path / "linked"
    a = gitops.fetch_git(f"file://{upstream}", cache_dir=str(linked), out_dir=str(tmp_path / "o1"))
    assert a.commit.sha == sha
    (pack,) = pack_stats(cache_repository(linked) / "objects" / "pack")
    assert (pack.st_dev, pack.st_ino) == (source_pack.st_dev, source_pack.st_ino)
    assert pack.st_nlink >= 2

    copied = tmp_path / "copied"
    b = gitops.fetch_git(f"file://{upstream}", cache_dir=str(copied),
                         out_dir=str(tmp_path / "o2"), link_local_objects=False)
    assert b.commit.sha == sha and b.digest == a.digest
    bare = cache_repository(copied)
    assert git(tmp_path, "--git-dir", str(bare), "cat-file", "-t", sha) == "commit"
    packs = pack_stats(bare / "objects" / "pack")
    assert packs
    for p in packs:
        assert p.st_ino != source_pack.st_ino and p.st_nlink == 1


def test_fetch_git_content_arguments_go_with_url_not_repository(upstream, tmp_path):
    # A GitRepository says its own ignore, sparseCheckout and recurseSubmodules: arguments
    # that would silently be dropped (or fight the spec) are refused, as url and refs are.
    dirs = dict(cache_dir=str(tmp_path / "cache"), out_dir=str(tmp_path / "out"))
    repository = {"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
                  "metadata": {"name": "fleet"},
                  "spec": {"interval": "1m", "url": f"file://{upstream}"}}
    for kwargs in ({"ignore": "apps/\n"}, {"sparse_checkout": ["apps"]},
                   {"recurse_submodules": True}):
        with pytest.raises(TypeError, match="takes ignore, sparse_checkout and "
                           "recurse_submodules with url, not with repository"):
            gitops.fetch_git(repository=repository, **kwargs, **dirs)
    # The same settings in the spec are applied; with url they are arguments.
    spec_ignored = gitops.fetch_git(repository={**repository, "spec": {
        **repository["spec"], "ignore": "apps/\n"}}, **dirs)
    assert not os.path.exists(os.path.join(spec_ignored.path, "apps"))
    arg_ignored = gitops.fetch_git(f"file://{upstream}", ignore="apps/\n", **dirs)
    assert arg_ignored.digest == spec_ignored.digest


def test_fetch_git_tarball_and_remote_head(tmp_path):
    import tarfile
    repo = tmp_path / "trunk"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "trunk")
    (repo / "apps").mkdir()
    (repo / "apps" / "a.yaml").write_text("kind: ConfigMap\n")
    (repo / "README.md").write_text("fleet\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first")
    sha = git(repo, "rev-parse", "HEAD")
    dirs = dict(cache_dir=str(tmp_path / "cache"), out_dir=str(tmp_path / "out"))
    # No ref: Flux's default is branch master, which this repository lacks.
    with pytest.raises(gitops.NotFoundError, match="branch 'master' not found"):
        gitops.fetch_git(f"file://{repo}", **dirs)
    a = gitops.fetch_git(f"file://{repo}", use_remote_head=True, **dirs)
    assert a.revision == f"trunk@sha1:{sha}"
    assert a.tarball == ""
    t = gitops.fetch_git(f"file://{repo}", use_remote_head=True, tarball=True, **dirs)
    assert t.revision == a.revision and t.digest == a.digest
    assert t.tarball.endswith(".tar.gz") and os.path.isfile(t.tarball)
    with tarfile.open(t.tarball, "r:gz") as tar:
        files = {m.name.removeprefix("./"): tar.extractfile(m).read()
                 for m in tar.getmembers() if m.isfile()}
    listed = git(repo, "ls-tree", "-r", "--name-only", "HEAD").split("\n")
    assert sorted(files) == sorted(listed)
    assert files["apps/a.yaml"] == b"kind: ConfigMap\n"
