package io.bnb.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static io.bnb.backend.cpu.Vec.LE;
import static jdk.incubator.vector.VectorOperators.*;

/**
 * The 8-bit code of {@code y = x * r} ({@link NearestCode}: the number of thresholds {@code next[k]}
 * that {@code y} exceeds) without the scalar table read, for codes whose thresholds come in runs of
 * equal spacing, as both of upstream's dynamic maps do (a run per decade).
 *
 * <p>Per value: the binary octave of {@code |y|} (its exponent bits, modulo 32) picks, with one
 * compare against the octave's run boundary, the run; the run's linear formula gives a candidate
 * {@code B}, clamped to the run; the code is {@code B + (y > next[B])}, {@code next[B]} read from
 * byte planes by VBMI permutes ({@link VbmiTables#countAbove}). That is exact wherever the code of
 * {@code y} is {@code B} or {@code B + 1}, which {@link #of} proves for every float of magnitude below 2,
 * walking the floats run of equal {@code B} by run (the candidate is monotone in {@code y}: checked on
 * the tables), or refuses the code.
 *
 * <p>quantizeBlockwise F32 with its absmax, one thread, 16 Mi values: 2.63 against 3.03 cycles a
 * value with the table (blocks of 256), 2.65 against 2.89 (4096) (session 25).
 */
final class SegmentCodes {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_512;
    private static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
    /**
     * Whether quantizeBlockwise takes this search for F32 input: the VBMI permutes are usable
     * ({@link VbmiTables#USABLE}); {@code -Dbnb.cpu.segments=false} turns it off.
     */
    static final boolean USABLE = VbmiTables.USABLE && Boolean.parseBoolean(System.getProperty("bnb.cpu.segments", "true"));
    /** Values per step of the first pass, and per piece of both. */
    static final int W = 16, PIECE = 512;
    /** Magnitudes below this share its octave (0): the octave index is the exponent modulo 32. */
    private static final int TINY_BITS = Float.floatToRawIntBits(0x1p-31f);

    /** Per octave (exponent modulo 32): the first run it meets, and the bound above which the next run starts (or +inf). */
    private final int[] firstRun = new int[32];
    private final float[] bound = new float[32];
    /** Per run (positive runs first, then the negative ones): the candidate is fma(|y|, slope, offset) rounded to an integer and clamped to [lo, hi]. */
    private final float[] slope = new float[32], offset = new float[32];
    private final int[] lo = new int[32], hi = new int[32];
    private final int negativeRuns;
    final byte[] planes;
    private final float[] next;

    private SegmentCodes(float[] next, int negativeRuns) {
        this.next = next;
        this.negativeRuns = negativeRuns;
        this.planes = VbmiTables.planesOfFloats(next);
    }

    /**
     * The segment search of a code with ascending thresholds {@code next} (255 of them, then +inf),
     * or null when its thresholds do not fall into runs that this search can prove exact.
     */
    static SegmentCodes of(float[] next) {
        if (next.length != 256 || next[255] != Float.POSITIVE_INFINITY) return null;
        List<Integer> kp = new ArrayList<>(), kn = new ArrayList<>();
        for (int k = 0; k < 255; k++) {
            if (next[k] > 0) kp.add(k);
            else if (next[k] < 0) kn.add(0, k);
            else return null; // a threshold at zero or NaN
        }
        float[] mp = magnitudes(next, kp), mn = magnitudes(next, kn);
        List<int[]> rp = runs(mp), rn = runs(mn);
        if (rp.isEmpty() || 2 * rp.size() > 32) return null;
        boolean noNegatives = rn.isEmpty();
        if (!noNegatives) {
            // both signs share the octave tables: their runs must start at the same ranks
            if (rn.size() != rp.size()) return null;
            for (int r = 0; r < rp.size(); r++) if (rp.get(r)[0] != rn.get(r)[0]) return null;
        }
        int runs = rp.size();
        SegmentCodes s = new SegmentCodes(next, runs);
        float[] starts = new float[runs];
        for (int r = 0; r < runs; r++) starts[r] = r + 1 < runs ? mp[rp.get(r + 1)[0]] : Float.POSITIVE_INFINITY;
        for (int sign = 0; sign < 2; sign++)
            for (int r = 0; r < runs; r++) {
                int g = sign * runs + r;
                if (sign == 1 && noNegatives) {
                    // no negative thresholds: every negative value has code kp[0] (the count of thresholds below 0)
                    s.slope[g] = 0f;
                    s.offset[g] = kp.get(0);
                    s.lo[g] = s.hi[g] = kp.get(0);
                    continue;
                }
                float[] m = sign == 0 ? mp : mn;
                int[] run = (sign == 0 ? rp : rn).get(r);
                int first = run[0], last = run[1], steps = last - first + run[2];
                float gap = last > first ? (m[last] - m[first]) / (last - first) : 1f;
                int k0 = (sign == 0 ? kp : kn).get(first);
                // rounded, this is the nearest threshold's rank; negative runs count downwards
                s.slope[g] = (sign == 0 ? 1f : -1f) / gap;
                s.offset[g] = k0 + (sign == 0 ? -m[first] : m[first]) / gap;
                s.lo[g] = sign == 0 ? k0 : k0 - steps;
                s.hi[g] = sign == 0 ? k0 + steps : k0;
            }
        for (int o = 0; o < 32; o++) {
            double low = o == 0 ? 0 : Math.scalb(1.0, o - 31), high = Math.scalb(1.0, o - 30);
            int a = -1, b = -1;
            for (int r = 0; r < runs; r++) {
                double from = r == 0 ? -1 : starts[r - 1], to = starts[r];
                if (to >= low && from < high) {
                    if (a < 0) a = r;
                    b = r;
                }
            }
            if (a < 0 || b - a > 1) return null; // an octave meets three runs
            s.firstRun[o] = a;
            s.bound[o] = b > a ? starts[a] : Float.POSITIVE_INFINITY;
        }
        return s.monotone() && s.provenExact() ? s : null;
    }

