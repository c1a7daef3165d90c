package io.bnb.backend.cpu;

import io.bnb.api.*;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * 8-bit blockwise optimizer step (spec OPTIMIZERS.md §5): per block of 256, dequantize the
 * states ({@code code·absmax}), run the float32 rule, take the new block absmax, requantize
 * {@code state / absmax} to the nearest code ({@link StateCodes}, signed states with the sign
 * fix). Blocks are independent and split over threads.
 */
final class Optim8 {
    private Optim8() {}

    static final int BS = Optimizer8bitStep.BLOCKSIZE;
    private static final ValueLayout.OfLong LE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** From this size on the nearest-code table is worth building (it is cached per code). */
    static final long TABLE_MIN = 16384;

    static void update(Optimizer8bitStep s, boolean vector) {
        update(s, vector, s.param().numel() >= TABLE_MIN);
    }

    static void update(Optimizer8bitStep s, boolean vector, boolean table) {
        OptimizerKind kind = s.kind();
        Hyper h = s.hyper();
        long n = s.param().numel();
        long blocks = Shapes.blocks(n, BS);
        DType t = s.param().dtype();
        boolean two = kind.states() == 2, mix = kind == OptimizerKind.ADEMAMIX;
        float[] q1 = HostArrays.toFloats(CpuBackend.seg(s.qmap1()), DType.F32);
        float[] q2 = two ? HostArrays.toFloats(CpuBackend.seg(s.qmap2()), DType.F32) : null;
        StateCodes c1 = StateCodes.of(q1, true), c2 = two ? StateCodes.of(q2, false) : null;
        byte[] planes1 = vector && VbmiTables.USABLE ? VbmiTables.planesOfFloats(q1) : null;
        byte[] planes2 = two && planes1 != null ? VbmiTables.planesOfFloats(q2) : null;
        MemorySegment p = CpuBackend.seg(s.param()), g = CpuBackend.seg(s.grad());
        MemorySegment s1 = CpuBackend.seg(s.state1()), a1 = CpuBackend.seg(s.absmax1());
        MemorySegment s2 = two ? CpuBackend.seg(s.state2()) : null, a2 = two ? CpuBackend.seg(s.absmax2()) : null;
        StepConsts k0 = StepConsts.of(h, 1f);
        StepConsts k = k0;
        if (h.maxUnorm() > 0 && kind != OptimizerKind.ADEMAMIX && kind != OptimizerKind.ADAGRAD) {
            double[] part = new double[(int) blocks];
            Parallel.forRange(n, BS, 16L * BS, (from, to) -> {
                Block w = BLOCK.get();
                for (long off = from; off < to; off += BS) {
                    int len = (int) Math.min(BS, n - off);
                    FloatLanes.read(g, t, off, w.g, 0, len);
                    dequant(s1, off, q1, planes1, a1.getAtIndex(FloatLanes.F32, off / BS), w.m, len);
                    if (two) dequant(s2, off, q2, planes2, a2.getAtIndex(FloatLanes.F32, off / BS), w.v, len);
                    part[(int) (off / BS)] = OptimRules.unorm(kind, w.g, w.m, w.v, 0, len, k0, true);
                }
            });
            double sum = 0;
            for (double d : part) sum += d;
            k = k.withScale(Optim32.trustScale(kind, (float) sum, h));
        }
        StepConsts kk = k;
        // Adam on F32 and BF16 tensors takes its own loop: p and g read in place, the absmax taken on the way
        boolean direct = vector && kind == OptimizerKind.ADAM && (t == DType.F32 || t == DType.BF16), bf16 = t == DType.BF16;
        Parallel.forRange(n, BS, 16L * BS, (from, to) -> {
            Block w = BLOCK.get();
            for (long off = from; off < to; off += BS) {
                int len = (int) Math.min(BS, n - off);
                long b = off / BS;
                if (direct && len % FloatLanesVec.L == 0) {
                    dequant(s1, off, q1, planes1, a1.getAtIndex(FloatLanes.F32, b), w.m, len);
                    dequant(s2, off, q2, planes2, a2.getAtIndex(FloatLanes.F32, b), w.v, len);
                    if (bf16) OptimRulesVec.adam8DirectBf16(p, g, off, w.m, w.v, len, kk, w.amax);
                    else OptimRulesVec.adam8Direct(p, g, off, w.m, w.v, len, kk, w.amax);
                    a1.setAtIndex(FloatLanes.F32, b, requant(w.m, w.amax[0], len, c1, s1, off, w, true, table));
                    a2.setAtIndex(FloatLanes.F32, b, requant(w.v, w.amax[1], len, c2, s2, off, w, true, table));
                    continue;
                }
                FloatLanes.read(p, t, off, w.p, 0, len);
                FloatLanes.read(g, t, off, w.g, 0, len);
                dequant(s1, off, q1, planes1, a1.getAtIndex(FloatLanes.F32, b), w.m, len);
                if (two) dequant(s2, off, q2, planes2, a2.getAtIndex(FloatLanes.F32, b), w.v, len);
                if (mix) dequant(s1, n + off, q1, planes1, a1.getAtIndex(FloatLanes.F32, blocks + b), w.m2, len);
                Optim32.apply(kind, w.p, w.g, w.m, w.m2, w.v, len, kk, true, vector);
                a1.setAtIndex(FloatLanes.F32, b, requant(w.m, len, c1, s1, off, w, vector, table));
                if (two) a2.setAtIndex(FloatLanes.F32, b, requant(w.v, len, c2, s2, off, w, vector, table));
                if (mix) a1.setAtIndex(FloatLanes.F32, blocks + b, requant(w.m2, len, c1, s1, n + off, w, vector, table));
                FloatLanes.write(p, t, off, w.p, 0, len);
            }
        });
    }

