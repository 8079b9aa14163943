"""Processes and memory: the cyclic garbage collector and big acyclic data; forked workers.

A catalog loads as millions of small dicts, lists and records with no reference cycles.
While they are being made, the collector keeps walking everything made so far, for
nothing: a third of the time of loading a 25,000-entry catalog.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
from concurrent.futures import ProcessPoolExecutor


@contextlib.contextmanager
def collector_paused():
    """Run the block without cyclic garbage collection (reference counting still frees memory)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def settle() -> None:
    """Exempt everything alive now from later collections.

    Called once the model is loaded: it stays for the whole build and holds no cycles. A
    forked process then shares its memory pages instead of copying them as the collector
    would, by touching every object's header.
    """
    gc.freeze()


# ---- forked workers ---------------------------------------------------------------------------------
# Work that is big to send (parsed files, prepared search groups, the whole model) is left where a
# forked worker inherits it: set before the fork, read by the worker, cleared after. Only small
# arguments (index ranges, task ids) and results travel between processes.

_INHERITED: dict[str, object] = {}


def can_fork(workers: int = 2) -> bool:
    """Whether `workers` processes are worth asking for and the platform can fork them."""
    return workers > 1 and "fork" in multiprocessing.get_all_start_methods()


def fork_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of forked processes; they are forked at the first submit, inheriting what is left for them then."""
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))


def counter():
    """An integer shared with forked processes (for taking the next job in turn)."""
    return multiprocessing.get_context("fork").Value("i", 0)


@contextlib.contextmanager
def left_for_forks(key: str, value):
    """Leave `value` under `key` for the processes forked inside the block (`inherited`); drop it after."""
    _INHERITED[key] = value
    try:
        yield value
    finally:
        _INHERITED.pop(key, None)


def inherited(key: str):
    """In a forked worker: what the parent left under `key` before forking."""
    return _INHERITED[key]
