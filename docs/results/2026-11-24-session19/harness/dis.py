import re,sys,subprocess
# extract the last compiled method (c2) hex bytes and disassemble
txt=open(sys.argv[1]).read()
parts=txt.split('Compiled method')
m=parts[int(sys.argv[2])]
hexbytes=[]
start=None
for line in m.splitlines():
    mm=re.match(r'\s+0x([0-9a-f]+): ((?:[0-9a-f]{4} ?\|? ?)+)\s*$', line)
    if mm:
        if start is None: start=int(mm.group(1),16)
        hexbytes.append(re.sub(r'[ |]','',mm.group(2)))
b=bytes.fromhex(''.join(hexbytes))
open('/tmp/scr/q/code.bin','wb').write(b)
print(hex(start), len(b))
