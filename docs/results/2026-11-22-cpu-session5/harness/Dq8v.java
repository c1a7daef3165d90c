package io.bnb.backend.cpu;

import io.bnb.api.*;
import jdk.incubator.vector.*;
import java.lang.foreign.*;
import java.util.*;

/** variants of the bf16 dequant kernel, single thread, ns per element */
public final class Dq8v {
    static int[] tab = new int[256]; static final boolean NOTAB = Boolean.getBoolean("notab");
    static void tableHi(float[] code, float s, int[] table) {
        for (int i = 0; i < 256; i += Vec.LANES)
            Vec.roundBf16(FloatVector.fromArray(Vec.F, code, i).mul(s)).reinterpretAsInts().intoArray(table, i);
    }
    static void full(MemorySegment a, MemorySegment am, float[] code, int n, MemorySegment out, boolean doTable, boolean doLookup) {
        int[] t = tab;
        for (long blk = 0; blk < n / 256; blk++) {
            long start = blk * 256;
            float s = am.getAtIndex(Elements.F32, blk);
            if (doTable) tableHi(code, s, t);
            if (doLookup) {
                int mask = t.length - 1;
                for (int i = 0; i < 256; i++)
                    out.setAtIndex(Elements.I16, start + i, (short) (t[a.get(ValueLayout.JAVA_BYTE, start + i) & mask] >>> 16));
            }
        }
    }
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(Vec.LE);
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(Vec.LE);
    static void tables2(float[] code, float s, int[] lo, int[] hi) {
        for (int i = 0; i < 256; i += Vec.LANES) {
            IntVector h = Vec.roundBf16(FloatVector.fromArray(Vec.F, code, i).mul(s)).reinterpretAsInts();
            h.intoArray(hi, i);
            h.lanewise(VectorOperators.LSHR, 16).intoArray(lo, i);
        }
    }
    static void l1(MemorySegment a, MemorySegment am, float[] code, int n, MemorySegment out) {
        int[] lo = new int[256], hi = new int[256];
        for (long blk = 0; blk < n / 256; blk++) {
            long start = blk * 256;
            if (!NOTAB) tables2(code, am.getAtIndex(Elements.F32, blk), lo, hi);
            for (int i = 0; i < 256; i += 2)
                out.set(INT, (start + i) << 1, lo[a.get(ValueLayout.JAVA_BYTE, start + i) & 0xff] | hi[a.get(ValueLayout.JAVA_BYTE, start + i + 1) & 0xff]);
        }
    }
    static void l2(MemorySegment a, MemorySegment am, float[] code, int n, MemorySegment out) {
        int[] lo = new int[256], hi = new int[256];
        for (long blk = 0; blk < n / 256; blk++) {
            long start = blk * 256;
            if (!NOTAB) tables2(code, am.getAtIndex(Elements.F32, blk), lo, hi);
            for (int i = 0; i < 256; i += 8) {
                long c = a.get(LONG, start + i);
                long o = (start + i) << 1;
                out.set(INT, o, lo[(int) c & 0xff] | hi[(int) (c >>> 8) & 0xff]);
                out.set(INT, o + 4, lo[(int) (c >>> 16) & 0xff] | hi[(int) (c >>> 24) & 0xff]);
                out.set(INT, o + 8, lo[(int) (c >>> 32) & 0xff] | hi[(int) (c >>> 40) & 0xff]);
                out.set(INT, o + 12, lo[(int) (c >>> 48) & 0xff] | hi[(int) (c >>> 56) & 0xff]);
            }
        }
    }
    static void l3(MemorySegment a, MemorySegment am, float[] code, int n, MemorySegment out) {
        int[] lo = new int[256], hi = new int[256];
        for (long blk = 0; blk < n / 256; blk++) {
            long start = blk * 256;
            if (!NOTAB) tables2(code, am.getAtIndex(Elements.F32, blk), lo, hi);
            for (int i = 0; i < 256; i += 8) {
                long c = a.get(LONG, start + i);
                long o = (start + i) << 1;
                int p0 = lo[(int) c & 0xff] | hi[(int) (c >>> 8) & 0xff], p1 = lo[(int) (c >>> 16) & 0xff] | hi[(int) (c >>> 24) & 0xff];
                int p2 = lo[(int) (c >>> 32) & 0xff] | hi[(int) (c >>> 40) & 0xff], p3 = lo[(int) (c >>> 48) & 0xff] | hi[(int) (c >>> 56) & 0xff];
                out.set(LONG, o, p0 & 0xffffffffL | (long) p1 << 32);
                out.set(LONG, o + 8, p2 & 0xffffffffL | (long) p3 << 32);
            }
        }
    }
    static void l4(MemorySegment a, MemorySegment am, float[] code, int n, MemorySegment out) {
        int[] lo = new int[256], hi = new int[256];
        long[] cb = new long[32]; int[] ob = new int[128];
        for (long blk = 0; blk < n / 256; blk++) {
            long start = blk * 256;
            if (!NOTAB) tables2(code, am.getAtIndex(Elements.F32, blk), lo, hi);
            MemorySegment.copy(a, LONG, start, cb, 0, 32);
            for (int j = 0; j < 32; j++) {
                long c = cb[j];
                ob[4 * j] = lo[(int) c & 0xff] | hi[(int) (c >>> 8) & 0xff];
                ob[4 * j + 1] = lo[(int) (c >>> 16) & 0xff] | hi[(int) (c >>> 24) & 0xff];
                ob[4 * j + 2] = lo[(int) (c >>> 32) & 0xff] | hi[(int) (c >>> 40) & 0xff];
                ob[4 * j + 3] = lo[(int) (c >>> 48) & 0xff] | hi[(int) (c >>> 56) & 0xff];
            }
            MemorySegment.copy(ob, 0, out, INT, start << 1, 128);
        }
    }
    static void g1(MemorySegment a, MemorySegment am, float[] code, int n, MemorySegment out) {
        int[] idx = new int[256];
        for (long blk = 0; blk < n / 256; blk++) {
            long start = blk * 256;
            float s = am.getAtIndex(Elements.F32, blk);
            for (int i = 0; i < 256; i += 8) {
                ((IntVector) ByteVector.fromMemorySegment(Vec.B, a, start + i, Vec.LE).convertShape(VectorOperators.ZERO_EXTEND_B2I, Vec.I, 0)).intoArray(idx, i);
            }
            for (int i = 0; i < 256; i += 8) {
                FloatVector v = FloatVector.fromArray(Vec.F, code, 0, idx, i).mul(s);
                Vec.storeShorts(Vec.f32ToBf16Finite(v), out, start + i);
            }
        }
    }
    static void l5(MemorySegment a, MemorySegment am, float[] code, int n, MemorySegment out) {
        int[] lo = new int[256], hi = new int[256];
        for (long blk = 0; blk < n / 256; blk++) {
            long start = blk * 256;
            if (!NOTAB) tables2(code, am.getAtIndex(Elements.F32, blk), lo, hi);
            for (int i = 0; i < 256; i += 4) {
                int c = a.get(INT, start + i);
                long o = (start + i) << 1;
                out.set(INT, o, lo[c & 0xff] | hi[(c >>> 8) & 0xff]);
                out.set(INT, o + 4, lo[(c >>> 16) & 0xff] | hi[c >>> 24]);
            }
        }
    }
    static final ValueLayout.OfShort SH = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(Vec.LE);
    static void l6(MemorySegment a, MemorySegment am, float[] code, int n, MemorySegment out) {
        int[] lo = new int[256], hi = new int[256];
        for (long blk = 0; blk < n / 256; blk++) {
            long start = blk * 256;
            if (!NOTAB) tables2(code, am.getAtIndex(Elements.F32, blk), lo, hi);
            for (int i = 0; i < 256; i += 2) {
                int c = a.get(SH, start + i);
                out.set(INT, (start + i) << 1, lo[c & 0xff] | hi[(c >>> 8) & 0xff]);
            }
        }
    }
    static void l7(MemorySegment a, MemorySegment am, float[] code, int n, MemorySegment out) {
        int[] lo = new int[512], hi = new int[512];
        int blocks = n / 256;
        tables2o(code, am.getAtIndex(Elements.F32, 0), lo, hi, 0);
        for (int blk = 0; blk < blocks; blk++) {
            long start = (long) blk * 256;
            int cur = (blk & 1) << 8;
            if (blk + 1 < blocks) tables2o(code, am.getAtIndex(Elements.F32, blk + 1), lo, hi, cur ^ 256);
            for (int i = 0; i < 256; i += 4) {
                int c = a.get(INT, start + i);
                long o = (start + i) << 1;
                out.set(INT, o, lo[cur + (c & 0xff)] | hi[cur + ((c >>> 8) & 0xff)]);
                out.set(INT, o + 4, lo[cur + ((c >>> 16) & 0xff)] | hi[cur + (c >>> 24)]);
            }
        }
    }
    static void tables2o(float[] code, float s, int[] lo, int[] hi, int off) {
        for (int i = 0; i < 256; i += Vec.LANES) {
            IntVector h = Vec.roundBf16(FloatVector.fromArray(Vec.F, code, i).mul(s)).reinterpretAsInts();
            h.intoArray(hi, off + i);
            h.lanewise(VectorOperators.LSHR, 16).intoArray(lo, off + i);
        }
    }
    static void f2(MemorySegment a, MemorySegment am, float[] code, int n, MemorySegment out) {
        int[] t = new int[512];
        int blocks = n / 256;
        tableHiO(code, am.getAtIndex(Elements.F32, 0), t, 0);
        for (int blk = 0; blk < blocks; blk++) {
            long start = (long) blk * 256;
            int cur = (blk & 1) << 8;
            if (blk + 1 < blocks) tableHiO(code, am.getAtIndex(Elements.F32, blk + 1), t, cur ^ 256);
            for (int i = 0; i < 256; i++)
                out.setAtIndex(Elements.I16, start + i, (short) (t[cur + (a.get(ValueLayout.JAVA_BYTE, start + i) & 0xff)] >>> 16));
        }
    }
    static void tableHiO(float[] code, float s, int[] table, int off) {
        for (int i = 0; i < 256; i += Vec.LANES)
            Vec.roundBf16(FloatVector.fromArray(Vec.F, code, i).mul(s)).reinterpretAsInts().intoArray(table, off + i);
    }
    static void l8(MemorySegment a, MemorySegment am, float[] code, int n, MemorySegment out) {
        int[] lo = new int[512], hi = new int[512];
        int blocks = n / 256;
        tables2o(code, am.getAtIndex(Elements.F32, 0), lo, hi, 0);
        for (int blk = 0; blk < blocks; blk++) {
            long start = (long) blk * 256;
            int cur = (blk & 1) << 8, nxt = cur ^ 256;
            float s = am.getAtIndex(Elements.F32, Math.min(blk + 1, blocks - 1));
            for (int i = 0; i < 256; i += 8) {
                IntVector h = Vec.roundBf16(FloatVector.fromArray(Vec.F, code, i).mul(s)).reinterpretAsInts();
                h.intoArray(hi, nxt + i);
                h.lanewise(VectorOperators.LSHR, 16).intoArray(lo, nxt + i);
                int c = a.get(INT, start + i), d = a.get(INT, start + i + 4);
                long o = (start + i) << 1;
                out.set(INT, o, lo[cur + (c & 0xff)] | hi[cur + ((c >>> 8) & 0xff)]);
                out.set(INT, o + 4, lo[cur + ((c >>> 16) & 0xff)] | hi[cur + (c >>> 24)]);
                out.set(INT, o + 8, lo[cur + (d & 0xff)] | hi[cur + ((d >>> 8) & 0xff)]);
                out.set(INT, o + 12, lo[cur + ((d >>> 16) & 0xff)] | hi[cur + (d >>> 24)]);
            }
        }
    }
    static void r2(MemorySegment a, MemorySegment absmax, float[] code, long n, int bs, MemorySegment out, DType dtype, long b0, long b1) {
        float[] buf = new float[Math.max(bs, 256)];
        int[] lo = new int[512], hi = new int[512];
        boolean bf16 = dtype == DType.BF16, finiteCode = true;
        boolean ready = false; // whether the table of this block was built (with the block before)
        for (long blk = b0; blk < b1; blk++) {
            long start = blk * bs;
            int len = (int) Math.min(bs, n - start);
            float s = absmax.getAtIndex(Elements.F32, blk);
            if (len >= 256) {
                // from the block's parity, so that C2 sees the indexes below stay in the tables
                int cur = (int) (blk & 1) << 8;
                if (!ready) table(code, finiteCode, s, bf16, lo, hi, cur);
                ready = blk + 1 < b1 && n - (blk + 1) * bs >= 256;
                if (ready) table(code, finiteCode, absmax.getAtIndex(Elements.F32, blk + 1), bf16, lo, hi, cur ^ 256);
                int i = 0, vlen = len & -4;
                for (; i < vlen; i += 4) {
                    int c = a.get(INT, start + i);
                    long o = (start + i) << 1;
                    out.set(INT, o, lo[cur + (c & 0xff)] | hi[cur + ((c >>> 8) & 0xff)]);
                    out.set(INT, o + 4, lo[cur + ((c >>> 16) & 0xff)] | hi[cur + (c >>> 24)]);
                }
                for (; i < len; i++) out.setAtIndex(Elements.I16, start + i, (short) lo[cur + (a.get(ValueLayout.JAVA_BYTE, start + i) & 0xff)]);
                continue;
            }
            ready = false;
            for (int i = 0; i < len; i++) buf[i] = code[a.get(ValueLayout.JAVA_BYTE, start + i) & 0xff];
            int i = bf16 ? 0 : 0;
            for (; i < len; i++) Elements.put(out, dtype, start + i, buf[i] * s);
        }
    }

