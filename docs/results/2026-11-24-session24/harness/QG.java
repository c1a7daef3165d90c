package io.bnb.backend.cpu;
import jdk.incubator.vector.*;
public class QG {
    static final VectorSpecies<Integer> I8 = IntVector.SPECIES_256, I16 = IntVector.SPECIES_512;
    static final VectorSpecies<Long> L4 = LongVector.SPECIES_256, L8 = LongVector.SPECIES_512;
    static void g8(int[] table, int lv, long[] bits, long[] e, int[] index) {
        int mask = table.length - 1;
        for (int j = 0; j < lv >> 1; j += 4) {
            LongVector.fromArray(L4, bits, j).reinterpretAsInts().lanewise(VectorOperators.LSHR, 16).and(mask).intoArray(index, 0);
            IntVector.fromArray(I8, table, 0, index, 0).reinterpretAsLongs().intoArray(e, j);
        }
    }
    static void g16(int[] table, int lv, long[] bits, long[] e, int[] index) {
        int mask = table.length - 1;
        for (int j = 0; j < lv >> 1; j += 8) {
            LongVector.fromArray(L8, bits, j).reinterpretAsInts().lanewise(VectorOperators.LSHR, 16).and(mask).intoArray(index, 0);
            IntVector.fromArray(I16, table, 0, index, 0).reinterpretAsLongs().intoArray(e, j);
        }
    }
    static void gatherLookup(int[] table, int lv, long[] bits, long[] e, int[] index, VectorSpecies<Integer> I, VectorSpecies<Long> L) {
        int mask = table.length - 1, n = I.length();
        for (int j = 0; j < lv >> 1; j += n / 2) {
            LongVector.fromArray(L, bits, j).reinterpretAsInts().lanewise(VectorOperators.LSHR, 16).and(mask).intoArray(index, 0);
            IntVector.fromArray(I, table, 0, index, 0).reinterpretAsLongs().intoArray(e, j);
        }
    }
    static void scalarLookup(int[] table, int lv, long[] bits, long[] e) {
        int mask = table.length - 1;
        for (int j = 0; j < lv >> 1; j++) {
            long b = bits[j];
            int lo = table[((int) b >>> 16) & mask], hi = table[(int) (b >>> 48) & mask];
            e[j] = lo & 0xffffffffL | (long) hi << 32;
        }
    }
    public static void main(String[] a) {
        int n = 16 << 20, P = 512;
        int[] table = NearestCode.of(io.bnb.api.Codebooks.dynamicSigned()).table;
        java.util.Random r = new java.util.Random(1);
        long[][] pieces = new long[64][P / 2];
        for (long[] p : pieces) for (int j = 0; j < P / 2; j++) {
            int lo = Float.floatToRawIntBits((float) r.nextGaussian() / 4.5f), hi = Float.floatToRawIntBits((float) r.nextGaussian() / 4.5f);
            p[j] = lo & 0xffffffffL | (long) hi << 32;
        }
        long[] e1 = new long[P / 2], e2 = new long[P / 2];
        int[] index = new int[16];
        for (int rep = 0; rep < 8; rep++) {
            long t0 = System.nanoTime();
            for (int k = 0; k < n / P; k++) scalarLookup(table, P, pieces[k & 63], e1);
            long t1 = System.nanoTime();
            for (int k = 0; k < n / P; k++) g8(table, P, pieces[k & 63], e2, index);
            long t2 = System.nanoTime();
            for (int k = 0; k < n / P; k++) g16(table, P, pieces[k & 63], e2, index);
            long t3 = System.nanoTime();
            System.out.printf("cyc/value scalar %.2f gather8 %.2f gather16 %.2f  %s%n", (t1-t0)*3.67/n, (t2-t1)*3.67/n, (t3-t2)*3.67/n, java.util.Arrays.equals(e1, e2));
        }
    }
}
