"Browser test of the encounters Voila app (nbs/apps/encounters.ipynb)."
import re
from playwright.sync_api import expect
from conftest import app_url
from medwork import demo
from medwork.apps.encounters import encounter_choices, provider_choices
from medwork.codes import code

LOAD = 90_000   # Voila starts a kernel per page

def open_app(page, voila_url):
    page.goto(app_url(voila_url, 'encounters'))
    expect(page.locator('.mw-specialty select')).to_be_visible(timeout=LOAD)
    expect(page.locator('.mw-note')).to_be_visible(timeout=LOAD)

def expect_encounter(page, enc):
    "The note, the gold ICD-10-CM codes with their titles and the CPT/HCPCS labels of `enc` are on the page."
    note = page.locator('.mw-note')
    expect(note).to_contain_text(enc['note'].splitlines()[0][:60], timeout=LOAD)
    expect(page.get_by_text(enc['encounter_id']).first).to_be_visible()
    table = page.locator('.mw-table')
    for c in enc['gold']['icd10cm']:
        expect(table).to_contain_text(c)
        expect(table).to_contain_text(code(c, on=enc['dos']).title)
    labels = dict(zip(demo.load_fee_schedule().code, demo.load_fee_schedule().label))
    for l in enc['gold']['lines']: expect(table).to_contain_text(labels[l['code']])

def no_traceback(page):
    text = page.content()
    assert 'Traceback' not in text and 'Error' not in page.locator('.mw-error').all_inner_texts().__str__()
    assert page.js_errors == []

def test_filter_by_specialty_and_provider_shows_note_and_gold_codes(voila_url, page):
    encs, providers = demo.load_encounters(), demo.load_providers()
    open_app(page, voila_url)
    page.locator('.mw-specialty select').select_option(label='cardiology')
    label, pid = provider_choices(providers, 'cardiology')[1]
    provider = page.locator('.mw-provider select')
    expect(provider.locator('option')).to_have_count(len(provider_choices(providers, 'cardiology')), timeout=LOAD)
    provider.select_option(label=label)
    choices = encounter_choices(encs, 'cardiology', pid)
    assert choices, 'the chosen provider has no encounters'
    expect(page.locator('.mw-encounter select option')).to_have_count(len(choices), timeout=LOAD)
    enc = encs.set_index('encounter_id').loc[choices[0][1]].to_dict() | {'encounter_id': choices[0][1]}
    expect_encounter(page, enc)
    expect(page.locator('.mw-facts')).to_contain_text(f"supported: {enc['gold']['em']}")
    no_traceback(page)

def test_pick_another_encounter(voila_url, page):
    encs = demo.load_encounters()
    open_app(page, voila_url)
    page.locator('.mw-specialty select').select_option(label='dermatology')
    choices = encounter_choices(encs, 'dermatology')
    expect(page.locator('.mw-encounter select option')).to_have_count(len(choices), timeout=LOAD)
    label, eid = choices[-1]
    page.locator('.mw-encounter select').select_option(label=label)
    expect_encounter(page, encs.set_index('encounter_id').loc[eid].to_dict() | {'encounter_id': eid})
    assert re.search(r'>\d[\d,]* encounters<', page.content())   # exact counts: an auditor's own view
    no_traceback(page)

# --- bad input: a Voila served the way `medwork apps` does, over damaged demo data -------------------------
import json, os, shutil, subprocess
import pytest
from conftest import APPS, free_port, wait_port
from medwork.cli import voila_command, voila_env
from medwork.core import data_dir