    static void r3(MemorySegment a, MemorySegment absmax, float[] code, long n, int bs, MemorySegment out, DType dtype, long b0, long b1) {
        float[] buf = new float[Math.max(bs, 256)];
        int[] lo = new int[512], hi = new int[512];
        boolean bf16 = dtype == DType.BF16, finiteCode = true;
        boolean ready = false; // whether the table of this block was built (with the block before)
        for (long blk = b0; blk < b1; blk++) {
            long start = blk * bs;
            int len = (int) Math.min(bs, n - start);
            float s = absmax.getAtIndex(Elements.F32, blk);
            if (len >= 256) {
                // from the block's parity, so that C2 sees the indexes below stay in the tables
                int cur = (int) (blk & 1) << 8;
                if (!ready) table(code, finiteCode, s, bf16, lo, hi, cur);
                ready = blk + 1 < b1 && n - (blk + 1) * bs >= 256;
                if (ready) table(code, finiteCode, absmax.getAtIndex(Elements.F32, blk + 1), bf16, lo, hi, cur ^ 256);
                int i = 0, vlen = 256;
                for (; i < vlen; i += 4) {
                    int c = a.get(INT, start + i);
                    long o = (start + i) << 1;
                    out.set(INT, o, lo[cur + (c & 0xff)] | hi[cur + ((c >>> 8) & 0xff)]);
                    out.set(INT, o + 4, lo[cur + ((c >>> 16) & 0xff)] | hi[cur + (c >>> 24)]);
                }
                for (; i < len; i++) out.setAtIndex(Elements.I16, start + i, (short) lo[cur + (a.get(ValueLayout.JAVA_BYTE, start + i) & 0xff)]);
                continue;
            }
            ready = false;
            for (int i = 0; i < len; i++) buf[i] = code[a.get(ValueLayout.JAVA_BYTE, start + i) & 0xff];
            int i = bf16 ? 0 : 0;
            for (; i < len; i++) Elements.put(out, dtype, start + i, buf[i] * s);
        }
    }

