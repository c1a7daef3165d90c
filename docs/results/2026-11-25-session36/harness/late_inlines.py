import sys,re
# for a compile task section: list late_inline blocks not followed by an <intrinsic line
lines=open(sys.argv[1]).read().split('\n')
meth={}
for l in lines:
    m=re.match(r"<method id='(\d+)' holder='\d+' name='([^']+)'",l)
    if m and m.group(1) not in meth: meth[m.group(1)]=m.group(2)
i=0; bad=0; tot=0
while i<len(lines):
    l=lines[i]
    if l.startswith('<late_inline '):
        mid=re.search(r"method='(\d+)'",l).group(1)
        j=i+1; jv=[]
        while not lines[j].startswith('</late_inline'):
            m=re.search(r"bci='(\d+)' method='(\d+)'",lines[j]); jv.append(f"{meth.get(m.group(2),m.group(2))}@{m.group(1)}"); j+=1
        nxt=lines[j+1] if j+1<len(lines) else ''
        tot+=1
        if not nxt.startswith('<intrinsic') and not nxt.startswith('<parse'):
            bad+=1; print('NOINTR', meth.get(mid,mid), ' <- '.join(jv[:6]), '| next:', nxt[:80])
        i=j
    if l.startswith('<task_done'): print(l[:160]); break
    i+=1
print('late inlines',tot,'without intrinsic',bad)