    private static float[] magnitudes(float[] next, List<Integer> ks) {
        float[] m = new float[ks.size()];
        for (int i = 0; i < m.length; i++) m[i] = Math.abs(next[ks.get(i)]);
        return m;
    }

    /**
     * Runs of equally spaced magnitudes {@code m} (ascending): {first, last, extension}. A threshold
     * that breaks the spacing between two runs (a decade change) ends the run before it as its one
     * extra step, when the run after it starts regular.
     */
    private static List<int[]> runs(float[] m) {
        int n = m.length;
        List<int[]> runs = new ArrayList<>();
        for (int first = 0; first < n; ) {
            int last = first, ext = 0;
            if (first + 1 < n) {
                last = first + 1;
                double gap = m[first + 1] - m[first];
                while (last + 1 < n && Math.abs((m[last + 1] - m[last]) - gap) <= 1e-3 * gap) last++;
                if (last + 1 == n - 1) ext = 1;
                else if (last + 3 < n) {
                    double next = m[last + 3] - m[last + 2];
                    if (Math.abs(next - (m[last + 2] - m[last + 1])) > 1e-3 * next) ext = 1;
                }
            }
            runs.add(new int[] {first, last, ext});
            first = last + 1 + ext;
        }
        return runs;
    }

    /** The candidate for {@code y}, exactly as the vector pass computes it. */
    int candidate(float y) {
        int bits = Float.floatToRawIntBits(y);
        // the magnitude's bits, at least TINY's: a max over ints orders non-negative floats (NaN last)
        int ab = Math.max(bits & 0x7fffffff, TINY_BITS);
        float a = Float.intBitsToFloat(ab);
        int o = (ab >>> 23) & 31;
        int g = firstRun[o] + (a > bound[o] ? 1 : 0) + ((bits >> 31) & negativeRuns);
        int rounded = Float.floatToRawIntBits(Math.fma(a, slope[g], offset[g]) + Vec.ROUNDING) - Vec.ROUNDING_BITS;
        return Math.min(Math.max(rounded, lo[g]), hi[g]);
    }

    /** The code this search gives {@code y}. */
    int code(float y) {
        int b = candidate(y);
        return b + (y > next[b] ? 1 : 0);
    }

    /**
     * The candidate grows with {@code y} on each sign: every run's formula is monotone (slope of the
     * run's sign), octaves meet runs in order, and consecutive runs' clamps do not overlap.
     */
    private boolean monotone() {
        int runs = negativeRuns;
        for (int o = 0; o + 1 < 32; o++) {
            int top = firstRun[o] + (bound[o] < Float.POSITIVE_INFINITY ? 1 : 0);
            if (top > firstRun[o + 1]) return false;
        }
        for (int r = 0; r < runs; r++) {
            if (slope[r] < 0 || slope[runs + r] > 0) return false;
            if (r + 1 < runs && (hi[r] > lo[r + 1] || lo[runs + r] < hi[runs + r + 1])) return false;
        }
        return true;
    }

