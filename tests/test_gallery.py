"The Voila gallery that `make apps` / `medwork apps` serves: lists every app, serves nothing else."
import urllib.request, urllib.error
import psutil
from medwork import cli
from playwright.sync_api import expect
from conftest import APPS

def app_names(): return sorted(p.stem for p in APPS.glob('*.ipynb'))

def status(url):
    try: return urllib.request.urlopen(url, timeout=30).status
    except urllib.error.HTTPError as e: return e.code

def test_gallery_lists_every_app(voila_url, page):
    names = app_names()
    assert names, 'nbs/apps/ holds no app notebooks'
    page.goto(voila_url)
    for name in names: expect(page.get_by_text(f'{name}.ipynb')).to_be_visible(timeout=30_000)

def test_gallery_serves_no_sources(voila_url):
    for name in app_names(): assert status(f'{voila_url}voila/files/{name}.ipynb') in (403, 404)
    assert status(f'{voila_url}voila/files/../01_codes.ipynb') in (403, 404)
    assert status(f'{voila_url}voila/render/../01_codes.ipynb') in (403, 404)
    assert status(f'{voila_url}api/contents') in (403, 404)

def test_gallery_listens_on_loopback_only(voila_url):
    "The server listens on 127.0.0.1 only: its listening socket, as the kernel reports it, is bound to loopback."
    port = int(voila_url.rstrip('/').rsplit(':', 1)[1])
    bound = {c.laddr.ip for c in psutil.net_connections(kind='inet') if c.status == psutil.CONN_LISTEN and c.laddr.port == port}
    assert bound == {'127.0.0.1'}, bound

def test_apps_command_serves_on_loopback_by_default(monkeypatch, capsys):
    "`medwork apps` without --ip asks Voila for 127.0.0.1, no tracebacks, no sources (the command is caught, not run)."
    seen = []
    monkeypatch.setattr(cli.subprocess, 'call', lambda cmd, cwd: seen.append(cmd) or 0)
    assert cli.apps_cli([]) == 0
    assert '--Voila.ip=127.0.0.1' in seen[0] and '--show_tracebacks=False' in seen[0] and '--strip_sources=True' in seen[0]
    assert cli.apps_cli(['--ip', '0.0.0.0']) == 0 and '--Voila.ip=0.0.0.0' in seen[1]       # only when asked
