package io.bnb.backend.cpu;
import jdk.incubator.vector.*;
import java.lang.foreign.*;
final class SegVec {
    static final class Vec2 { static int[] bits(float[] f) { int[] b = new int[f.length]; for (int i = 0; i < f.length; i++) b[i] = Float.floatToRawIntBits(f[i]); return b; } }
    static final VectorSpecies<Float> F16 = FloatVector.SPECIES_512;
    static final VectorSpecies<Integer> I16 = IntVector.SPECIES_512;
    static final VectorSpecies<Byte> B64 = ByteVector.SPECIES_512, B16 = ByteVector.SPECIES_128;
    final int[] segLo = new int[32], lo = new int[32], hi = new int[32];
    final float[] d = new float[32], inv = new float[32], cc = new float[32];
    final int npos; final int[] dB, ivB, cB;
    final byte[] planes;
    SegVec(SegProto p) {
        System.arraycopy(p.segLo, 0, segLo, 0, 32); System.arraycopy(p.dTab, 0, d, 0, 32);
        System.arraycopy(p.inv, 0, inv, 0, 32); System.arraycopy(p.cc, 0, cc, 0, 32); System.arraycopy(p.lo, 0, lo, 0, 32); System.arraycopy(p.hi, 0, hi, 0, 32);
        npos = p.npos; dB = Vec2.bits(d); ivB = Vec2.bits(inv); cB = Vec2.bits(cc);
        planes = VbmiTables.planesOfFloats(p.next);
    }
    static final class W { final float[] y = new float[512]; final byte[] b = new byte[512]; final int[] bi = new int[512]; final byte[] bb = new byte[4096]; }
    static int VAR = Integer.getInteger("var", 0);