    static void r4(MemorySegment a, MemorySegment absmax, float[] code, long n, int bs, MemorySegment out, DType dtype, long b0, long b1) {
        float[] buf = new float[Math.max(bs, 256)];
        int[] lo = new int[512], hi = new int[512];
        boolean bf16 = dtype == DType.BF16, finiteCode = true;
        boolean ready = false; // whether the table of this block was built (with the block before)
        for (long blk = b0; blk < b1; blk++) {
            long start = blk * bs;
            int len = (int) Math.min(bs, n - start);
            float s = absmax.getAtIndex(Elements.F32, blk);
            if (len >= 256) {
                // from the block's parity, so that C2 sees the indexes below stay in the tables
                int cur = (int) (blk & 1) << 8;
                if (!ready) tables2o(code, s, lo, hi, cur);
                ready = blk + 1 < b1 && n - (blk + 1) * bs >= 256;
                if (ready) tables2o(code, absmax.getAtIndex(Elements.F32, blk + 1), lo, hi, cur ^ 256);
                int i = 0, vlen = 256;
                for (; i < vlen; i += 4) {
                    int c = a.get(INT, start + i);
                    long o = (start + i) << 1;
                    out.set(INT, o, lo[cur + (c & 0xff)] | hi[cur + ((c >>> 8) & 0xff)]);
                    out.set(INT, o + 4, lo[cur + ((c >>> 16) & 0xff)] | hi[cur + (c >>> 24)]);
                }
                for (; i < len; i++) out.setAtIndex(Elements.I16, start + i, (short) lo[cur + (a.get(ValueLayout.JAVA_BYTE, start + i) & 0xff)]);
                continue;
            }
            ready = false;
            for (int i = 0; i < len; i++) buf[i] = code[a.get(ValueLayout.JAVA_BYTE, start + i) & 0xff];
            int i = bf16 ? 0 : 0;
            for (; i < len; i++) Elements.put(out, dtype, start + i, buf[i] * s);
        }
    }

