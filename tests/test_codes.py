"The ICD-10-CM code set (medwork.codes) checked end to end against the shipped source files."
import datetime as dt, json, os, shutil, subprocess, sys, time
from pathlib import Path
import pytest
import medwork.codes as codes
from medwork.codes import (MedworkError, RELEASES, Release, code, codeset, is_billable, is_valid, normalize,
                           require_billable, release_for, release_choice, load_release, changes, code_history)

REL = release_for(None)                                          # the newest release: April 2026, from the installed package

def shipped_code_list() -> list:
    "The official code list, read here independently of medwork (one code a line, undotted)."
    return [l.strip() for l in REL.code_list.read_text().splitlines() if l.strip()]

@pytest.fixture(scope='module')
def cs(): return codeset()

@pytest.fixture(scope='module')
def sicd():
    import simple_icd_10_cm
    return simple_icd_10_cm

def run_medwork(*args, env=None):
    exe = shutil.which('medwork') or str(Path(sys.executable).parent/'medwork')
    return subprocess.run([exe, *args], capture_output=True, text=True, timeout=300, env=env)

# --- billable codes are exactly the leaves of the official code list ---------------------------------

def test_billable_codes_are_the_code_list_leaves(cs):
    lines = shipped_code_list()
    items = sorted({l for l in lines if '-' not in l and not l.isdigit()})
    leaves = {c for c, nxt in zip(items, items[1:] + ['']) if not nxt.startswith(c)}
    assert len(leaves) == 74_719
    ours = cs.billable_codes()
    assert len(ours) == len(set(ours)) == 74_719          # no duplicates (B20, F99, P84, R99, Z66 once)
    assert {c.replace('.', '') for c in ours} == leaves

def test_every_item_of_the_code_list_is_in_the_code_set(cs):
    lines = shipped_code_list()
    ours = [c.code for c in cs.codes()]
    assert len(ours) == len(set(ours)) == len(lines)        # 39 block/category name clashes kept apart
    flat = {c.replace('.', '') if '-' not in c or c.split('-')[0] != c.split('-')[1] else c.split('-')[0]
            for c in ours}
    assert flat == set(lines)

def test_every_billable_code_is_valid_and_billable(cs):
    bad = [c for c in cs.billable_codes()
           if not (is_valid(c) and is_billable(c) and is_billable(c.replace('.', '').lower()) and code(c).billable)]
    assert bad == []

def test_every_chapter_block_and_header_is_valid_and_not_billable(cs):
    counts = {}
    for c in cs.codes():
        counts[c.kind] = counts.get(c.kind, 0) + 1
        if c.kind != 'code':
            assert is_valid(c.code) and not is_billable(c.code) and not c.billable, c.code
            assert c.billable_children(), c.code                # every header has something billable under it
    assert counts['chapter'] == 22
    assert counts['block'] == 297
    assert sum(counts.values()) == len(cs)

def test_nested_block_ranges_are_not_leaves(cs):
    nested = ['C00-C96', 'C00-C75', 'M00-M25', 'M40-M54', 'M60-M79', 'M80-M94', 'T07-T88', 'T20-T32',
              'V00-X58', 'V00-V99', 'W00-X58', 'Y62-Y84']
    for b in nested:
        c = code(b)
        assert c.kind == 'block' and not c.billable and c.children, b

def test_block_category_name_clashes(cs):
    assert code('C50').kind == 'category' and code('C50-C50').kind == 'block'
    assert code('C50').parent == 'C50-C50' and code('C50-C50').parent == 'C00-C75'
    assert code('B20').billable and code('B20').parent == 'B20-B20'
    # ancestors always end (no self-parent loop)
    assert [a for a, _ in code('C50.911').ancestors] == ['2', 'C00-C96', 'C00-C75', 'C50-C50', 'C50', 'C50.9', 'C50.91']

# --- independent cross-check against simple_icd_10_cm ----------------------------------------------

