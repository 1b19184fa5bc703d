# Independent reference: nearest rotation by Newton's polar iteration (not SVD), pure Python.
import sys
def mul(a,b): return [[sum(a[i][k]*b[k][j] for k in range(3)) for j in range(3)] for i in range(3)]
def tr(a): return [[a[j][i] for j in range(3)] for i in range(3)]
def det(a):
    return (a[0][0]*(a[1][1]*a[2][2]-a[1][2]*a[2][1])-a[0][1]*(a[1][0]*a[2][2]-a[1][2]*a[2][0])+a[0][2]*(a[1][0]*a[2][1]-a[1][1]*a[2][0]))
def inv(a):
    d=det(a)
    c=[[ (a[(j+1)%3][(i+1)%3]*a[(j+2)%3][(i+2)%3]-a[(j+1)%3][(i+2)%3]*a[(j+2)%3][(i+1)%3])/d for j in range(3)] for i in range(3)]
    return c
def polar(m):
    r=m
    for _ in range(50):
        it=tr(inv(r)); r=[[0.5*(r[i][j]+it[i][j]) for j in range(3)] for i in range(3)]
    return r
sec=None; cols=None; worst=0; worst_line=None; n_bad=0; nt=0; ns=0; ptr=0; bad_t=0
for i,line in enumerate(open(sys.argv[1]),1):
    line=line.rstrip('\n')
    if line.startswith('#'):
        if '\t' in line: cols=line.lstrip('# ').split('\t'); sec=cols[0]
        continue
    if sec not in ('Target Name','Sample Name'): continue
    c=dict(zip(cols,line.split('\t')))
    if c.get('Crosshairs Driver')=='Pointer': ptr+=1; continue
    m=[[float(c['m%dn%d'%(a,b)]) for a in range(3)] for b in range(3)]
    r=polar(m)
    d=max(abs(r[i][j]-m[i][j]) for i in range(3) for j in range(3))
    if d>worst: worst=d; worst_line=i
    mtm=mul(tr(m),m)
    bad = abs(det(m)-1)>1e-3 or max(abs(mtm[i][j]-(i==j)) for i in range(3) for j in range(3))>1e-3
    n_bad+=bad
    if sec=='Target Name': nt+=1; bad_t+=bad
    else: ns+=1
print("targets",nt,"coil samples",ns,"pointer",ptr,"worst",worst,"line",worst_line,"beyond1e-3",n_bad,"targets beyond",bad_t)
