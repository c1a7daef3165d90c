import re, sys, subprocess
asm = open(sys.argv[1]).read().splitlines()
which = sys.argv[2] if len(sys.argv) > 2 else '(c2)'
starts = [i for i, l in enumerate(asm) if l.startswith('Compiled method') and which in l]
start = starts[-1]
end = next((i for i in range(start + 1, len(asm)) if asm[i].startswith('Compiled method')), len(asm))
mc = re.search(r'main code\s+\[(0x[0-9a-f]+),(0x[0-9a-f]+)\]', '\n'.join(asm[start:start+10]))
lo, hi = int(mc.group(1), 16), int(mc.group(2), 16)
blob = {}
for l in asm[start:end]:
    m = re.match(r'^\s*(0x[0-9a-f]+):\s+((?:[0-9a-f]{4} ?[0-9a-f]{0,4} ?\|? ?)+)\s*$', l)
    if not m: continue
    a = int(m.group(1), 16)
    hexs = re.sub(r'[^0-9a-f]', '', m.group(2))
    for k in range(0, len(hexs), 2): blob[a + k // 2] = int(hexs[k:k+2], 16)
data = bytes(blob.get(a, 0) for a in range(lo, hi))
open('/tmp/blob.bin', 'wb').write(data)
print(asm[start])
print(subprocess.run(['objdump', '-D', '-b', 'binary', '-mi386:x86-64', '-M', 'intel', '--adjust-vma=' + hex(lo), '/tmp/blob.bin'], capture_output=True, text=True).stdout)
