import time, runpy, os, functools, sys
_t0 = time.perf_counter()
_log = open("/tmp/page4prof/phases.txt", "a")
def _mark(label, t): _log.write(f"{label} {(time.perf_counter()-t)*1000:.0f}\n"); _log.flush()
if "ui.map" not in sys.modules:
    import streamlit_folium; _mark("import streamlit_folium", _t0)
    import pandas, geopandas, folium; _mark("import pandas/geopandas/folium", _t0)
    import workspace; _mark("+workspace", _t0)
    import factsheets; _mark("+factsheets", _t0)
    import ui.data, ui.map, ui.workspace, ui.importer, ui.factsheet, ui.sources, ui.state; _mark("+ui", _t0)
    def wrap(mod, name):
        f = getattr(mod, name)
        @functools.wraps(f)
        def g(*a, **k):
            t = time.perf_counter()
            try: return f(*a, **k)
            finally: _mark("  " + name, t)
        setattr(mod, name, g)
    import ui.map as m, ui.data as d, ui.workspace as w, layers
    wrap(d, "choose_rules"); wrap(w, "with_drafts"); wrap(d, "map_data"); wrap(m, "st_folium"); wrap(m, "explorer_map"); wrap(m, "view_layers"); wrap(m, "render_profile"); wrap(d, "boundaries")
    import app as _a  # noqa  (runs main)
    _mark("first run total", _t0)
else:
    t = time.perf_counter(); runpy.run_path(os.path.join(os.path.dirname(__file__), "app.py"), run_name="__main__"); _mark("run", t)
