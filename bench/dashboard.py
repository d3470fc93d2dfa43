"""The practice dashboard's render times, with the load average: `medwork dashboard serve` from start to every chart drawn
(cold: Voila starting), a second page on the running server (warm: a new kernel only), the static export
(`medwork dashboard export`, whole command, and in-process), and the PDF, on the demo (whose one-off seeding is timed too). Peer: the in-process export, measured in the same run."""
import os, socket, subprocess, sys, tempfile, time
from pathlib import Path
from playwright.sync_api import sync_playwright
from medwork.apps.dashboard import readonly_store_with_demo
from medwork.dashboard import export_dashboard, demo_sources, chromium_path

TOKEN = 'bench-token'
CLI = [sys.executable, '-c', 'from medwork.cli import main; raise SystemExit(main())', 'dashboard']

def free_port():
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

def listening(port) -> bool:
    with socket.socket() as s: return s.connect_ex(('127.0.0.1', port)) == 0

def load(): return '/'.join(f'{x:.2f}' for x in os.getloadavg())

def page_time(browser, url) -> float:
    "Seconds from navigation to every chart of the page drawn."
    pg = browser.new_page(viewport={'width': 1280, 'height': 800}); t = time.perf_counter()
    pg.goto(url, timeout=300_000, wait_until='commit')
    pg.wait_for_function("document.querySelectorAll('.mw-chart img').length >= 6 && [...document.querySelectorAll('.mw-chart img')].every(i => i.complete)", timeout=300_000)
    dt = time.perf_counter() - t; pg.close(); return dt

def main():
    d = Path(tempfile.mkdtemp(prefix='bench-dashboard-')); db = d/'store.db'
    os.environ['MEDWORK_CACHE'] = str(d/'cache')          # a cold cache: the demo practice is generated in this run
    print(f'load average (1/5/15 min) at start: {load()}, cores: {os.cpu_count()}')
    t = time.perf_counter(); readonly_store_with_demo(db).close(); seed = time.perf_counter() - t
    port = free_port(); url = f'http://127.0.0.1:{port}/?token={TOKEN}'
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=['--headless', '--no-sandbox', '--disable-gpu'])
        t0 = time.perf_counter()
        proc = subprocess.Popen(CLI + ['--store', str(db), 'serve', '--port', str(port), '--token', TOKEN], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while not listening(port): time.sleep(0.05)
            up = time.perf_counter() - t0
            cold = up + page_time(b, url)
            warm = [page_time(b, url) for _ in range(2)]
        finally:
            proc.terminate(); proc.wait(30)
        b.close()
    t = time.perf_counter(); subprocess.run(CLI + ['--store', str(db), 'export', '--out', str(d/'r.html')], check=True, capture_output=True); cli = time.perf_counter() - t
    src = demo_sources()
    t = time.perf_counter(); export_dashboard(d/'r2.html', url=db, src=src); inproc = time.perf_counter() - t
    t = time.perf_counter(); subprocess.run(CLI + ['--store', str(db), 'export', '--out', str(d/'r3.html'), '--pdf'], check=True, capture_output=True); pdf = time.perf_counter() - t
    print(f'demo: practice of 2,000 encounters generated and its two audits created (sample of 300, 100% review) in {seed:.1f} s (once per store)')
    print(f'serve: Voila listening after {up:.1f} s; start to all charts drawn {cold:.1f} s (cold)')
    print(f'second and third page on the running server (new kernel each): {warm[0]:.1f} s, {warm[1]:.1f} s')
    print(f'export: `medwork dashboard export` {cli:.1f} s (whole command); in-process export (peer) {inproc:.2f} s; with --pdf {pdf:.1f} s')
    print(f'ratios: cold page / in-process export {cold / inproc:.1f}x; warm page / in-process export {min(warm) / inproc:.1f}x; HTML size {(d/"r.html").stat().st_size / 1024:.0f} KiB, PDF {(d/"r3.pdf").stat().st_size / 1024:.0f} KiB')
    print(f'load average at end: {load()}')

if __name__ == '__main__': main()
