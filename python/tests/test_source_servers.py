"""gitops.fetch_git and `gitops source git` against real servers on 127.0.0.1.

The servers are tests/support/git_servers.h's, run by the
gitops_test_git_server program (sshd with generated keys, lighttpd +
git-http-backend over HTTPS with mutual TLS, squid with proxy credentials); ctest passes its path in
GITOPS_TEST_GIT_SERVER and the command's in GITOPS_CLI. Expected SHAs come
from git.
"""
import base64
import json
import os
import re
import socket
import subprocess
import time

import pytest

import gitops

SERVER = os.environ.get("GITOPS_TEST_GIT_SERVER")
CLI = os.environ.get("GITOPS_CLI")
pytestmark = pytest.mark.skipif(
    not SERVER, reason="GITOPS_TEST_GIT_SERVER is not set (ctest sets it): no server to test against")


def git(*args, cwd=None):
    env = dict(os.environ, GIT_AUTHOR_NAME="Ann", GIT_AUTHOR_EMAIL="ann@example.com",
               GIT_COMMITTER_NAME="Bob", GIT_COMMITTER_EMAIL="bob@example.com",
               GIT_CONFIG_NOSYSTEM="1", HOME="/nonexistent")
    return subprocess.run(["git", "-c", "init.defaultBranch=master", *args], cwd=cwd, env=env,
                          check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def repos(tmp_path):
    """A folder with the bare repository fleet.git; returns (folder, commit sha)."""
    root = tmp_path / "repos"
    root.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    git("init", "-q", cwd=work)
    (work / "apps").mkdir()
    (work / "apps" / "a.yaml").write_text("kind: ConfigMap\n")
    git("add", "-A", cwd=work)
    git("commit", "-qm", "first", cwd=work)
    git("clone", "-q", "--bare", str(work), str(root / "fleet.git"))
    return root, git("rev-parse", "HEAD", cwd=work)


class Server:
    def __init__(self, kind, root, *flags):
        self.proc = subprocess.Popen([SERVER, kind, str(root), *flags], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line:
            self.proc.wait()
            raise RuntimeError(f"gitops_test_git_server {kind} did not start")
        self.info = json.loads(line)

    def url(self, name):
        return self.info["url"].replace("{name}", name)

    def stop(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture
def server_of():
    started = []

    def start(kind, root, *flags):
        started.append(Server(kind, root, *flags))
        return started[-1]

    yield start
    for s in started:
        s.stop()


def dirs(tmp_path):
    return dict(cache_dir=str(tmp_path / "cache"), out_dir=str(tmp_path / "out"))


def test_fetch_git_over_ssh_with_ed25519_and_ecdsa(repos, server_of, tmp_path):
    root, sha = repos
    ssh = server_of("ssh", root)
    for key in ("ed25519_key", "ecdsa_key"):
        secret = {"identity": ssh.info[key], "known_hosts": ssh.info["known_hosts"]}
        art = gitops.fetch_git(ssh.url("fleet"), secret=secret, **dirs(tmp_path / key))
        assert art.revision == f"master@sha1:{sha}"
        assert open(os.path.join(art.path, "apps", "a.yaml")).read() == "kind: ConfigMap\n"
    # A passphrase-protected key takes its passphrase from `password`, here
    # from a whole Secret object with base64 data as the API stores it.
    data = {"identity": ssh.info["ed25519_key_with_passphrase"],
            "password": ssh.info["key_passphrase"], "known_hosts": ssh.info["known_hosts_hashed"]}
    secret = {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "ssh"},
              "data": {k: base64.b64encode(v.encode()).decode() for k, v in data.items()}}
    art = gitops.fetch_git(ssh.url("fleet"), secret=secret, **dirs(tmp_path / "pass"))
    assert art.revision == f"master@sha1:{sha}"


def test_fetch_git_over_ssh_refuses_unknown_hosts_and_keys(repos, server_of, tmp_path):
    root, _ = repos
    ssh = server_of("ssh", root)
    host = f"[127.0.0.1]:{ssh.info['port']}"
    with pytest.raises(gitops.PermissionDeniedError, match=r"ssh host key of \[127\.0\.0\.1\]:\d+ "
                       r"does not match known_hosts"):
        gitops.fetch_git(ssh.url("fleet"), secret={"identity": ssh.info["ed25519_key"],
                                                   "known_hosts": ssh.info["wrong_known_hosts"]},
                         **dirs(tmp_path))
    with pytest.raises(gitops.PermissionDeniedError) as e:
        gitops.fetch_git(ssh.url("fleet"), secret={
            "identity": ssh.info["ed25519_key"],
            "known_hosts": ssh.info["cert_authority_known_hosts"]}, **dirs(tmp_path))
    assert str(e.value).startswith(f"ssh host {host} is trusted in known_hosts only through a "
                                   "@cert-authority line")
    with pytest.raises(gitops.PermissionDeniedError) as e:
        gitops.fetch_git(ssh.url("fleet"), secret={"identity": ssh.info["rsa_key"],
                                                   "known_hosts": ssh.info["known_hosts"]},
                         **dirs(tmp_path))
    assert "it is an RSA key" in str(e.value)
    assert "PRIVATE KEY" not in str(e.value)


def test_fetch_git_over_ssh_times_out_on_a_silent_server(tmp_path):
    # A listening socket nobody accepts on: the TCP handshake completes, then nothing.
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        port = listener.getsockname()[1]
        start = time.monotonic()
        with pytest.raises(gitops.TimeoutError, match=f"ssh host 127.0.0.1:{port}"):
            gitops.fetch_git(f"ssh://git@127.0.0.1:{port}/srv/fleet.git", timeout=1.0,
                             secret={"known_hosts": f"[127.0.0.1]:{port} ssh-ed25519 AAAA\n"},
                             **dirs(tmp_path))
        assert time.monotonic() - start < 20  # a sanity bound: it stopped


def test_fetch_git_timeout_comes_from_the_repository_unless_given(tmp_path):
    # A silent HTTP server: the TCP handshake completes (the kernel's backlog), the request
    # gets no answer. spec.timeout "2s" applies when fetch_git is given no timeout; an
    # explicit timeout wins over it. libcurl names the time it waited.
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        port = listener.getsockname()[1]
        url = f"http://127.0.0.1:{port}/git/fleet.git"

        def repository(timeout):
            return {"apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
                    "metadata": {"name": "fleet"},
                    "spec": {"interval": "1m", "url": url, "timeout": timeout}}

        def waited_ms(error):
            # libcurl's limit or the fetch's own deadline check, whichever sees it first.
            m = re.fullmatch(rf"timed out fetching {re.escape(url)}: Operation timed out after "
                             r"(\d+) milliseconds with 0 bytes received", str(error.value))
            if m:
                return int(m.group(1))
            m = re.fullmatch(rf"the fetch of {re.escape(url)} timed out after (\d+) (s|ms)",
                             str(error.value))
            assert m, str(error.value)
            return int(m.group(1)) * (1000 if m.group(2) == "s" else 1)

        with pytest.raises(gitops.TimeoutError) as e:
            gitops.fetch_git(repository=repository("2s"), **dirs(tmp_path))
        assert 1000 < waited_ms(e) < 30000  # the repository's 2 s, not the default 60 s
        with pytest.raises(gitops.TimeoutError) as e:
            gitops.fetch_git(repository=repository("90s"), timeout=1.5, **dirs(tmp_path))
        assert 1000 < waited_ms(e) < 30000  # the explicit 1.5 s, not the repository's 90 s
    for bad in (0, float("inf"), float("nan"), 0.0001):
        with pytest.raises(ValueError, match="timeout must be finite and at least 0.001 "
                                             "seconds, not " + re.escape(repr(bad))):
            gitops.fetch_git(url, timeout=bad, **dirs(tmp_path))


def test_fetch_git_over_https_with_mutual_tls(repos, server_of, tmp_path):
    root, sha = repos
    https = server_of("https", root, "--client-cert")
    info = https.info
    art = gitops.fetch_git(https.url("fleet"), secret={
        "ca.crt": info["ca_crt"], "tls.crt": info["client_crt"], "tls.key": info["client_key"]},
        **dirs(tmp_path))
    assert art.revision == f"master@sha1:{sha}"
    with pytest.raises(gitops.PermissionDeniedError,
                       match=f"TLS: 127.0.0.1:{info['port']} refused the connection's client "
                             r"certificate \(none given"):
        gitops.fetch_git(https.url("fleet"), secret={"ca.crt": info["ca_crt"]}, **dirs(tmp_path))
    with pytest.raises(gitops.PermissionDeniedError,
                       match=f"TLS: the certificate of 127.0.0.1:{info['port']} is not trusted"):
        gitops.fetch_git(https.url("fleet"), secret={"ca.crt": info["other_ca_crt"]},
                         **dirs(tmp_path))


def test_fetch_git_through_squid_with_proxy_credentials(repos, server_of, tmp_path):
    # squid answers wrong and missing proxy credentials with 407.
    root, sha = repos
    http = server_of("http", root)
    squid = server_of("squid", "-", "--username", "fluxproxy", "--password", "sq-s3cret")
    proxy_url = squid.info["url"]
    art = gitops.fetch_git(http.url("fleet"), proxy={
        "address": proxy_url, "username": "fluxproxy", "password": "sq-s3cret"}, **dirs(tmp_path))
    assert art.revision == f"master@sha1:{sha}"
    with pytest.raises(gitops.PermissionDeniedError) as wrong:
        gitops.fetch_git(http.url("fleet"), proxy={
            "address": proxy_url, "username": "fluxproxy", "password": "wrong-sq-s3cret"},
            **dirs(tmp_path))
    assert str(wrong.value).startswith(
        f"proxy authentication failed: the proxy {proxy_url} refused the username and password "
        f"for {http.url('fleet')} (HTTP 407)")
    assert "sq-s3cret" not in str(wrong.value)
    with pytest.raises(gitops.PermissionDeniedError,
                       match=f"proxy authentication required: the proxy {proxy_url} asked for "
                             "credentials"):
        gitops.fetch_git(http.url("fleet"), proxy={"address": proxy_url}, **dirs(tmp_path))


@pytest.mark.skipif(not CLI, reason="GITOPS_CLI is not set (ctest sets it)")
def test_cli_source_git_over_ssh_with_a_secret_file(repos, server_of, tmp_path):
    root, sha = repos
    ssh = server_of("ssh", root)

    def block(text):
        return "\n".join("    " + line for line in text.rstrip("\n").split("\n"))

    secret = tmp_path / "secret.yaml"
    secret.write_text("apiVersion: v1\nkind: Secret\nmetadata:\n  name: ssh\nstringData:\n"
                      f"  identity: |\n{block(ssh.info['ed25519_key'])}\n"
                      f"  known_hosts: |\n{block(ssh.info['known_hosts'])}\n")
    run = subprocess.run([CLI, "source", "git", ssh.url("fleet"), "--secret-file", str(secret),
                          "--cache", str(tmp_path / "cache"), "--out", str(tmp_path / "out")],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == f"revision: master@sha1:{sha}"
    assert lines[1].startswith("digest: sha256:") and len(lines) == 2

    secret.write_text("apiVersion: v1\nkind: Secret\nmetadata:\n  name: ssh\nstringData:\n"
                      f"  identity: |\n{block(ssh.info['ed25519_key'])}\n"
                      f"  known_hosts: |\n{block(ssh.info['wrong_known_hosts'])}\n")
    run = subprocess.run([CLI, "source", "git", ssh.url("fleet"), "--secret-file", str(secret),
                          "--cache", str(tmp_path / "cache2"), "--out", str(tmp_path / "out2")],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert run.stdout == ""
    assert "does not match known_hosts" in run.stderr
    assert "PRIVATE KEY" not in run.stderr


@pytest.mark.skipif(not CLI, reason="GITOPS_CLI is not set (ctest sets it)")
def test_cli_source_git_through_squid_with_a_proxy_secret_file(repos, server_of, tmp_path):
    root, sha = repos
    http = server_of("http", root)
    squid = server_of("squid", "-", "--username", "fluxproxy", "--password", "sq-s3cret")
    proxy_url = squid.info["url"]
    secret = tmp_path / "proxy.yaml"

    def fetch(password):
        data = base64.b64encode(password.encode()).decode()
        secret.write_text("apiVersion: v1\nkind: Secret\nmetadata:\n  name: proxy\n"
                          f"stringData:\n  address: {proxy_url}\n  username: fluxproxy\n"
                          f"data:\n  password: {data}\n")
        return subprocess.run([CLI, "source", "git", http.url("fleet"), "--proxy-secret-file",
                               str(secret), "--cache", str(tmp_path / "cache"),
                               "--out", str(tmp_path / "out")], capture_output=True, text=True)

    run = fetch("sq-s3cret")
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0] == f"revision: master@sha1:{sha}"
    run = fetch("wrong-sq-s3cret")
    assert run.returncode == 1 and run.stdout == ""
    assert run.stderr.startswith(
        f"error: proxy authentication failed: the proxy {proxy_url} refused the username and "
        f"password for {http.url('fleet')} (HTTP 407)")
    assert "sq-s3cret" not in run.stderr
    secret.write_text("apiVersion: v1\nkind: Secret\nmetadata:\n  name: proxy\n"
                      "stringData:\n  username: fluxproxy\n")
    run = subprocess.run([CLI, "source", "git", http.url("fleet"), "--proxy-secret-file",
                          str(secret), "--out", str(tmp_path / "out")],
                         capture_output=True, text=True)
    assert run.returncode == 1 and run.stdout == ""
    assert run.stderr.startswith(f"error: {secret}: ") and "address" in run.stderr
