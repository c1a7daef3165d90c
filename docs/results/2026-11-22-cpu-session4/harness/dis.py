import re, sys, subprocess, collections, bisect
asm = open('asm.txt').read().splitlines()
target = sys.argv[2]  # e.g. "1478 "
perfdata = sys.argv[1]
# find the method header
start = next(i for i, l in enumerate(asm) if l.startswith('Compiled method') and (' ' + target + ' ') in l)
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
open('/tmp/cpu4/blob.bin', 'wb').write(data)
dis = subprocess.run(['objdump', '-D', '-b', 'binary', '-mi386:x86-64', '-M', 'intel', '--adjust-vma=' + hex(lo), '/tmp/cpu4/blob.bin'], capture_output=True, text=True).stdout.splitlines()
insn = []
for l in dis:
    m = re.match(r'^\s*([0-9a-f]+):\s+(?:[0-9a-f]{2} )+\s*(.*)$', l)
    if m: insn.append((int(m.group(1), 16), m.group(2).strip()))
addrs = [a for a, _ in insn]
ips = subprocess.run(['perf', 'script', '-i', perfdata, '-F', 'ip'], capture_output=True, text=True).stdout.split()
hist = collections.Counter(); tot = 0
for ip in ips:
    a = int(ip, 16)
    if lo <= a < hi:
        k = bisect.bisect_right(addrs, a) - 1
        hist[k] += 1; tot += 1
print('samples in method', tot, 'of', len(ips))
# print the hottest windows: for each insn with count, show region
show = set()
for k, c in hist.most_common(int(sys.argv[3]) if len(sys.argv) > 3 else 30):
    for j in range(k - 3, k + 2): show.add(j)
last = -5
for k in sorted(show):
    if 0 <= k < len(insn):
        if k != last + 1: print('   ...')
        a, t = insn[k]
        print(f'{hist.get(k,0):5d} {a:x} {t[:100]}')
        last = k
