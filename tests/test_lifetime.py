"""`lifetime.keep`: held to the end only in a process that ends without teardown (the full audit's command line),
which also runs without the cycle collector; anywhere else what it is handed is freed as usual."""

from __future__ import annotations

import gc
import subprocess
import sys
import weakref

from wenquan import lifetime


class _Thing:
    pass


def test_keep_holds_nothing_in_a_process_that_ends_as_usual() -> None:
    assert gc.isenabled()
    thing = _Thing()
    alive = weakref.ref(thing)
    lifetime.keep(thing)
    del thing
    assert alive() is None


_ENDING = """
import gc, sys, weakref
from wenquan import lifetime
class Thing: pass
thing = Thing(); alive = weakref.ref(thing)
lifetime.ending_without_teardown()
lifetime.keep(thing)
del thing
print(alive() is not None, gc.get_freeze_count() > 0, gc.isenabled())
"""


def test_keep_holds_to_the_end_once_the_process_ends_without_teardown() -> None:
    done = subprocess.run([sys.executable, "-c", _ENDING], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "True", "False"]
