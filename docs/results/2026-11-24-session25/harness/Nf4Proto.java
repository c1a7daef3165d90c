package io.bnb.backend.cpu;
import jdk.incubator.vector.*;
import java.lang.foreign.*;
public class Nf4Proto {
    static final float[] T = new float[16];
    static final byte[] BUCKET = new byte[128], PLANES = new byte[64];
    static { System.arraycopy(FourBitCodes.NF4_THRESHOLDS, 0, T, 0, 15); T[15] = Float.POSITIVE_INFINITY; }
    static int bucket(float y) { return Math.min(Math.max((int) Math.fma(y, 64f, 64f), 0), 127); }
    static long key(float f) { int b = Float.floatToRawIntBits(f); return b >= 0 ? b : b ^ 0x7fffffff; }
    static float fromKey(long k) { int b = (int) k; return Float.intBitsToFloat(b >= 0 ? b : b ^ 0x7fffffff); }
    static boolean build() {
        long lo = key(Float.NEGATIVE_INFINITY);
        for (int b = 0; b < 128; b++) {
            // largest key with bucket <= b
            long l = lo, h = key(Float.POSITIVE_INFINITY);
            if (bucket(fromKey(h)) <= b) l = h;
            else while (h - l > 1) { long m = (l + h) >> 1; if (bucket(fromKey(m)) <= b) l = m; else h = m; }
            float ylo = fromKey(lo), yhi = fromKey(l);
            if (bucket(ylo) != b) return false; // empty bucket
            int clo = FourBitCodes.nf4(ylo), chi = FourBitCodes.nf4(yhi);
            if (chi - clo > 1) return false;
            BUCKET[b] = (byte) clo;
            lo = l + 1;
        }
        for (int j = 0; j < 16; j++) { int bits = Float.floatToRawIntBits(T[j]); for (int p = 0; p < 4; p++) PLANES[16 * p + j] = (byte) (bits >>> (8 * p)); }
        return true;
    }
    static final VectorSpecies<Float> F = FloatVector.SPECIES_256, F16 = FloatVector.SPECIES_512;
    static final VectorSpecies<Byte> B64 = ByteVector.SPECIES_512, B8 = ByteVector.SPECIES_64, B32 = ByteVector.SPECIES_256;
    static final VectorSpecies<Short> S32 = ShortVector.SPECIES_512;
    static final byte[] ZIP = new byte[128]; static final short[] ZIP16 = new short[64];
    static {
        for (int j = 0; j < 128; j++) ZIP[j] = (byte) ((j & 63) / 2 + (j & 1) * 64 + (j >= 64 ? 32 : 0));
        for (int j = 0; j < 64; j++) ZIP16[j] = (short) ((j & 31) / 2 + (j & 1) * 32 + (j >= 32 ? 16 : 0));
    }
    /** pass 1 over one block: ys = buf*r, buckets */
    static void pass1(float[] buf, int off, int len, float r, float[] ys, byte[] bk) {
        for (int i = 0; i < len; i += 8) {
            FloatVector y = FloatVector.fromArray(F, buf, off + i).mul(r);
            y.intoArray(ys, off + i);
            ((IntVector) y.lanewise(VectorOperators.FMA, 64f, 64f).convert(VectorOperators.F2I, 0)).max(0).min(127)
                    .convertShape(VectorOperators.I2B, B8, 0).reinterpretAsBytes().intoArray(bk, off + i);
        }
    }
    /** pass 2: packed codes of len (multiple of 64) values into out from byte o */
    static void pass2(float[] ys, byte[] bk, int len, MemorySegment out, long o) {
        out = Segments.nativeSegment(out);
        ByteVector t0 = ByteVector.fromArray(B64, BUCKET, 0), t1 = ByteVector.fromArray(B64, BUCKET, 64), pl = ByteVector.fromArray(B64, PLANES, 0);
        ByteVector z0 = ByteVector.fromArray(B64, ZIP, 0), z1 = ByteVector.fromArray(B64, ZIP, 64);
        ShortVector w0 = ShortVector.fromArray(S32, ZIP16, 0), w1 = ShortVector.fromArray(S32, ZIP16, 32);
        for (int i = 0; i < len; i += 64) {
            ByteVector c = ByteVector.fromArray(B64, bk, i).selectFrom(t0, t1);
            ByteVector p0 = c.selectFrom(pl), p1 = c.add((byte) 16).selectFrom(pl), p2 = c.add((byte) 32).selectFrom(pl), p3 = c.add((byte) 48).selectFrom(pl);
            ShortVector lowA = z0.selectFrom(p0, p1).reinterpretAsShorts(), lowB = z1.selectFrom(p0, p1).reinterpretAsShorts();
            ShortVector highA = z0.selectFrom(p2, p3).reinterpretAsShorts(), highB = z1.selectFrom(p2, p3).reinterpretAsShorts();
            long m0 = FloatVector.fromArray(F16, ys, i).compare(VectorOperators.GT, w0.selectFrom(lowA, highA).reinterpretAsFloats()).toLong();
            long m1 = FloatVector.fromArray(F16, ys, i + 16).compare(VectorOperators.GT, w1.selectFrom(lowA, highA).reinterpretAsFloats()).toLong();
            long m2 = FloatVector.fromArray(F16, ys, i + 32).compare(VectorOperators.GT, w0.selectFrom(lowB, highB).reinterpretAsFloats()).toLong();
            long m3 = FloatVector.fromArray(F16, ys, i + 48).compare(VectorOperators.GT, w1.selectFrom(lowB, highB).reinterpretAsFloats()).toLong();
            ShortVector s = c.add((byte) 1, VectorMask.fromLong(B64, m0 | m1 << 16 | m2 << 32 | m3 << 48)).reinterpretAsShorts();
            s.lanewise(VectorOperators.LSHL, 4).or(s.lanewise(VectorOperators.LSHR, 8)).convertShape(VectorOperators.S2B, B32, 0).reinterpretAsBytes()
                    .intoMemorySegment(out, o + (i >>> 1), Vec.LE);
        }
    }
    static final byte[] PACK4 = new byte[128];
    static { // bytes 0,4,...,60 of v1 then of v2 -> 32 bytes; second step merges two such halves
        for (int j = 0; j < 64; j++) PACK4[j] = (byte) (j < 16 ? 4 * j : j < 32 ? 64 + 4 * (j - 16) : 0);
        for (int j = 0; j < 64; j++) PACK4[64 + j] = (byte) (j < 32 ? j : 64 + (j - 32));
    }
    /** fused: packed codes of len (multiple of 64) elements of buf from off, quarter k of each 64 scaled by rs[(i + 16k) / bs] */
    static void fused(float[] buf, int off, int len, float[] rs, int bs, MemorySegment out, long o) {
        out = Segments.nativeSegment(out);
        ByteVector t0 = ByteVector.fromArray(B64, BUCKET, 0), t1 = ByteVector.fromArray(B64, BUCKET, 64), pl = ByteVector.fromArray(B64, PLANES, 0);
        ByteVector z0 = ByteVector.fromArray(B64, ZIP, 0), z1 = ByteVector.fromArray(B64, ZIP, 64);
        ShortVector w0 = ShortVector.fromArray(S32, ZIP16, 0), w1 = ShortVector.fromArray(S32, ZIP16, 32);
        ByteVector k0 = ByteVector.fromArray(B64, PACK4, 0), k1 = ByteVector.fromArray(B64, PACK4, 64);
        for (int i = 0; i < len; i += 64) {
            FloatVector y0 = FloatVector.fromArray(F16, buf, off + i).mul(rs[i / bs]);
            FloatVector y1 = FloatVector.fromArray(F16, buf, off + i + 16).mul(rs[(i + 16) / bs]);
            FloatVector y2 = FloatVector.fromArray(F16, buf, off + i + 32).mul(rs[(i + 32) / bs]);
            FloatVector y3 = FloatVector.fromArray(F16, buf, off + i + 48).mul(rs[(i + 48) / bs]);
            ByteVector q0 = ((IntVector) y0.lanewise(VectorOperators.FMA, 64f, 64f).convert(VectorOperators.F2I, 0)).max(0).min(127).reinterpretAsBytes();
            ByteVector q1 = ((IntVector) y1.lanewise(VectorOperators.FMA, 64f, 64f).convert(VectorOperators.F2I, 0)).max(0).min(127).reinterpretAsBytes();
            ByteVector q2 = ((IntVector) y2.lanewise(VectorOperators.FMA, 64f, 64f).convert(VectorOperators.F2I, 0)).max(0).min(127).reinterpretAsBytes();
            ByteVector q3 = ((IntVector) y3.lanewise(VectorOperators.FMA, 64f, 64f).convert(VectorOperators.F2I, 0)).max(0).min(127).reinterpretAsBytes();
            ByteVector bkt = k1.selectFrom(k0.selectFrom(q0, q1), k0.selectFrom(q2, q3));
            ByteVector c = bkt.selectFrom(t0, t1);
            ByteVector p0 = c.selectFrom(pl), p1 = c.add((byte) 16).selectFrom(pl), p2 = c.add((byte) 32).selectFrom(pl), p3 = c.add((byte) 48).selectFrom(pl);
            ShortVector lowA = z0.selectFrom(p0, p1).reinterpretAsShorts(), lowB = z1.selectFrom(p0, p1).reinterpretAsShorts();
            ShortVector highA = z0.selectFrom(p2, p3).reinterpretAsShorts(), highB = z1.selectFrom(p2, p3).reinterpretAsShorts();
            long m0 = y0.compare(VectorOperators.GT, w0.selectFrom(lowA, highA).reinterpretAsFloats()).toLong();
            long m1 = y1.compare(VectorOperators.GT, w1.selectFrom(lowA, highA).reinterpretAsFloats()).toLong();
            long m2 = y2.compare(VectorOperators.GT, w0.selectFrom(lowB, highB).reinterpretAsFloats()).toLong();
            long m3 = y3.compare(VectorOperators.GT, w1.selectFrom(lowB, highB).reinterpretAsFloats()).toLong();
            ShortVector s = c.add((byte) 1, VectorMask.fromLong(B64, m0 | m1 << 16 | m2 << 32 | m3 << 48)).reinterpretAsShorts();
            s.lanewise(VectorOperators.LSHL, 4).or(s.lanewise(VectorOperators.LSHR, 8)).convertShape(VectorOperators.S2B, B32, 0).reinterpretAsBytes()
                    .intoMemorySegment(out, o + (i >>> 1), Vec.LE);
        }
    }
    static final int[] BK32 = new int[32]; static final float SC = 15.99f;
    static int bucket32(float y) { return ((int) Math.fma(y, SC, 16f)) & 31; }
    static boolean build32() {
        // buckets over y in [-1.0001, 1.0001]
        long lo = key(-1.0001f), top = key(1.0001f);
        for (int b = 0; b < 32; b++) {
            if (bucket32(fromKey(lo)) != b) return false;
            long l = lo, h = top;
            if (bucket32(fromKey(h)) == b) l = h;
            else while (h - l > 1) { long m = (l + h) >> 1; if (bucket32(fromKey(m)) == b) l = m; else h = m; }
            int clo = FourBitCodes.nf4(fromKey(lo)), chi = FourBitCodes.nf4(fromKey(l));
            if (chi - clo > 1) return false;
            BK32[b] = clo;
            lo = l + 1;
        }
        return lo == top + 1 && FourBitCodes.nf4(Float.NaN) == BK32[0] && BK32[0] == 0;
    }
    static final VectorSpecies<Integer> I16 = IntVector.SPECIES_512;
    static final VectorSpecies<Long> L8 = LongVector.SPECIES_512;
    static void perm32(float[] buf, int off, int len, float[] rs, int bs, MemorySegment out, long o) {
        out = Segments.nativeSegment(out);
        IntVector b0 = IntVector.fromArray(I16, BK32, 0), b1 = IntVector.fromArray(I16, BK32, 16);
        FloatVector tt = FloatVector.fromArray(F16, T, 0);
        for (int i = 0; i < len; i += 16) {
            FloatVector y = FloatVector.fromArray(F16, buf, off + i).mul(rs[i / bs]);
            IntVector bk = (IntVector) y.lanewise(VectorOperators.FMA, SC, 16f).convert(VectorOperators.F2I, 0);
            IntVector c = bk.selectFrom(b0, b1);
            FloatVector t = c.selectFrom(tt.reinterpretAsInts()).reinterpretAsFloats();
            LongVector l = c.add(1, y.compare(VectorOperators.GT, t).cast(I16)).reinterpretAsLongs();
            l.lanewise(VectorOperators.LSHL, 4).or(l.lanewise(VectorOperators.LSHR, 32)).convertShape(VectorOperators.L2B, B8, 0).reinterpretAsBytes()
                    .intoMemorySegment(out, o + (i >>> 1), Vec.LE);
        }
    }
    public static void main(String[] a) throws Throwable {
        System.out.println("build32 " + build32() + " " + java.util.Arrays.toString(BK32));
        System.out.println("build " + build());
        // exactness on random + edge values
        java.util.Random rnd = new java.util.Random(3);
        int n = 1 << 16; float[] buf = new float[n], ys = new float[n]; byte[] bk = new byte[n];
        MemorySegment out = Arena.global().allocate(n / 2), ref = Arena.global().allocate(n / 2);
        for (int i = 0; i < n; i++) {
            int k = rnd.nextInt(6);
            buf[i] = switch (k) { case 0 -> (float) rnd.nextGaussian(); case 1 -> T[rnd.nextInt(15)]; case 2 -> Math.nextUp(T[rnd.nextInt(15)]); case 3 -> Math.nextDown(T[rnd.nextInt(15)]);
                case 4 -> Float.intBitsToFloat(rnd.nextInt()); default -> rnd.nextFloat() * 2 - 1; };
        }
        pass1(buf, 0, n, 1f, ys, bk); pass2(ys, bk, n, out, 0);
        long bad = 0;
        for (int i = 0; i < n; i += 2) { byte want = (byte) (FourBitCodes.nf4(buf[i]) << 4 | FourBitCodes.nf4(buf[i + 1])); if (out.get(ValueLayout.JAVA_BYTE, i / 2) != want) bad++; }
        System.out.println("bad " + bad);
        float[] ones = new float[n / 64 + 1]; java.util.Arrays.fill(ones, 1f); MemorySegment out3 = Arena.global().allocate(n / 2);
        fused(buf, 0, n, ones, 64, out3, 0); System.out.println("fused mismatch " + out.mismatch(out3));
        for (int i = 0; i < n; i++) if (!(Math.abs(buf[i]) <= 1.0001f)) buf[i] = Float.NaN;
        pass1(buf, 0, n, 1f, ys, bk); pass2(ys, bk, n, out, 0); perm32(buf, 0, n, ones, 64, out3, 0); System.out.println("perm32 mismatch " + out.mismatch(out3));
        // speed vs existing codes()+pack() on a 256 piece in L1
        var look = java.lang.invoke.MethodHandles.privateLookupIn(FourBitVec.class, java.lang.invoke.MethodHandles.lookup());
        var mc = FourBitVec.class.getDeclaredMethod("codes", float[].class, int.class, int.class, float.class, boolean.class, byte[].class); mc.setAccessible(true);
        var mp = FourBitVec.class.getDeclaredMethod("pack", byte[].class, int.class, MemorySegment.class, long.class); mp.setAccessible(true);
        var hc = look.unreflect(mc); var hp = look.unreflect(mp);
        byte[] codes = new byte[257]; int P = 256, R = 1 << 18; MemorySegment fo = Arena.global().allocate(n / 2);
        for (int i = 0; i < P; i++) buf[i] = (float) rnd.nextGaussian();
        for (int rep = 0; rep < 6; rep++) {
            long t0 = System.nanoTime();
            for (int k = 0; k < R; k++) { int j = (int) hc.invokeExact(buf, 0, P, 0.3f, true, codes); hp.invokeExact(codes, P / 2, out, 0L); }
            long t1 = System.nanoTime();
            for (int k = 0; k < R; k++) { pass1(buf, 0, P, 0.3f, ys, bk); pass2(ys, bk, P, ref, 0); }
            long t2 = System.nanoTime();
            for (int k = 0; k < R; k++) pass1(buf, 0, P, 0.3f, ys, bk);
            long t3 = System.nanoTime();
            for (int k = 0; k < R; k++) pass2(ys, bk, P, ref, 0);
            long t4 = System.nanoTime();
            float[] rs = {0.3f, 0.3f, 0.3f, 0.3f};
            for (int k = 0; k < R; k++) fused(buf, 0, P, rs, 64, fo, 0);
            long t5 = System.nanoTime();
            for (int k = 0; k < R; k++) perm32(buf, 0, P, rs, 64, fo, 0);
            long t6 = System.nanoTime(); System.out.printf("perm32 %.2f | ", (t6-t5)*3.67/R/P);
            System.out.printf("current %.2f  new %.2f (pass1 %.2f pass2 %.2f) fused %.2f cyc/elem  same=%b %b%n", (t1-t0)*3.67/R/P, (t2-t1)*3.67/R/P, (t3-t2)*3.67/R/P, (t4-t3)*3.67/R/P, (t5-t4)*3.67/R/P, out.asSlice(0, P/2).mismatch(ref.asSlice(0, P/2)) < 0, out.asSlice(0, P/2).mismatch(fo.asSlice(0, P/2)) < 0);
        }
    }
}
