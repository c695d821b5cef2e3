#!/usr/bin/env python3
"""The artifact digest of a directory, computed without gitops.

usage: tree_digest.py ROOT [EXCLUDED_RELATIVE_PATH...]

Prints "sha256:<hex>" of the tar stream include/gitops/source/artifact.h
documents (Flux's storage.Archive: Go's archive/tar over sanitised headers),
built here by Python's tarfile. Three things Python does differently are set
right: it names directories with a trailing '/' (Flux's sanitizeHeader sets
the bare relative path), it leaves devmajor/devminor empty for files where
Go writes "0000000\\0", and it pads the end to a 10 KiB record where Go
stops after the two zero blocks. The stream is hashed as it is written, so
a large tree needs no memory to speak of.
"""
import hashlib
import os
import stat
import sys
import tarfile


class HashSink:
    """A write-only file object that hashes what tarfile writes."""

    def __init__(self):
        self.sha = hashlib.sha256()

    def write(self, data):
        self.sha.update(data)
        return len(data)

    def tell(self):
        return 0


class GoTarInfo(tarfile.TarInfo):
    def get_info(self):
        info = super().get_info()
        info["name"] = self.name  # no trailing '/' for directories
        return info

    def tobuf(self, format=tarfile.USTAR_FORMAT, encoding=tarfile.ENCODING, errors="surrogateescape"):
        buf = bytearray(super().tobuf(format, encoding, errors))
        # Go writes devmajor/devminor as octal zeros: set them, redo the checksum.
        buf[329:345] = b"0000000\x000000000\x00"
        buf[148:156] = b"        "
        buf[148:156] = b"%06o\x00 " % sum(buf[:512])
        return bytes(buf)


def header(name, isdir, mode, size):
    ti = GoTarInfo(name)
    ti.type = tarfile.DIRTYPE if isdir else tarfile.REGTYPE
    ti.mode = mode
    ti.size = size
    ti.mtime = 0
    ti.uid = ti.gid = 0
    ti.uname = ti.gname = ""
    return ti


def main():
    root = sys.argv[1]
    excluded = set(sys.argv[2:])
    sink = HashSink()
    tf = tarfile.open(fileobj=sink, mode="w", format=tarfile.USTAR_FORMAT)

    def add(rel, full):
        st = os.lstat(full)
        if stat.S_ISDIR(st.st_mode):
            tf.addfile(header(rel, True, 0o750, 0))
        elif stat.S_ISREG(st.st_mode):
            mode = 0o700 if st.st_mode & 0o111 else 0o600
            with open(full, "rb") as f:
                tf.addfile(header(rel, False, mode, st.st_size), f)

    def walk(rel, full):
        for name in sorted(os.listdir(full), key=lambda s: s.encode()):
            r = name if rel == "" else rel + "/" + name
            f = os.path.join(full, name)
            st = os.lstat(f)
            if not (stat.S_ISDIR(st.st_mode) or stat.S_ISREG(st.st_mode)):
                continue
            if r in excluded:
                continue
            add(r, f)
            if stat.S_ISDIR(st.st_mode):
                walk(r, f)

    add(".", root)
    walk("", root)
    # The end: two zero blocks, no record padding (tarfile.close would pad).
    sink.write(b"\x00" * 1024)
    print("sha256:" + sink.sha.hexdigest())


if __name__ == "__main__":
    main()
