package io.bnb.backend.cpu;
import java.util.*;
public class SegProto {
    static boolean DEBUG = false;
    static final int OCT = 32;
    static final float TINY = 0x1p-31f; // octave index = (bits >>> 23) & 31 for magnitudes in [2^-31, 2)
    int[] segLo = new int[OCT]; float[] dTab = new float[OCT];
    float[] inv = new float[32], cc = new float[32]; int[] lo = new int[32], hi = new int[32];
    int npos;
    final float[] next;
    String why;
    SegProto(float[] next) { this.next = next; }

    /** runs of one sign: {first, last regular, ext} over magnitudes m */
    static List<int[]> runs(float[] m) {
        int N = m.length;
        List<int[]> runs = new ArrayList<>();
        int i0 = 0;
        while (i0 < N) {
            int j = i0, ext = 0;
            if (i0 + 1 < N) {
                j = i0 + 1;
                double g = m[i0 + 1] - m[i0];
                while (j + 1 < N && Math.abs((m[j + 1] - m[j]) - g) <= 1e-3 * g) j++;
                if (j + 1 == N - 1) ext = 1;
                else if (j + 3 < N) {
                    double g2 = m[j + 3] - m[j + 2];
                    if (Math.abs(g2 - (m[j + 2] - m[j + 1])) > 1e-3 * g2) ext = 1;
                }
            }
            runs.add(new int[]{i0, j, ext});
            i0 = j + 1 + ext;
        }
        return runs;
    }

    boolean build() {
        List<Integer> kp = new ArrayList<>(), kn = new ArrayList<>();
        for (int k = 0; k < 255; k++) if (next[k] > 0) kp.add(k);
        for (int k = 254; k >= 0; k--) if (next[k] < 0) kn.add(k);
        if (kp.size() + kn.size() != 255 - count(k -> next[k] == Float.POSITIVE_INFINITY) ) { why = "zero or infinite thresholds"; return false; }
        float[] mp = mags(kp), mn = mags(kn);
        for (float[] m : new float[][]{mp, mn}) for (int i = 0; i + 1 < m.length; i++) if (!(m[i] < m[i + 1])) { why = "equal thresholds"; return false; }
        List<int[]> rp = runs(mp), rn = runs(mn);
        if (rp.isEmpty()) { why = "no positive thresholds"; return false; }
        npos = rp.size();
        if (2 * npos > 32) { why = "too many segments"; return false; }
        boolean negEmpty = rn.isEmpty();
        if (!negEmpty) {
            if (rn.size() != rp.size()) { why = "sign structures differ"; return false; }
            for (int r = 0; r < rp.size(); r++) if (rp.get(r)[0] != rn.get(r)[0]) { why = "sign structures differ at run " + r; return false; }
        }
        float[] D = new float[npos];
        for (int r = 0; r < npos; r++) D[r] = r + 1 < npos ? mp[rp.get(r + 1)[0]] : Float.POSITIVE_INFINITY;
        for (int s = 0; s < 2; s++) {
            for (int r = 0; r < npos; r++) {
                int g0 = s * npos + r;
                if (s == 1 && negEmpty) {
                    int k0 = kp.get(0); // every negative number counts the thresholds below it: none
                    inv[g0] = 0f; cc[g0] = k0 + 0.5f; lo[g0] = k0; hi[g0] = k0;
                    continue;
                }
                float[] m = s == 0 ? mp : mn; List<Integer> ks = s == 0 ? kp : kn; int[] run = (s == 0 ? rp : rn).get(r);
                int i = run[0], j = run[1], n = j - i + run[2];
                float g = j > i ? (m[j] - m[i]) / (j - i) : 1f;
                int kb = ks.get(i);
                if (s == 0) { inv[g0] = 1f / g; cc[g0] = kb + 0.5f - m[i] / g; lo[g0] = kb; hi[g0] = kb + n; }
                else { inv[g0] = -1f / g; cc[g0] = kb + 0.5f + m[i] / g; lo[g0] = kb - n; hi[g0] = kb; }
            }
        }
        for (int o = 0; o < OCT; o++) {
            double l = o == 0 ? 0 : Math.scalb(1.0, o + 96 - 127), h = Math.scalb(1.0, o + 96 - 126);
            int a = -1, b = -1;
            for (int r = 0; r < npos; r++) {
                double rlo = r == 0 ? -1 : D[r - 1], rhi = D[r];
                if (rhi >= l && rlo < h) { if (a < 0) a = r; b = r; }
            }
            if (b - a > 1) { why = "octave " + o + " meets " + (b - a + 1) + " segments"; return false; }
            segLo[o] = a;
            dTab[o] = b > a ? D[a] : Float.POSITIVE_INFINITY;
        }
        return true;
    }
    private int count(java.util.function.IntPredicate p) { int c = 0; for (int k = 0; k < 255; k++) if (p.test(k)) c++; return c; }
    private float[] mags(List<Integer> ks) { float[] m = new float[ks.size()]; for (int i = 0; i < m.length; i++) m[i] = Math.abs(next[ks.get(i)]); return m; }

    int cand(float y) {
        int bits = Float.floatToRawIntBits(y);
        float a = Math.max(Float.intBitsToFloat(bits & 0x7fffffff), TINY);
        int o = (Float.floatToRawIntBits(a) >>> 23) & 31;
        int seg = segLo[o] + (a > dTab[o] ? 1 : 0) + ((bits >> 31) & npos);
        int B = (int) Math.fma(a, inv[seg], cc[seg]);
        return Math.min(Math.max(B, lo[seg]), hi[seg]);
    }
    int count(float y) { int B = cand(y); return B + (y > next[B] ? 1 : 0); }

    long verify(int step, NearestCode nc) {
        long bad = 0;
        for (int s = 0; s < 2; s++)
            for (long b = 0; b < 0x40000000L; b += step) {
                float y = Float.intBitsToFloat((int) b | (s << 31));
                if (count(y) != nc.index(y)) { if (bad++ < 5) System.out.println("bad y=" + y + " got " + count(y) + " want " + nc.index(y) + " cand " + cand(y)); }
            }
        return bad;
    }

    public static void main(String[] args) {
        for (String which : new String[]{"signed", "unsigned"}) {
            float[] code = which.equals("signed") ? io.bnb.api.Codebooks.dynamicSigned() : io.bnb.api.Codebooks.dynamicUnsigned();
            NearestCode nc = new NearestCode(code);
            SegProto p = new SegProto(nc.next);
            boolean ok = p.build();
            System.out.println(which + " build " + ok + " " + p.why + " npos " + p.npos);
            if (!ok) continue;
            long t0 = System.nanoTime();
            long bad = p.verify(Integer.parseInt(args[0]), nc);
            System.out.printf("bad %d  (%.1f s)%n", bad, (System.nanoTime() - t0) / 1e9);
        }
    }
}
