import cProfile, time, runpy, os, itertools
_n = len(os.listdir("/tmp/page4prof"))
_pr = cProfile.Profile()
_t = time.perf_counter(); _c = time.process_time()
_pr.enable()
try:
    runpy.run_path(os.path.join(os.path.dirname(__file__), "app.py"), run_name="__main__")
finally:
    _pr.disable()
    _pr.dump_stats(f"/tmp/page4prof/run{_n:02d}-{(time.perf_counter()-_t)*1000:.0f}ms.prof")
