"""Runs the gitops command on one case folder of tests/data/cli and checks what it prints.

    run_case.py GITOPS_BINARY CASE_DIR

A case folder holds:
  args                       the command line after `gitops`, split as a shell
                             would (shlex); the command runs in the case folder
  input.yaml (optional)      given on standard input (stdin is empty otherwise)
  *.yaml                     any other files the args name
and one of:
  expected.yaml / expected.json   exit 0 and stdout exactly this
  expected.stdout-substring       exit 0 and every line of it in stdout
  expected.stderr-substring       exit 1, stdout empty (nothing partial) and
                                  every line of it in stderr
  expected.stdout                 stdout exactly this (any exit status)
and optionally:
  expected.exit                   the exit status instead of 0 (or 1 for an error)
  expected.absent                 no line of it anywhere in stdout or stderr
                                  (Secret values that must stay masked)
Expected fmt outputs are `kubectl kustomize` of the same inputs (JSON: its
YAML output as JSON with two-space indent), never this program's output.
"""
import os
import shlex
import subprocess
import sys


def main() -> int:
    binary, case = sys.argv[1], sys.argv[2]

    def path(name):
        return os.path.join(case, name)

    def read(name):
        with open(path(name), "rb") as f:
            return f.read()

    args = shlex.split(read("args").decode())
    stdin = read("input.yaml") if os.path.exists(path("input.yaml")) else b""
    run = subprocess.run([binary, *args], input=stdin, cwd=case, capture_output=True,
                         timeout=60)
    stdout, stderr = run.stdout.decode(errors="replace"), run.stderr.decode(errors="replace")
    problems = []

    def expect(ok, what):
        if not ok:
            problems.append(what)

    want_exit = None
    if os.path.exists(path("expected.exit")):
        want_exit = int(read("expected.exit").decode().strip())
    if os.path.exists(path("expected.absent")):
        for line in read("expected.absent").decode().splitlines():
            if line:
                expect(line not in stdout and line not in stderr, f"output holds {line!r}")
    if os.path.exists(path("expected.stderr-substring")):
        want = 1 if want_exit is None else want_exit
        expect(run.returncode == want, f"exit status {run.returncode}, want {want}")
        expect(stdout == "", "stdout is not empty")
        for line in read("expected.stderr-substring").decode().splitlines():
            expect(line in stderr, f"stderr lacks {line!r}")
    else:
        want = 0 if want_exit is None else want_exit
        expect(run.returncode == want, f"exit status {run.returncode}, want {want}")
        for name in ("expected.yaml", "expected.json", "expected.stdout"):
            if os.path.exists(path(name)):
                expect(stdout == read(name).decode(), f"stdout differs from {name}")
        if os.path.exists(path("expected.stdout-substring")):
            for line in read("expected.stdout-substring").decode().splitlines():
                expect(line in stdout, f"stdout lacks {line!r}")

    if problems:
        print(f"gitops {shlex.join(args)}  (in {case})")
        for problem in problems:
            print(f"  {problem}")
        print(f"--- stdout ---\n{stdout}--- stderr ---\n{stderr}--- end ---")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