    /**
     * Walks every float of magnitude below 2 of each sign, a run of equal candidate at a time (found
     * by bisection, which the monotone candidate allows), and checks that the rule's code at both
     * ends of the run is the candidate or one more: then it is so all along, since the code grows
     * with the value.
     */
    private boolean provenExact() {
        long[][] ranges = {{NearestCode.key(Math.nextUp(-2f)), NearestCode.key(-0f)}, {NearestCode.key(0f), NearestCode.key(Math.nextDown(2f))}};
        for (long[] range : ranges) {
            for (long at = range[0]; at <= range[1]; ) {
                int b = candidate(NearestCode.fromKey(at));
                long l = NearestCode.lastOfRun(at, range[1], k -> candidate(NearestCode.fromKey(k)) == b);
                int first = count(NearestCode.fromKey(at)), last = count(NearestCode.fromKey(l));
                if (first < b || last > b + 1) return false;
                at = l + 1;
            }
        }
        return true;
    }

    /** The rule: the number of thresholds {@code y} exceeds. */
    private int count(float y) { return CodeTable.exceeded(next, y); }

    /** Per-thread scratch: the scaled values and the candidates of a piece. */
    static final class Scratch {
        final float[] y = new float[PIECE];
        final byte[] candidates = new byte[PIECE];
    }

    /**
     * Codes of {@code y = x * r} for the first {@code len - len % 64} F32 elements of {@code in} from
     * element {@code from}, into {@code out} from byte {@code off}, where every {@code |y|} is below 2
     * (the block's absmax is positive and its reciprocal finite); returns how many it coded.
     */
    int codesF32(MemorySegment in, long from, int len, float r, Scratch w, MemorySegment out, long off) {
        in = Segments.nativeSegment(in);
        IntVector fr0 = IntVector.fromArray(I, firstRun, 0), fr1 = IntVector.fromArray(I, firstRun, W);
        IntVector bd0 = FloatVector.fromArray(F, bound, 0).reinterpretAsInts(), bd1 = FloatVector.fromArray(F, bound, W).reinterpretAsInts();
        IntVector sl0 = FloatVector.fromArray(F, slope, 0).reinterpretAsInts(), sl1 = FloatVector.fromArray(F, slope, W).reinterpretAsInts();
        IntVector of0 = FloatVector.fromArray(F, offset, 0).reinterpretAsInts(), of1 = FloatVector.fromArray(F, offset, W).reinterpretAsInts();
        // the clamps in the frame of the rounded sums' bits; their low byte is the candidate (Vec.ROUNDING_BITS ends in a zero byte)
        IntVector lo0 = IntVector.fromArray(I, lo, 0).add(Vec.ROUNDING_BITS), lo1 = IntVector.fromArray(I, lo, W).add(Vec.ROUNDING_BITS);
        IntVector hi0 = IntVector.fromArray(I, hi, 0).add(Vec.ROUNDING_BITS), hi1 = IntVector.fromArray(I, hi, W).add(Vec.ROUNDING_BITS);
        int runs = negativeRuns, whole = len - len % 64;
        float[] ys = w.y;
        byte[] cs = w.candidates;
        for (int p = 0; p < whole; p += PIECE) {
            int n = Math.min(PIECE, whole - p);
            for (int i = 0; i < n; i += W) {
                FloatVector y = FloatVector.fromMemorySegment(F, in, (from + p + i) << 2, LE).mul(r);
                y.intoArray(ys, i);
                IntVector bits = y.reinterpretAsInts();
                IntVector ab = bits.and(0x7fffffff).max(TINY_BITS);
                FloatVector a = ab.reinterpretAsFloats();
                IntVector o = ab.lanewise(LSHR, 23);
                VectorMask<Integer> above = a.compare(GT, o.selectFrom(bd0, bd1).reinterpretAsFloats()).cast(I);
                IntVector g = o.selectFrom(fr0, fr1).add(1, above).add(bits.lanewise(ASHR, 31).and(runs));
                FloatVector u = a.lanewise(FMA, g.selectFrom(sl0, sl1).reinterpretAsFloats(), g.selectFrom(of0, of1).reinterpretAsFloats()).add(Vec.ROUNDING);
                ((ByteVector) u.reinterpretAsInts().max(g.selectFrom(lo0, lo1)).min(g.selectFrom(hi0, hi1))
                        .convertShape(I2B, B16, 0)).intoArray(cs, i);
            }
            VbmiTables.countAbove(cs, ys, planes, n, out, off + p);
        }
        return whole;
    }
}
