"Browser test of the Claims Voila app: NCCI finding on an injected unbundled pair; a clean claim downloads an 837P pyx12 accepts."
import csv
from playwright.sync_api import expect
from conftest import app_url
from medwork.core import data_dir
from medwork.claims import demo_assembly
from medwork.scrub import scrub, is_clean
from medwork.x12 import pyx12_validate

def _claims():
    with open(data_dir()/'claim_lines.csv') as f:
        unbundled = {r['claim_id'] for r in csv.DictReader(f) if r['injected_error'] == 'unbundled_pair'}
    claims = demo_assembly().claims
    bad = next(i for i, c in enumerate(claims) if c.claim_id in unbundled)
    good = next(i for i, c in enumerate(claims) if is_clean(scrub(c)))
    return (bad, claims[bad]), (good, claims[good])

def test_claims_app(page, voila_url, tmp_path):
    bad, good = _claims()
    page.goto(app_url(voila_url, 'claims'), timeout=120_000)
    picker = page.locator('.claim-picker select')
    expect(picker).to_be_visible(timeout=120_000)
    picker.select_option(index=bad[0])
    expect(page.locator('.findings')).to_contain_text('NCCI PTP', timeout=60_000)
    expect(page.locator('.downloads')).to_contain_text('held back', timeout=30_000)
    picker.select_option(index=good[0])
    link = page.locator('a.mw-download', has_text='Download 837P')
    expect(link).to_be_visible(timeout=60_000)
    with page.expect_download(timeout=60_000) as d: link.click()
    path = tmp_path/'claim.837'; d.value.save_as(path)
    v = pyx12_validate(path)
    assert v.ok and v.errors == [], v.errors
    assert good[1].claim_id in path.read_text()
    assert not page.js_errors, page.js_errors

def test_claims_app_upload(page, voila_url, tmp_path):
    p = tmp_path/'lines.csv'
    p.write_text('patient_id,provider_id,payer_id,dos,code,modifiers,units,icd10cm\n'
                 'SYN-P000001,SYN-D0001,SYN-Y01,2026-05-04,99213,,1,I10\n'
                 'SYN-P000001,SYN-D0001,SYN-Y01,2026-05-04,93000,,1,I10|R00.2\n'
                 'SYN-P999999,SYN-D0001,SYN-Y01,2026-05-04,99213,,1,I10\n')
    page.goto(app_url(voila_url, 'claims'), timeout=120_000)
    expect(page.locator('.claim-picker select')).to_be_visible(timeout=120_000)
    with page.expect_file_chooser(timeout=30_000) as fc: page.get_by_text('Upload lines CSV').click()
    fc.value.set_files(str(p))
    msg = page.locator('.mw-message')
    expect(msg).to_contain_text('3 rows in -> 1 claims', timeout=60_000)
    expect(msg).to_contain_text('unknown patient SYN-P999999')
    expect(page.locator('.claim-picker select option')).to_have_count(1)
    expect(page.locator('.findings')).to_be_visible()
    assert not page.js_errors, page.js_errors

def test_claims_app_bad_upload_shows_plain_message(page, voila_url, tmp_path):
    page.goto(app_url(voila_url, 'claims'), timeout=120_000)
    picker = page.locator('.claim-picker select')
    expect(picker).to_be_visible(timeout=120_000)
    n = picker.locator('option').count()
    msg = page.locator('.mw-message')
    for name, content, says in [('photo.csv', bytes(range(256)) * 8, 'not a text CSV file'),
                                ('wrong.csv', b'name,amount\nJane,10\n', 'No claim could be assembled'),
                                ('empty.csv', b'', 'holds no coded lines')]:
        p = tmp_path/name; p.write_bytes(content)
        with page.expect_file_chooser(timeout=30_000) as fc: page.get_by_text('Upload lines CSV').click()
        fc.value.set_files(str(p))
        expect(msg).to_contain_text(says, timeout=60_000)
        expect(msg).not_to_contain_text('Traceback')
        expect(page.locator('.claim-picker select option')).to_have_count(n)    # the claims on screen stay
    expect(page.get_by_text('Traceback')).to_have_count(0)
    assert not page.js_errors, page.js_errors

