"""Races with real threads: each thread has its own database connection (Django opens one per
thread), and a barrier releases them together, so their transactions really overlap. Use in
tests marked django_db(transaction=True): the data must be committed for the others to see."""

import threading

from django.db import connections
from django.test import Client


class Raised:
    """What a thread raised instead of returning (so a test can say which, and fail)."""

    def __init__(self, error):
        self.error = error

    def __repr__(self):
        return f"Raised({self.error!r})"

    def __eq__(self, other):
        return isinstance(other, Raised) and repr(self.error) == repr(other.error)

    def __hash__(self):
        return hash(repr(self.error))


def in_parallel(*works, timeout=120):
    """Call each of `works` in its own thread, released at the same moment; return what each
    returned (or Raised(error)), in order."""
    barrier = threading.Barrier(len(works))
    results = [None] * len(works)

    def run(i):
        try:
            barrier.wait()
            results[i] = works[i]()
        except Exception as error:  # handed to the test, which fails on it
            results[i] = Raised(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(works))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread is still waiting"
    return results


def same_twice(count, work):
    """`work` called `count` times at once (a double or tenfold click)."""
    return in_parallel(*([work] * count))


def logged_in(user):
    """A test client of its own (a client is not shared between threads) for `user`."""
    client = Client()
    client.force_login(user)
    return client


def raised(results):
    """The errors among the results: a test asserts there are none."""
    return [result for result in results if isinstance(result, Raised)]