@pytest.fixture
def damaged_voila(tmp_path):
    "Voila over a copy of the app shell, with MEDWORK_DATA pointing at demo data whose first encounter is damaged."
    data, apps = tmp_path/'data', tmp_path/'apps'
    data.mkdir(); apps.mkdir()
    for f in demo.FILES: shutil.copy(data_dir()/f, data/f)
    lines = (data/'encounters.jsonl').read_text().splitlines()
    first = json.loads(lines[0])
    first['dos'] = '2026-13-01'                                     # a malformed date of service
    first['gold']['icd10cm'] = ['Q99.99'] + first['gold']['icd10cm']  # a code the code set does not know
    (data/'encounters.jsonl').write_text('\n'.join([json.dumps(first)] + lines[1:]) + '\n')
    shell = json.loads((APPS/'encounters.ipynb').read_text())
    (apps/'encounters.ipynb').write_text(json.dumps(shell))
    missing = json.loads(json.dumps(shell))
    missing['cells'][-1]['source'] = ["import os; os.environ['MEDWORK_DATA'] = 'no-such-folder'\n", 'EncountersApp.view()']
    (apps/'missing.ipynb').write_text(json.dumps(missing))
    port = free_port()
    env = voila_env(MEDWORK_DATA=str(data))
    with open(tmp_path/'voila.log', 'w') as log:
        proc = subprocess.Popen(voila_command(apps, port), cwd=apps, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_port(port, proc)
        yield f'http://127.0.0.1:{port}/', data, first
    finally:
        proc.terminate()
        try: proc.wait(15)
        except subprocess.TimeoutExpired: proc.kill(); proc.wait()

def test_bad_input_gives_plain_messages_not_tracebacks(damaged_voila, page):
    url, data, first = damaged_voila
    page.goto(app_url(url, 'missing'))                             # a data folder without the demo files
    expect(page.locator('.mw-error')).to_contain_text('The Encounters app cannot start', timeout=LOAD)
    expect(page.locator('.mw-error')).to_contain_text('medwork demo generate')
    assert 'Traceback' not in page.content() and page.js_errors == []
    page.goto(app_url(url, 'encounters'))                          # an unknown code and a malformed date
    expect(page.locator('.mw-specialty select')).to_be_visible(timeout=LOAD)
    page.locator('.mw-specialty select').select_option(label=first['specialty'])
    choices = encounter_choices(demo.load_encounters(data), first['specialty'])
    label = next(l for l, v in choices if v == first['encounter_id'])
    options = page.locator('.mw-encounter select option')
    expect(options).to_have_count(len(choices), timeout=LOAD)       # the specialty's list, not the first one (which has it too)
    expect(page.locator('.mw-encounter select')).to_have_value(choices[0][0], timeout=LOAD)   # the specialty's update is done
    page.locator('.mw-encounter select').select_option(label=label)
    table = page.locator('.mw-table')
    expect(table).to_contain_text("(cannot look up Q99.99: '2026-13-01' is not a valid date of service", timeout=LOAD)
    expect(page.locator('.mw-note')).to_contain_text(first['note'].splitlines()[0][:60])
    assert 'Traceback' not in page.content() and page.js_errors == []

SPLIT_WORDS = '''el => { const split = []; const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT); let n;
  while ((n = walker.nextNode())) { const re = /\\S+/g; let m;
    while ((m = re.exec(n.data))) { const r = document.createRange(); r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
      const tops = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top)));
      if (tops.size > 1) split.push(m[0]); } }
  return split; }'''

def test_facts_in_words_and_note_wraps_at_word_boundaries(voila_url, page):
    "No raw fact id (chronic_worse, rx_drug_management) reaches the reader; the note wraps between words, never inside one."
    from medwork.apps.encounters import fact_label
    page.set_viewport_size({'width': 700, 'height': 900})           # narrow: the note must wrap
    encs = demo.load_encounters()
    enc = next(e for e in encs.to_dict('records') if 'chronic_worse' in e['facts']['problems'] and e['facts']['risk'] == 'rx_drug_management')
    open_app(page, voila_url)
    page.locator('.mw-specialty select').select_option(label=enc['specialty'])
    choices = encounter_choices(encs, enc['specialty'])
    label = next(l for l, v in choices if v == enc['encounter_id'])
    expect(page.locator('.mw-encounter select option')).to_have_count(len(choices), timeout=LOAD)   # the specialty's list is in
    page.locator('.mw-encounter select').select_option(label=label)
    facts = page.locator('.mw-facts')
    expect(facts).to_contain_text(fact_label('chronic_worse'), timeout=LOAD)
    expect(facts).to_contain_text(fact_label('rx_drug_management'))
    assert not re.search(r'\b[a-z]+_[a-z0-9_]+\b', facts.inner_text()), facts.inner_text()
    note = page.locator('.mw-note')
    expect(note).to_contain_text(enc['note'].splitlines()[0][:60], timeout=LOAD)
    assert note.evaluate('el => el.getClientRects()[0].height') > 100          # it did wrap over several lines
    assert note.evaluate(SPLIT_WORDS) == [], 'words broken across lines'
    no_traceback(page)