def test_titles_and_parents_match_simple_icd_10_cm(cs, sicd):
    ws = lambda s: ' '.join(s.split())
    clash = {c for c in sicd.get_all_codes(True) if sicd.is_block(c) and sicd.is_category(c)}
    assert len(clash) == 39
    mismatched, checked = [], 0
    for c in dict.fromkeys(sicd.get_all_codes(True)):
        ours = code(c)                                           # the category for clash names
        theirs = ws(sicd.get_description(c))
        if theirs != ours.title:
            # simple appends the extra 7th-character terms ('.../initial encounter for open fracture NOS')
            extra = ours.seventh_terms.get(ours.code[-1]) if ours.billable and len(ours.code) == 8 else None
            if not (extra and theirs.replace('/ ', '/') == ours.title + '/' + '/'.join(extra)): mismatched.append(c)
        # simple's ancestors (it does not nest blocks; it spells clash blocks 'C50') must all be ours too
        mine = {a for a, _ in ours.ancestors}
        for a in sicd.get_ancestors(c):
            assert a in mine or f'{a}-{a}' in mine, (c, a)
        checked += 1
    assert checked == 98_466 and mismatched == []

def test_billable_matches_simple_is_leaf_minus_its_known_defects(cs, sicd):
    for c in dict.fromkeys(sicd.get_all_codes(True)):
        leaf = sicd.is_leaf(c) and not (sicd.is_block(c) and not sicd.is_category(c))
        assert is_billable(c) == leaf, c

@pytest.mark.parametrize('kind,getter', [('excludes1', 'get_excludes1'), ('excludes2', 'get_excludes2'),
    ('includes', 'get_includes'), ('inclusion_term', 'get_inclusion_term'), ('code_first', 'get_code_first'),
    ('use_additional_code', 'get_use_additional_code'), ('code_also', 'get_code_also')])
def test_own_notes_match_simple_icd_10_cm(cs, sicd, kind, getter):
    ws = lambda s: ' '.join(s.split())
    clash = {c for c in sicd.get_all_codes(True) if sicd.is_block(c) and sicd.is_category(c)}
    get, n = getattr(sicd, getter), 0
    for c in dict.fromkeys(sicd.get_all_codes(True)):
        if c in clash or len(c.replace('.', '')) == 7 and code(c).seventh: continue
        theirs = get(c)
        if isinstance(theirs, str): theirs = theirs.split('\n')  # some getters join the lines with newlines
        assert [ws(t) for t in theirs if ws(t)] == code(c).notes.get(kind, []), (c, kind)
        n += len(theirs)
    assert n > 100

def test_inherited_notes_are_added_not_replaced():
    # C25.4 keeps its own use-additional note AND gets C25's (simple's search_in_ancestors loses the latter)
    src = {n['source'] for n in code('C25.4').all_notes() if n['kind'] == 'use_additional_code'}
    assert {'C25.4', 'C25'} <= src
    # I11.0 inherits its block's excludes1 and chapter 9's excludes2
    got = {(n['kind'], n['source']) for n in code('I11.0').all_notes()}
    assert ('excludes1', 'I10-I1A') in got and ('excludes2', '9') in got
    t = code('T40.2X1A')
    assert t.notes == {} and t.seventh_source == 'T40' and set(t.seventh) == {'A', 'D', 'S'}
    got = {(n['kind'], n['source']) for n in t.all_notes()}
    assert {('code_first', 'T36-T50'), ('use_additional_code', 'T36-T50'), ('use_additional_code', '19')} <= got

def test_seventh_characters_and_placeholder_x():
    assert is_billable('S52.501A') and not is_billable('S52.501') and is_valid('S52.501')
    assert code('S52.501A').title.endswith('initial encounter for closed fracture')
    for c in ['T36.0X1A', 'S02.0XXA', 'W19.XXXA', 'O40.1XX0', 'M1A.0710', 'H40.1131']: assert is_billable(c), c
    assert not is_valid('S06.1X7D')                                 # excluded by S06's note and the code list
    assert len(code('S72').seventh) == 16 and len(code('S82.001A').seventh) == 16

# --- normalisation, errors -----------------------------------------------------------------------

def test_normalize_forms():
    for raw in ['E1122', 'e11.22', ' E11.22 ', 'E11.22\n']: assert normalize(raw) == 'E11.22'
    assert normalize('w19xxxa') == 'W19.XXXA'
    for bad in ['', 'E', '11.22', 'E11.22.1', 'E11.22345', None, 1122]:
        with pytest.raises(MedworkError): normalize(bad)