    /**
     * Scratch of one thread's chunks, one block long, reused (a new one per chunk was about 14 KB, some
     * tens of times a step). Every array is written before it is read within a block.
     */
    private static final ThreadLocal<Block> BLOCK = ThreadLocal.withInitial(Block::new);

    private static final class Block {
        final float[] p = new float[BS], g = new float[BS], m = new float[BS], v = new float[BS], m2 = new float[BS], y = new float[BS];
        final byte[] codes = new byte[BS];
        /** The new block absmax of both states, from {@link OptimRulesVec#adam8Direct}. */
        final float[] amax = new float[2];
        final CodeTableVec.Scratch scratch = new CodeTableVec.Scratch();
    }

    /**
     * {@code out[i] = code[state byte] * absmax}; the bytes are read eight at a time (one load
     * instead of eight). Sixteen per iteration also keeps the method above C2's inlining size:
     * inlined into the block loop (many live values), it spilled the table and output pointers
     * and reloaded them for every element. With the table's byte planes (only given where
     * {@link VbmiTables#USABLE}) the table is read by byte permutes. Not by gathers: on the GPU
     * host's Xeon with VBMI off, the gather form ran interpreted after other ops, 605 MB allocated
     * a step and 15.7 against 6.2 ms (session 24).
     */
    private static void dequant(MemorySegment s, long off, float[] code, byte[] planes, float absmax, float[] out, int len) {
        s = Segments.nativeSegment(s);
        // the code has 256 entries (Checks): masking with its length - 1 lets C2 drop the range check
        // of every lookup, which & 0xff does not (one thread, 256 values in L1: 1.5-1.6 against 1.7-1.8
        // cycles a value on Zen 3, session 35)
        int i = 0, m = code.length - 1;
        if (planes != null) i = VbmiTables.lookupScaled(s, off, planes, absmax, out, 0, len);
        else for (; i + 16 <= len; i += 16) {
            long w = s.get(LE64, off + i), u = s.get(LE64, off + i + 8);
            out[i] = code[(int) w & m] * absmax;
            out[i + 1] = code[(int) (w >>> 8) & m] * absmax;
            out[i + 2] = code[(int) (w >>> 16) & m] * absmax;
            out[i + 3] = code[(int) (w >>> 24) & m] * absmax;
            out[i + 4] = code[(int) (w >>> 32) & m] * absmax;
            out[i + 5] = code[(int) (w >>> 40) & m] * absmax;
            out[i + 6] = code[(int) (w >>> 48) & m] * absmax;
            out[i + 7] = code[(int) (w >>> 56) & m] * absmax;
            out[i + 8] = code[(int) u & m] * absmax;
            out[i + 9] = code[(int) (u >>> 8) & m] * absmax;
            out[i + 10] = code[(int) (u >>> 16) & m] * absmax;
            out[i + 11] = code[(int) (u >>> 24) & m] * absmax;
            out[i + 12] = code[(int) (u >>> 32) & m] * absmax;
            out[i + 13] = code[(int) (u >>> 40) & m] * absmax;
            out[i + 14] = code[(int) (u >>> 48) & m] * absmax;
            out[i + 15] = code[(int) (u >>> 56) & m] * absmax;
        }
        for (; i < len; i++) out[i] = code[s.get(FloatLanes.I8, off + i) & 0xff] * absmax;
    }

    /** New block absmax of {@code x}; codes of {@code x / absmax} written at {@code off}; returns the absmax. */
    private static float requant(float[] x, int len, StateCodes codes, MemorySegment s, long off, Block w, boolean vector, boolean table) {
        float amax;
        if (vector) {
            amax = BlockMathVec.absmax(x, len);
        } else {
            amax = 0f;
            for (int i = 0; i < len; i++) amax = Math.max(amax, Math.abs(x[i]));
        }
        return requant(x, amax, len, codes, s, off, w, vector, table);
    }

    /** As above, with the block absmax {@code amax} of {@code x} already taken. */
    private static float requant(float[] x, float amax, int len, StateCodes codes, MemorySegment s, long off, Block w, boolean vector, boolean table) {
        s = Segments.nativeSegment(s);
        if (amax > 0f && amax < Float.POSITIVE_INFINITY) {
            if (vector && table && codes.quantizeBlockInto(x, amax, len, w.scratch, s, off)) return amax;
            codes.quantizeBlock(x, amax, len, w.y, w.codes, vector, table, w.scratch);
        } else {
            for (int i = 0; i < len; i++) w.y[i] = x[i] / amax;
            codes.quantize(w.y, x, len, w.codes, 0, false);
        }
        MemorySegment.copy(w.codes, 0, s, FloatLanes.I8, off, len);
        return amax;
    }
}
