"""Bring the official ICD-10-CM 2025 Index files into data/icd10cm-index/, compressed with xz.

Usage: python data/icd10cm-index/import_index.py [SOURCE_FOLDER]

SOURCE_FOLDER holds the files of the CDC/NCHS "icd10cm-table-index-April-2025" release and their SHA256SUMS
(default: ../shared/reference-data/icd10cm-2025-index beside the project). Every file is checked against
SHA256SUMS before it is written; the SHA-256 of each original file is kept in data/icd10cm-index/SHA256SUMS, and
medwork checks it again each time it reads a file (medwork.cmindex.read_source). Running it twice gives the same
bytes (xz preset 9e, no timestamps in the stream).
"""
import hashlib, lzma, sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = ['ICD10CM_2025_Index.csv', 'icd-10-cm-drug-2025.xml', 'icd-10-cm-neoplasm-2025.xml', 'icd-10-cm-eindex-2025.xml',
         'icd10cm-index-2025.xsd', 'icd-10-cm-drug-neoplasm-2025.xsd']

def sums(path: Path) -> dict:
    "{file name: sha256} from a SHA256SUMS file."
    return {name.strip().lstrip('*'): h for h, name in (l.split(None, 1) for l in path.read_text().splitlines() if l.strip())}

def main(argv) -> int:
    src = Path(argv[0]) if argv else HERE.parents[2]/'shared'/'reference-data'/'icd10cm-2025-index'
    if not (src/'SHA256SUMS').is_file():
        print(f'import_index: no SHA256SUMS in {src}', file=sys.stderr); return 2
    expected, kept = sums(src/'SHA256SUMS'), []
    for name in FILES:
        raw = (src/name).read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        if expected.get(name) != digest:
            print(f'import_index: {name} does not match SHA256SUMS', file=sys.stderr); return 1
        (HERE/f'{name}.xz').write_bytes(lzma.compress(raw, preset=9 | lzma.PRESET_EXTREME))
        kept.append(f'{digest}  {name}')
        print(f'{name}: {len(raw):,} bytes -> {name}.xz {(HERE/f"{name}.xz").stat().st_size:,} bytes')
    (HERE/'SHA256SUMS').write_text('\n'.join(kept) + '\n')
    return 0

if __name__ == '__main__': sys.exit(main(sys.argv[1:]))