def test_unknown_code_names_it_and_the_nearest():
    with pytest.raises(MedworkError, match=r'E11\.99 is not an ICD-10-CM code.*nearest valid codes: E11\.9,'):
        code('e1199')
    assert not is_valid('E11.99') and not is_billable('E11.99') and not is_billable('garbage')
    with pytest.raises(MedworkError, match=r'S52\.501Z is not an ICD-10-CM code.*Z is not a 7th character of S52\.501; it takes A, B'):
        code('S52501Z')
    with pytest.raises(MedworkError, match=r'T36\.01A is not an ICD-10-CM code.*nearest valid codes: T36\.0X1A'):   # placeholder X left out
        code('T36.01A')

def test_header_code_lists_billable_children():
    assert code('E11').billable is False
    with pytest.raises(MedworkError, match='E11 is a header, not billable; billable codes under it: E11.00, E11.01'):
        require_billable('E11')
    with pytest.raises(MedworkError, match='7th character'): require_billable('S52.501')
    r = run_medwork('code', 'E11')
    assert 'billable: no (category)' in r.stdout and 'billable codes under it: E11.00, E11.01' in r.stdout and '(87 in all)' in r.stdout
    d = json.loads(run_medwork('code', 'W19', '--json').stdout)
    assert d['billable'] is False and d['needs_seventh_character'] is True and d['billable_codes'] == ['W19.XXXA', 'W19.XXXD', 'W19.XXXS']
    assert 'it needs a 7th character' in run_medwork('code', 's52501').stdout

def test_bad_dates():
    with pytest.raises(MedworkError, match="'2026-02-30' is not a valid date of service"): is_billable('E11.22', on='2026-02-30')
    with pytest.raises(MedworkError, match="'May 14' is not a valid date"): code('E11.22', on='May 14')
    assert is_billable('E11.22', on=dt.datetime(2026, 9, 30, 23, 59)) and is_billable('E11.22', on='2026-04-01')

def test_a_date_no_release_covers_uses_the_nearest_and_says_so():
    for day, key in [('2025-10-01', 'FY2026-apr'), ('2026-03-31', 'FY2026-apr'), ('2026-10-01', 'FY2026-apr'),
                     ('2020-10-01', 'FY2021-jan'), ('2022-06-01', 'FY2021-jan'), ('2024-01-01', 'FY2025')]:
        ch = release_choice(day)
        assert (ch.release.key, ch.in_force) == (key, False), day
        assert day in ch.note and ch.release.name in ch.note
        assert code('E11.9', on=day).release_note == ch.note                # every Code built on it carries the note
        assert code('E11.9', on=day).to_dict()['release']['in_force'] is False
    assert release_choice('2026-09-30').in_force and code('E11.9', on='2026-09-30').release_note == ''

def test_a_second_release_is_chosen_by_date(monkeypatch):
    older = REL._replace(name='ICD-10-CM FY2026 (test copy)', valid_from=dt.date(2025, 10, 1),
                                valid_to=dt.date(2026, 3, 31))
    monkeypatch.setattr(codes, 'RELEASES', [older, REL])
    assert codeset('2026-01-15').release.name == 'ICD-10-CM FY2026 (test copy)'
    assert codeset('2026-05-01').release is REL and codeset().release is REL
    assert codeset('2025-09-30').release is older and not release_choice('2025-09-30').in_force   # the nearest, said so
    monkeypatch.setattr(codes, 'RELEASES', [])
    with pytest.raises(MedworkError, match='No ICD-10-CM release is loaded'): codeset('2026-05-01')

# --- releases by date of service (issue 11) -------------------------------------------------------

def official_billable_count(path) -> int:
    "Billable codes counted straight from a release's own file, independently of medwork: order-file flag 1, or code-list leaves."
    import lzma
    raw = Path(path).read_bytes()
    lines = [l for l in (lzma.decompress(raw) if str(path).endswith('.xz') else raw).decode('ascii').splitlines() if l.strip()]
    if len(lines[0]) > 14 and lines[0][:5].isdigit(): return sum(l[14] == '1' for l in lines)
    items = sorted({l.strip() for l in lines if '-' not in l and not l.strip().isdigit()})
    return sum(not nxt.startswith(c) for c, nxt in zip(items, items[1:] + ['']))

