package io.bnb.backend.cpu;
public class QL {
    static final jdk.incubator.vector.VectorSpecies<Integer> I8 = jdk.incubator.vector.IntVector.SPECIES_256, I16 = jdk.incubator.vector.IntVector.SPECIES_512;
    static void gather(int[] table, int[] idx, int[] e, int lv) {
        for (int i = 0; i < lv; i += 8) jdk.incubator.vector.IntVector.fromArray(I8, table, 0, idx, i).intoArray(e, i);
    }
    static void gather16(int[] table, int[] idx, int[] e, int lv) {
        for (int i = 0; i < lv; i += 16) jdk.incubator.vector.IntVector.fromArray(I16, table, 0, idx, i).intoArray(e, i);
    }

    static void lookup(int[] table, char[] idx, int[] e, int lv) {
        for (int i = 0; i < lv; i++) e[i] = table[idx[i] & (table.length - 1)];
    }
    static int sum(int[] table, char[] idx, int lv) {
        int s = 0;
        for (int i = 0; i < lv; i++) s += table[idx[i] & (table.length - 1)];
        return s;
    }
    static void lookup4(int[] table, char[] idx, int[] e, int lv) {
        for (int i = 0; i < lv; i += 4) {
            int m = table.length - 1; int a = table[idx[i]&m], b = table[idx[i+1]&m], c = table[idx[i+2]&m], d = table[idx[i+3]&m];
            e[i] = a; e[i+1] = b; e[i+2] = c; e[i+3] = d;
        }
    }
    public static void main(String[] x) {
        int P = 512, R = 1 << 15;
        int[] table = new int[1 << 16]; for (int i = 0; i < table.length; i++) table[i] = i * 31;
        java.util.Random r = new java.util.Random(1);
        char[][] idx = new char[4][P];
        for (int i = 0; i < P; i++) {
            idx[0][i] = 100;                                // one entry
            idx[1][i] = (char) (0x3c00 + r.nextInt(1280));   // 5 KB window
            idx[2][i] = (char) r.nextInt(1 << 16);           // whole table
            float g = (float) (r.nextGaussian() / 4.5);
            idx[3][i] = (char) (Float.floatToRawIntBits(g) >>> 16); // real
        }
        int[] e = new int[P];
        for (int rep = 0; rep < 6; rep++) {
            StringBuilder sb = new StringBuilder();
            int acc = 0;
            for (int v = 0; v < 4; v++) {
                long t0 = System.nanoTime();
                for (int k = 0; k < R; k++) lookup(table, idx[v], e, P);
                long t1 = System.nanoTime();
                for (int k = 0; k < R; k++) acc += sum(table, idx[v], P);
                long t2 = System.nanoTime();
                for (int k = 0; k < R; k++) lookup4(table, idx[v], e, P);
                long t3 = System.nanoTime();
                int[] ii = new int[P]; for (int q = 0; q < P; q++) ii[q] = idx[v][q];
                for (int k = 0; k < R; k++) gather(table, ii, e, P);
                long t4 = System.nanoTime();
                for (int k = 0; k < R; k++) gather16(table, ii, e, P);
                long t5 = System.nanoTime();
                sb.append(String.format("v%d store %.2f sum %.2f u4 %.2f g8 %.2f g16 %.2f| ", v, (t1-t0)*3.67/R/P, (t2-t1)*3.67/R/P, (t3-t2)*3.67/R/P, (t5-t4)*3.67/R/P, (System.nanoTime()-t5)*3.67/R/P));
            }
            System.out.println(sb + " " + acc);
        }
    }
}
