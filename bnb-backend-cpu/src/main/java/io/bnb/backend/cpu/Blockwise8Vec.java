package io.bnb.backend.cpu;

import io.bnb.api.DType;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Vector path of {@link Blockwise8Kernels}: a block is widened into a float buffer while its
 * absmax is taken (one read of the input), then coded through {@link CodeTableVec} on the table of {@link NearestCode}.
 */
final class Blockwise8Vec {
    private Blockwise8Vec() {}

    /**
     * The buffers of one thread's chunks, reused: a new set per chunk was 13-29 KB (blocks of 256 to
     * 4096), some tens of times a call. Every user writes what it reads first.
     */
    private static final class Scratch {
        final CodeTableVec.Scratch table = new CodeTableVec.Scratch();
        final Blockwise8Bf16Keys.Scratch keys = new Blockwise8Bf16Keys.Scratch();
        final SegmentCodes.Scratch segments = new SegmentCodes.Scratch();
        final short[] shorts = new short[256];
        final int[] ints = new int[256];
        final byte[] planes = VbmiTables.USABLE ? new byte[VbmiTables.BYTES] : null;
        /** An F16 block widened, native and 64-byte aligned for the F32 segment search (grown to the block size met). */
        MemorySegment wide = MemorySegment.NULL;

        MemorySegment wide(int len) {
            if (wide.byteSize() < 4L * len) wide = java.lang.foreign.Arena.ofAuto().allocate(4L * len, 64);
            return wide;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    /** The float buffer of a block, of whichever block size the thread met, kept with the set above. */
    private static final ChunkScratch BLOCK = new ChunkScratch(1, 0);

    static void quantize(MemorySegment in, DType dtype, long n, int bs, NearestCode search, MemorySegment out, MemorySegment absmax,
                         long b0, long b1) {
        in = Segments.nativeSegment(in);
        out = Segments.nativeSegment(out);
        absmax = Segments.nativeSegment(absmax);
        Scratch sc = SCRATCH.get();
        float[] buf = BLOCK.floatsAtLeast(0, bs);
        CodeTableVec.Scratch w = sc.table;
        // F32 and BF16 with the table need no float buffer: the absmax is taken from the input
        // (BF16 compares 16-bit magnitudes) and the scaling pass reads (and widens) it again
        boolean direct = (dtype == DType.BF16 || dtype == DType.F32) && search.usesBuckets();
        boolean bf16Direct = direct && dtype == DType.BF16;
        // large BF16 inputs read whole blocks from the key tables (their one-time build costs tens of ms)
        Blockwise8Bf16Keys keys = bf16Direct && n >= Blockwise8Bf16Keys.MIN_ELEMENTS && bs % 16 == 0 ? search.bf16Keys() : null;
        Blockwise8Bf16Keys.Scratch ks = sc.keys;
        // F32 with the table: the segment search where it is proven for this code. F16 takes it too, on
        // each block widened into native float32: 16 Mi at bs 256, two threads, 6.1-6.4 ms against
        // 6.7-7.6 through the table path (F32: 5.2-5.5; session 32)
        SegmentCodes segments = (direct && dtype == DType.F32 || dtype == DType.F16 && search.usesBuckets()) && SegmentCodes.USABLE
                ? search.segments() : null;
        boolean f16Segments = segments != null && dtype == DType.F16;
        SegmentCodes.Scratch ss = sc.segments;
        for (long blk = b0; blk < b1; blk++) {
            long start = blk * bs;
            int len = (int) Math.min(bs, n - start);
            float m = bf16Direct ? Vec.absmaxBf16(in, start, len, buf)
                    : direct ? Vec.absmaxF32(in, start, len) : Vec.widenAbsmax(in, dtype, start, len, buf);
            absmax.setAtIndex(Elements.F32, blk, m);
            if (Blockwise8Kernels.special(in, dtype, start, len, m, search, out)) continue;
            if (keys != null && len == bs && Blockwise8Bf16Keys.handles(m)) {
                if (Blockwise8Bf16Keys.OCTAVE_KERNEL && len % 128 == 0) keys.blockOctaves(in, start, len, m, ks, out);
                else keys.block(in, start, len, m, ks, out);
                continue;
            }
            float r = 1f / m;
            if (f16Segments) {
                MemorySegment wide = sc.wide(len);
                MemorySegment.copy(buf, 0, wide, Elements.F32, 0, len);
                int done = segments.codesF32(wide, 0, len, r, ss, out, start);
                if (done < len) CodeTableVec.codes(search.table, wide, DType.F32, done, len - done, r, w, out, start + done);
            } else if (segments != null) {
                int done = segments.codesF32(in, start, len, r, ss, out, start);
                if (done < len) CodeTableVec.codes(search.table, in, dtype, start + done, len - done, r, w, out, start + done);
            } else if (direct) CodeTableVec.codes(search.table, in, dtype, start, len, r, w, out, start);
            else if (search.usesBuckets()) CodeTableVec.codes(search.table, buf, len, r, w, out, start);
            else for (int i = 0; i < len; i++) out.set(ValueLayout.JAVA_BYTE, start + i, (byte) search.index(buf[i] * r));
        }
    }

    /**
     * 16-bit outputs. Blocks of 256 or more first build the block's 256 results (code * scale,
     * rounded) and then copy one per element; smaller blocks read the code in scalar code into a
     * float buffer, then scale and round it.
     */
    static void dequantize(MemorySegment a, MemorySegment absmax, float[] code, long n, int bs, MemorySegment out, DType dtype, long b0, long b1) {
        a = Segments.nativeSegment(a);
        absmax = Segments.nativeSegment(absmax);
        out = Segments.nativeSegment(out);
        Scratch sc = SCRATCH.get();
        float[] buf = BLOCK.floatsAtLeast(0, Math.max(bs, 256));
        short[] table = sc.shorts;
        int[] tableHi = sc.ints;
        byte[] planes = VbmiTables.USABLE ? sc.planes : null;
        boolean bf16 = dtype == DType.BF16, finiteCode = allFinite(code);
        for (long blk = b0; blk < b1; blk++) {
            long start = blk * bs;
            int len = (int) Math.min(bs, n - start);
            float s = absmax.getAtIndex(Elements.F32, blk);
            if (len >= 256 && bf16) {
                tableBf16(code, finiteCode, s, tableHi);
                // the mask (table length 256) lets C2 drop the per-value range check
                int mask = tableHi.length - 1;
                int i = 0;
                if (VbmiTables.USABLE) {
                    VbmiTables.planesOfHighHalves(tableHi, planes);
                    i = VbmiTables.lookup(a, start, planes, out, start, len);
                }
                for (; i < len; i++)
                    out.setAtIndex(Elements.I16, start + i, (short) (tableHi[a.get(ValueLayout.JAVA_BYTE, start + i) & mask] >>> 16));
                continue;
            }
            if (len >= 256) {
                tableF16(code, s, table);
                int mask = table.length - 1, i = 0;
                if (VbmiTables.USABLE) {
                    VbmiTables.planesOfShorts(table, planes);
                    i = VbmiTables.lookup(a, start, planes, out, start, len);
                }
                for (; i < len; i++) out.setAtIndex(Elements.I16, start + i, table[a.get(ValueLayout.JAVA_BYTE, start + i) & mask]);
                continue;
            }
            for (int i = 0; i < len; i++) buf[i] = code[a.get(ValueLayout.JAVA_BYTE, start + i) & 0xff];
            int i = bf16 ? scaleBf16(buf, len, s, out, start) : scaleF16(buf, len, s, out, start);
            for (; i < len; i++) Elements.put(out, dtype, start + i, buf[i] * s);
        }
    }

    /**
     * F32 blocks with the code read by byte permutes ({@link VbmiTables#USABLE}), each block
     * through a float buffer: {@code code[q] * absmax}, as {@link Blockwise8Kernels#dequantizeBlocks}.
     * Not by gathers: on the GPU host's Xeon the gather forms of dequantization (session 18)
     * allocated 170-195 MB a call after other ops, one of them running interpreted (session 24).
     */
    static void dequantizeF32(MemorySegment a, MemorySegment absmax, float[] code, long n, int bs, MemorySegment out, long b0, long b1) {
        a = Segments.nativeSegment(a);
        absmax = Segments.nativeSegment(absmax);
        out = Segments.nativeSegment(out);
        float[] buf = BLOCK.floatsAtLeast(0, bs);
        byte[] planes = VbmiTables.planesOfFloats(code);
        for (long blk = b0; blk < b1; blk++) {
            long start = blk * bs;
            int len = (int) Math.min(bs, n - start);
            float s = absmax.getAtIndex(Elements.F32, blk);
            int i = VbmiTables.lookupScaled(a, start, planes, s, buf, 0, len);
            for (; i < len; i++) buf[i] = code[a.get(ValueLayout.JAVA_BYTE, start + i) & 0xff] * s;
            MemorySegment.copy(buf, 0, out, Elements.F32, start << 2, len);
        }
    }

    /**
     * The bf16 bits of {@code code[i] * s} in the high half of {@code table[i]}: ints need no
     * narrowing step per entry, and the lookup takes the high half (so the low half may hold
     * anything).
     */
    private static void tableBf16(float[] code, boolean finiteCode, float s, int[] table) {
        if (finiteCode && Float.isFinite(s)) {
            // finite codes times a finite scale give no NaN: the rounding alone, without clearing
            // the low half (the table build is a fifth of this op's time at block size 256)
            for (int i = 0; i < 256; i += Vec.LANES) {
                IntVector x = FloatVector.fromArray(Vec.F, code, i).mul(s).reinterpretAsInts();
                x.add(x.lanewise(VectorOperators.LSHR, 16).and(1)).add(0x7fff).intoArray(table, i);
            }
            return;
        }
        for (int i = 0; i < 256; i += Vec.LANES)
            Vec.f32ToBf16(FloatVector.fromArray(Vec.F, code, i).mul(s)).lanewise(VectorOperators.LSHL, 16).intoArray(table, i);
    }

    /** A plain loop: C2 vectorizes {@link Float#floatToFloat16} itself (see {@link Vec#widenF16}). */
    private static void tableF16(float[] code, float s, short[] table) {
        for (int i = 0; i < 256; i++) table[i] = Float.floatToFloat16(code[i] * s);
    }

    private static boolean allFinite(float[] code) {
        for (float c : code) if (!Float.isFinite(c)) return false;
        return true;
    }

    private static int scaleBf16(float[] buf, int len, float s, MemorySegment out, long start) {
        out = Segments.nativeSegment(out);
        int i = 0;
        for (; i + Vec.LANES <= len; i += Vec.LANES) Vec.storeBf16(FloatVector.fromArray(Vec.F, buf, i).mul(s), out, start + i);
        return i;
    }

    private static int scaleF16(float[] buf, int len, float s, MemorySegment out, long start) {
        Vec.narrowF16(buf, 0, len, s, out, start);
        return len;
    }
}