@pytest.mark.parametrize('key,billable', [('FY2021-jan', 72_621), ('FY2025', 74_260), ('FY2025-apr', 74_260), ('FY2026-apr', 74_719)])
def test_billable_count_per_release_equals_its_own_code_list(key, billable):
    r = codes.find_release(key)
    assert official_billable_count(r.code_list) == billable
    assert len(load_release(r).billable_codes()) == billable

def test_e11a_by_date_of_service_from_the_loaded_releases():
    assert 'E11.A' not in load_release(release_for('2025-09-01')).billable_codes()
    assert 'E11.A' in load_release(release_for('2025-10-01')).billable_codes()
    assert not is_billable('E11.A', on='2025-09-01') and not is_valid('E11.A', on='2025-09-01')
    assert is_billable('E11.A', on='2025-10-01') and is_billable('E11A', on=dt.date(2026, 5, 1))
    with pytest.raises(MedworkError, match=r'E11\.A is not an ICD-10-CM code in the ICD-10-CM FY2025 April update.*billable in ICD-10-CM FY2026'):
        code('E11.A', on='2025-09-01')

@pytest.mark.parametrize('dx', ['G35', 'D71', 'E78.01', 'R10.2'])
def test_a_code_deleted_in_a_later_release_is_valid_on_an_earlier_date(dx):
    assert dx in changes('FY2025-apr', 'FY2026-apr').deleted
    assert is_billable(dx, on='2025-06-15') and not is_billable(dx, on='2026-06-15')
    assert code_history(dx)['deleted_after'] == 'FY2025-apr'

def test_codes_deleted_since_fy2021_are_valid_in_2021():
    ch = changes('FY2021-jan', 'FY2025')
    assert len(ch.deleted) == 385 and len(ch.added) == 2024
    assert all(is_billable(c, on='2021-06-01') and not is_billable(c, on='2025-06-01') for c in ch.deleted)
    assert all(is_billable(c, on='2025-06-01') and not is_billable(c, on='2021-06-01') for c in ch.added)

def test_fy2025_order_file_matches_the_april_2025_code_list():
    a, b = load_release(codes.find_release('FY2025')), load_release(codes.find_release('FY2025-apr'))
    assert a.billable_codes() == b.billable_codes()             # same codes, same order: April 2025 changed no code
    assert changes(a.release, b.release).counts() == dict(added=0, deleted=0, revised=0)

def test_shipped_release_files_match_their_checksums():
    folder = codes.releases_dir()
    import hashlib
    sums = [l.split() for l in (folder/'SHA256SUMS').read_text().splitlines() if l.strip()]
    assert len(sums) == 5
    for digest, name in sums: assert hashlib.sha256((folder/name).read_bytes()).hexdigest() == digest, name
    readme = (folder/'README.md').read_text()
    assert all(digest in readme for digest, _ in sums)

def test_cli_codes_releases_changes_history():
    r = run_medwork('codes', 'releases')
    assert r.returncode == 0, r.stderr
    assert [l.split()[0] for l in r.stdout.splitlines()[1:5]] == ['FY2021-jan', 'FY2025', 'FY2025-apr', 'FY2026-apr']
    assert '74,719' in r.stdout and '72,621' in r.stdout
    r = run_medwork('codes', 'changes', 'FY2025-apr', 'FY2026-apr', '--limit', '1000')
    assert r.returncode == 0 and '487 added, 28 deleted' in r.stdout and '  added E11.A' in r.stdout and '  deleted G35' in r.stdout
    d = json.loads(run_medwork('codes', 'history', 'E11.A', '--json').stdout)
    assert d['added_in'] == 'FY2026-apr' and [x['status'] for x in d['releases']] == ['absent', 'absent', 'absent', 'billable']
    r = run_medwork('codes', 'changes', 'FY2019', 'FY2026-apr')
    assert r.returncode == 2 and 'not a loaded ICD-10-CM release' in r.stderr and 'Traceback' not in r.stderr
    r = run_medwork('codes', 'history', 'X99.99')
    assert r.returncode == 1 and 'X99.99 is in no loaded ICD-10-CM release' in r.stderr