def _isa(path):
    "The ISA elements of an 837P file."
    return path.read_text().split('~')[0].split('*')

def test_each_837_download_is_a_new_interchange_dated_today(page, voila_url, tmp_path):
    "Two 837P downloads carry different control numbers (ISA13) and today's date (ISA09), as `medwork claims build` writes."
    from datetime import date
    _, good = _claims()
    page.goto(app_url(voila_url, 'claims'), timeout=120_000)
    picker = page.locator('.claim-picker select')
    expect(picker).to_be_visible(timeout=120_000)
    picker.select_option(index=good[0])
    files = []
    for n in range(2):
        link = page.locator('a.mw-download', has_text='Download 837P')
        expect(link).to_be_visible(timeout=60_000)
        with page.expect_download(timeout=60_000) as d: link.click()
        files.append(tmp_path/f'{n}.837'); d.value.save_as(files[-1])
        if n == 0:
            before = link.get_attribute('href')
            page.locator('.rescrub').click()
            expect(page.locator('.mw-message')).to_contain_text('Re-scrubbed', timeout=60_000)
            expect(page.locator('a.mw-download', has_text='Download 837P')).not_to_have_attribute('href', before, timeout=60_000)
    first, second = _isa(files[0]), _isa(files[1])
    assert first[9] == second[9] == date.today().strftime('%y%m%d'), (first[9], second[9])
    assert first[13] != second[13], 'two downloads share a control number'
    assert all(pyx12_validate(f).ok for f in files)

def test_claims_app_line_grid(page, voila_url):
    "One grid row per service line (code, modifiers, units, pointers, charge); a bad cell is named by line; lines can be added and removed."
    _, good = _claims()
    page.goto(app_url(voila_url, 'claims'), timeout=120_000)
    picker = page.locator('.claim-picker select')
    expect(picker).to_be_visible(timeout=120_000)
    picker.select_option(index=good[0])
    rows = page.locator('.mw-line-row')
    expect(rows).to_have_count(len(good[1].lines), timeout=60_000)
    for row, line in zip(rows.all(), good[1].lines):
        expect(row.locator('.mw-line-code input')).to_have_value(line.code)
        expect(row.locator('.mw-line-charge input')).to_have_value(f'{line.charge:.2f}')
    assert '|' not in page.locator('.mw-line-grid').inner_text()
    rows.first.locator('.mw-line-units input').fill('one')
    page.locator('.rescrub').click()
    expect(page.locator('.mw-message')).to_contain_text("line 1", timeout=60_000)
    expect(page.locator('.mw-message')).to_contain_text("is not a number")
    rows.first.locator('.mw-line-units input').fill('1')
    page.locator('.mw-line-add').click()
    expect(rows).to_have_count(len(good[1].lines) + 1)
    rows.last.locator('.mw-line-remove').click()
    expect(rows).to_have_count(len(good[1].lines))
    page.locator('.rescrub').click()
    expect(page.locator('.mw-message')).to_contain_text('Re-scrubbed', timeout=60_000)
    assert not page.js_errors, page.js_errors

def test_garbage_upload_says_missing_columns_once(page, voila_url, tmp_path):
    page.goto(app_url(voila_url, 'claims'), timeout=120_000)
    expect(page.locator('.claim-picker select')).to_be_visible(timeout=120_000)
    p = tmp_path/'garbage.csv'; p.write_text('name,amount\n' + ''.join(f'Jane{n},{n}\n' for n in range(20)))
    with page.expect_file_chooser(timeout=30_000) as fc: page.get_by_text('Upload lines CSV').click()
    fc.value.set_files(str(p))
    msg = page.locator('.mw-message')
    expect(msg).to_contain_text('No claim could be assembled', timeout=60_000)
    assert msg.inner_text().count('patient_id') == 2, msg.inner_text()   # "no patient_id, ..." and the list of needed columns
    assert 'row 1' not in msg.inner_text()
