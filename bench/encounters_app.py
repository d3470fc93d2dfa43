"""Time to the Encounters app's first paint, and until its suggestions arrive, each in a fresh Python process.

Peers measured in the same run: the app's module import and construction (what Voila waits for before it paints)
with the assist in the background (the app as shipped), against the same app computing the suggestions before
it returns (`background=False`), and the import of `medwork.assist` alone.
Run: .venv/bin/python bench/encounters_app.py [--runs 3]"""
import argparse, statistics, subprocess, sys

PAINT = '''
import time; t = time.perf_counter()
from medwork.apps.encounters import EncountersApp
app = EncountersApp.from_demo(background={bg})
painted = time.perf_counter() - t
app.wait()
print(painted, time.perf_counter() - t)
'''
ASSIST = '''
import time; t = time.perf_counter()
import medwork.assist
print(time.perf_counter() - t, 0)
'''

def measure(code, runs):
    "Median seconds (first figure, second figure) over `runs` fresh processes."
    got = [tuple(map(float, subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, check=True).stdout.split()[-2:]))
           for _ in range(runs)]
    return statistics.median(a for a, _ in got), statistics.median(b for _, b in got)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--runs', type=int, default=3)
    runs = ap.parse_args().runs
    bg = measure(PAINT.format(bg=True), runs)
    fg = measure(PAINT.format(bg=False), runs)
    imp = measure(ASSIST, runs)
    print(f'median of {runs} fresh processes (seconds)')
    print(f'assist in the background: first paint {bg[0]:.2f}, suggestions shown {bg[1]:.2f}')
    print(f'assist before painting:   first paint {fg[0]:.2f}, suggestions shown {fg[1]:.2f}')
    print(f'import medwork.assist alone: {imp[0]:.2f}')
    print(f'first paint, background / before painting: {bg[0] / fg[0]:.2f}')