# --- source files and the cache ------------------------------------------------------------------

@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv('MEDWORK_CACHE', str(tmp_path/'cache'))
    monkeypatch.setattr(codes, '_LOADED', {})
    return tmp_path/'cache'

def broken_release(tmp_path, which, content):
    xml, cl = tmp_path/'tabular.xml', tmp_path/'codes.txt'
    shutil.copy(REL.xml, xml); shutil.copy(REL.code_list, cl)
    target = xml if which == 'xml' else cl
    if content is None: target.unlink()
    else: target.write_bytes(content)
    return REL._replace(xml=xml, code_list=cl), target

@pytest.mark.parametrize('which,content,words', [
    ('xml', REL.xml.read_bytes()[:500_000], 'is corrupt'),
    ('xml', None, 'is missing'),
    ('xml', b'<html><body>not icd</body></html>', 'is not an ICD-10-CM tabular file'),
    ('codes', b'\x00\xff\xfe' * 1000, 'is corrupt'),
    ('codes', REL.code_list.read_bytes()[:200_000], 'does not match the tabular'),
    ('codes', None, 'is missing')])
def test_corrupt_or_missing_source_file(tmp_path, fresh_cache, monkeypatch, which, content, words):
    bad, target = broken_release(tmp_path, which, content)
    monkeypatch.setattr(codes, 'RELEASES', [bad])
    with pytest.raises(MedworkError) as e: codeset()
    assert str(target) in str(e.value) and words in str(e.value)

def test_damaged_compressed_source_is_an_error_naming_it(tmp_path, fresh_cache, monkeypatch):
    apr, fy25 = codes.find_release('FY2025-apr'), codes.find_release('FY2025')
    xml, cl = tmp_path/apr.xml.name, tmp_path/apr.code_list.name
    xml.write_bytes(apr.xml.read_bytes()[:300_000]); shutil.copy(apr.code_list, cl)          # a truncated .xz download
    monkeypatch.setattr(codes, 'RELEASES', [apr._replace(xml=xml, code_list=cl)])
    with pytest.raises(MedworkError, match=f'{xml}.*is corrupt'): codeset()
    order = tmp_path/'icd10cm_order_2025.txt.xz'
    lines = [f'{n:05d} {c:<7} 1 {"title":<60} title' for n, c in enumerate(['E11', 'E119'] + [f'B{k:04d}' for k in range(1500)], 1)]
    order.write_bytes(__import__('lzma').compress('\n'.join(lines).encode()))             # E11 billable, yet E11.9 under it
    monkeypatch.setattr(codes, 'RELEASES', [fy25._replace(code_list=order)])
    with pytest.raises(MedworkError, match='billable codes have codes under them'): codeset()

def test_a_source_file_corrupted_after_caching_is_still_caught(tmp_path, fresh_cache, monkeypatch):
    good, xml = broken_release(tmp_path, 'xml', REL.xml.read_bytes())
    monkeypatch.setattr(codes, 'RELEASES', [good])
    assert codeset()['E11.22'].billable                        # parsed and cached from the good copy
    xml.write_bytes(xml.read_bytes()[:-5000])                   # then the file is damaged (truncated)
    codes._LOADED.clear()
    with pytest.raises(MedworkError, match=f'{xml}.*is corrupt'): codeset()

def test_corrupt_cache_is_rebuilt_silently(fresh_cache):
    codeset()                                                   # builds the cache
    files = list(fresh_cache.glob('icd10cm-*.marshal'))
    assert len(files) == 1
    files[0].write_bytes(b'not a pickle')
    codes._LOADED.clear()
    assert len(codeset().billable_codes()) == 74_719
    assert files[0].stat().st_size > 1_000_000

def test_damaged_titles_in_the_cache_are_rebuilt(fresh_cache):
    import marshal
    codeset()
    path, = fresh_cache.glob('icd10cm-*.marshal')
    saved = list(marshal.loads(path.read_bytes()))
    saved[codes._TABLE_KEYS.index('titles')] = marshal.dumps(['wrong'] * 10)
    path.write_bytes(marshal.dumps(tuple(saved)))
    codes._LOADED.clear()
    assert code('E11.22').title == 'Type 2 diabetes mellitus with diabetic chronic kidney disease'
    assert not path.exists()                                    # the damaged file is dropped; next load rebuilds it

