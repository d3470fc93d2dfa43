"Write README.md from nbs/index.ipynb without Quarto (see ../shared/reference/nbdev_voila.md)."
import nbformat
from pathlib import Path
from nbconvert import MarkdownExporter

root = Path(__file__).resolve().parents[1]
nb = nbformat.read(root/'nbs'/'index.ipynb', as_version=4)
keep = []
for c in nb.cells:
    lines = c.source.splitlines()
    if c.cell_type == 'code':
        if any(l.strip() in ('#| hide', '#|hide') for l in lines): continue
        c.source = '\n'.join(l for l in lines if not l.lstrip().startswith('#|'))
    keep.append(c)
nb.cells = keep
md, _ = MarkdownExporter(exclude_input_prompt=True, exclude_output_prompt=True).from_notebook_node(nb)
(root/'README.md').write_text(md.strip() + '\n', encoding='utf-8')
