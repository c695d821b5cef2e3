#!/usr/bin/env python3
"""Calls the gitops C API (libgitops_c.so) from Python with ctypes.

Parses a YAML manifest stream, prints each object's inventory id and version,
then the stream as `kustomize build` prints it. This is the route for a
Python without the pybind11 module (`gitops`), or a template for any other FFI.

    GITOPS_C_LIBRARY=build/capi/libgitops_c.so python3 ctypes_example.py [manifests.yaml]
    python3 ctypes_example.py --library build/capi/libgitops_c.so [manifests.yaml]

Without a file it reads a built-in two-object stream.
"""

import argparse
import ctypes
import os
import sys

SAMPLE = b"""\
apiVersion: v1
kind: Namespace
metadata:
  name: podinfo
---
kind: Deployment
apiVersion: apps/v1
metadata:
  name: podinfo
  namespace: podinfo
spec:
  replicas: 2
"""


class Error(ctypes.Structure):
    _fields_ = [
        ("code", ctypes.c_int),
        ("message", ctypes.c_char_p),
        ("file", ctypes.c_char_p),
        ("line", ctypes.c_int),
        ("column", ctypes.c_int),
    ]


class Buf(ctypes.Structure):
    _fields_ = [("ptr", ctypes.c_void_p), ("size", ctypes.c_size_t)]


class ObjectId(ctypes.Structure):
    _fields_ = [
        ("group", ctypes.c_char_p),
        ("version", ctypes.c_char_p),
        ("kind", ctypes.c_char_p),
        ("namespace_name", ctypes.c_char_p),
        ("name", ctypes.c_char_p),
        ("inventory_id", ctypes.c_char_p),
    ]


class YamlParseOptions(ctypes.Structure):
    _fields_ = [
        ("version", ctypes.c_uint),
        ("file", ctypes.c_char_p),
        ("max_document_bytes", ctypes.c_size_t),
        ("max_depth", ctypes.c_size_t),
        ("max_alias_nodes", ctypes.c_size_t),
        ("duplicate_keys", ctypes.c_int),
        ("keep_empty_documents", ctypes.c_int),
    ]


YAML_PARSE_OPTIONS_VERSION = 1


class GitopsError(Exception):
    def __init__(self, err):
        super().__init__(err.message.decode())
        self.code, self.line, self.column = err.code, err.line, err.column


def load(path):
    lib = ctypes.CDLL(path)
    docs_p = ctypes.c_void_p  # gitops_docs *, opaque
    signatures = {
        "gitops_error_last": (ctypes.POINTER(Error), []),
        "gitops_version": (ctypes.c_int, [ctypes.POINTER(ctypes.c_int)] * 3),
        "gitops_yaml_parse_options_init": (ctypes.c_int,
                                           [ctypes.POINTER(YamlParseOptions), ctypes.c_uint]),
        "gitops_yaml_parse": (ctypes.c_int, [ctypes.POINTER(docs_p), ctypes.c_char_p,
                                             ctypes.c_size_t, ctypes.POINTER(YamlParseOptions)]),
        "gitops_docs_free": (None, [docs_p]),
        "gitops_docs_count": (ctypes.c_size_t, [docs_p]),
        "gitops_docs_object_id": (ctypes.c_int, [ctypes.POINTER(ctypes.POINTER(ObjectId)),
                                                 docs_p, ctypes.c_size_t]),
        "gitops_docs_write_yaml_stream": (ctypes.c_int, [ctypes.POINTER(Buf), docs_p]),
        "gitops_buf_dispose": (None, [ctypes.POINTER(Buf)]),
    }
    for name, (restype, argtypes) in signatures.items():
        fn = getattr(lib, name)
        fn.restype, fn.argtypes = restype, argtypes
    return lib


def check(lib, rc):
    if rc < 0:
        raise GitopsError(lib.gitops_error_last().contents)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", default=os.environ.get("GITOPS_C_LIBRARY"),
                        help="path of libgitops_c.so (default: $GITOPS_C_LIBRARY)")
    parser.add_argument("manifests", nargs="?", help="a YAML stream (default: a built-in one)")
    args = parser.parse_args()
    if not args.library:
        parser.error("give --library or set GITOPS_C_LIBRARY")
    lib = load(args.library)

    major, minor, patch = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
    check(lib, lib.gitops_version(ctypes.byref(major), ctypes.byref(minor), ctypes.byref(patch)))
    print(f"libgitops_c {major.value}.{minor.value}.{patch.value}")

    if args.manifests:
        with open(args.manifests, "rb") as f:
            text, name = f.read(), args.manifests
    else:
        text, name = SAMPLE, "<sample>"
    opts = YamlParseOptions()
    check(lib, lib.gitops_yaml_parse_options_init(ctypes.byref(opts), YAML_PARSE_OPTIONS_VERSION))
    opts.file = name.encode()

    docs = ctypes.c_void_p()
    check(lib, lib.gitops_yaml_parse(ctypes.byref(docs), text, len(text), ctypes.byref(opts)))
    buf = Buf()
    try:
        for i in range(lib.gitops_docs_count(docs)):
            oid = ctypes.POINTER(ObjectId)()
            check(lib, lib.gitops_docs_object_id(ctypes.byref(oid), docs, i))
            print(oid.contents.inventory_id.decode(), oid.contents.version.decode())
        check(lib, lib.gitops_docs_write_yaml_stream(ctypes.byref(buf), docs))
        sys.stdout.write(ctypes.string_at(buf.ptr, buf.size).decode())
    finally:
        lib.gitops_buf_dispose(ctypes.byref(buf))
        lib.gitops_docs_free(docs)

    # Errors come back as a code plus gitops_error_last().
    bad = b"a: b\n  c: d\n"
    opts.file = b"bad.yaml"
    try:
        check(lib, lib.gitops_yaml_parse(ctypes.byref(docs), bad, len(bad), ctypes.byref(opts)))
    except GitopsError as e:
        print(f"error {e.code} at line {e.line}, column {e.column}: {e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