def test_warm_load_in_a_fresh_process(fresh_cache):
    env = {**os.environ, 'MEDWORK_CACHE': str(fresh_cache)}
    probe = ('import time; t=time.perf_counter(); import medwork.codes as m; m.build_table = None; '
             'cs = m.codeset(); print(len(cs.billable_codes()), m.code("E11.22").title, time.perf_counter()-t)')
    subprocess.run([sys.executable, '-c', 'import medwork.codes as m; m.codeset()'], env=env, check=True, timeout=300)
    r = subprocess.run([sys.executable, '-c', probe], env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr                          # build_table=None: it must come from the cache
    n, *title, secs = r.stdout.split()
    assert n == '74719' and ' '.join(title) == 'Type 2 diabetes mellitus with diabetic chronic kidney disease'
    assert float(secs) < 1.0

# --- the command line ----------------------------------------------------------------------------

def test_cli_json():
    r = run_medwork('code', 'e1122', '--json', '--on', '2026-05-14')
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert {'code', 'title', 'billable', 'kind', 'ancestors', 'notes', 'seventh'} <= set(d)
    assert d['code'] == 'E11.22' and d['billable'] is True and d['kind'] == 'code'
    assert [a['code'] for a in d['ancestors']] == ['4', 'E08-E13', 'E11', 'E11.2']
    assert d['notes']['use_additional_code'][0] == {'text': 'code to identify stage of chronic kidney disease (N18.1-N18.6)',
                                                   'source': 'E11.22', 'source_label': 'E11.22', 'items': []}
    assert {'source': 'E11', 'source_label': 'E11', 'text': 'type 1 diabetes mellitus (E10.-)', 'items': []} in d['notes']['excludes1']
    # a lead-in keeps its sub-items; an inherited chapter note says which chapter
    lead = d['notes']['use_additional_code'][1]
    assert lead['text'] == 'code to identify control using:' and 'insulin (Z79.4)' in lead['items'] and len(lead['items']) == 4
    assert all(n['text'] != 'insulin (Z79.4)' for n in d['notes']['use_additional_code'])
    assert d['notes']['excludes1'][-1]['source'] == '4' and d['notes']['excludes1'][-1]['source_label'] == 'Chapter 4'

def test_cli_text_and_errors():
    r = run_medwork('code', 'T40.2X1A')
    assert r.returncode == 0 and 'billable: yes' in r.stdout and '[from block T36-T50]' in r.stdout and '7th characters' in r.stdout
    assert '[from Chapter 19]' in r.stdout and '[from 19]' not in r.stdout
    r = run_medwork('code', 'E11.22')
    assert '    - code to identify control using:   [from E11]\n        - injectable non-insulin antidiabetic drugs (Z79.85)' in r.stdout
    r = run_medwork('code', 'X99.99')
    assert r.returncode == 1 and 'X99.99 is not an ICD-10-CM code' in r.stderr and 'Traceback' not in r.stderr
    r = run_medwork('code', 'E11.22', '--on', '2027-01-01')        # after every release: the newest, and the code says so
    assert r.returncode == 0 and 'NOTE: no loaded ICD-10-CM release is in force on 2027-01-01' in r.stdout
    r = run_medwork('code', 'E11.22', '--on', '01/01/2027')          # not a date: a usage mistake, exit 2
    assert r.returncode == 2 and '01/01/2027' in r.stderr and 'Traceback' not in r.stderr

# --- properties ----------------------------------------------------------------------------------

from hypothesis import given, settings, strategies as st

@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=12), st.from_regex(r'\s*[A-Za-z][0-9A-Za-z]{2}\.?[0-9A-Za-z]{0,5}\s*', fullmatch=True)))
def test_normalize_is_idempotent_and_lookups_never_crash(raw):
    try: n = normalize(raw)
    except MedworkError: n = None
    if n is not None: assert normalize(n) == n and n == n.strip().upper()
    assert is_valid(raw) in (True, False) and is_billable(raw) in (True, False)
    if is_billable(raw): assert code(raw).billable and is_valid(raw)
