"The ICD-10-CM Index, Drug Table and Neoplasm Table (medwork.cmindex): data provenance, the model, the CLIs, and search."
import hashlib, json, lzma, shutil, subprocess, sys
from pathlib import Path
import pytest
from medwork.core import MedworkError
from medwork import cmindex
from medwork.cmindex import (SOURCES, index_dir, expected_digests, read_source, index_tables, find, see_target, tabular_codes,
                             with_encounter, drug_codes, neoplasm_codes, table_rows, completions, source_label,
                             index_cli, drug_cli, neoplasm_cli)
from medwork.lookup import search

MEDWORK = str(Path(sys.executable).parent/'medwork')

def run(*args):
    return subprocess.run([MEDWORK, *args], capture_output=True, text=True)

# ---- data and provenance --------------------------------------------------------------------------
def test_every_file_is_in_the_repo_compressed_with_its_checksum_in_the_readme():
    readme = (index_dir()/'README.md').read_text()
    sums = expected_digests()
    for name in [*SOURCES.values(), 'icd10cm-index-2025.xsd', 'icd-10-cm-drug-neoplasm-2025.xsd']:
        raw = lzma.decompress((index_dir()/f'{name}.xz').read_bytes())
        assert hashlib.sha256(raw).hexdigest() == sums[name] and sums[name] in readme and name in readme
    assert 'public domain' in readme.lower() and 'import_index.py' in readme

def test_a_damaged_file_is_an_error_not_different_data(tmp_path, monkeypatch):
    for p in index_dir().iterdir(): shutil.copy(p, tmp_path/p.name)
    raw = lzma.decompress((tmp_path/'icd-10-cm-neoplasm-2025.xml.xz').read_bytes()).replace(b'C78.7', b'C78.8', 1)
    (tmp_path/'icd-10-cm-neoplasm-2025.xml.xz').write_bytes(lzma.compress(raw))
    monkeypatch.setattr(cmindex, 'index_dir', lambda: tmp_path)
    with pytest.raises(MedworkError, match='SHA-256') as e: read_source('neoplasm')
    assert str(tmp_path) not in str(e.value)
    (tmp_path/'icd-10-cm-drug-2025.xml.xz').unlink()
    with pytest.raises(MedworkError, match='missing'): read_source('drug')

