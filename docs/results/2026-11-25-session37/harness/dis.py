import re, sys, subprocess
path, which = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else 'c2'
blocks, cur = [], None
for line in open(path, errors='replace'):
    if line.startswith('Compiled method'):
        cur = {'hdr': line.strip(), 'bytes': bytearray(), 'start': None}
        blocks.append(cur)
        continue
    if cur is None: continue
    m = re.match(r'^\s+0x([0-9a-f]+): ([0-9a-f]{2,4}(?: [0-9a-f]{2,4})*(?: \| [0-9a-f]{2,4}(?: [0-9a-f]{2,4})*)*)\s*$', line)
    if m:
        if cur['start'] is None: cur['start'] = int(m.group(1), 16)
        hexs = m.group(2).replace('|', '').replace(' ', '')
        cur['bytes'] += bytes.fromhex(hexs)
    if line.startswith('[Stub Code]') or line.startswith('[Exception Handler]'):
        cur['done'] = True
sel = [b for b in blocks if '(' + which + ')' in b['hdr']]
b = sel[int(sys.argv[3]) if len(sys.argv) > 3 else -1]
print(b['hdr'], len(b['bytes']), 'bytes')
open('/tmp/h/code.bin', 'wb').write(b['bytes'])
out = subprocess.run(['objdump', '-D', '-b', 'binary', '-m', 'i386:x86-64', '--adjust-vma=' + hex(b['start']), '/tmp/h/code.bin'], capture_output=True, text=True).stdout
print(out)
