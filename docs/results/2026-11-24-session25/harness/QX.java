package io.bnb.backend.cpu;
import java.lang.foreign.*;
import jdk.incubator.vector.*;
import static io.bnb.backend.cpu.Vec.F;
import static io.bnb.backend.cpu.Vec.LANES;
public class QX {
    static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
    static void scaled(MemorySegment in, long from, int lv, float s, int[] bits, char[] idx) {
        for (int i = 0; i < lv; i += LANES) {
            IntVector b = Vec.loadF32(in, from + i).mul(s).reinterpretAsInts();
            b.intoArray(bits, i);
            b.lanewise(VectorOperators.LSHR, 16).convertShape(VectorOperators.I2S, ShortVector.SPECIES_128, 0).reinterpretAsShorts().intoCharArray(idx, i);
        }
    }
    static void scaledI(MemorySegment in, long from, int lv, float s, int[] bits, int[] idx) {
        for (int i = 0; i < lv; i += LANES) {
            IntVector b = Vec.loadF32(in, from + i).mul(s).reinterpretAsInts();
            b.intoArray(bits, i);
            b.lanewise(VectorOperators.LSHR, 16).intoArray(idx, i);
        }
    }
    static void lookup(int[] table, char[] idx, int[] e, int lv) {
        for (int i = 0; i < lv; i++) e[i] = table[idx[i]];
    }
    static void lookupI(int[] table, int[] idx, int[] e, int lv) {
        int mask = table.length - 1;
        for (int i = 0; i < lv; i++) e[i] = table[idx[i] & mask];
    }
    static void store(int[] bits, int[] e, int lv, MemorySegment out, long o) {
        for (int i = 0; i < lv; i += LANES) {
            IntVector b = IntVector.fromArray(I, bits, i), en = IntVector.fromArray(I, e, i);
            IntVector lo = b.lanewise(VectorOperators.XOR, b.lanewise(VectorOperators.ASHR, 31)).and(0xffff);
            VectorMask<Integer> up = lo.compare(VectorOperators.GT, en.lanewise(VectorOperators.LSHR, 16));
            en.blend(en.lanewise(VectorOperators.LSHR, 8), up).convertShape(VectorOperators.I2B, Vec.B, 0).reinterpretAsBytes().intoMemorySegment(out, o + i, Vec.LE);
        }
    }
    public static void main(String[] a) throws Throwable {
        int n = 16 << 20, P = 512;
        Arena ar = Arena.ofShared();
        MemorySegment in = ar.allocate(4L * n, 64), out = ar.allocate(n, 64), out2 = ar.allocate(n, 64);
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < n; i++) in.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) r.nextGaussian());
        NearestCode search = NearestCode.of(io.bnb.api.Codebooks.dynamicSigned());
        int[] table = search.table;
        CodeTableVec.Scratch w = new CodeTableVec.Scratch();
        int[] bits = new int[P], e = new int[P], ii = new int[P]; char[] idx = new char[P];
        float s = 1f / 4.5f;
        for (int rep = 0; rep < 10; rep++) {
            long t0 = System.nanoTime();
            for (long p = 0; p < n; p += P) CodeTableVec.codes(table, in, io.bnb.api.DType.F32, p, P, s, w, out, p);
            long t1 = System.nanoTime();
            for (long p = 0; p < n; p += P) { scaled(in, p, P, s, bits, idx); lookup(table, idx, e, P); store(bits, e, P, out2, p); }
            long t2 = System.nanoTime();
            for (long p = 0; p < n; p += P) { scaledI(in, p, P, s, bits, ii); lookupI(table, ii, e, P); store(bits, e, P, out2, p); }
            long t3 = System.nanoTime();
            // pass costs of the char variant, all in L1 (same piece repeatedly)
            for (long p = 0; p < n; p += P) scaled(in, 0, P, s, bits, idx);
            long t4 = System.nanoTime();
            for (long p = 0; p < n; p += P) lookup(table, idx, e, P);
            long t5 = System.nanoTime();
            for (long p = 0; p < n; p += P) store(bits, e, P, out2, 0);
            long t6 = System.nanoTime();
            System.out.printf("codes() %.2f | char %.2f | int %.2f | passes L1: scaled %.2f lookup %.2f store %.2f  eq=%b%n", (t1-t0)*3.67/n, (t2-t1)*3.67/n, (t3-t2)*3.67/n, (t4-t3)*3.67/n, (t5-t4)*3.67/n, (t6-t5)*3.67/n, out.mismatch(out2) < 0 || rep > 0);
        }
        // compare with codes() output
        for (long p = 0; p < n; p += P) { scaled(in, p, P, s, bits, idx); lookup(table, idx, e, P); store(bits, e, P, out2, p); }
        System.out.println("mismatch " + out.mismatch(out2));
    }
}
