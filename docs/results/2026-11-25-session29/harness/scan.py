import re,subprocess,sys,collections
lines=open(sys.argv[1],errors='replace').read().split('\n')
i=0; res=[]
while i<len(lines):
    l=lines[i]
    if l.startswith('Compiled method (c2)'):
        name=l.split()[-3] if '%' not in l else l.split()[-5]+'(osr)'
        m=re.search(r'io\.bnb\S+',l); name=(m.group(0) if m else l)+(' OSR' if ' % ' in l else '')
        j=i
        while j<len(lines) and lines[j].strip()!='[MachCode]': j+=1
        base=None; data=bytearray()
        k=j+1
        while k<len(lines) and lines[k].strip()!='[/MachCode]':
            mm=re.match(r'\s+0x([0-9a-f]+): ([0-9a-f| ]+)$',lines[k])
            if mm:
                addr=int(mm.group(1),16); hx=mm.group(2).replace('|','').replace(' ','')
                if base is None: base=addr
                if addr-base>len(data): data+=bytes(addr-base-len(data))
                data+=bytes.fromhex(hx)
            k+=1
        open('/tmp/s29/sec.bin','wb').write(data)
        out=subprocess.run(['objdump','-D','-b','binary','-m','i386:x86-64','/tmp/s29/sec.bin'],capture_output=True,text=True).stdout
        c=collections.Counter()
        for ol in out.split('\n'):
            p=ol.split('\t')
            if len(p)>=3:
                mn=p[2].split()[0] if p[2].split() else ''
                c[mn]+=1
        res.append((name,len(data),c['vcmpunordps'],c['vcvttps2dq'],c['vpmovd2m'],c['vblendmps'],c['vpternlogd'], c['vpermw']+c['vpermb']+c['vpermi2b']+c['vpermi2w']+c['vpermi2d']+c['vpermt2b']+c['vpermd']+c['vpermps']))
        i=k
    i+=1
print('%-70s %6s %5s %5s %5s %5s %5s %5s'%('method','bytes','unord','cvtt','d2m','blend','tern','perm'))
for r in sorted(res,key=lambda r:-(r[2]+r[3])):
    if r[2]+r[3]>0: print('%-70s %6d %5d %5d %5d %5d %5d %5d'%r)
