#!/usr/bin/env python3
"""A git fast-import stream of one commit holding FILES files of SIZE bytes
of incompressible (seeded pseudo-random) data each, in directories of 32
files; every 50th file is executable.

usage: large_repo.py FILES SIZE SEED | git -C REPO.git fast-import
"""
import random
import sys


def main():
    files, size, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    out = sys.stdout.buffer
    for i in range(files):
        data = rng.randbytes(size)
        out.write(b"blob\nmark :%d\ndata %d\n" % (i + 1, len(data)))
        out.write(data)
        out.write(b"\n")
    message = b"%d files of %d random bytes\n" % (files, size)
    out.write(b"commit refs/heads/master\nmark :%d\n" % (files + 1))
    out.write(b"committer gitops-test <test@gitops.invalid> 1700000000 +0000\n")
    out.write(b"data %d\n%s" % (len(message), message))
    for i in range(files):
        mode = b"100755" if i % 50 == 0 else b"100644"
        out.write(b"M %s :%d d%03d/f%05d.bin\n" % (mode, i + 1, i // 32, i))
    out.write(b"\n")


if __name__ == "__main__":
    main()
