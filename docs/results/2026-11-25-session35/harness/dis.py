import sys,re,subprocess
# usage: dis.py file N  (N-th "Compiled method (c2)" block, 0-based; or 'last')
txt=open(sys.argv[1]).read().split('\n')
blocks=[];cur=None
for l in txt:
    if l.startswith('Compiled method'):
        cur={'h':l,'b':bytearray(),'start':None};blocks.append(cur);continue
    if cur is None: continue
    m=re.match(r'\s+0x([0-9a-f]+): ([0-9a-f| ]+)$',l)
    if m and not ';' in l:
        if cur['start'] is None: cur['start']=int(m.group(1),16)
        hx=m.group(2).replace('|','').replace(' ','')
        cur['b']+=bytes.fromhex(hx)
sel=[b for b in blocks if '(c2)' in b['h']]
idx=sys.argv[2] if len(sys.argv)>2 else 'last'
b=sel[-1] if idx=='last' else sel[int(idx)]
print(b['h'])
open('/tmp/h/code.bin','wb').write(b['b'])
out=subprocess.run(['objdump','-D','-b','binary','-mi386:x86-64','--adjust-vma=%d'%b['start'],'/tmp/h/code.bin'],capture_output=True,text=True).stdout
print(out)