def test_the_import_script_rebuilds_the_same_bytes(tmp_path):
    src = tmp_path/'src'; src.mkdir()
    for name in [*SOURCES.values(), 'icd10cm-index-2025.xsd', 'icd-10-cm-drug-neoplasm-2025.xsd']:
        (src/name).write_bytes(lzma.decompress((index_dir()/f'{name}.xz').read_bytes()))
    (src/'SHA256SUMS').write_text((index_dir()/'SHA256SUMS').read_text())
    out = tmp_path/'out'; out.mkdir()
    script = out/'import_index.py'; shutil.copy(index_dir()/'import_index.py', script)
    r = subprocess.run([sys.executable, str(script), str(src)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    for name in SOURCES.values(): assert (out/f'{name}.xz').read_bytes() == (index_dir()/f'{name}.xz').read_bytes()
    (src/'ICD10CM_2025_Index.csv').write_text('RowID,Letter,Level,Term,See,SeeAlso,NonEssModif,Code\n1,A,0,Fake,,,,A00\n')
    assert subprocess.run([sys.executable, str(script), str(src)], capture_output=True, text=True).returncode == 1

# ---- the model ------------------------------------------------------------------------------------
@pytest.fixture(scope='module')
def tables(): return index_tables()

def test_counts_of_the_four_books(tables):
    by = {s: sum(1 for t in tables.terms if t.source == s) for s in SOURCES}
    assert by['index'] == 81024 and len(tables.main_terms('index')) == 8100
    assert len(tables.main_terms('drug')) > 5000 and by['neoplasm'] > 1900 and len(tables.main_terms('eindex')) > 300
    assert len(tables.heads['drug']) == 6 and tables.heads['neoplasm'][1] == 'Malignant Secondary'

@pytest.mark.parametrize('path,code', [('Failure, renal, acute', 'N17.9'), ('Diabetes, diabetic', 'E11.9'),
                                       ('Diabetes, with, chronic kidney disease', 'E11.22'),
                                       ('Hypertension, cardiorenal', 'I13.10'), ('Bunion', 'M21.61-')])
def test_paths(tables, path, code): assert tables[find(tables, path)].code == code

def test_see_and_see_also(tables):
    assert tables[see_target(tables, find(tables, 'Abdominalgia'))].code == 'R10.9'          # see
    neph = find(tables, 'Nephrolithiasis')
    assert tables[see_target(tables, neph, also=True)].code == 'N20.0'                       # see also (no code of its own)
    i = find(tables, 'Accident, animal-drawn vehicle', 'eindex')
    assert tables[i].see == 'Accident, transport, animal-drawn vehicle occupant'

def test_codes_are_checked_against_the_tabular():
    assert tabular_codes('N17.9').status == 'billable'
    c = tabular_codes('C64.-')
    assert c.status == 'complete' and c.billable == ['C64.1', 'C64.2', 'C64.9']
    g = tabular_codes('G35')
    assert g.status == 'expanded' and 'header' in g.note and g.billable and all(k.startswith('G35.') for k in g.billable)
    assert tabular_codes('T40.2X1').status == 'seventh' and 'T40.2X1A' in tabular_codes('T40.2X1').billable
    assert tabular_codes('--').status == 'none'
    assert completions('L89.15-', 'Ulcer pressure stage 3 sacral region') == ['L89.153']

def test_drug_table_columns_and_seventh_character():
    assert drug_codes('acetaminophen')[0][2:] == ('T39.1X1', 'T39.1X1A')
    assert drug_codes('acetaminophen', 'self-harm', 'subsequent')[0][3] == 'T39.1X2D'
    assert drug_codes('oxycodone', 'underdosing', 'sequela')[0][3] == 'T40.2X6S'
    assert drug_codes('heroin', 'adverse effect')[0][2:] == ('--', '')
    assert drug_codes('alcohol')[0][3] == 'T51.91XA'                                           # placeholder X
    assert with_encounter('T51.91', 'sequela') == 'T51.91XS'
    with pytest.raises(MedworkError, match='accidental'): drug_codes('aspirin', 'sometimes')

def test_neoplasm_table_columns():
    assert neoplasm_codes('liver', 'secondary')[0][2:] == ('C78.7', ['C78.7'])
    assert neoplasm_codes('bone, vertebra', 'metastatic')[0][2] == 'C79.51'
    assert neoplasm_codes('breast', 'in situ')[0][2] == 'D05.-'
    assert neoplasm_codes('bone', 'in situ')[0][2:] == ('-', [])                             # a dash: no code
    with pytest.raises(MedworkError, match='primary'): neoplasm_codes('liver', 'nasty')

def test_labels_say_where_a_code_came_from(tables):
    assert source_label(tables, find(tables, 'Failure, renal, acute')) == 'Index: Failure, failed, renal, acute'
    assert source_label(tables, table_rows(tables, 'neoplasm', 'liver')[0], 1) == 'Neoplasm Table: liver (Malignant Secondary)'

# ---- command line ---------------------------------------------------------------------------------
def test_index_cli_prints_the_tree_with_see_and_tabular_notes(capsys):
    assert index_cli(['Failure, renal']) == 0
    out = capsys.readouterr().out
    assert 'acute N17.9' in out and 'hypertensive - see Hypertension, kidney' in out and 'takes a 7th character' in out
    assert index_cli(['Failure, renal', '--json', '--depth', '1']) == 0
    tree = json.loads(capsys.readouterr().out)
    assert tree['code'] == 'N19' and 'acute' in [t['title'] for t in tree['subterms']] and tree['subterms'][0]['subterms'] == []

def test_drug_and_neoplasm_cli_json(capsys):
    assert drug_cli(['lisinopril', '--intent', 'adverse', '--json']) == 0
    assert json.loads(capsys.readouterr().out)[0]['code'] == 'T46.4X5A'
    assert neoplasm_cli(['liver', '--behavior', 'secondary', '--json']) == 0
    assert json.loads(capsys.readouterr().out)[0]['billable'] == ['C78.7']

@pytest.mark.parametrize('args,code', [(['index', 'Zzzzq'], 1), (['drug', 'zzzqqq'], 1), (['neoplasm', 'zzzqqq'], 1),
                                       (['drug', 'aspirin', '--intent', 'sometimes'], 2), (['neoplasm'], 2), (['index'], 2),
                                       (['drug', 'aspirin', '--encounter', 'initial'], 0)])
def test_cli_exit_codes_and_plain_errors(args, code):
    r = run(*args)
    assert r.returncode == code and 'Traceback' not in r.stderr, r.stderr

# ---- search uses the Index ------------------------------------------------------------------------
@pytest.mark.parametrize('q,first,source', [
    ('adverse effect of lisinopril, initial encounter', 'T46.4X5A', 'Drug Table: Lisinopril (Adverse effect)'),
    ('underdosing of insulin', 'T38.3X6A', 'Tabular'),
    ('accidental acetaminophen overdose', 'T39.1X1A', 'Drug Table: Acetaminophen (Poisoning Accidental (unintentional))'),
    ('acute renal failure', 'N17.9', 'Index: Failure, failed, renal, acute'),
    ('metastatic to bone', 'C79.51', 'Neoplasm Table: bone (Malignant Secondary)'),
    ('abdominalgia', 'R10.9', 'Index: Abdominalgia - see Pain, abdominal'),
    ('kidney cancer', 'C64.9', 'Neoplasm Table: kidney (Malignant Primary)')])
def test_search_finds_index_and_table_codes_and_says_where_from(q, first, source):
    df = search(q, 5)
    assert df.code.iloc[0] == first and df.source.iloc[0].startswith(source), df[['code', 'source']]

def test_oxycodone_alone_gives_the_opioid_row():
    df = search('oxycodone', 7)
    assert all(c.startswith('T40.2X') for c in df.code[:6]) and df.source.iloc[0].startswith('Drug Table: Oxycodone')