    /** codes of in[from..from+len) * r, len multiple of 64 */
    void codes(MemorySegment in, long from, int len, float r, W w, MemorySegment out, long off) {
        in = Segments.nativeSegment(in); out = Segments.nativeSegment(out);
        IntVector sl0 = IntVector.fromArray(I16, segLo, 0), sl1 = IntVector.fromArray(I16, segLo, 16);
        IntVector d0 = IntVector.fromArray(I16, dB, 0), d1 = IntVector.fromArray(I16, dB, 16);
        IntVector iv0 = IntVector.fromArray(I16, ivB, 0), iv1 = IntVector.fromArray(I16, ivB, 16);
        IntVector c0 = IntVector.fromArray(I16, cB, 0), c1 = IntVector.fromArray(I16, cB, 16);
        IntVector lo0 = IntVector.fromArray(I16, lo, 0), lo1 = IntVector.fromArray(I16, lo, 16);
        IntVector hi0 = IntVector.fromArray(I16, hi, 0), hi1 = IntVector.fromArray(I16, hi, 16);
        int np = npos;
        float[] ys = w.y; byte[] bs = w.b;
        if (MODE != 2) for (int i = 0; i < len; i += 16) {
            FloatVector y = FloatVector.fromMemorySegment(F16, in, (from + i) << 2, Vec.LE).mul(r);
            y.intoArray(ys, i);
            IntVector bits = y.reinterpretAsInts();
            FloatVector a = bits.and(0x7fffffff).reinterpretAsFloats().max(SegProto.TINY);
            IntVector o = a.reinterpretAsInts().lanewise(VectorOperators.LSHR, 23);
            VectorMask<Integer> up = a.compare(VectorOperators.GT, o.selectFrom(d0, d1).reinterpretAsFloats()).cast(I16);
            IntVector seg = o.selectFrom(sl0, sl1).add(1, up).add(bits.lanewise(VectorOperators.ASHR, 31).and(np));
            FloatVector u = a.lanewise(VectorOperators.FMA, seg.selectFrom(iv0, iv1).reinterpretAsFloats(), seg.selectFrom(c0, c1).reinterpretAsFloats());
            IntVector bb = NOLO ? ((IntVector) u.convert(VectorOperators.F2I, 0)).min(seg.selectFrom(hi0, hi1)) : ((IntVector) u.convert(VectorOperators.F2I, 0)).max(seg.selectFrom(lo0, lo1)).min(seg.selectFrom(hi0, hi1));
            if (VAR == 1) bb.intoArray(w.bi, i);
            else if (VAR == 2) bb.convert(VectorOperators.I2B, 0).reinterpretAsBytes().intoArray(w.bb, i);
            else bb.convertShape(VectorOperators.I2B, B16, 0).reinterpretAsBytes().intoArray(bs, i);
        }
        if (MODE != 1) pass2(bs, ys, planes, len, out, off);
    }
    static int MODE = 0; static boolean NOLO = Boolean.getBoolean("nolo");
    static final VectorSpecies<Short> S32 = ShortVector.SPECIES_512;
    static final byte[] ZIP = new byte[128]; static final short[] ZIP16 = new short[64];
    static {
        for (int j = 0; j < 128; j++) ZIP[j] = (byte) ((j & 63) / 2 + (j & 1) * 64 + (j >= 64 ? 32 : 0));
        for (int j = 0; j < 64; j++) ZIP16[j] = (short) ((j & 31) / 2 + (j & 1) * 32 + (j >= 32 ? 16 : 0));
    }
    static void pass2(byte[] idx, float[] ys, byte[] planes, int len, MemorySegment out, long off) {
        out = Segments.nativeSegment(out);
        ByteVector a0 = ByteVector.fromArray(B64, planes, 0), a1 = ByteVector.fromArray(B64, planes, 64);
        ByteVector a2 = ByteVector.fromArray(B64, planes, 128), a3 = ByteVector.fromArray(B64, planes, 192);
        ByteVector b0 = ByteVector.fromArray(B64, planes, 256), b1 = ByteVector.fromArray(B64, planes, 320);
        ByteVector b2 = ByteVector.fromArray(B64, planes, 384), b3 = ByteVector.fromArray(B64, planes, 448);
        ByteVector c0 = ByteVector.fromArray(B64, planes, 512), c1 = ByteVector.fromArray(B64, planes, 576);
        ByteVector c2 = ByteVector.fromArray(B64, planes, 640), c3 = ByteVector.fromArray(B64, planes, 704);
        ByteVector d0 = ByteVector.fromArray(B64, planes, 768), d1 = ByteVector.fromArray(B64, planes, 832);
        ByteVector d2 = ByteVector.fromArray(B64, planes, 896), d3 = ByteVector.fromArray(B64, planes, 960);
        ByteVector z0 = ByteVector.fromArray(B64, ZIP, 0), z1 = ByteVector.fromArray(B64, ZIP, 64);
        ShortVector w0 = ShortVector.fromArray(S32, ZIP16, 0), w1 = ShortVector.fromArray(S32, ZIP16, 32);
        for (int i = 0; i + 64 <= len; i += 64) {
            ByteVector q = ByteVector.fromArray(B64, idx, i);
            VectorMask<Byte> upper = q.lt((byte) 0);
            ByteVector p0 = q.selectFrom(a0, a1).blend(q.selectFrom(a2, a3), upper);
            ByteVector p1 = q.selectFrom(b0, b1).blend(q.selectFrom(b2, b3), upper);
            ByteVector p2 = q.selectFrom(c0, c1).blend(q.selectFrom(c2, c3), upper);
            ByteVector p3 = q.selectFrom(d0, d1).blend(q.selectFrom(d2, d3), upper);
            ShortVector lowA = z0.selectFrom(p0, p1).reinterpretAsShorts(), lowB = z1.selectFrom(p0, p1).reinterpretAsShorts();
            ShortVector highA = z0.selectFrom(p2, p3).reinterpretAsShorts(), highB = z1.selectFrom(p2, p3).reinterpretAsShorts();
            long m0 = FloatVector.fromArray(F16, ys, i).compare(VectorOperators.GT, w0.selectFrom(lowA, highA).reinterpretAsFloats()).toLong();
            long m1 = FloatVector.fromArray(F16, ys, i + 16).compare(VectorOperators.GT, w1.selectFrom(lowA, highA).reinterpretAsFloats()).toLong();
            long m2 = FloatVector.fromArray(F16, ys, i + 32).compare(VectorOperators.GT, w0.selectFrom(lowB, highB).reinterpretAsFloats()).toLong();
            long m3 = FloatVector.fromArray(F16, ys, i + 48).compare(VectorOperators.GT, w1.selectFrom(lowB, highB).reinterpretAsFloats()).toLong();
            VectorMask<Byte> gt = VectorMask.fromLong(B64, m0 | m1 << 16 | m2 << 32 | m3 << 48);
            q.add((byte) 1, gt).intoMemorySegment(out, off + i, Vec.LE);
        }
    }
}
