"""What the gitops command shows on a terminal and only there: colour in
diff's output, a progress bar for source git.

    tty_test.py GITOPS_BINARY

The terminal is a pseudo-terminal from os.openpty(); the same commands with
pipes must print no escape sequence at all.
"""
import os
import subprocess
import sys
import tempfile

DESIRED = """apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: app}
data: {color: blue}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: new, namespace: app}
data: {k: v}
"""
LIVE = """apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: app}
data: {color: red}
"""


def run(argv, cwd, tty_stream, env=None):
    """Runs argv with `tty_stream` ("stdout" or "stderr") on a pseudo-terminal
    and the other one on a pipe; returns (terminal bytes, pipe bytes, status)."""
    master, slave = os.openpty()
    kwargs = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    kwargs[tty_stream] = slave
    proc = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL, env=env, **kwargs)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the last writer closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    piped = (proc.stderr if tty_stream == "stdout" else proc.stdout).read()
    return seen, piped, proc.wait()


def check(cond, what):
    if not cond:
        print("FAIL - " + what)
        sys.exit(1)
    print("ok   - " + what)


def main():
    gitops = sys.argv[1]
    with tempfile.TemporaryDirectory(prefix="gitops-tty-") as tmp:
        with open(os.path.join(tmp, "desired.yaml"), "w") as f:
            f.write(DESIRED)
        with open(os.path.join(tmp, "live.yaml"), "w") as f:
            f.write(LIVE)
        argv = [gitops, "diff", "desired.yaml", "--live", "live.yaml"]
        out, err, status = run(argv, tmp, "stdout")
        check(status == 1, "diff on a terminal exits 1 for changes")
        # A terminal turns \n into \r\n.
        text = out.decode().replace("\r\n", "\n")
        check("\033[33m► ConfigMap/app/settings configured\033[0m\n" in text,
              "a configured object's line is yellow")
        check("\033[32m► ConfigMap/app/new created\033[0m\n" in text,
              "a created object's line is green")
        check("\033[31m-  color: red\033[0m\n" in text and
              "\033[32m+  color: blue\033[0m\n" in text,
              "removed lines are red, added lines green")
        check(err == b"", "nothing on stderr")
        piped = subprocess.run(argv, cwd=tmp, capture_output=True)
        check(piped.returncode == 1 and b"\033" not in piped.stdout and
              b"ConfigMap/app/settings configured" in piped.stdout,
              "the same diff into a pipe has no colour")

        env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", HOME=tmp)
        repo = os.path.join(tmp, "repo")
        git = ["git", "-c", "user.name=T", "-c", "user.email=t@example.com", "-C", repo]
        subprocess.run(["git", "init", "-q", "-b", "main", repo], check=True, env=env)
        for i in range(50):
            with open(os.path.join(repo, "f%d.yaml" % i), "w") as f:
                f.write("n: %d\n" % i)
        subprocess.run(git + ["add", "-A"], check=True, env=env)
        subprocess.run(git + ["commit", "-qm", "one"], check=True, env=env)
        argv = [gitops, "source", "git", "file://" + repo, "--branch", "main",
                "--cache", os.path.join(tmp, "cache"), "--out", os.path.join(tmp, "out")]
        err, out, status = run(argv, tmp, "stderr", env)
        check(status == 0, "source git with stderr on a terminal succeeds")
        shown = err.decode()
        check("\rreceiving objects [" in shown and "##############################]" in shown,
              "the terminal shows a progress bar that reaches its end")
        check(shown.endswith("\r\033[K"), "and the bar is erased before the result")
        lines = out.decode().splitlines()
        check(len(lines) == 2 and lines[0].startswith("revision: main@sha1:") and
              lines[1].startswith("digest: sha256:"),
              "stdout (a pipe) holds exactly the revision and digest lines")
        piped = subprocess.run(argv[:-4] + ["--cache", os.path.join(tmp, "cache2"), "--out",
                                            os.path.join(tmp, "out2")],
                               capture_output=True, env=env)
        check(piped.returncode == 0 and piped.stderr == b"",
              "with stderr on a pipe there is no progress output")


if __name__ == "__main__":
    main()
