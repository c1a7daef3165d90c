#!/usr/bin/env python3
# usage: ab.py ROUNDS "opts1" "opts2" ... -- ids
import sys,subprocess,json,os
a=sys.argv[1:]; rounds=int(a[0]); i=a.index('--'); cfgs=a[1:i]; ids=a[i+1:]
res={}
for r in range(rounds):
    for c in cfgs:
        env=dict(os.environ); env['BNB_JAVA_OPTS']=c; env['JAVA_HOME']='/usr/lib/jvm/temurin-25-jdk-amd64'
        subprocess.run(['./bnb','bench','--backend','cpu','--only',','.join(ids),'--json','/tmp/s24/ab.json'],env=env,stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL,cwd='/work/main')
        for x in json.load(open('/tmp/s24/ab.json')):
            k=(x['op'],x['shape'],x['dtype'])
            res.setdefault(k,{}).setdefault(c,[]).append((x['value'],x.get('copy_ratio'),x.get('alloc_bytes_per_call',0)/1e6, x.get('time_us') or x.get('median_us')))
for k,v in res.items():
    print("%s %s %s"%k)
    for c in cfgs:
        print("   %-40s %s"%(c or '(default)', '  '.join("%.2f/%s%s"%(t[0], "%.2f"%t[1] if t[1] else '-', "" if t[2]<16 else "!%.0fMB"%t[2]) for t in v.get(c,[]))))