    static void r5(MemorySegment a, MemorySegment absmax, float[] code, long n, int bs, MemorySegment out, DType dtype, long b0, long b1) {
        float[] buf = new float[Math.max(bs, 256)];
        int[] lo = new int[512], hi = new int[512];
        boolean bf16 = dtype == DType.BF16, finiteCode = true;
        boolean ready = false; // whether the table of this block was built (with the block before)
        for (long blk = b0; blk < b1; blk++) {
            long start = blk * bs;
            int len = (int) Math.min(bs, n - start);
            float s = absmax.getAtIndex(Elements.F32, blk);
            if (len >= 256) {
                // from the block's parity, so that C2 sees the indexes below stay in the tables
                int cur = (int) (blk & 1) << 8;
                if (!ready) tables2o(code, s, lo, hi, cur);
                ready = blk + 1 < b1 && n - (blk + 1) * bs >= 256;
                if (ready) tables2o(code, absmax.getAtIndex(Elements.F32, blk + 1), lo, hi, cur ^ 256);
                int i = 0, vlen = 256;
                for (; i < vlen; i += 4) {
                    int c = a.get(INT, start + i);
                    long o = (start + i) << 1;
                    out.set(INT, o, lo[cur + (c & 0xff)] | hi[cur + ((c >>> 8) & 0xff)]);
                    out.set(INT, o + 4, lo[cur + ((c >>> 16) & 0xff)] | hi[cur + (c >>> 24)]);
                }
                continue;
            }
        }
    }

    static void r6(MemorySegment a, MemorySegment absmax, float[] code, long n, int bs, MemorySegment out, DType dtype, long b0, long b1) {
        float[] buf = new float[Math.max(bs, 256)];
        int[] lo = new int[512], hi = new int[512];
        boolean bf16 = dtype == DType.BF16, finiteCode = true;
        boolean ready = false; // whether the table of this block was built (with the block before)
        for (long blk = b0; blk < b1; blk++) {
            long start = blk * 256;
            int len = (int) Math.min(bs, n - start);
            float s = absmax.getAtIndex(Elements.F32, blk);
            if (len >= 256) {
                // from the block's parity, so that C2 sees the indexes below stay in the tables
                int cur = (int) (blk & 1) << 8;
                if (!ready) tables2o(code, s, lo, hi, cur);
                ready = blk + 1 < b1 && n - (blk + 1) * bs >= 256;
                if (ready) tables2o(code, absmax.getAtIndex(Elements.F32, blk + 1), lo, hi, cur ^ 256);
                int i = 0, vlen = 256;
                for (; i < vlen; i += 4) {
                    int c = a.get(INT, start + i);
                    long o = (start + i) << 1;
                    out.set(INT, o, lo[cur + (c & 0xff)] | hi[cur + ((c >>> 8) & 0xff)]);
                    out.set(INT, o + 4, lo[cur + ((c >>> 16) & 0xff)] | hi[cur + (c >>> 24)]);
                }
                continue;
            }
        }
    }

