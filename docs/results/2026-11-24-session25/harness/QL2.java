package io.bnb.backend.cpu;
public class QL2 {
    static void cur(int[] table, long[] bits, long[] e, int pairs) {
        int mask = table.length - 1;
        for (int j = 0; j < pairs; j++) {
            long b = bits[j];
            int lo = table[((int) b >>> 16) & mask], hi = table[(int) (b >>> 48) & mask];
            e[j] = lo & 0xffffffffL | (long) hi << 32;
        }
    }
    static void charPairs(int[] table, char[] idx, long[] e, int pairs) {
        for (int j = 0; j < pairs; j++) {
            int lo = table[idx[2 * j]], hi = table[idx[2 * j + 1]];
            e[j] = lo & 0xffffffffL | (long) hi << 32;
        }
    }
    static void charInts(int[] table, char[] idx, int[] e, int n) {
        for (int i = 0; i < n; i++) e[i] = table[idx[i]];
    }
    static void charFromLongTable(long[] table, char[] idx, int[] e, int n) {
        for (int i = 0; i < n; i++) e[i] = (int) table[idx[i]];
    }
    static void intIdxLongTable(long[] table, int[] idx, int[] e, int n) {
        int mask = table.length - 1;
        for (int i = 0; i < n; i++) e[i] = (int) table[idx[i] & mask];
    }
    static void charShorts(short[] table, char[] idx, short[] e, int n) {
        for (int i = 0; i < n; i++) e[i] = table[idx[i]];
    }
    static void curUnrolled(int[] table, long[] bits, long[] e, int pairs) {
        int mask = table.length - 1;
        for (int j = 0; j < pairs; j += 2) {
            long b = bits[j], c = bits[j + 1];
            int lo = table[((int) b >>> 16) & mask], hi = table[(int) (b >>> 48) & mask];
            int lo2 = table[((int) c >>> 16) & mask], hi2 = table[(int) (c >>> 48) & mask];
            e[j] = lo & 0xffffffffL | (long) hi << 32;
            e[j + 1] = lo2 & 0xffffffffL | (long) hi2 << 32;
        }
    }
    public static void main(String[] x) {
        int P = 512, R = 1 << 15;
        int[] table = new int[1 << 16]; long[] ltable = new long[1 << 16]; short[] stable = new short[1 << 16];
        for (int i = 0; i < table.length; i++) { table[i] = i * 31; ltable[i] = i * 31; stable[i] = (short) (i * 31); }
        java.util.Random r = new java.util.Random(1);
        char[] idx = new char[P]; int[] iidx = new int[P]; long[] bits = new long[P / 2];
        for (int i = 0; i < P; i++) {
            float g = (float) (r.nextGaussian() / 4.5);
            int b = Float.floatToRawIntBits(g);
            idx[i] = (char) (b >>> 16); iidx[i] = b >>> 16;
            bits[i / 2] |= (i % 2 == 0 ? (b & 0xffffffffL) : ((long) b << 32));
        }
        long[] e = new long[P / 2]; int[] ei = new int[P]; short[] es = new short[P];
        for (int rep = 0; rep < 6; rep++) {
            long t0 = System.nanoTime();
            for (int k = 0; k < R; k++) cur(table, bits, e, P / 2);
            long t1 = System.nanoTime();
            for (int k = 0; k < R; k++) charPairs(table, idx, e, P / 2);
            long t2 = System.nanoTime();
            for (int k = 0; k < R; k++) charInts(table, idx, ei, P);
            long t3 = System.nanoTime();
            for (int k = 0; k < R; k++) charFromLongTable(ltable, idx, ei, P);
            long t4 = System.nanoTime();
            for (int k = 0; k < R; k++) intIdxLongTable(ltable, iidx, ei, P);
            long t5 = System.nanoTime();
            for (int k = 0; k < R; k++) charShorts(stable, idx, es, P);
            long t6 = System.nanoTime();
            for (int k = 0; k < R; k++) curUnrolled(table, bits, e, P / 2);
            long t7 = System.nanoTime();
            double f = 3.67 / R / P;
            System.out.printf("cur %.2f charPairs %.2f charInts %.2f charLongT %.2f intLongT %.2f shorts %.2f curU2 %.2f%n", (t1-t0)*f, (t2-t1)*f, (t3-t2)*f, (t4-t3)*f, (t5-t4)*f, (t6-t5)*f, (t7-t6)*f);
        }
    }
}
