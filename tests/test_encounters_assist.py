"Browser test: the Encounters app marks the evidence of the assist's suggestions in the note and shows them beside the billed and gold codes."
from playwright.sync_api import expect
from conftest import app_url
from medwork import demo
from medwork.assist import suggest

LOAD = 180_000   # Voila starts a kernel per page; the assist's first call loads spaCy and medspaCy

def test_first_encounter_shows_highlighted_evidence(voila_url, page):
    enc = demo.load_encounters().iloc[0]
    s = suggest(enc.note)
    first = s.iloc[0]
    page.goto(app_url(voila_url, 'encounters'))
    expect(page.locator('.mw-note')).to_contain_text(enc.note.splitlines()[0][:60], timeout=LOAD)
    mark = page.locator(f'mark.mw-evidence[title*="{first.code}"]').first
    expect(mark).to_be_visible(timeout=LOAD)
    start, end = first.evidence[0]
    expect(mark).to_contain_text(enc.note[start:end])
    table = page.locator('.mw-assist-table')
    for c in enc.gold['icd10cm']: expect(table).to_contain_text(c)
    expect(table).to_contain_text('billed, another code supported')   # the demo bill has a less specific diagnosis
    expect(page.locator('.mw-busy-on')).to_have_count(0, timeout=LOAD)
    assert 'Traceback' not in page.content() and page.js_errors == []

def test_app_without_medspacy_says_why_there_are_no_suggestions():
    "Without medspaCy the app still starts and shows the note and gold codes; the suggestions panel names the install command."
    import subprocess, sys
    code = ("import sys; sys.modules['medspacy'] = None\n"
            "from medwork.apps.encounters import EncountersApp\n"
            "app = EncountersApp.from_demo(background=False)\n"
            "print(app.codes.value); print(app.suggested.value)")
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and 'Traceback' not in r.stderr, r.stderr
    assert demo.load_encounters().iloc[0].gold['icd10cm'][0] in r.stdout
    assert 'No suggestions: the coding assist needs medspacy' in r.stdout and 'pip install' in r.stdout