    static void r7(MemorySegment a, MemorySegment absmax, float[] code, long n, int bs, MemorySegment out, DType dtype, long b0, long b1) {
        float[] buf = new float[Math.max(bs, 256)];
        int[] lo = new int[512], hi = new int[512];
        boolean bf16 = dtype == DType.BF16, finiteCode = true;
        boolean ready = false; // whether the table of this block was built (with the block before)
        for (long blk = b0; blk < b1; blk++) {
            long start = blk * bs;
            int len = (int) Math.min(bs, n - start);
            
            if (len >= 256) {
                // from the block's parity, so that C2 sees the indexes below stay in the tables
                int cur = (int) (blk & 1) << 8;
                if (!ready) tables2o(code, absmax.getAtIndex(Elements.F32, blk), lo, hi, cur);
                ready = blk + 1 < b1 && n - (blk + 1) * bs >= 256;
                if (ready) tables2o(code, absmax.getAtIndex(Elements.F32, blk + 1), lo, hi, cur ^ 256);
                int i = 0, vlen = 256;
                for (; i < vlen; i += 4) {
                    int c = a.get(INT, start + i);
                    long o = (start + i) << 1;
                    out.set(INT, o, lo[cur + (c & 0xff)] | hi[cur + ((c >>> 8) & 0xff)]);
                    out.set(INT, o + 4, lo[cur + ((c >>> 16) & 0xff)] | hi[cur + (c >>> 24)]);
                }
                continue;
            }
        }
    }

    static void r8(MemorySegment a, MemorySegment absmax, float[] code, long n, int bs, MemorySegment out, DType dtype, long b0, long b1) {
        float[] buf = new float[Math.max(bs, 256)];
        int[] lo = new int[512], hi = new int[512];
        boolean bf16 = dtype == DType.BF16, finiteCode = true;
        boolean ready = false; // whether the table of this block was built (with the block before)
        for (int blk = (int) b0; blk < (int) b1; blk++) {
            long start = (long) blk * bs;
            int len = (int) Math.min(bs, n - start);
            float s = absmax.getAtIndex(Elements.F32, blk);
            if (len >= 256) {
                // from the block's parity, so that C2 sees the indexes below stay in the tables
                int cur = (blk & 1) << 8;
                if (!ready) tables2o(code, s, lo, hi, cur);
                ready = blk + 1 < b1 && n - (blk + 1) * bs >= 256;
                if (ready) tables2o(code, absmax.getAtIndex(Elements.F32, blk + 1), lo, hi, cur ^ 256);
                int i = 0, vlen = 256;
                for (; i < vlen; i += 4) {
                    int c = a.get(INT, start + i);
                    long o = (start + i) << 1;
                    out.set(INT, o, lo[cur + (c & 0xff)] | hi[cur + ((c >>> 8) & 0xff)]);
                    out.set(INT, o + 4, lo[cur + ((c >>> 16) & 0xff)] | hi[cur + (c >>> 24)]);
                }
                continue;
            }
        }
    }

