package io.bnb.backend.cpu;
import jdk.incubator.vector.*;
import java.lang.foreign.MemorySegment;
import static io.bnb.backend.cpu.Vec.LE;
import static jdk.incubator.vector.VectorOperators.*;
final class GV {
    private static final VectorSpecies<Byte> B32 = ByteVector.SPECIES_256;
    private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
    private static final VectorMask<Byte> ODD_BYTES_256 = VectorMask.fromLong(B32, 0xAAAAAAAAL);
    static final int SCALE_BATCH = 32;
    static void rows(float[] xp, int k, MemorySegment packed, int r0, int r1, int bs, FourBitMatmul.Scales scales, byte[] tables,
                     float[] sums) {
        packed = Segments.nativeSegment(packed);
        int shift = Integer.numberOfTrailingZeros(bs);
        float[] batchScales = new float[SCALE_BATCH * k / 64 + 2];
        for (int b0 = r0; b0 < r1; b0 += SCALE_BATCH) {
            int b1 = Math.min(r1, b0 + SCALE_BATCH);
            long blk0 = ((long) b0 * k) >>> shift;
            scales.fill(blk0, (int) ((((long) b1 * k - 1) >>> shift) - blk0 + 1), batchScales);
            ByteVector tl = ByteVector.fromArray(B32, tables, 0), th = ByteVector.fromArray(B32, tables, 32);
            VectorMask<Byte> odd = ODD_BYTES_256;
            for (int row = b0; row < b1; row++) {
                long f0 = (long) row * k;
                FloatVector c0 = FloatVector.zero(F8), c1 = c0;
                for (int kk = 0; kk < k; kk += 64) {
                    long f = f0 + kk;
                    ByteVector pk = ByteVector.fromMemorySegment(B32, packed, f >>> 1, LE);
                    // the high nibbles in the low bits of each byte; the bits above are ignored (see tables)
                    ByteVector hi = pk.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                    ByteVector lh = hi.selectFrom(tl), hh = hi.selectFrom(th);
                    // bf16 words: weights of the even bytes' nibbles (we*) and of the odd bytes' (wo*)
                    IntVector weH = lh.blend(hh.reinterpretAsInts().lanewise(LSHL, 8).reinterpretAsBytes(), odd).reinterpretAsInts();
                    IntVector woH = lh.reinterpretAsInts().lanewise(LSHR, 8).reinterpretAsBytes().blend(hh, odd).reinterpretAsInts();
                    FloatVector a0 = weH.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
                    FloatVector a1 = woH.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 16));
                    a0 = weH.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
                    a1 = woH.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a1);
                    ByteVector ll = pk.selectFrom(tl), hl = pk.selectFrom(th);
                    IntVector weL = ll.blend(hl.reinterpretAsInts().lanewise(LSHL, 8).reinterpretAsBytes(), odd).reinterpretAsInts();
                    IntVector woL = ll.reinterpretAsInts().lanewise(LSHR, 8).reinterpretAsBytes().blend(hl, odd).reinterpretAsInts();
                    a0 = weL.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 8), a0);
                    a1 = woL.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
                    a0 = weL.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a0);
                    a1 = woL.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
                    FloatVector s = FloatVector.broadcast(F8, batchScales[(int) ((f >>> shift) - blk0)]);
                    c0 = a0.fma(s, c0);
                    c1 = a1.fma(s, c1);
                }
                sums[row - r0] = c0.add(c1).reduceLanes(ADD);
            }
        }
    }
    static void rowsR2(float[] xp, int k, MemorySegment packed, int r0, int r1, int bs, FourBitMatmul.Scales scales, byte[] tables,
                     float[] sums) {
        packed = Segments.nativeSegment(packed);
        int shift = Integer.numberOfTrailingZeros(bs);
        float[] batchScales = new float[SCALE_BATCH * k / 64 + 2];
        for (int b0 = r0; b0 < r1; b0 += SCALE_BATCH) {
            int b1 = Math.min(r1, b0 + SCALE_BATCH);
            long blk0 = ((long) b0 * k) >>> shift;
            scales.fill(blk0, (int) ((((long) b1 * k - 1) >>> shift) - blk0 + 1), batchScales);
            ByteVector tl = ByteVector.fromArray(B32, tables, 0), th = ByteVector.fromArray(B32, tables, 32);
            VectorMask<Byte> odd = ODD_BYTES_256;
            for (int row = b0; row < b1; row += 2) {
                long f0 = (long) row * k;
                FloatVector c0_0 = FloatVector.zero(F8), c1_0 = c0_0, c0_1 = c0_0, c1_1 = c0_0;
                for (int kk = 0; kk < k; kk += 64) {
                    long f_0 = f0 + kk;
                    ByteVector pk_0 = ByteVector.fromMemorySegment(B32, packed, f_0 >>> 1, LE);
                    // the high nibbles in the low bits of each byte; the bits above are ignored (see tables)
                    ByteVector hi_0 = pk_0.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                    ByteVector lh_0 = hi_0.selectFrom(tl), hh_0 = hi_0.selectFrom(th);
                    // bf16 words: weights of the even bytes' nibbles (we*) and of the odd bytes' (wo*)
                    IntVector weH_0 = lh_0.blend(hh_0.reinterpretAsInts().lanewise(LSHL, 8).reinterpretAsBytes(), odd).reinterpretAsInts();
                    IntVector woH_0 = lh_0.reinterpretAsInts().lanewise(LSHR, 8).reinterpretAsBytes().blend(hh_0, odd).reinterpretAsInts();
                    FloatVector a0_0 = weH_0.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
                    FloatVector a1_0 = woH_0.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 16));
                    a0_0 = weH_0.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0_0);
                    a1_0 = woH_0.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a1_0);
                    ByteVector ll_0 = pk_0.selectFrom(tl), hl_0 = pk_0.selectFrom(th);
                    IntVector weL_0 = ll_0.blend(hl_0.reinterpretAsInts().lanewise(LSHL, 8).reinterpretAsBytes(), odd).reinterpretAsInts();
                    IntVector woL_0 = ll_0.reinterpretAsInts().lanewise(LSHR, 8).reinterpretAsBytes().blend(hl_0, odd).reinterpretAsInts();
                    a0_0 = weL_0.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 8), a0_0);
                    a1_0 = woL_0.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1_0);
                    a0_0 = weL_0.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a0_0);
                    a1_0 = woL_0.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1_0);
                    FloatVector s_0 = FloatVector.broadcast(F8, batchScales[(int) ((f_0 >>> shift) - blk0)]);
                    c0_0 = a0_0.fma(s_0, c0_0);
                    c1_0 = a1_0.fma(s_0, c1_0);
                    long f_1 = f0 + k + kk;
                    ByteVector pk_1 = ByteVector.fromMemorySegment(B32, packed, f_1 >>> 1, LE);
                    // the high nibbles in the low bits of each byte; the bits above are ignored (see tables)
                    ByteVector hi_1 = pk_1.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                    ByteVector lh_1 = hi_1.selectFrom(tl), hh_1 = hi_1.selectFrom(th);
                    // bf16 words: weights of the even bytes' nibbles (we*) and of the odd bytes' (wo*)
                    IntVector weH_1 = lh_1.blend(hh_1.reinterpretAsInts().lanewise(LSHL, 8).reinterpretAsBytes(), odd).reinterpretAsInts();
                    IntVector woH_1 = lh_1.reinterpretAsInts().lanewise(LSHR, 8).reinterpretAsBytes().blend(hh_1, odd).reinterpretAsInts();
                    FloatVector a0_1 = weH_1.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
                    FloatVector a1_1 = woH_1.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 16));
                    a0_1 = weH_1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0_1);
                    a1_1 = woH_1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a1_1);
                    ByteVector ll_1 = pk_1.selectFrom(tl), hl_1 = pk_1.selectFrom(th);
                    IntVector weL_1 = ll_1.blend(hl_1.reinterpretAsInts().lanewise(LSHL, 8).reinterpretAsBytes(), odd).reinterpretAsInts();
                    IntVector woL_1 = ll_1.reinterpretAsInts().lanewise(LSHR, 8).reinterpretAsBytes().blend(hl_1, odd).reinterpretAsInts();
                    a0_1 = weL_1.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 8), a0_1);
                    a1_1 = woL_1.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1_1);
                    a0_1 = weL_1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a0_1);
                    a1_1 = woL_1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1_1);
                    FloatVector s_1 = FloatVector.broadcast(F8, batchScales[(int) ((f_1 >>> shift) - blk0)]);
                    c0_1 = a0_1.fma(s_1, c0_1);
                    c1_1 = a1_1.fma(s_1, c1_1);
                }
                sums[row - r0] = c0_0.add(c1_0).reduceLanes(ADD);
                sums[row + 1 - r0] = c0_1.add(c1_1).reduceLanes(ADD);
            }
        }
    }
    static void rowsE(float[] xp, int k, MemorySegment packed, int r0, int r1, int bs, FourBitMatmul.Scales scales, byte[] tables,
                     float[] sums) {
        packed = Segments.nativeSegment(packed);
        int shift = Integer.numberOfTrailingZeros(bs);
        float[] batchScales = new float[SCALE_BATCH * k / 64 + 2];
        float[] steps = new float[(SCALE_BATCH * k / 64 + 2) << (shift - 6)];
        for (int b0 = r0; b0 < r1; b0 += SCALE_BATCH) {
            int b1 = Math.min(r1, b0 + SCALE_BATCH);
            long blk0 = ((long) b0 * k) >>> shift;
            int nb = (int) ((((long) b1 * k - 1) >>> shift) - blk0 + 1);
            scales.fill(blk0, nb, batchScales);
            int rep = 1 << (shift - 6);
            for (int i = 0; i < nb; i++) java.util.Arrays.fill(steps, i * rep, i * rep + rep, batchScales[i]);
            ByteVector tl = ByteVector.fromArray(B32, tables, 0), th = ByteVector.fromArray(B32, tables, 32);
            VectorMask<Byte> odd = ODD_BYTES_256;
            for (int row = b0; row < b1; row++) {
                long f0 = (long) row * k;
                FloatVector c0 = FloatVector.zero(F8), c1 = c0;
                // the step's scale: steps[j] for step j of this row (one per 64 weights)
                int s0 = (int) ((f0 >>> shift) - blk0) << (shift - 6);
                long p = f0 >>> 1;
                for (int kk = 0; kk < k; kk += 64, p += 32) {
                    ByteVector pk = ByteVector.fromMemorySegment(B32, packed, p, LE);
                    // the high nibbles in the low bits of each byte; the bits above are ignored (see tables)
                    ByteVector hi = pk.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                    ByteVector lh = hi.selectFrom(tl), hh = hi.selectFrom(th);
                    // bf16 words: weights of the even bytes' nibbles (we*) and of the odd bytes' (wo*)
                    IntVector weH = lh.blend(hh.reinterpretAsInts().lanewise(LSHL, 8).reinterpretAsBytes(), odd).reinterpretAsInts();
                    IntVector woH = lh.reinterpretAsInts().lanewise(LSHR, 8).reinterpretAsBytes().blend(hh, odd).reinterpretAsInts();
                    FloatVector a0 = weH.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
                    FloatVector a1 = woH.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 16));
                    a0 = weH.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
                    a1 = woH.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a1);
                    ByteVector ll = pk.selectFrom(tl), hl = pk.selectFrom(th);
                    IntVector weL = ll.blend(hl.reinterpretAsInts().lanewise(LSHL, 8).reinterpretAsBytes(), odd).reinterpretAsInts();
                    IntVector woL = ll.reinterpretAsInts().lanewise(LSHR, 8).reinterpretAsBytes().blend(hl, odd).reinterpretAsInts();
                    a0 = weL.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 8), a0);
                    a1 = woL.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
                    a0 = weL.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a0);
                    a1 = woL.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
                    FloatVector s = FloatVector.broadcast(F8, steps[s0 + (kk >>> 6)]);
                    c0 = a0.fma(s, c0);
                    c1 = a1.fma(s, c1);
                }
                sums[row - r0] = c0.add(c1).reduceLanes(ADD);
            }
        }
    }
    static void rowsH(float[] xp, int k, MemorySegment packed, int r0, int r1, int bs, FourBitMatmul.Scales scales, byte[] tables,
                     float[] sums) {
        packed = Segments.nativeSegment(packed);
        int shift = Integer.numberOfTrailingZeros(bs);
        float[] batchScales = new float[SCALE_BATCH * k / 64 + 2];
        float[] steps = new float[(SCALE_BATCH * k / 64 + 2) << (shift - 6)];
        for (int b0 = r0; b0 < r1; b0 += SCALE_BATCH) {
            int b1 = Math.min(r1, b0 + SCALE_BATCH);
            long blk0 = ((long) b0 * k) >>> shift;
            int nb = (int) ((((long) b1 * k - 1) >>> shift) - blk0 + 1);
            scales.fill(blk0, nb, batchScales);
            int rep = 1 << (shift - 6);
            for (int i = 0; i < nb; i++) java.util.Arrays.fill(steps, i * rep, i * rep + rep, batchScales[i]);
            ByteVector tl = ByteVector.fromArray(B32, tables, 0), th = ByteVector.fromArray(B32, tables, 32);
            VectorMask<Byte> odd = ODD_BYTES_256;
            IntVector hiw = IntVector.broadcast(IntVector.SPECIES_256, 0xffff0000);
            for (int row = b0; row < b1; row++) {
                long f0 = (long) row * k;
                FloatVector c0 = FloatVector.zero(F8), c1 = c0;
                // the step's scale: steps[j] for step j of this row (one per 64 weights)
                int s0 = (int) ((f0 >>> shift) - blk0) << (shift - 6);
                long p = f0 >>> 1;
                for (int kk = 0; kk < k; kk += 64, p += 32) {
                    ByteVector pk = ByteVector.fromMemorySegment(B32, packed, p, LE);
                    // the high nibbles in the low bits of each byte; the bits above are ignored (see tables)
                    ByteVector hi = pk.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                    ByteVector lh = hi.selectFrom(tl), hh = hi.selectFrom(th);
                    // bf16 words: weights of the even bytes' nibbles (we*) and of the odd bytes' (wo*)
                    IntVector weH = lh.blend(hh.reinterpretAsInts().lanewise(LSHL, 8).reinterpretAsBytes(), odd).reinterpretAsInts();
                    IntVector woH = lh.reinterpretAsInts().lanewise(LSHR, 8).reinterpretAsBytes().blend(hh, odd).reinterpretAsInts();
                    FloatVector a0 = weH.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
                    FloatVector a1 = woH.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 16));
                    a0 = weH.and(hiw).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
                    a1 = woH.and(hiw).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a1);
                    ByteVector ll = pk.selectFrom(tl), hl = pk.selectFrom(th);
                    IntVector weL = ll.blend(hl.reinterpretAsInts().lanewise(LSHL, 8).reinterpretAsBytes(), odd).reinterpretAsInts();
                    IntVector woL = ll.reinterpretAsInts().lanewise(LSHR, 8).reinterpretAsBytes().blend(hl, odd).reinterpretAsInts();
                    a0 = weL.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 8), a0);
                    a1 = woL.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
                    a0 = weL.and(hiw).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a0);
                    a1 = woL.and(hiw).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
                    FloatVector s = FloatVector.broadcast(F8, steps[s0 + (kk >>> 6)]);
                    c0 = a0.fma(s, c0);
                    c1 = a1.fma(s, c1);
                }
                sums[row - r0] = c0.add(c1).reduceLanes(ADD);
            }
        }
    }
    static void rowsC(float[] xp, int k, MemorySegment packed, int r0, int r1, int bs, FourBitMatmul.Scales scales, byte[] tables,
                     float[] sums) {
        packed = Segments.nativeSegment(packed);
        int shift = Integer.numberOfTrailingZeros(bs);
        float[] batchScales = new float[SCALE_BATCH * k / 64 + 2];
        for (int b0 = r0; b0 < r1; b0 += SCALE_BATCH) {
            int b1 = Math.min(r1, b0 + SCALE_BATCH);
            long blk0 = ((long) b0 * k) >>> shift;
            scales.fill(blk0, (int) ((((long) b1 * k - 1) >>> shift) - blk0 + 1), batchScales);
            ByteVector tl = ByteVector.fromArray(B32, tables, 0), th = ByteVector.fromArray(B32, tables, 32);
            VectorMask<Byte> odd = ODD_BYTES_256;
            for (int row = b0; row < b1; row++) {
                long f0 = (long) row * k;
                FloatVector c0 = FloatVector.zero(F8), c1 = c0;
                for (int kk = 0; kk < k; kk += 64) {
                    long f = f0 + kk;
                    ByteVector pk = ByteVector.fromMemorySegment(B32, packed, f >>> 1, LE);
                    // the high nibbles in the low bits of each byte; the bits above are ignored (see tables)
                    ByteVector hi = pk.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                    ByteVector lh = hi.selectFrom(tl), hh = hi.selectFrom(th);
                    // bf16 words: weights of the even bytes' nibbles (we*) and of the odd bytes' (wo*)
                    IntVector weH = lh.blend(hh.reinterpretAsInts().lanewise(LSHL, 8).reinterpretAsBytes(), odd).reinterpretAsInts();
                    IntVector woH = lh.reinterpretAsInts().lanewise(LSHR, 8).reinterpretAsBytes().blend(hh, odd).reinterpretAsInts();
                    FloatVector a0 = weH.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
                    FloatVector a1 = woH.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 16));
                    FloatVector e0 = weH.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 32));
                    FloatVector e1 = woH.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 48));
                    ByteVector ll = pk.selectFrom(tl), hl = pk.selectFrom(th);
                    IntVector weL = ll.blend(hl.reinterpretAsInts().lanewise(LSHL, 8).reinterpretAsBytes(), odd).reinterpretAsInts();
                    IntVector woL = ll.reinterpretAsInts().lanewise(LSHR, 8).reinterpretAsBytes().blend(hl, odd).reinterpretAsInts();
                    a0 = weL.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 8), a0);
                    a1 = woL.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
                    e0 = weL.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), e0);
                    e1 = woL.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), e1);
                    FloatVector s = FloatVector.broadcast(F8, batchScales[(int) ((f >>> shift) - blk0)]);
                    c0 = a0.add(e0).fma(s, c0);
                    c1 = a1.add(e1).fma(s, c1);
                }
                sums[row - r0] = c0.add(c1).reduceLanes(ADD);
            }
        }
    }
    static void rowsB(float[] xp, int k, MemorySegment packed, int r0, int r1, int bs, FourBitMatmul.Scales scales, byte[] tables,
                     float[] sums) {
        packed = Segments.nativeSegment(packed);
        int shift = Integer.numberOfTrailingZeros(bs);
        float[] batchScales = new float[SCALE_BATCH * k / 64 + 2];
        for (int b0 = r0; b0 < r1; b0 += SCALE_BATCH) {
            int b1 = Math.min(r1, b0 + SCALE_BATCH);
            long blk0 = ((long) b0 * k) >>> shift;
            scales.fill(blk0, (int) ((((long) b1 * k - 1) >>> shift) - blk0 + 1), batchScales);
            ByteVector tl = ByteVector.fromArray(B32, tables, 0), th = ByteVector.fromArray(B32, tables, 32);
            VectorMask<Byte> odd = ODD_BYTES_256;
            for (int row = b0; row < b1; row++) {
                long f0 = (long) row * k;
                FloatVector c0 = FloatVector.zero(F8), c1 = c0, c2 = c0, c3 = c0;
                for (int kk = 0; kk < k; kk += 64) {
                    long f = f0 + kk;
                    ByteVector pk = ByteVector.fromMemorySegment(B32, packed, f >>> 1, LE);
                    // the high nibbles in the low bits of each byte; the bits above are ignored (see tables)
                    ByteVector hi = pk.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsBytes();
                    ByteVector lh = hi.selectFrom(tl), hh = hi.selectFrom(th);
                    // bf16 words: weights of the even bytes' nibbles (we*) and of the odd bytes' (wo*)
                    IntVector weH = lh.blend(hh.reinterpretAsInts().lanewise(LSHL, 8).reinterpretAsBytes(), odd).reinterpretAsInts();
                    IntVector woH = lh.reinterpretAsInts().lanewise(LSHR, 8).reinterpretAsBytes().blend(hh, odd).reinterpretAsInts();
                    FloatVector a0 = weH.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
                    FloatVector a1 = woH.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 16));
                    FloatVector e0 = weH.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 32));
                    FloatVector e1 = woH.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 48));
                    ByteVector ll = pk.selectFrom(tl), hl = pk.selectFrom(th);
                    IntVector weL = ll.blend(hl.reinterpretAsInts().lanewise(LSHL, 8).reinterpretAsBytes(), odd).reinterpretAsInts();
                    IntVector woL = ll.reinterpretAsInts().lanewise(LSHR, 8).reinterpretAsBytes().blend(hl, odd).reinterpretAsInts();
                    a0 = weL.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 8), a0);
                    a1 = woL.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
                    e0 = weL.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), e0);
                    e1 = woL.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), e1);
                    FloatVector s = FloatVector.broadcast(F8, batchScales[(int) ((f >>> shift) - blk0)]);
                    c0 = a0.fma(s, c0);
                    c1 = a1.fma(s, c1);
                    c2 = e0.fma(s, c2);
                    c3 = e1.fma(s, c3);
                }
                sums[row - r0] = c0.add(c1).add(c2.add(c3)).reduceLanes(ADD);
            }
        }
    }
}
