import jdk.incubator.vector.*;
public class PK {
    static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
    static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128, B8 = ByteVector.SPECIES_64;
    static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    static void viaArray(int[] c, byte[] codes, byte[] out, int n) {
        for (int j = 0; j < n; j += 8) IntVector.fromArray(I, c, j).convertShape(VectorOperators.I2B, B8, 0).reinterpretAsBytes().intoArray(codes, j);
        for (int i = 0; i < n / 2; i += 8) {
            ShortVector pairs = ByteVector.fromArray(B16, codes, 2 * i).reinterpretAsShorts();
            pairs.lanewise(VectorOperators.LSHL, 4).or(pairs.lanewise(VectorOperators.LSHR, 8)).convertShape(VectorOperators.S2B, B8, 0).reinterpretAsBytes().intoArray(out, i);
        }
    }
    static void direct(int[] c, byte[] out, int n) {
        for (int j = 0; j < n; j += 16) {
            IntVector c0 = IntVector.fromArray(I, c, j), c1 = IntVector.fromArray(I, c, j + 8);
            ByteVector b = ((ByteVector) c0.convertShape(VectorOperators.I2B, B16, 0)).or((ByteVector) c1.convertShape(VectorOperators.I2B, B16, -1));
            ShortVector s = b.reinterpretAsShorts();
            s.lanewise(VectorOperators.LSHL, 4).or(s.lanewise(VectorOperators.LSHR, 8)).convertShape(VectorOperators.S2B, B8, 0).reinterpretAsBytes().intoArray(out, j >> 1);
        }
    }
    static void longs(int[] c, byte[] out, int n) {
        for (int j = 0; j < n; j += 16) {
            LongVector l0 = IntVector.fromArray(I, c, j).reinterpretAsLongs(), l1 = IntVector.fromArray(I, c, j + 8).reinterpretAsLongs();
            LongVector p0 = l0.lanewise(VectorOperators.LSHL, 4).or(l0.lanewise(VectorOperators.LSHR, 32)).and(0xffL);
            LongVector p1 = l1.lanewise(VectorOperators.LSHL, 4).or(l1.lanewise(VectorOperators.LSHR, 32)).and(0xffL);
            // p1 into bits 32..: ints [p0a|.., p4] ... then I2B of ints gives p0,p4,p1,p5.. -> wrong order; use shift by 8 in int domain instead
            IntVector q = p0.reinterpretAsInts().or(p1.lanewise(VectorOperators.LSHL, 32).reinterpretAsInts());
            // q ints: p0,p4,p1,p5,p2,p6,p3,p7 -> I2B then reorder needed; skip: measure cost only
            q.convertShape(VectorOperators.I2B, B8, 0).reinterpretAsBytes().intoArray(out, j >> 1);
        }
    }
    public static void main(String[] a) {
        int n = 4096, R = 100000;
        int[] c = new int[n]; java.util.Random r = new java.util.Random(1); for (int i = 0; i < n; i++) c[i] = r.nextInt(16);
        byte[] codes = new byte[n], o1 = new byte[n / 2], o2 = new byte[n / 2], o3 = new byte[n/2];
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int rep = 0; rep < 5; rep++) {
            long a0 = mx.getCurrentThreadAllocatedBytes(), t0 = System.nanoTime();
            for (int k = 0; k < R; k++) viaArray(c, codes, o1, n);
            long t1 = System.nanoTime();
            for (int k = 0; k < R; k++) direct(c, o2, n);
            long t2 = System.nanoTime();
            for (int k = 0; k < R; k++) longs(c, o3, n);
            long t3 = System.nanoTime(), a1 = mx.getCurrentThreadAllocatedBytes();
            System.out.printf("array %.3f direct %.3f longs %.3f cyc/elem eq=%b alloc %d%n", (t1-t0)*3.67/R/n, (t2-t1)*3.67/R/n, (t3-t2)*3.67/R/n, java.util.Arrays.equals(o1, o2), a1 - a0);
        }
    }
}
