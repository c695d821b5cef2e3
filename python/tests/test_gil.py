"""Reading text releases the GIL: other Python threads run during a long parse.

Not a timing test: a thread holding the GIL through a C call keeps every
other thread out for the whole call, so a worker that records a timestamp
every millisecond records none during the call (less a margin at each end
for the interpreter's switch interval: a waiting thread gets in as soon as
the caller runs bytecode again). The input grows until one
call takes long enough for the margins to be generous on any machine.
"""
import sys
import threading
import time

import gitops

TARGET_SECONDS = 0.5
# A thread waiting for the GIL gets it at most one switch interval (5 ms by
# default) after asking; 10 intervals keeps a loaded machine out of it.
MARGIN_SECONDS = 10 * sys.getswitchinterval()


class Ticker(threading.Thread):
    """Records time.monotonic() about once a millisecond until stopped."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stamps = []
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            self.stamps.append(time.monotonic())
            time.sleep(0.001)


def timed(call):
    start = time.monotonic()
    call()
    return start, time.monotonic()


def failing_parse(items):
    # The stream is read to its last line before the error is found, and the
    # error leaves nothing to convert back with the GIL held.
    text = "- item\n" * items + "bad: [\n"

    def call():
        try:
            gitops.load_yaml(text, max_document_bytes=len(text))
        except gitops.YAMLError:
            return
        raise AssertionError("the input was meant to fail to parse")
    return call


def test_other_threads_run_during_a_long_parse():
    items = 1 << 16
    while True:
        call = failing_parse(items)
        start, end = timed(call)
        if end - start >= TARGET_SECONDS or items >= 1 << 26:
            break
        items *= 2
    assert end - start >= 4 * MARGIN_SECONDS, "the parse is too fast to tell"

    ticker = Ticker()
    ticker.start()
    try:
        while not ticker.stamps:  # the ticker is running before the call starts
            time.sleep(0.001)
        start, end = timed(call)
    finally:
        ticker.stop.set()
        ticker.join()
    during = [t for t in ticker.stamps if start + MARGIN_SECONDS < t < end - MARGIN_SECONDS]
    # Released: about one stamp per millisecond on an idle machine, a few
    # on a loaded one (the ticker waits for a core as well). Held: none at
    # all, so one is enough to tell.
    assert len(during) >= 1, (
        f"{len(during)} ticks in a {end - start:.3f} s parse: the GIL was held")
