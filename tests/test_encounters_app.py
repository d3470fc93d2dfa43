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
    assert re.search(r'(\d+|<11) encounters', page.content())
    no_traceback(page)
