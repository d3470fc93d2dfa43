"Lookup app: state-level checks (no front end) and browser tests through Voila."
import re
from playwright.sync_api import expect
from conftest import app_url
from medwork.apps.lookup import LookupApp, code_detail, note_links
from medwork.lookup import search

def html_of(w):
    "All HTML/labels under a widget, as one string."
    out = [getattr(w, 'value', '') if isinstance(getattr(w, 'value', ''), str) else '', getattr(w, 'description', '') or '']
    for c in getattr(w, 'children', ()): out.append(html_of(c))
    return ' '.join(out)

def test_typing_runs_the_search_and_fills_the_rows():
    app = LookupApp(debounce=0)
    app.query.value = 'bronchiolitus'
    assert app.results.code.tolist()[:5] == search('bronchiolitus', 20).code.tolist()[:5]
    assert 'J21.9' in [btn.description for _, btn, *_ in app.rows[:5]]
    shown = [r for r in app.rows if r[0].layout.display != 'none']
    assert len(shown) == len(app.results)

def test_detail_of_e11_22_shows_use_additional_note_with_links_and_inherited_notes():
    app = LookupApp(debounce=0)
    app.select('E11.22')
    text = html_of(app.detail)
    assert 'code to identify stage of chronic kidney disease' in text
    assert 'N18.1' in text and 'N18.6' in text                     # link buttons to the named codes
    assert 'inherited from E11' in text and 'billable' in text
    crumbs = [c.description for c in app.detail.children[0].children if hasattr(c, 'on_click')]
    assert crumbs[:3] == ['4', 'E08-E13', 'E11']
    # following a link opens that code
    link = next(b for b in _buttons(app.detail) if b.description == 'N18.1'); link.click()
    assert app.selected['code'] == 'N18.1'

def _buttons(w):
    for c in getattr(w, 'children', ()):
        if hasattr(c, 'click') and hasattr(c, 'description'): yield c
        yield from _buttons(c)

def test_seventh_character_table_and_header_flag():
    app = LookupApp(debounce=0)
    app.select('S52.5')
    text = html_of(app.detail)
    assert 'not billable' in text and '7th characters' in text and 'initial encounter for closed fracture' in text

def test_pcs_code_query_opens_its_axes():
    app = LookupApp(debounce=0)
    app.query.value = '0dtj4zz'
    assert app.selected['code'] == '0DTJ4ZZ'
    text = html_of(app.detail)
    assert 'ICD-10-PCS axes' in text and 'Resection' in text and 'Percutaneous Endoscopic' in text and 'Appendix' in text

def test_nothing_found_shows_suggestions_that_search():
    app = LookupApp(debounce=0)
    app.query.value = 'htnn'                                   # nothing found: a suggestion to click
    assert app.results.empty and 'Nothing found' in app.message.value
    sug = [b.description for b in app.suggest.children]
    assert 'htn' in sug, sug
    app.suggest.children[sug.index('htn')].click()
    assert app.query.value == 'htn' and 'I10' in app.results.code.tolist()
    app.query.value = 'qqqzzzx'
    assert 'Nothing found' in app.message.value and 'Traceback' not in app.message.value

def test_callback_errors_are_plain_messages():
    app = LookupApp(debounce=0)
    app.safe(lambda: app.select('X99.99'))()
    assert 'X99.99' in app.message.value and 'Traceback' not in app.message.value

def test_note_links():
    assert note_links('oral antidiabetic drugs (Z79.84)') == ['Z79.84']
    assert note_links('type 1 diabetes mellitus (E10.-)') == ['E10']
    assert code_detail('0DT')['children'][:2] == ['0DT10ZZ', '0DT14ZZ']

# ---- browser -------------------------------------------------------------------------------------
def _open(page, voila_url):
    page.goto(app_url(voila_url, 'lookup'))
    box = page.locator('.mw-lookup-query input')
    expect(box).to_be_visible(timeout=120_000)
    return box

def test_browser_bronchiolitus_shows_j21_9(voila_url, page):
    box = _open(page, voila_url)
    box.press_sequentially('bronchiolitus', delay=30)
    first = page.locator('.mw-result .mw-code-btn')
    expect(first.first).to_be_visible(timeout=60_000)
    expect(page.locator('.mw-result', has_text='J21.9').first).to_be_visible(timeout=60_000)
    codes = [t.strip() for t in first.all_inner_texts()[:5]]
    assert 'J21.9' in codes, codes
    assert not page.js_errors

def test_browser_select_e11_22_shows_ckd_stage_note(voila_url, page):
    box = _open(page, voila_url)
    box.fill('diabetes with diabetic chronic kidney disease type 2')
    row = page.locator('.mw-result', has_text='E11.22').first
    expect(row).to_be_visible(timeout=60_000)
    row.locator('.mw-code-btn').click()
    note = page.locator('.mw-detail .mw-note-use_additional_code', has_text='stage of chronic kidney disease')
    expect(note.first).to_be_visible(timeout=60_000)
    expect(page.locator('.mw-detail .mw-link', has_text='N18.1').first).to_be_visible()

def test_browser_pcs_code_shows_axes(voila_url, page):
    box = _open(page, voila_url)
    box.fill('0DTJ4ZZ')
    axes = page.locator('.mw-detail table.mw-axes')
    expect(axes).to_be_visible(timeout=60_000)
    for text in ('root operation', 'Resection', 'Appendix', 'Percutaneous Endoscopic'):
        expect(axes).to_contain_text(text)
