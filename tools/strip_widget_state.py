"""Strip saved widget state from every notebook under nbs/: the notebook-level `widgets` metadata and
widget outputs (`application/vnd.jupyter.widget-state+json`, `...widget-view+json`). Saved state can hold
uploaded files and stale values, and Voila would serve it. Prints each notebook it changed."""
import json, sys
from pathlib import Path

WIDGET_MIMES = ('application/vnd.jupyter.widget-state+json', 'application/vnd.jupyter.widget-view+json')

def strip(nb: dict) -> bool:
    "Remove saved widget state from a notebook (in place); True if anything was removed."
    changed = nb.get('metadata', {}).pop('widgets', None) is not None
    for cell in nb.get('cells', []):
        kept = []
        for out in cell.get('outputs', []):
            data = out.get('data', {})
            if any(m in data for m in WIDGET_MIMES):
                changed = True
                for m in WIDGET_MIMES: data.pop(m, None)
                if not data: continue
            kept.append(out)
        if 'outputs' in cell: cell['outputs'] = kept
    return changed

def main(root='nbs') -> int:
    changed = []
    for p in sorted(Path(root).rglob('*.ipynb')):
        if '.ipynb_checkpoints' in p.parts: continue
        nb = json.loads(p.read_text(encoding='utf-8'))
        if strip(nb):
            p.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n', encoding='utf-8'); changed.append(str(p))
    for c in changed: print(f'stripped saved widget state: {c}')
    return 0

if __name__ == '__main__': sys.exit(main(*sys.argv[1:]))
