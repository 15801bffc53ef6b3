"""Expensive searches against a running `toll serve` (BENCHMARKS.md, "Expensive searches"): N threads each
send ROUNDS searches (`/api/v1/incidents?q=...`, cycling through QUERIES) while one more thread fetches one
incident page every 50 ms until they are done; prints status counts and latencies of both as JSON.
Loopback only; bounded (N x ROUNDS searches, 120 s per request).

    python3 tools/bench-expensive-search.py HOST:PORT N QUERIES INCIDENT_ID [ROUNDS]
"""
import http.client, json, sys, threading, time, statistics, urllib.parse

host, port = sys.argv[1].split(":")
n = int(sys.argv[2])
queries = sys.argv[3].split(",")
incident = sys.argv[4]
rounds = int(sys.argv[5]) if len(sys.argv) > 5 else 3

def get(path, timeout=120):
    c = http.client.HTTPConnection(host, int(port), timeout=timeout)
    t = time.perf_counter()
    try:
        c.request("GET", path)
        r = c.getresponse()
        r.read()
        return r.status, time.perf_counter() - t
    except Exception as e:
        return "error:" + type(e).__name__, time.perf_counter() - t
    finally:
        c.close()

results, page = [], []
done = threading.Event()

def searcher(i):
    for k in range(rounds):
        q = queries[(i + k) % len(queries)]
        results.append(get("/api/v1/incidents?q=" + urllib.parse.quote(q)))

def pager():
    while not done.is_set():
        page.append(get("/api/v1/incidents/" + incident))
        time.sleep(0.05)

p = threading.Thread(target=pager); p.start()
t0 = time.perf_counter()
ts = [threading.Thread(target=searcher, args=(i,)) for i in range(n)]
[t.start() for t in ts]; [t.join() for t in ts]
wall = time.perf_counter() - t0
done.set(); p.join()

def summary(rs):
    st = {}
    for s, _ in rs:
        st[str(s)] = st.get(str(s), 0) + 1
    lat = sorted(d for _, d in rs)
    q = lambda f: lat[min(len(lat) - 1, int(f * len(lat)))]
    return {"n": len(rs), "status": st, "p50_ms": round(q(0.5) * 1000), "p95_ms": round(q(0.95) * 1000), "max_ms": round(lat[-1] * 1000)}

print(json.dumps({"searches": summary(results), "incident_page": summary(page), "wall_s": round(wall, 1)}))
