import json, sys
runs = sys.argv[1:]
data = {r: {row['id']: row for row in json.load(open('docs/results/2026-11-24-session27/%s.json' % r))} for r in runs}
ids = list(data[runs[0]].keys())
for i in ids:
    cells = []
    for r in runs:
        row = data[r].get(i)
        if not row: cells.append('-'); continue
        v = row['copy_ratio'] if row['unit'] == 'GB/s' else row['value']
        m = row.get('meets_target')
        a = row.get('alloc_bytes_per_call') or 0
        cells.append('%.3f%s %.0fus%s' % (v, '' if m is None else ('+' if m else '-'), row['us'], ' BOX%.0fMB' % (a/1e6) if a > 5e6 else ''))
    print('%-34s' % i, ' | '.join(cells))
for r in runs:
    rows = data[r].values()
    met = sum(1 for x in rows if x.get('meets_target') is True); tot = sum(1 for x in rows if x.get('meets_target') is not None)
    met19 = sum(1 for x in rows if x.get('meets_target') is True and not x['id'].endswith('.warm'))
    print(r, 'copy %.1f' % data[r]['copy']['value'], 'met', met, 'of', tot, '; of the 19 original:', met19)
