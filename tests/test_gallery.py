"The Voila gallery that `make apps` / `medwork apps` serves: lists every app, serves nothing else."
import urllib.request, urllib.error
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
    assert voila_url.startswith('http://127.0.0.1:')
