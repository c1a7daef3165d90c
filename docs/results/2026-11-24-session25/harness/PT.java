import jdk.incubator.vector.*;
public class PT {
    static final VectorSpecies<Integer> I16 = IntVector.SPECIES_512, I8 = IntVector.SPECIES_256;
    static int[] t = new int[64];
    static long perm512(int[] idx, int n) {
        IntVector a = IntVector.fromArray(I16, t, 0), b = IntVector.fromArray(I16, t, 16), acc = IntVector.zero(I16), acc2 = acc, acc3 = acc, acc4 = acc;
        for (int r = 0; r < n; r++) for (int i = 0; i < idx.length; i += 64) {
            acc = acc.add(IntVector.fromArray(I16, idx, i).selectFrom(a, b));
            acc2 = acc2.add(IntVector.fromArray(I16, idx, i + 16).selectFrom(a, b));
            acc3 = acc3.add(IntVector.fromArray(I16, idx, i + 32).selectFrom(a, b));
            acc4 = acc4.add(IntVector.fromArray(I16, idx, i + 48).selectFrom(a, b));
        }
        return acc.add(acc2).add(acc3).add(acc4).reduceLanes(VectorOperators.ADD);
    }
    static long perm256(int[] idx, int n) {
        IntVector a = IntVector.fromArray(I8, t, 0), b = IntVector.fromArray(I8, t, 8), acc = IntVector.zero(I8), acc2 = acc, acc3 = acc, acc4 = acc;
        for (int r = 0; r < n; r++) for (int i = 0; i < idx.length; i += 32) {
            acc = acc.add(IntVector.fromArray(I8, idx, i).selectFrom(a, b));
            acc2 = acc2.add(IntVector.fromArray(I8, idx, i + 8).selectFrom(a, b));
            acc3 = acc3.add(IntVector.fromArray(I8, idx, i + 16).selectFrom(a, b));
            acc4 = acc4.add(IntVector.fromArray(I8, idx, i + 24).selectFrom(a, b));
        }
        return acc.add(acc2).add(acc3).add(acc4).reduceLanes(VectorOperators.ADD);
    }
    static long add512(int[] idx, int n) {
        IntVector a = IntVector.fromArray(I16, t, 0), acc = IntVector.zero(I16), acc2 = acc, acc3 = acc, acc4 = acc;
        for (int r = 0; r < n; r++) for (int i = 0; i < idx.length; i += 64) {
            acc = acc.add(IntVector.fromArray(I16, idx, i).lanewise(VectorOperators.XOR, a));
            acc2 = acc2.add(IntVector.fromArray(I16, idx, i + 16).lanewise(VectorOperators.XOR, a));
            acc3 = acc3.add(IntVector.fromArray(I16, idx, i + 32).lanewise(VectorOperators.XOR, a));
            acc4 = acc4.add(IntVector.fromArray(I16, idx, i + 48).lanewise(VectorOperators.XOR, a));
        }
        return acc.add(acc2).add(acc3).add(acc4).reduceLanes(VectorOperators.ADD);
    }
    public static void main(String[] x) {
        int[] idx = new int[1024]; java.util.Random r = new java.util.Random(1); for (int i = 0; i < idx.length; i++) idx[i] = r.nextInt(32);
        for (int i = 0; i < 64; i++) t[i] = i * 7;
        int n = 200000; long s = 0;
        for (int rep = 0; rep < 4; rep++) {
            long t0 = System.nanoTime(); s += perm512(idx, n); long t1 = System.nanoTime(); s += perm256(idx, n); long t2 = System.nanoTime(); s += add512(idx, n); long t3 = System.nanoTime();
            double ops512 = (double) n * 1024 / 16, ops256 = (double) n * 1024 / 8;
            System.out.printf("vpermi2d zmm: %.2f cyc each (+load+add) | ymm: %.2f cyc each | xor+add zmm: %.2f cyc per pair %d%n", (t1-t0)*3.67/ops512, (t2-t1)*3.67/ops256, (t3-t2)*3.67/ops512, s);
        }
    }
}
