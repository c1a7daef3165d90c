import sys,re,subprocess
lines=open(sys.argv[1]).read().split('\n')
start=int(sys.argv[2])-1; end=int(sys.argv[3])
base=None; data=bytearray()
for l in lines[start:end]:
    m=re.match(r'\s+0x([0-9a-f]+): ([0-9a-f| ]+)$',l)
    if not m: continue
    addr=int(m.group(1),16)
    hx=m.group(2).replace('|','').replace(' ','')
    if base is None: base=addr
    if addr-base!=len(data):
        data+=bytes(addr-base-len(data)) if addr-base>len(data) else b''
    data+=bytes.fromhex(hx)
open('/tmp/s29/h/code.bin','wb').write(data)
print(hex(base),len(data))
