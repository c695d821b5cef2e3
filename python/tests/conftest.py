"""Makes the tests import the gitops package under test.

ctest puts the build tree's package on PYTHONPATH; run by hand, set it too:
    PYTHONPATH=build/python /usr/bin/python3 -m pytest -q python/tests
"""
import os

import gitops

if not os.environ.get("PYTHONPATH"):
    raise RuntimeError("set PYTHONPATH to the build tree's python/ folder")
