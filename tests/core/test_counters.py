"""The shared-cache counters stay exact when many requests bump them at the same moment, on both
caches production runs on, and their window lasts as long as asked (not the cache's default)."""

import threading

import time_machine

from yingcai.core import counters


def in_parallel(n, work):
    start = threading.Barrier(n)
    results = []
    lock = threading.Lock()

    def run():
        start.wait()
        value = work()
        with lock:
            results.append(value)

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_parallel_hits_are_all_counted_and_numbered_once(shared_cache):
    results = in_parallel(40, lambda: counters.hit("c:parallel", window=600))
    assert sorted(results) == list(range(1, 41))
    assert counters.peek("c:parallel") == 40


def test_give_back_takes_one_hit_back_and_never_goes_below_zero(shared_cache):
    counters.hit("c:back", window=600)
    counters.hit("c:back", window=600)
    counters.give_back("c:back")
    assert counters.peek("c:back") == 1
    counters.give_back("c:back")
    counters.give_back("c:back")
    assert counters.peek("c:back") == 0


def test_reset_starts_again(shared_cache):
    counters.hit("c:reset", window=600)
    counters.reset("c:reset")
    assert counters.hit("c:reset", window=600) == 1


def test_the_window_lasts_from_the_first_hit_and_later_hits_do_not_shorten_it(settings, tmp_path):
    # On the file cache, `cache.incr` rewrote the entry with the default timeout (300 s).
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": tmp_path}
    }
    with time_machine.travel("2026-12-03 10:00:00 +0000", tick=False) as traveller:
        for _ in range(3):
            counters.hit("c:window", window=900)
        traveller.shift(600)
        assert counters.peek("c:window") == 3
        traveller.shift(301)
        assert counters.peek("c:window") == 0
        assert counters.hit("c:window", window=900) == 1