    static void r9(MemorySegment a, MemorySegment absmax, float[] code, long n, int bs, MemorySegment out, DType dtype, long b0, long b1) {
        int[] lo = new int[512], hi = new int[512];
        boolean ready = false;
        for (long blk = b0; blk < b1; blk++) {
            long start = blk * bs;
            int len = (int) Math.min(bs, n - start);
            if (len >= 256) {
                int cur = (int) (blk & 1) << 8;
                if (!ready) tables2o(code, absmax.getAtIndex(Elements.F32, blk), lo, hi, cur);
                ready = blk + 1 < b1 && n - (blk + 1) * bs >= 256;
                if (ready) tables2o(code, absmax.getAtIndex(Elements.F32, blk + 1), lo, hi, cur ^ 256);
                for (int i = 0; i < 256; i += 4) {
                    int c = a.get(INT, start + i);
                    long o = (start + i) << 1;
                    out.set(INT, o, lo[cur + (c & 0xff)] | hi[cur + ((c >>> 8) & 0xff)]);
                    out.set(INT, o + 4, lo[cur + ((c >>> 16) & 0xff)] | hi[cur + (c >>> 24)]);
                }
            }
        }
    }
    static Object keep;
    static void r10(MemorySegment a, MemorySegment absmax, float[] code, long n, int bs, MemorySegment out, DType dtype, long b0, long b1) {
        keep = new byte[Integer.getInteger("pad", 0)];
        int[] lo = new int[512], hi = new int[512];
        tables2o(code, absmax.getAtIndex(Elements.F32, b0), lo, hi, (int) (b0 & 1) << 8);
        for (long blk = b0; blk < b1; blk++) {
            long start = blk * bs;
            int cur = (int) (blk & 1) << 8;
            if (blk + 1 < b1) tables2o(code, absmax.getAtIndex(Elements.F32, blk + 1), lo, hi, cur ^ 256);
            for (int i = 0; i < 256; i += 4) {
                int c = a.get(INT, start + i);
                long o = (start + i) << 1;
                out.set(INT, o, lo[cur + (c & 0xff)] | hi[cur + ((c >>> 8) & 0xff)]);
                out.set(INT, o + 4, lo[cur + ((c >>> 16) & 0xff)] | hi[cur + (c >>> 24)]);
            }
        }
    }
    static void r11(MemorySegment a, MemorySegment absmax, float[] code, long n, int bs, MemorySegment out, DType dtype, long b0, long b1) {
        int[] lo = new int[512], hi = new int[512];
        tables2o(code, absmax.getAtIndex(Elements.F32, b0), lo, hi, (int) (b0 & 1) << 8);
        for (long blk = b0; blk < b1; blk++) {
            long start = blk * 256;
            int cur = (int) (blk & 1) << 8;
            if (blk + 1 < b1) tables2o(code, absmax.getAtIndex(Elements.F32, blk + 1), lo, hi, cur ^ 256);
            for (int i = 0; i < 256; i += 4) {
                int c = a.get(INT, start + i);
                long o = (start + i) << 1;
                out.set(INT, o, lo[cur + (c & 0xff)] | hi[cur + ((c >>> 8) & 0xff)]);
                out.set(INT, o + 4, lo[cur + ((c >>> 16) & 0xff)] | hi[cur + (c >>> 24)]);
            }
        }
    }
    static void r12(MemorySegment a, MemorySegment absmax, float[] code, long n, int bs, MemorySegment out, DType dtype, long b0, long b1) {
        int[] lo = new int[512], hi = new int[512];
        tables2o(code, absmax.getAtIndex(Elements.F32, b0), lo, hi, (int) (b0 & 1) << 8);
        for (int blk = (int) b0; blk < (int) b1; blk++) {
            long start = (long) blk * bs;
            int cur = (blk & 1) << 8;
            if (blk + 1 < b1) tables2o(code, absmax.getAtIndex(Elements.F32, blk + 1), lo, hi, cur ^ 256);
            for (int i = 0; i < 256; i += 4) {
                int c = a.get(INT, start + i);
                long o = (start + i) << 1;
                out.set(INT, o, lo[cur + (c & 0xff)] | hi[cur + ((c >>> 8) & 0xff)]);
                out.set(INT, o + 4, lo[cur + ((c >>> 16) & 0xff)] | hi[cur + (c >>> 24)]);
            }
        }
    }
    static void r13(MemorySegment a, MemorySegment absmax, float[] code, long n, int bs, MemorySegment out, DType dtype, long b0, long b1) {
        int[] lo = new int[512], hi = new int[512];
        tables2o(code, absmax.getAtIndex(Elements.F32, b0), lo, hi, (int) (b0 & 1) << 8);
        for (int blk = (int) b0; blk < (int) b1; blk++) {
            long start = (long) blk * 256;
            int cur = (blk & 1) << 8;
            if (blk + 1 < b1) tables2o(code, absmax.getAtIndex(Elements.F32, blk + 1), lo, hi, cur ^ 256);
            for (int i = 0; i < 256; i += 4) {
                int c = a.get(INT, start + i);
                long o = (start + i) << 1;
                out.set(INT, o, lo[cur + (c & 0xff)] | hi[cur + ((c >>> 8) & 0xff)]);
                out.set(INT, o + 4, lo[cur + ((c >>> 16) & 0xff)] | hi[cur + (c >>> 24)]);
            }
        }
    }
    static void r14(MemorySegment a, MemorySegment absmax, float[] code, long n, int bs, MemorySegment out, DType dtype, long b0, long b1) {
        int[] lo = new int[512], hi = new int[512];
        int sh = Integer.numberOfTrailingZeros(bs);
        tables2o(code, absmax.getAtIndex(Elements.F32, b0), lo, hi, (int) (b0 & 1) << 8);
        for (long blk = b0; blk < b1; blk++) {
            long start = blk << sh;
            int cur = (int) (blk & 1) << 8;
            if (blk + 1 < b1) tables2o(code, absmax.getAtIndex(Elements.F32, blk + 1), lo, hi, cur ^ 256);
            for (int i = 0; i < 256; i += 4) {
                int c = a.get(INT, start + i);
                long o = (start + i) << 1;
                out.set(INT, o, lo[cur + (c & 0xff)] | hi[cur + ((c >>> 8) & 0xff)]);
                out.set(INT, o + 4, lo[cur + ((c >>> 16) & 0xff)] | hi[cur + (c >>> 24)]);
            }
        }
    }
    static void r15(MemorySegment a, MemorySegment absmax, float[] code, long n, int bs, MemorySegment out, DType dtype, long b0, long b1) {
        int[] lo = new int[512], hi = new int[512];
        tables2o(code, absmax.getAtIndex(Elements.F32, b0), lo, hi, (int) (b0 & 1) << 8);
        for (long blk = b0; blk < b1; blk++) {
            long start = (blk * bs) & Long.MAX_VALUE;
            int cur = (int) (blk & 1) << 8;
            if (blk + 1 < b1) tables2o(code, absmax.getAtIndex(Elements.F32, blk + 1), lo, hi, cur ^ 256);
            for (int i = 0; i < 256; i += 4) {
                int c = a.get(INT, start + i);
                long o = (start + i) << 1;
                out.set(INT, o, lo[cur + (c & 0xff)] | hi[cur + ((c >>> 8) & 0xff)]);
                out.set(INT, o + 4, lo[cur + ((c >>> 16) & 0xff)] | hi[cur + (c >>> 24)]);
            }
        }
    }
    static void r16(MemorySegment a, MemorySegment absmax, float[] code, long n, int bs, MemorySegment out, DType dtype, long b0, long b1) {
        int[] lo = new int[512], hi = new int[512];
        tables2o(code, absmax.getAtIndex(Elements.F32, b0), lo, hi, (int) (b0 & 1) << 8);
        for (long blk = b0; blk < b1; blk++) {
            long start = blk * (bs & 0xffff);
            int cur = (int) (blk & 1) << 8;
            if (blk + 1 < b1) tables2o(code, absmax.getAtIndex(Elements.F32, blk + 1), lo, hi, cur ^ 256);
            for (int i = 0; i < 256; i += 4) {
                int c = a.get(INT, start + i);
                long o = (start + i) << 1;
                out.set(INT, o, lo[cur + (c & 0xff)] | hi[cur + ((c >>> 8) & 0xff)]);
                out.set(INT, o + 4, lo[cur + ((c >>> 16) & 0xff)] | hi[cur + (c >>> 24)]);
            }
        }
    }
    static void tshort(float[] code, float s, short[] t, int off) {
        for (int i = 0; i < 256; i += Vec.LANES)
            Vec.f32ToBf16Finite(FloatVector.fromArray(Vec.F, code, i).mul(s)).convertShape(VectorOperators.I2S, Vec.S, 0).reinterpretAsShorts().intoArray(t, off + i);
    }
    static void s1(MemorySegment a, MemorySegment absmax, float[] code, long n, int bs, MemorySegment out, DType dtype, long b0, long b1) {
        short[] t = new short[512];
        tshort(code, absmax.getAtIndex(Elements.F32, b0), t, (int) (b0 & 1) << 8);
        for (long blk = b0; blk < b1; blk++) {
            long start = blk * bs;
            int cur = (int) (blk & 1) << 8;
            if (blk + 1 < b1) tshort(code, absmax.getAtIndex(Elements.F32, blk + 1), t, cur ^ 256);
            for (int i = 0; i < 256; i += 4) {
                int c = a.get(INT, start + i);
                long o = (start + i) << 1;
                out.set(INT, o, (t[cur + (c & 0xff)] & 0xffff) | t[cur + ((c >>> 8) & 0xff)] << 16);
                out.set(INT, o + 4, (t[cur + ((c >>> 16) & 0xff)] & 0xffff) | t[cur + (c >>> 24)] << 16);
            }
        }
    }
    static void s2(MemorySegment a, MemorySegment absmax, float[] code, long n, int bs, MemorySegment out, DType dtype, long b0, long b1) {
        short[] t = new short[256];
        for (long blk = b0; blk < b1; blk++) {
            long start = blk * bs;
            tshort(code, absmax.getAtIndex(Elements.F32, blk), t, 0);
            for (int i = 0; i < 256; i++) out.setAtIndex(Elements.I16, start + i, t[a.get(ValueLayout.JAVA_BYTE, start + i) & 0xff]);
        }
    }
    static void r17(MemorySegment a, MemorySegment absmax, float[] code, long n, int bs, MemorySegment out, DType dtype, long b0, long b1) {
        int[] lo = new int[512], hi = new int[512];
        tables2o(code, absmax.getAtIndex(Elements.F32, b0), lo, hi, (int) (b0 & 1) << 8);
        for (long blk = b0; blk < b1; blk++) {
            long start = blk * bs;
            int cur = (int) (blk & 1) << 8;
            if (blk + 1 < b1) tables2o(code, absmax.getAtIndex(Elements.F32, blk + 1), lo, hi, cur ^ 256);
            MemorySegment src = a.asSlice(start, 256), dst = out.asSlice(start << 1, 512);
            for (int i = 0; i < 256; i += 4) {
                int c = src.get(INT, i);
                dst.set(INT, 2 * i, lo[cur + (c & 0xff)] | hi[cur + ((c >>> 8) & 0xff)]);
                dst.set(INT, 2 * i + 4, lo[cur + ((c >>> 16) & 0xff)] | hi[cur + (c >>> 24)]);
            }
        }
    }
    static void f3(MemorySegment a, MemorySegment absmax, float[] code, long n, int bs, MemorySegment out, DType dtype, long b0, long b1) {
        int[] t = new int[512];
        tableHiO(code, absmax.getAtIndex(Elements.F32, b0), t, (int) (b0 & 1) << 8);
        for (long blk = b0; blk < b1; blk++) {
            long start = blk * bs;
            int cur = (int) (blk & 1) << 8;
            if (blk + 1 < b1) tableHiO(code, absmax.getAtIndex(Elements.F32, blk + 1), t, cur ^ 256);
            MemorySegment src = a.asSlice(start, 256), dst = out.asSlice(start << 1, 512);
            for (int i = 0; i < 256; i++) dst.setAtIndex(Elements.I16, i, (short) (t[cur + (src.get(ValueLayout.JAVA_BYTE, i) & 0xff)] >>> 16));
        }
    }
    static void table(float[] code, boolean finiteCode, float s, boolean bf16, int[] lo, int[] hi, int off) {
        if (bf16 && finiteCode && Float.isFinite(s)) {
            // finite codes times a finite scale give no NaN: the rounding alone
            for (int i = 0; i < 256; i += Vec.LANES) {
                IntVector h = Vec.roundBf16(FloatVector.fromArray(Vec.F, code, i).mul(s)).reinterpretAsInts();
                h.intoArray(hi, off + i);
                h.lanewise(VectorOperators.LSHR, 16).intoArray(lo, off + i);
            }
            return;
        }
        for (int i = 0; i < 256; i += Vec.LANES) {
            FloatVector v = FloatVector.fromArray(Vec.F, code, i).mul(s);
            IntVector l = bf16 ? Vec.f32ToBf16(v) : Vec.f32ToF16(v);
            l.intoArray(lo, off + i);
            l.lanewise(VectorOperators.LSHL, 16).intoArray(hi, off + i);
        }
    }

