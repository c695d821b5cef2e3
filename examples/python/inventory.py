#!/usr/bin/python3
"""Reads manifests, prints each object's Flux inventory id, then the stream as kustomize prints it.

    PYTHONPATH=build/python /usr/bin/python3 examples/python/inventory.py examples/manifests/web.yaml

Errors come out as gitops.Error subclasses carrying file, line and column.
"""
import sys

import gitops


def main(paths: list[str]) -> int:
    docs = []
    try:
        for path in paths:
            with open(path, encoding="utf-8") as f:
                docs += gitops.load_yaml(f.read(), file=path)
        for doc in docs:
            object_id = gitops.ObjectId.from_object(doc)
            print(f"# {object_id.inventory_id()}  ({object_id.api_version})", file=sys.stderr)
    except (OSError, gitops.Error) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    sys.stdout.write(gitops.dump_yaml(docs))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["/dev/stdin"]))