    public static void main(String[] args) {
        int n = Integer.getInteger("n", 4 << 20), bs = 256, blocks = n / bs;
        Arena arena = Arena.global();
        MemorySegment q = arena.allocate(n, 64), am = arena.allocate(4L * blocks, 64), out = arena.allocate(2L * n, 64);
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < n; i++) q.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt(256));
        for (int b = 0; b < blocks; b++) am.setAtIndex(Elements.F32, b, 0.5f + (float) r.nextDouble());
        float[] code = Codebooks.dynamicSigned();
        int reps = Integer.getInteger("reps", 40);
        String v = System.getProperty("v", "full");
        double[] t = new double[reps];
        for (int w = 0; w < 2; w++)
        for (int k = 0; k < reps; k++) {
            long t0 = System.nanoTime();
            switch (v) {
                case "full" -> full(q, am, code, n, out, true, true);
                case "table" -> full(q, am, code, n, out, true, false);
                case "lookup" -> full(q, am, code, n, out, false, true);
                case "g1" -> g1(q, am, code, n, out);
                case "l5" -> l5(q, am, code, n, out);
                case "l6" -> l6(q, am, code, n, out);
                case "l7" -> l7(q, am, code, n, out);
                case "f2" -> f2(q, am, code, n, out);
                case "l8" -> l8(q, am, code, n, out);
                case "real" -> Blockwise8Vec.dequantize(q, am, code, n, 256, out, DType.BF16, 0, n / 256);
                case "r2" -> r2(q, am, code, n, 256, out, DType.BF16, 0, n / 256);
                case "r3" -> r3(q, am, code, n, 256, out, DType.BF16, 0, n / 256);
                case "r4" -> r4(q, am, code, n, 256, out, DType.BF16, 0, n / 256);
                case "r5" -> r5(q, am, code, n, 256, out, DType.BF16, 0, n / 256);
                case "r6" -> r6(q, am, code, n, 256, out, DType.BF16, 0, n / 256);
                case "r7" -> r7(q, am, code, n, 256, out, DType.BF16, 0, n / 256);
                case "r8" -> r8(q, am, code, n, 256, out, DType.BF16, 0, n / 256);
                case "r9" -> r9(q, am, code, n, 256, out, DType.BF16, 0, n / 256);
                case "r10" -> r10(q, am, code, n, 256, out, DType.BF16, 0, n / 256);
                case "r11" -> r11(q, am, code, n, 256, out, DType.BF16, 0, n / 256);
                case "r12" -> r12(q, am, code, n, 256, out, DType.BF16, 0, n / 256);
                case "r13" -> r13(q, am, code, n, 256, out, DType.BF16, 0, n / 256);
                case "r14" -> r14(q, am, code, n, 256, out, DType.BF16, 0, n / 256);
                case "r15" -> r15(q, am, code, n, 256, out, DType.BF16, 0, n / 256);
                case "r16" -> r16(q, am, code, n, 256, out, DType.BF16, 0, n / 256);
                case "s1" -> s1(q, am, code, n, 256, out, DType.BF16, 0, n / 256);
                case "s2" -> s2(q, am, code, n, 256, out, DType.BF16, 0, n / 256);
                case "r17" -> r17(q, am, code, n, 256, out, DType.BF16, 0, n / 256);
                case "f3" -> f3(q, am, code, n, 256, out, DType.BF16, 0, n / 256);
                case "l1" -> l1(q, am, code, n, out);
                case "l2" -> l2(q, am, code, n, out);
                case "l3" -> l3(q, am, code, n, out);
                case "l4" -> l4(q, am, code, n, out);
            }
            t[k] = (System.nanoTime() - t0) / (double) n;
        }
        Arrays.sort(t);
        if (!v.equals("full")) { MemorySegment ref = arena.allocate(2L * n, 64); full(q, am, code, n, ref, true, true); if (ref.mismatch(out) >= 0) System.out.println("MISMATCH at " + ref.mismatch(out)); }
        System.out.printf("%s min %.3f med %.3f ns/elem%n", v, t[0], t[reps / 2]);
    }
}
