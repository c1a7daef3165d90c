package io.bnb.backend.cpu;

import jdk.incubator.vector.*;
import java.lang.foreign.*;
import static jdk.incubator.vector.VectorOperators.*;

public class GV {
    static final VectorSpecies<Integer> I8 = IntVector.SPECIES_256;
    static final VectorSpecies<Short> S16 = ShortVector.SPECIES_256;
    static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
    static final java.nio.ByteOrder LE = java.nio.ByteOrder.LITTLE_ENDIAN;

    static float[] permC(float[] x, int k) { float[] p = new float[k];
        for (int c = 0; c < k; c += 64) for (int j = 0; j < 8; j++) for (int i = 0; i < 8; i++) p[c + 8*j + i] = x[c + 8*i + (j ^ 1)]; return p; }
    static float[] permD(float[] x, int k) { float[] p = new float[k];
        for (int c = 0; c < k; c += 64) for (int j = 0; j < 4; j++) for (int q = 0; q < 2; q++) for (int d = 0; d < 8; d++) p[c + 8*(2*j+q) + d] = x[c + 8*d + 4*q + (j ^ 1)]; return p; }

    static void rowsC(float[] xp, int k, MemorySegment packed, int r0, int r1, float[] scales, int[] tab, float[] sums) {
        for (int row = r0; row < r1; row++) {
            IntVector tl = IntVector.fromArray(I8, tab, 0), th = IntVector.fromArray(I8, tab, 8);
            long f0 = (long) row * k;
            FloatVector c0 = FloatVector.zero(F8), c1 = c0;
            for (int kk = 0; kk < k; kk += 64) {
                long f = f0 + kk;
                IntVector pk = IntVector.fromMemorySegment(I8, packed, f >>> 1, LE);
                FloatVector a0 = pk.selectFrom(tl, th).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
                FloatVector a1 = pk.lanewise(LSHR, 4).selectFrom(tl, th).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 8));
                a0 = pk.lanewise(LSHR, 8).selectFrom(tl, th).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 16), a0);
                a1 = pk.lanewise(LSHR, 12).selectFrom(tl, th).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
                a0 = pk.lanewise(LSHR, 16).selectFrom(tl, th).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
                a1 = pk.lanewise(LSHR, 20).selectFrom(tl, th).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a1);
                a0 = pk.lanewise(LSHR, 24).selectFrom(tl, th).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a0);
                a1 = pk.lanewise(LSHR, 28).selectFrom(tl, th).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
                FloatVector s = FloatVector.broadcast(F8, scales[(int) (f >>> 6)]);
                c0 = a0.fma(s, c0); c1 = a1.fma(s, c1);
            }
            sums[row - r0] = c0.add(c1).reduceLanes(ADD);
        }
    }

    static void rowsD(float[] xp, int k, MemorySegment packed, int r0, int r1, float[] scales, short[] tab, float[] sums) {
        for (int row = r0; row < r1; row++) {
            ShortVector t = ShortVector.fromArray(S16, tab, 0);
            long f0 = (long) row * k;
            FloatVector c0 = FloatVector.zero(F8), c1 = c0;
            for (int kk = 0; kk < k; kk += 64) {
                long f = f0 + kk;
                ShortVector pk = ShortVector.fromMemorySegment(S16, packed, f >>> 1, LE);
                IntVector w0 = pk.selectFrom(t).reinterpretAsInts();
                IntVector w1 = pk.lanewise(LSHR, 4).selectFrom(t).reinterpretAsInts();
                IntVector w2 = pk.lanewise(LSHR, 8).selectFrom(t).reinterpretAsInts();
                IntVector w3 = pk.lanewise(LSHR, 12).selectFrom(t).reinterpretAsInts();
                FloatVector a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
                FloatVector a1 = w0.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 8));
                a0 = w1.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 16), a0);
                a1 = w1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
                a0 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
                a1 = w2.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a1);
                a0 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a0);
                a1 = w3.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
                FloatVector s = FloatVector.broadcast(F8, scales[(int) (f >>> 6)]);
                c0 = a0.fma(s, c0); c1 = a1.fma(s, c1);
            }
            sums[row - r0] = c0.add(c1).reduceLanes(ADD);
        }
    }
    static void rowsDP(int po, float[] xp, int k, MemorySegment packed, int r0, int r1, float[] scales, short[] tab, float[] sums) {
        for (int row = r0; row < r1; row++) {
            ShortVector t = ShortVector.fromArray(S16, tab, 0);
            long f0 = (long) row * k;
            FloatVector c0 = FloatVector.zero(F8), c1 = c0;
            for (int kk = 0; kk < k; kk += 64) {
                long f = f0 + kk;
                ShortVector pk = ShortVector.fromMemorySegment(S16, packed, f >>> 1, LE);
                IntVector w0 = pk.selectFrom(t).reinterpretAsInts();
                IntVector w1 = pk.lanewise(LSHR, 4).selectFrom(t).reinterpretAsInts();
                IntVector w2 = pk.lanewise(LSHR, 8).selectFrom(t).reinterpretAsInts();
                IntVector w3 = pk.lanewise(LSHR, 12).selectFrom(t).reinterpretAsInts();
                FloatVector a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, po + kk));
                FloatVector a1 = w0.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, po + kk + 8));
                a0 = w1.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, po + kk + 16), a0);
                a1 = w1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, po + kk + 24), a1);
                a0 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, po + kk + 32), a0);
                a1 = w2.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, po + kk + 40), a1);
                a0 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, po + kk + 48), a0);
                a1 = w3.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, po + kk + 56), a1);
                FloatVector s = FloatVector.broadcast(F8, scales[(int) (f >>> 6)]);
                c0 = a0.fma(s, c0); c1 = a1.fma(s, c1);
            }
            sums[row - r0] = c0.add(c1).reduceLanes(ADD);
        }
    }
    static void rowsDA(MemorySegment xs, int k, MemorySegment packed, int r0, int r1, float[] scales, short[] tab, float[] sums) {
        for (int row = r0; row < r1; row++) {
            ShortVector t = ShortVector.fromArray(S16, tab, 0);
            long f0 = (long) row * k;
            FloatVector c0 = FloatVector.zero(F8), c1 = c0;
            for (int kk = 0; kk < k; kk += 64) {
                long f = f0 + kk;
                ShortVector pk = ShortVector.fromMemorySegment(S16, packed, f >>> 1, LE);
                IntVector w0 = pk.selectFrom(t).reinterpretAsInts();
                IntVector w1 = pk.lanewise(LSHR, 4).selectFrom(t).reinterpretAsInts();
                IntVector w2 = pk.lanewise(LSHR, 8).selectFrom(t).reinterpretAsInts();
                IntVector w3 = pk.lanewise(LSHR, 12).selectFrom(t).reinterpretAsInts();
                FloatVector a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromMemorySegment(F8, xs, 4L * (kk), LE));
                FloatVector a1 = w0.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromMemorySegment(F8, xs, 4L * (kk + 8), LE));
                a0 = w1.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromMemorySegment(F8, xs, 4L * (kk + 16), LE), a0);
                a1 = w1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromMemorySegment(F8, xs, 4L * (kk + 24), LE), a1);
                a0 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromMemorySegment(F8, xs, 4L * (kk + 32), LE), a0);
                a1 = w2.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromMemorySegment(F8, xs, 4L * (kk + 40), LE), a1);
                a0 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromMemorySegment(F8, xs, 4L * (kk + 48), LE), a0);
                a1 = w3.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromMemorySegment(F8, xs, 4L * (kk + 56), LE), a1);
                FloatVector s = FloatVector.broadcast(F8, scales[(int) (f >>> 6)]);
                c0 = a0.fma(s, c0); c1 = a1.fma(s, c1);
            }
            sums[row - r0] = c0.add(c1).reduceLanes(ADD);
        }
    }
    static void rowsN4A(MemorySegment xs, int k, MemorySegment packed, int r0, int r1, float[] scales, short[] tab, float[] sums) {
        for (int row = r0; row < r1; row++) {
            long f0 = (long) row * k;
            FloatVector c0 = FloatVector.zero(F8), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
            for (int kk = 0; kk < k; kk += 64) {
                long f = f0 + kk;
                FloatVector w = FloatVector.fromMemorySegment(F8, packed, f >>> 1, LE);
                c0 = w.fma(FloatVector.fromMemorySegment(F8, xs, 4L * (kk), LE), c0);
                c1 = w.fma(FloatVector.fromMemorySegment(F8, xs, 4L * (kk + 8), LE), c1);
                c2 = w.fma(FloatVector.fromMemorySegment(F8, xs, 4L * (kk + 16), LE), c2);
                c3 = w.fma(FloatVector.fromMemorySegment(F8, xs, 4L * (kk + 24), LE), c3);
                c4 = w.fma(FloatVector.fromMemorySegment(F8, xs, 4L * (kk + 32), LE), c4);
                c5 = w.fma(FloatVector.fromMemorySegment(F8, xs, 4L * (kk + 40), LE), c5);
                c6 = w.fma(FloatVector.fromMemorySegment(F8, xs, 4L * (kk + 48), LE), c6);
                c7 = w.fma(FloatVector.fromMemorySegment(F8, xs, 4L * (kk + 56), LE), c7);
            }
            sums[row - r0] = c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).reduceLanes(ADD);
        }
    }
    static void rowsE1(float[] xp, int k, MemorySegment packed, int r0, int r1, float[] scales, short[] tab, float[] sums) {
        for (int row = r0; row < r1; row++) {
            ShortVector t = ShortVector.fromArray(S16, tab, 0);
            long f0 = (long) row * k;
            FloatVector c0 = FloatVector.zero(F8), c1 = c0;
            for (int kk = 0; kk < k; kk += 64) {
                long f = f0 + kk;
                ShortVector pk = ShortVector.fromMemorySegment(S16, packed, f >>> 1, LE);
                IntVector w0 = pk.selectFrom(t, t).reinterpretAsInts();
                IntVector w1 = pk.lanewise(LSHR, 4).selectFrom(t, t).reinterpretAsInts();
                IntVector w2 = pk.lanewise(LSHR, 8).selectFrom(t, t).reinterpretAsInts();
                IntVector w3 = pk.lanewise(LSHR, 12).selectFrom(t, t).reinterpretAsInts();
                FloatVector a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
                FloatVector a1 = w0.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 8));
                a0 = w1.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 16), a0);
                a1 = w1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
                a0 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
                a1 = w2.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a1);
                a0 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a0);
                a1 = w3.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
                FloatVector s = FloatVector.broadcast(F8, scales[(int) (f >>> 6)]);
                c0 = a0.fma(s, c0); c1 = a1.fma(s, c1);
            }
            sums[row - r0] = c0.add(c1).reduceLanes(ADD);
        }
    }
    static void rowsE2(float[] xp, int k, MemorySegment packed, int r0, int r1, float[] scales, short[] tab, float[] sums) {
        for (int row = r0; row < r1; row++) {
            ShortVector t = ShortVector.fromArray(S16, tab, 0);
            long f0 = (long) row * k;
            FloatVector c0 = FloatVector.zero(F8), c1 = c0;
            for (int kk = 0; kk < k; kk += 64) {
                long f = f0 + kk;
                ShortVector pk = ShortVector.fromMemorySegment(S16, packed, f >>> 1, LE);
                IntVector w0 = pk.selectFrom(t).reinterpretAsInts();
                IntVector w1 = pk.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsShorts().selectFrom(t).reinterpretAsInts();
                IntVector w2 = pk.reinterpretAsInts().lanewise(LSHR, 8).reinterpretAsShorts().selectFrom(t).reinterpretAsInts();
                IntVector w3 = pk.reinterpretAsInts().lanewise(LSHR, 12).reinterpretAsShorts().selectFrom(t).reinterpretAsInts();
                FloatVector a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
                FloatVector a1 = w0.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 8));
                a0 = w1.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 16), a0);
                a1 = w1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
                a0 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
                a1 = w2.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a1);
                a0 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a0);
                a1 = w3.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
                FloatVector s = FloatVector.broadcast(F8, scales[(int) (f >>> 6)]);
                c0 = a0.fma(s, c0); c1 = a1.fma(s, c1);
            }
            sums[row - r0] = c0.add(c1).reduceLanes(ADD);
        }
    }
    static void rowsE3(float[] xp, int k, MemorySegment packed, int r0, int r1, float[] scales, short[] tab, float[] sums) {
        for (int row = r0; row < r1; row++) {
            ShortVector t = ShortVector.fromArray(S16, tab, 0);
            long f0 = (long) row * k;
            FloatVector c0 = FloatVector.zero(F8), c1 = c0;
            for (int kk = 0; kk < k; kk += 64) {
                long f = f0 + kk;
                ShortVector pk = ShortVector.fromMemorySegment(S16, packed, f >>> 1, LE);
                IntVector w0 = pk.selectFrom(t, t).reinterpretAsInts();
                IntVector w1 = pk.reinterpretAsInts().lanewise(LSHR, 4).reinterpretAsShorts().selectFrom(t, t).reinterpretAsInts();
                IntVector w2 = pk.reinterpretAsInts().lanewise(LSHR, 8).reinterpretAsShorts().selectFrom(t, t).reinterpretAsInts();
                IntVector w3 = pk.reinterpretAsInts().lanewise(LSHR, 12).reinterpretAsShorts().selectFrom(t, t).reinterpretAsInts();
                FloatVector a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
                FloatVector a1 = w0.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 8));
                a0 = w1.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 16), a0);
                a1 = w1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
                a0 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
                a1 = w2.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a1);
                a0 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a0);
                a1 = w3.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
                FloatVector s = FloatVector.broadcast(F8, scales[(int) (f >>> 6)]);
                c0 = a0.fma(s, c0); c1 = a1.fma(s, c1);
            }
            sums[row - r0] = c0.add(c1).reduceLanes(ADD);
        }
    }

    static void rowsD1(float[] xp, int k, MemorySegment packed, int r0, int r1, float[] scales, short[] tab, float[] sums) {
        for (int row = r0; row < r1; row++) {
            ShortVector t = ShortVector.fromArray(S16, tab, 0);
            long f0 = (long) row * k;
            FloatVector c0 = FloatVector.zero(F8), c1 = c0;
            for (int kk = 0; kk < k; kk += 64) {
                long f = f0 + kk;
                ShortVector pk = ShortVector.fromMemorySegment(S16, packed, f >>> 1, LE);
                IntVector w0 = pk.add(t).reinterpretAsInts();
                IntVector w1 = pk.lanewise(LSHR, 4).add(t).reinterpretAsInts();
                IntVector w2 = pk.lanewise(LSHR, 8).add(t).reinterpretAsInts();
                IntVector w3 = pk.lanewise(LSHR, 12).add(t).reinterpretAsInts();
                FloatVector a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
                FloatVector a1 = w0.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 8));
                a0 = w1.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 16), a0);
                a1 = w1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
                a0 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
                a1 = w2.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a1);
                a0 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a0);
                a1 = w3.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
                FloatVector s = FloatVector.broadcast(F8, scales[(int) (f >>> 6)]);
                c0 = a0.fma(s, c0); c1 = a1.fma(s, c1);
            }
            sums[row - r0] = c0.add(c1).reduceLanes(ADD);
        }
    }

    static void rowsD2(float[] xp, int k, MemorySegment packed, int r0, int r1, float[] scales, short[] tab, float[] sums) {
        for (int row = r0; row < r1; row++) {
            ShortVector t = ShortVector.fromArray(S16, tab, 0);
            long f0 = (long) row * k;
            FloatVector c0 = FloatVector.zero(F8), c1 = c0;
            for (int kk = 0; kk < k; kk += 64) {
                long f = f0 + kk;
                ShortVector pk = ShortVector.fromMemorySegment(S16, packed, f >>> 1, LE);
                IntVector w0 = t.rearrange(pk.and((short)15).toShuffle()).reinterpretAsInts();
                IntVector w1 = t.rearrange(pk.lanewise(LSHR, 4).and((short)15).toShuffle()).reinterpretAsInts();
                IntVector w2 = t.rearrange(pk.lanewise(LSHR, 8).and((short)15).toShuffle()).reinterpretAsInts();
                IntVector w3 = t.rearrange(pk.lanewise(LSHR, 12).toShuffle()).reinterpretAsInts();
                FloatVector a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
                FloatVector a1 = w0.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 8));
                a0 = w1.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 16), a0);
                a1 = w1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
                a0 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
                a1 = w2.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a1);
                a0 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a0);
                a1 = w3.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
                FloatVector s = FloatVector.broadcast(F8, scales[(int) (f >>> 6)]);
                c0 = a0.fma(s, c0); c1 = a1.fma(s, c1);
            }
            sums[row - r0] = c0.add(c1).reduceLanes(ADD);
        }
    }


    static void rowsN1(float[] xp, int k, MemorySegment packed, int r0, int r1, float[] scales, short[] tab, float[] sums) {
        for (int row = r0; row < r1; row++) {
            long f0 = (long) row * k;
            FloatVector c0 = FloatVector.zero(F8), c1 = c0;
            for (int kk = 0; kk < k; kk += 64) {
                long f = f0 + kk;
                FloatVector w = FloatVector.fromMemorySegment(F8, packed, f >>> 1, LE);
                FloatVector a0 = w.mul(FloatVector.fromArray(F8, xp, kk));
                FloatVector a1 = w.mul(FloatVector.fromArray(F8, xp, kk + 8));
                a0 = w.fma(FloatVector.fromArray(F8, xp, kk + 16), a0);
                a1 = w.fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
                a0 = w.fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
                a1 = w.fma(FloatVector.fromArray(F8, xp, kk + 40), a1);
                a0 = w.fma(FloatVector.fromArray(F8, xp, kk + 48), a0);
                a1 = w.fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
                FloatVector s = FloatVector.broadcast(F8, scales[(int) (f >>> 6)]);
                c0 = a0.fma(s, c0); c1 = a1.fma(s, c1);
            }
            sums[row - r0] = c0.add(c1).reduceLanes(ADD);
        }
    }

    static void rowsD2r(float[] xp, int k, MemorySegment packed, int r0, int r1, float[] scales, short[] tab, float[] sums) {
        for (int row = r0; row < r1; row += 2) {
            ShortVector t = ShortVector.fromArray(S16, tab, 0);
            long f0 = (long) row * k;
            FloatVector c0 = FloatVector.zero(F8), c1 = c0, d0 = c0, d1 = c0;
            for (int kk = 0; kk < k; kk += 64) {
                long f = f0 + kk, g = f + k;
                ShortVector pk = ShortVector.fromMemorySegment(S16, packed, f >>> 1, LE);
                ShortVector qk = ShortVector.fromMemorySegment(S16, packed, g >>> 1, LE);
                IntVector w0 = pk.selectFrom(t).reinterpretAsInts();
                IntVector w1 = pk.lanewise(LSHR, 4).selectFrom(t).reinterpretAsInts();
                IntVector v0 = qk.selectFrom(t).reinterpretAsInts();
                IntVector v1 = qk.lanewise(LSHR, 4).selectFrom(t).reinterpretAsInts();
                FloatVector x0 = FloatVector.fromArray(F8, xp, kk), x1 = FloatVector.fromArray(F8, xp, kk + 8);
                FloatVector a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().mul(x0);
                FloatVector a1 = w0.and(0xffff0000).reinterpretAsFloats().mul(x1);
                FloatVector b0 = v0.lanewise(LSHL, 16).reinterpretAsFloats().mul(x0);
                FloatVector b1 = v0.and(0xffff0000).reinterpretAsFloats().mul(x1);
                x0 = FloatVector.fromArray(F8, xp, kk + 16); x1 = FloatVector.fromArray(F8, xp, kk + 24);
                a0 = w1.lanewise(LSHL, 16).reinterpretAsFloats().fma(x0, a0);
                a1 = w1.and(0xffff0000).reinterpretAsFloats().fma(x1, a1);
                b0 = v1.lanewise(LSHL, 16).reinterpretAsFloats().fma(x0, b0);
                b1 = v1.and(0xffff0000).reinterpretAsFloats().fma(x1, b1);
                IntVector w2 = pk.lanewise(LSHR, 8).selectFrom(t).reinterpretAsInts();
                IntVector w3 = pk.lanewise(LSHR, 12).selectFrom(t).reinterpretAsInts();
                IntVector v2 = qk.lanewise(LSHR, 8).selectFrom(t).reinterpretAsInts();
                IntVector v3 = qk.lanewise(LSHR, 12).selectFrom(t).reinterpretAsInts();
                x0 = FloatVector.fromArray(F8, xp, kk + 32); x1 = FloatVector.fromArray(F8, xp, kk + 40);
                a0 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(x0, a0);
                a1 = w2.and(0xffff0000).reinterpretAsFloats().fma(x1, a1);
                b0 = v2.lanewise(LSHL, 16).reinterpretAsFloats().fma(x0, b0);
                b1 = v2.and(0xffff0000).reinterpretAsFloats().fma(x1, b1);
                x0 = FloatVector.fromArray(F8, xp, kk + 48); x1 = FloatVector.fromArray(F8, xp, kk + 56);
                a0 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(x0, a0);
                a1 = w3.and(0xffff0000).reinterpretAsFloats().fma(x1, a1);
                b0 = v3.lanewise(LSHL, 16).reinterpretAsFloats().fma(x0, b0);
                b1 = v3.and(0xffff0000).reinterpretAsFloats().fma(x1, b1);
                FloatVector s = FloatVector.broadcast(F8, scales[(int) (f >>> 6)]);
                FloatVector u = FloatVector.broadcast(F8, scales[(int) (g >>> 6)]);
                c0 = a0.fma(s, c0); c1 = a1.fma(s, c1);
                d0 = b0.fma(u, d0); d1 = b1.fma(u, d1);
            }
            sums[row - r0] = c0.add(c1).reduceLanes(ADD);
            sums[row + 1 - r0] = d0.add(d1).reduceLanes(ADD);
        }
    }

    static void rowsD2rb(float[] xp, int k, MemorySegment packed, int r0, int r1, float[] scales, short[] tab, float[] sums) {
        for (int row = r0; row < r1; row += 2) {
            ShortVector t = ShortVector.fromArray(S16, tab, 0);
            long f0 = (long) row * k;
            FloatVector c0 = FloatVector.zero(F8), c1 = c0, d0 = c0, d1 = c0;
            for (int kk = 0; kk < k; kk += 64) {
                long f = f0 + kk, g = f + k;
                ShortVector pk = ShortVector.fromMemorySegment(S16, packed, f >>> 1, LE);
                ShortVector qk = ShortVector.fromMemorySegment(S16, packed, g >>> 1, LE);
                IntVector w0 = pk.selectFrom(t).reinterpretAsInts();
                IntVector w1 = pk.lanewise(LSHR, 4).selectFrom(t).reinterpretAsInts();
                IntVector v0 = qk.selectFrom(t).reinterpretAsInts();
                IntVector v1 = qk.lanewise(LSHR, 4).selectFrom(t).reinterpretAsInts();
                FloatVector x0 = FloatVector.fromArray(F8, xp, kk), x1 = FloatVector.fromArray(F8, xp, kk + 8);
                FloatVector a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().mul(x0);
                FloatVector a1 = w0.and(0xffff0000).reinterpretAsFloats().mul(x1);
                FloatVector b0 = v0.lanewise(LSHL, 16).reinterpretAsFloats().mul(x0);
                FloatVector b1 = v0.and(0xffff0000).reinterpretAsFloats().mul(x1);
                x0 = FloatVector.fromArray(F8, xp, kk + 16); x1 = FloatVector.fromArray(F8, xp, kk + 24);
                a0 = w1.lanewise(LSHL, 16).reinterpretAsFloats().fma(x0, a0);
                a1 = w1.and(0xffff0000).reinterpretAsFloats().fma(x1, a1);
                b0 = v1.lanewise(LSHL, 16).reinterpretAsFloats().fma(x0, b0);
                b1 = v1.and(0xffff0000).reinterpretAsFloats().fma(x1, b1);
                IntVector w2 = pk.lanewise(LSHR, 8).selectFrom(t).reinterpretAsInts();
                IntVector w3 = pk.lanewise(LSHR, 12).selectFrom(t).reinterpretAsInts();
                IntVector v2 = qk.lanewise(LSHR, 8).selectFrom(t).reinterpretAsInts();
                IntVector v3 = qk.lanewise(LSHR, 12).selectFrom(t).reinterpretAsInts();
                x0 = FloatVector.fromArray(F8, xp, kk + 32); x1 = FloatVector.fromArray(F8, xp, kk + 40);
                a0 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(x0, a0);
                a1 = w2.and(0xffff0000).reinterpretAsFloats().fma(x1, a1);
                b0 = v2.lanewise(LSHL, 16).reinterpretAsFloats().fma(x0, b0);
                b1 = v2.and(0xffff0000).reinterpretAsFloats().fma(x1, b1);
                x0 = FloatVector.fromArray(F8, xp, kk + 48); x1 = FloatVector.fromArray(F8, xp, kk + 56);
                a0 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(x0, a0);
                a1 = w3.and(0xffff0000).reinterpretAsFloats().fma(x1, a1);
                b0 = v3.lanewise(LSHL, 16).reinterpretAsFloats().fma(x0, b0);
                b1 = v3.and(0xffff0000).reinterpretAsFloats().fma(x1, b1);
                FloatVector s = FloatVector.broadcast(F8, scales[(int) (f >>> 6)]);
                FloatVector u = FloatVector.broadcast(F8, scales[(int) (g >>> 6)]);
                c0 = a0.add(a1).fma(s, c0);
                d0 = b0.add(b1).fma(u, d0);
            }
            sums[row - r0] = c0.add(c1).reduceLanes(ADD);
            sums[row + 1 - r0] = d0.add(d1).reduceLanes(ADD);
        }
    }

    static final VectorSpecies<Short> S32 = ShortVector.SPECIES_512;
    static final VectorSpecies<Float> F16 = FloatVector.SPECIES_512;
    static final VectorMask<Float> SECOND = VectorMask.fromLong(F16, 0xFF00L);
    static float[] permW(float[] x, int k) { float[] p = new float[k];
        for (int c = 0; c < k; c += 128) for (int j = 0; j < 4; j++) for (int q = 0; q < 2; q++) for (int d = 0; d < 16; d++) p[c + 16*(2*j+q) + d] = x[c + 8*d + 4*q + (j ^ 1)]; return p; }
    static void rowsW(float[] xp, int k, MemorySegment packed, int r0, int r1, float[] scales, short[] tab, float[] sums) {
        for (int row = r0; row < r1; row++) {
            ShortVector t = ShortVector.fromArray(S32, tab, 0);
            VectorMask<Float> second = SECOND;
            long f0 = (long) row * k;
            FloatVector c0 = FloatVector.zero(F16), c1 = c0;
            for (int kk = 0; kk < k; kk += 128) {
                long f = f0 + kk;
                ShortVector pk = ShortVector.fromMemorySegment(S32, packed, f >>> 1, LE);
                IntVector w0 = pk.selectFrom(t).reinterpretAsInts();
                IntVector w1 = pk.lanewise(LSHR, 4).selectFrom(t).reinterpretAsInts();
                IntVector w2 = pk.lanewise(LSHR, 8).selectFrom(t).reinterpretAsInts();
                IntVector w3 = pk.lanewise(LSHR, 12).selectFrom(t).reinterpretAsInts();
                FloatVector a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F16, xp, kk));
                FloatVector a1 = w0.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F16, xp, kk + 16));
                a0 = w1.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F16, xp, kk + 32), a0);
                a1 = w1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F16, xp, kk + 48), a1);
                a0 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F16, xp, kk + 64), a0);
                a1 = w2.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F16, xp, kk + 80), a1);
                a0 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F16, xp, kk + 96), a0);
                a1 = w3.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F16, xp, kk + 112), a1);
                FloatVector s = FloatVector.broadcast(F16, scales[(int) (f >>> 6)]).blend(scales[(int) ((f + 64) >>> 6)], second);
                c0 = a0.fma(s, c0); c1 = a1.fma(s, c1);
            }
            sums[row - r0] = c0.add(c1).reduceLanes(ADD);
        }
    }

    static void rowsR(float[] xp, int k, MemorySegment packed, int r0, int r1, float[] scales, short[] tab, float[] sums) {
        for (int row = r0; row < r1; row++) {
            long f0 = (long) row * k;
            IntVector c0 = IntVector.zero(IntVector.SPECIES_512), c1 = c0;
            for (int kk = 0; kk < k; kk += 256) {
                long f = f0 + kk;
                c0 = c0.add(IntVector.fromMemorySegment(IntVector.SPECIES_512, packed, f >>> 1, LE));
                c1 = c1.add(IntVector.fromMemorySegment(IntVector.SPECIES_512, packed, (f >>> 1) + 64, LE));
            }
            sums[row - r0] = c0.add(c1).reduceLanes(ADD);
        }
    }

    static void rowsD4(float[] xp, int k, MemorySegment packed, int r0, int r1, float[] scales, short[] tab, float[] sums) {
        for (int row = r0; row < r1; row++) {
            ShortVector t = ShortVector.fromArray(S16, tab, 0);
            long f0 = (long) row * k;
            FloatVector c0 = FloatVector.zero(F8), c1 = c0, c2 = c0, c3 = c0;
            for (int kk = 0; kk < k; kk += 64) {
                long f = f0 + kk;
                ShortVector pk = ShortVector.fromMemorySegment(S16, packed, f >>> 1, LE);
                IntVector w0 = pk.selectFrom(t).reinterpretAsInts();
                IntVector w1 = pk.lanewise(LSHR, 4).selectFrom(t).reinterpretAsInts();
                IntVector w2 = pk.lanewise(LSHR, 8).selectFrom(t).reinterpretAsInts();
                IntVector w3 = pk.lanewise(LSHR, 12).selectFrom(t).reinterpretAsInts();
                FloatVector a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
                FloatVector a1 = w0.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 8));
                FloatVector a2 = w1.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 16));
                FloatVector a3 = w1.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 24));
                a0 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
                a1 = w2.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a1);
                a2 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a2);
                a3 = w3.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a3);
                FloatVector s = FloatVector.broadcast(F8, scales[(int) (f >>> 6)]);
                c0 = a0.fma(s, c0); c1 = a1.fma(s, c1); c2 = a2.fma(s, c2); c3 = a3.fma(s, c3);
            }
            sums[row - r0] = c0.add(c1).add(c2.add(c3)).reduceLanes(ADD);
        }
    }
    static void rowsCs(float[] xp, int k, MemorySegment packed, int r0, int r1, float[] scales, float[] tab, float[] sums) {
        for (int row = r0; row < r1; row++) {
            FloatVector tl = FloatVector.fromArray(F8, tab, 0), th = FloatVector.fromArray(F8, tab, 8);
            long f0 = (long) row * k;
            FloatVector c0 = FloatVector.zero(F8), c1 = c0, c2 = c0, c3 = c0;
            for (int kk = 0; kk < k; kk += 64) {
                long f = f0 + kk;
                FloatVector s = FloatVector.broadcast(F8, scales[(int) (f >>> 6)]);
                IntVector ul = tl.mul(s).reinterpretAsInts(), uh = th.mul(s).reinterpretAsInts();
                IntVector pk = IntVector.fromMemorySegment(I8, packed, f >>> 1, LE);
                c0 = pk.selectFrom(ul, uh).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk), c0);
                c1 = pk.lanewise(LSHR, 4).selectFrom(ul, uh).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 8), c1);
                c2 = pk.lanewise(LSHR, 8).selectFrom(ul, uh).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 16), c2);
                c3 = pk.lanewise(LSHR, 12).selectFrom(ul, uh).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), c3);
                c0 = pk.lanewise(LSHR, 16).selectFrom(ul, uh).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), c0);
                c1 = pk.lanewise(LSHR, 20).selectFrom(ul, uh).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), c1);
                c2 = pk.lanewise(LSHR, 24).selectFrom(ul, uh).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), c2);
                c3 = pk.lanewise(LSHR, 28).selectFrom(ul, uh).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), c3);
            }
            sums[row - r0] = c0.add(c1).add(c2.add(c3)).reduceLanes(ADD);
        }
    }
    static void rowsP1(float[] xp, int k, MemorySegment packed, int r0, int r1, int bs, FourBitMatmul.Scales scales, short[] table,
                     float[] sums) {
        packed = Segments.nativeSegment(packed);
        int shift = Integer.numberOfTrailingZeros(bs);
        float[] batchScales = new float[FourBitGemvBf16.SCALE_BATCH * k / 64 + 2];
        for (int b0 = r0; b0 < r1; b0 += FourBitGemvBf16.SCALE_BATCH) {
            int b1 = Math.min(r1, b0 + FourBitGemvBf16.SCALE_BATCH);
            long blk0 = ((long) b0 * k) >>> shift;
            scales.fill(blk0, (int) ((((long) b1 * k - 1) >>> shift) - blk0 + 1), batchScales);
            ShortVector t = ShortVector.fromArray(S16, table, 0);
            for (int row = b0; row < b1; row++) {
                long f0 = (long) row * k;
                FloatVector c0 = FloatVector.zero(F8), c1 = c0;
                for (int kk = 0; kk < k; kk += 64) {
                    long f = f0 + kk;
                    ShortVector pk = ShortVector.fromMemorySegment(S16, packed, f >>> 1, LE);
                    IntVector w0 = pk.selectFrom(t).reinterpretAsInts();
                    IntVector w1 = pk.lanewise(LSHR, 4).selectFrom(t).reinterpretAsInts();
                    IntVector w2 = pk.lanewise(LSHR, 8).selectFrom(t).reinterpretAsInts();
                    IntVector w3 = pk.lanewise(LSHR, 12).selectFrom(t).reinterpretAsInts();
                    FloatVector a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
                    FloatVector a1 = w0.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 8));
                    a0 = w1.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 16), a0);
                    a1 = w1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
                    a0 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
                    a1 = w2.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a1);
                    a0 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a0);
                    a1 = w3.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
                    FloatVector s = FloatVector.broadcast(F8, batchScales[(int) ((f >>> shift) - blk0)]);
                    c0 = a0.fma(s, c0);
                    c1 = a1.fma(s, c1);
                }
                sums[row - r0] = c0.add(c1).reduceLanes(ADD);
            }
        }
    }
    static void rowsP4(float[] xp, int k, MemorySegment packed, int r0, int r1, int bs, FourBitMatmul.Scales scales, short[] table,
                     float[] sums) {
        packed = Segments.nativeSegment(packed);
        int shift = Integer.numberOfTrailingZeros(bs);
        float[] batchScales = new float[FourBitGemvBf16.SCALE_BATCH * k / 64 + 2];
        for (int b0 = r0; b0 < r1; b0 += FourBitGemvBf16.SCALE_BATCH) {
            int b1 = Math.min(r1, b0 + FourBitGemvBf16.SCALE_BATCH);
            long blk0 = ((long) b0 * k) >>> shift;
            scales.fill(blk0, (int) ((((long) b1 * k - 1) >>> shift) - blk0 + 1), batchScales);
            ShortVector t = ShortVector.fromArray(S16, table, 0);
            for (int row = b0; row < b1; row++) {
                long f0 = (long) row * k;
                FloatVector c0 = FloatVector.zero(F8), c1 = c0;
                for (int kk = 0; kk < k; kk += 64) {
                    long f = f0 + kk;
                    ShortVector pk = ShortVector.fromMemorySegment(S16, packed, f >>> 1, LE);
                    IntVector w0 = pk.selectFrom(t).reinterpretAsInts();
                    IntVector w1 = pk.lanewise(LSHR, 4).selectFrom(t).reinterpretAsInts();
                    IntVector w2 = pk.lanewise(LSHR, 8).selectFrom(t).reinterpretAsInts();
                    IntVector w3 = pk.lanewise(LSHR, 12).selectFrom(t).reinterpretAsInts();
                    FloatVector a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
                    FloatVector a1 = w0.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 8));
                    a0 = w1.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 16), a0);
                    a1 = w1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
                    a0 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
                    a1 = w2.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a1);
                    a0 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a0);
                    a1 = w3.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
                    FloatVector s = FloatVector.broadcast(F8, 1.0f);
                    c0 = a0.fma(s, c0);
                    c1 = a1.fma(s, c1);
                }
                sums[row - r0] = c0.add(c1).reduceLanes(ADD);
            }
        }
    }
    static void rowsP5(float[] xp, int k, MemorySegment packed, int r0, int r1, int bs, FourBitMatmul.Scales scales, short[] table,
                     float[] sums) {
        packed = Segments.nativeSegment(packed);
        final int shift = 6;
        float[] batchScales = new float[FourBitGemvBf16.SCALE_BATCH * k / 64 + 2];
        for (int b0 = r0; b0 < r1; b0 += FourBitGemvBf16.SCALE_BATCH) {
            int b1 = Math.min(r1, b0 + FourBitGemvBf16.SCALE_BATCH);
            long blk0 = ((long) b0 * k) >>> shift;
            scales.fill(blk0, (int) ((((long) b1 * k - 1) >>> shift) - blk0 + 1), batchScales);
            ShortVector t = ShortVector.fromArray(S16, table, 0);
            for (int row = b0; row < b1; row++) {
                long f0 = (long) row * k;
                FloatVector c0 = FloatVector.zero(F8), c1 = c0;
                for (int kk = 0; kk < k; kk += 64) {
                    long f = f0 + kk;
                    ShortVector pk = ShortVector.fromMemorySegment(S16, packed, f >>> 1, LE);
                    IntVector w0 = pk.selectFrom(t).reinterpretAsInts();
                    IntVector w1 = pk.lanewise(LSHR, 4).selectFrom(t).reinterpretAsInts();
                    IntVector w2 = pk.lanewise(LSHR, 8).selectFrom(t).reinterpretAsInts();
                    IntVector w3 = pk.lanewise(LSHR, 12).selectFrom(t).reinterpretAsInts();
                    FloatVector a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
                    FloatVector a1 = w0.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 8));
                    a0 = w1.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 16), a0);
                    a1 = w1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
                    a0 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
                    a1 = w2.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a1);
                    a0 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a0);
                    a1 = w3.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
                    FloatVector s = FloatVector.broadcast(F8, batchScales[(int) ((f >>> shift) - blk0)]);
                    c0 = a0.fma(s, c0);
                    c1 = a1.fma(s, c1);
                }
                sums[row - r0] = c0.add(c1).reduceLanes(ADD);
            }
        }
    }
    static void rowsP2(float[] xp, int k, MemorySegment packed, int r0, int r1, int bs, FourBitMatmul.Scales scales, short[] table,
                     float[] sums) {
        packed = Segments.nativeSegment(packed);
        int shift = Integer.numberOfTrailingZeros(bs);
        float[] batchScales = new float[FourBitGemvBf16.SCALE_BATCH * k / 64 + 2];
        for (int b0 = r0; b0 < r1; b0 += FourBitGemvBf16.SCALE_BATCH) {
            int b1 = Math.min(r1, b0 + FourBitGemvBf16.SCALE_BATCH);
            long blk0 = ((long) b0 * k) >>> shift;
            scales.fill(blk0, (int) ((((long) b1 * k - 1) >>> shift) - blk0 + 1), batchScales);
            for (int row = b0; row < b1; row++) {
                ShortVector t = ShortVector.fromArray(S16, table, 0);
                long f0 = (long) row * k;
                FloatVector c0 = FloatVector.zero(F8), c1 = c0;
                for (int kk = 0; kk < k; kk += 64) {
                    long f = f0 + kk;
                    ShortVector pk = ShortVector.fromMemorySegment(S16, packed, f >>> 1, LE);
                    IntVector w0 = pk.selectFrom(t).reinterpretAsInts();
                    IntVector w1 = pk.lanewise(LSHR, 4).selectFrom(t).reinterpretAsInts();
                    IntVector w2 = pk.lanewise(LSHR, 8).selectFrom(t).reinterpretAsInts();
                    IntVector w3 = pk.lanewise(LSHR, 12).selectFrom(t).reinterpretAsInts();
                    FloatVector a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
                    FloatVector a1 = w0.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 8));
                    a0 = w1.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 16), a0);
                    a1 = w1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
                    a0 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
                    a1 = w2.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a1);
                    a0 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a0);
                    a1 = w3.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
                    FloatVector s = FloatVector.broadcast(F8, batchScales[(int) ((f >>> shift) - blk0)]);
                    c0 = a0.fma(s, c0);
                    c1 = a1.fma(s, c1);
                }
                sums[row - r0] = c0.add(c1).reduceLanes(ADD);
            }
        }
    }
    static void rowsP3(float[] xp, int k, MemorySegment packed, int r0, int r1, int bs, FourBitMatmul.Scales scales, short[] table,
                     float[] sums) {
        
        int shift = Integer.numberOfTrailingZeros(bs);
        float[] batchScales = new float[FourBitGemvBf16.SCALE_BATCH * k / 64 + 2];
        for (int b0 = r0; b0 < r1; b0 += FourBitGemvBf16.SCALE_BATCH) {
            int b1 = Math.min(r1, b0 + FourBitGemvBf16.SCALE_BATCH);
            long blk0 = ((long) b0 * k) >>> shift;
            scales.fill(blk0, (int) ((((long) b1 * k - 1) >>> shift) - blk0 + 1), batchScales);
            ShortVector t = ShortVector.fromArray(S16, table, 0);
            for (int row = b0; row < b1; row++) {
                long f0 = (long) row * k;
                FloatVector c0 = FloatVector.zero(F8), c1 = c0;
                for (int kk = 0; kk < k; kk += 64) {
                    long f = f0 + kk;
                    ShortVector pk = ShortVector.fromMemorySegment(S16, packed, f >>> 1, LE);
                    IntVector w0 = pk.selectFrom(t).reinterpretAsInts();
                    IntVector w1 = pk.lanewise(LSHR, 4).selectFrom(t).reinterpretAsInts();
                    IntVector w2 = pk.lanewise(LSHR, 8).selectFrom(t).reinterpretAsInts();
                    IntVector w3 = pk.lanewise(LSHR, 12).selectFrom(t).reinterpretAsInts();
                    FloatVector a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
                    FloatVector a1 = w0.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 8));
                    a0 = w1.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 16), a0);
                    a1 = w1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
                    a0 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
                    a1 = w2.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a1);
                    a0 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a0);
                    a1 = w3.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
                    FloatVector s = FloatVector.broadcast(F8, batchScales[(int) ((f >>> shift) - blk0)]);
                    c0 = a0.fma(s, c0);
                    c1 = a1.fma(s, c1);
                }
                sums[row - r0] = c0.add(c1).reduceLanes(ADD);
            }
        }
    }

    static void rowsP6(float[] xp, int k, MemorySegment packed, int r0, int r1, int bs, FourBitMatmul.Scales scales, short[] table, float[] sums) {
        packed = Segments.nativeSegment(packed);
        int shift = Integer.numberOfTrailingZeros(bs);
        float[] batchScales = new float[FourBitGemvBf16.SCALE_BATCH * k / 64 + 2];
        for (int b0 = r0; b0 < r1; b0 += FourBitGemvBf16.SCALE_BATCH) {
            int b1 = Math.min(r1, b0 + FourBitGemvBf16.SCALE_BATCH);
            long blk0 = ((long) b0 * k) >>> shift;
            scales.fill(blk0, (int) ((((long) b1 * k - 1) >>> shift) - blk0 + 1), batchScales);
            batch(xp, k, packed, b0, b1, shift, blk0, batchScales, table, sums, r0);
        }
    }
    static void batch(float[] xp, int k, MemorySegment packed, int b0, int b1, int shift, long blk0, float[] batchScales, short[] table, float[] sums, int r0) {
            for (int row = b0; row < b1; row++) {
                ShortVector t = ShortVector.fromArray(S16, table, 0);
                long f0 = (long) row * k;
                FloatVector c0 = FloatVector.zero(F8), c1 = c0;
                for (int kk = 0; kk < k; kk += 64) {
                    long f = f0 + kk;
                    ShortVector pk = ShortVector.fromMemorySegment(S16, packed, f >>> 1, LE);
                    IntVector w0 = pk.selectFrom(t).reinterpretAsInts();
                    IntVector w1 = pk.lanewise(LSHR, 4).selectFrom(t).reinterpretAsInts();
                    IntVector w2 = pk.lanewise(LSHR, 8).selectFrom(t).reinterpretAsInts();
                    IntVector w3 = pk.lanewise(LSHR, 12).selectFrom(t).reinterpretAsInts();
                    FloatVector a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
                    FloatVector a1 = w0.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 8));
                    a0 = w1.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 16), a0);
                    a1 = w1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
                    a0 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
                    a1 = w2.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a1);
                    a0 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a0);
                    a1 = w3.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
                    FloatVector s = FloatVector.broadcast(F8, batchScales[(int) ((f >>> shift) - blk0)]);
                    c0 = a0.fma(s, c0);
                    c1 = a1.fma(s, c1);
                }
                sums[row - r0] = c0.add(c1).reduceLanes(ADD);
            }
    }

    static void rowsP7(float[] xp, int k, MemorySegment packed, int r0, int r1, int bs, FourBitMatmul.Scales scales, short[] table, float[] sums) {
        packed = Segments.nativeSegment(packed);
        int shift = Integer.numberOfTrailingZeros(bs);
        long blk0 = ((long) r0 * k) >>> shift;
        int nb = (int) ((((long) r1 * k - 1) >>> shift) - blk0 + 1);
        float[] rs = new float[nb];
        scales.fill(blk0, nb, rs);
        for (int row = r0; row < r1; row++) {
            ShortVector t = ShortVector.fromArray(S16, table, 0);
            long f0 = (long) row * k;
            FloatVector c0 = FloatVector.zero(F8), c1 = c0;
            for (int kk = 0; kk < k; kk += 64) {
                long f = f0 + kk;
                ShortVector pk = ShortVector.fromMemorySegment(S16, packed, f >>> 1, LE);
                IntVector w0 = pk.selectFrom(t).reinterpretAsInts();
                IntVector w1 = pk.lanewise(LSHR, 4).selectFrom(t).reinterpretAsInts();
                IntVector w2 = pk.lanewise(LSHR, 8).selectFrom(t).reinterpretAsInts();
                IntVector w3 = pk.lanewise(LSHR, 12).selectFrom(t).reinterpretAsInts();
                FloatVector a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
                FloatVector a1 = w0.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 8));
                a0 = w1.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 16), a0);
                a1 = w1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
                a0 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
                a1 = w2.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a1);
                a0 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a0);
                a1 = w3.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
                FloatVector s = FloatVector.broadcast(F8, rs[(int) ((f >>> shift) - blk0)]);
                c0 = a0.fma(s, c0);
                c1 = a1.fma(s, c1);
            }
            sums[row - r0] = c0.add(c1).reduceLanes(ADD);
        }
    }
    static void rowsP8(float[] xp, int k, MemorySegment packed, int r0, int r1, int bs, FourBitMatmul.Scales scales, short[] table, float[] sums) {
        packed = Segments.nativeSegment(packed);
        int shift = Integer.numberOfTrailingZeros(bs);
        long blk0 = ((long) r0 * k) >>> shift;
        int nb = (int) ((((long) r1 * k - 1) >>> shift) - blk0 + 1);
        float[] rs = new float[nb];
        scales.fill(blk0, nb, rs);
        for (int row = r0; row < r1; row++) {
            ShortVector t = ShortVector.fromArray(S16, table, 0);
            long f0 = (long) row * k;
            int o = (int) (f0 - (blk0 << shift));
            long p0 = f0 >>> 1;
            FloatVector c0 = FloatVector.zero(F8), c1 = c0;
            for (int kk = 0; kk < k; kk += 64) {
                ShortVector pk = ShortVector.fromMemorySegment(S16, packed, p0 + (kk >>> 1), LE);
                IntVector w0 = pk.selectFrom(t).reinterpretAsInts();
                IntVector w1 = pk.lanewise(LSHR, 4).selectFrom(t).reinterpretAsInts();
                IntVector w2 = pk.lanewise(LSHR, 8).selectFrom(t).reinterpretAsInts();
                IntVector w3 = pk.lanewise(LSHR, 12).selectFrom(t).reinterpretAsInts();
                FloatVector a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
                FloatVector a1 = w0.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 8));
                a0 = w1.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 16), a0);
                a1 = w1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
                a0 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
                a1 = w2.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a1);
                a0 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a0);
                a1 = w3.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
                FloatVector s = FloatVector.broadcast(F8, rs[(o + kk) >>> shift]);
                c0 = a0.fma(s, c0);
                c1 = a1.fma(s, c1);
            }
            sums[row - r0] = c0.add(c1).reduceLanes(ADD);
        }
    }
    static void rowsP10(float[] xp, int k, MemorySegment packed, int r0, int r1, int bs, FourBitMatmul.Scales scales, short[] table, float[] sums) {
        packed = Segments.nativeSegment(packed);
        int shift = Integer.numberOfTrailingZeros(bs);
        long blk0 = ((long) r0 * k) >>> shift;
        int nb = (int) ((((long) r1 * k - 1) >>> shift) - blk0 + 1);
        float[] rs = new float[nb];
        scales.fill(blk0, nb, rs);
        for (int row = r0; row < r1; row++) {
            ShortVector t = ShortVector.fromArray(S16, table, 0);
            long f0 = (long) row * k;
            int o = (int) (f0 - (blk0 << shift));
            long p0 = f0 >>> 1;
            FloatVector c0 = FloatVector.zero(F8), c1 = c0;
            for (int kk = 0; kk < k; kk += 64) {
                ShortVector pk = ShortVector.fromMemorySegment(S16, packed, p0 + (kk >>> 1), LE);
                IntVector w0 = pk.selectFrom(t).reinterpretAsInts();
                IntVector w1 = pk.lanewise(LSHR, 4).selectFrom(t).reinterpretAsInts();
                IntVector w2 = pk.lanewise(LSHR, 8).selectFrom(t).reinterpretAsInts();
                IntVector w3 = pk.lanewise(LSHR, 12).selectFrom(t).reinterpretAsInts();
                FloatVector a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
                FloatVector a1 = w0.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 8));
                a0 = w1.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 16), a0);
                a1 = w1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
                a0 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
                a1 = w2.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a1);
                a0 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a0);
                a1 = w3.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
                FloatVector s = FloatVector.broadcast(F8, rs[(o + kk) >>> 6]);
                c0 = a0.fma(s, c0);
                c1 = a1.fma(s, c1);
            }
            sums[row - r0] = c0.add(c1).reduceLanes(ADD);
        }
    }
    static void rowsP11(float[] xp, int k, MemorySegment packed, int r0, int r1, int bs, FourBitMatmul.Scales scales, short[] table, float[] sums) {
        packed = Segments.nativeSegment(packed);
        int shift = Integer.numberOfTrailingZeros(bs);
        long blk0 = ((long) r0 * k) >>> shift;
        int nb = (int) ((((long) r1 * k - 1) >>> shift) - blk0 + 1);
        float[] rs = new float[nb];
        scales.fill(blk0, nb, rs);
        ShortVector t = ShortVector.fromArray(S16, table, 0);
        for (int row = r0; row < r1; row++) {
            long f0 = (long) row * k;
            int o = (int) (f0 - (blk0 << shift));
            long p0 = f0 >>> 1;
            FloatVector c0 = FloatVector.zero(F8), c1 = c0;
            for (int kk = 0; kk < k; kk += 64) {
                ShortVector pk = ShortVector.fromMemorySegment(S16, packed, p0 + (kk >>> 1), LE);
                IntVector w0 = pk.selectFrom(t).reinterpretAsInts();
                IntVector w1 = pk.lanewise(LSHR, 4).selectFrom(t).reinterpretAsInts();
                IntVector w2 = pk.lanewise(LSHR, 8).selectFrom(t).reinterpretAsInts();
                IntVector w3 = pk.lanewise(LSHR, 12).selectFrom(t).reinterpretAsInts();
                FloatVector a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
                FloatVector a1 = w0.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 8));
                a0 = w1.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 16), a0);
                a1 = w1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
                a0 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
                a1 = w2.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a1);
                a0 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a0);
                a1 = w3.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
                FloatVector s = FloatVector.broadcast(F8, rs[(o + kk) >>> shift]);
                c0 = a0.fma(s, c0);
                c1 = a1.fma(s, c1);
            }
            sums[row - r0] = c0.add(c1).reduceLanes(ADD);
        }
    }
    static void rowsP9(float[] xp, int k, MemorySegment packed, int r0, int r1, int bs, FourBitMatmul.Scales scales, short[] table, float[] sums) {
        
        int shift = Integer.numberOfTrailingZeros(bs);
        long blk0 = ((long) r0 * k) >>> shift;
        int nb = (int) ((((long) r1 * k - 1) >>> shift) - blk0 + 1);
        float[] rs = new float[nb];
        scales.fill(blk0, nb, rs);
        for (int row = r0; row < r1; row++) {
            ShortVector t = ShortVector.fromArray(S16, table, 0);
            long f0 = (long) row * k;
            int o = (int) (f0 - (blk0 << shift));
            long p0 = f0 >>> 1;
            FloatVector c0 = FloatVector.zero(F8), c1 = c0;
            for (int kk = 0; kk < k; kk += 64) {
                ShortVector pk = ShortVector.fromMemorySegment(S16, packed, p0 + (kk >>> 1), LE);
                IntVector w0 = pk.selectFrom(t).reinterpretAsInts();
                IntVector w1 = pk.lanewise(LSHR, 4).selectFrom(t).reinterpretAsInts();
                IntVector w2 = pk.lanewise(LSHR, 8).selectFrom(t).reinterpretAsInts();
                IntVector w3 = pk.lanewise(LSHR, 12).selectFrom(t).reinterpretAsInts();
                FloatVector a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
                FloatVector a1 = w0.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 8));
                a0 = w1.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 16), a0);
                a1 = w1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
                a0 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
                a1 = w2.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a1);
                a0 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a0);
                a1 = w3.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
                FloatVector s = FloatVector.broadcast(F8, rs[(o + kk) >>> shift]);
                c0 = a0.fma(s, c0);
                c1 = a1.fma(s, c1);
            }
            sums[row - r0] = c0.add(c1).reduceLanes(ADD);
        }
    }
    static void rowsP12(float[] xp, int k, MemorySegment packed, int r0, int r1, int bs, FourBitMatmul.Scales scales, short[] table, float[] sums) {
        packed = Segments.nativeSegment(packed);
        int shift = Integer.numberOfTrailingZeros(bs);
        float[] batchScales = new float[FourBitGemvBf16.SCALE_BATCH * k / 64 + 2];
        for (int b0 = r0; b0 < r1; b0 += FourBitGemvBf16.SCALE_BATCH) {
            int b1 = Math.min(r1, b0 + FourBitGemvBf16.SCALE_BATCH);
            long blk0 = ((long) b0 * k) >>> shift;
            scales.fill(blk0, (int) ((((long) b1 * k - 1) >>> shift) - blk0 + 1), batchScales);
            batch12(xp, k, packed, b0, b1, shift, blk0, batchScales, table, sums, r0);
        }
    }
    static void batch12(float[] xp, int k, MemorySegment packed, int b0, int b1, int shift, long blk0, float[] batchScales, short[] table, float[] sums, int r0) {
            for (int row = b0; row < b1; row++) {
                ShortVector t = ShortVector.fromArray(S16, table, 0);
                long f0 = (long) row * k;
                int o = (int) (f0 - (blk0 << shift));
                long p0 = f0 >>> 1;
                FloatVector c0 = FloatVector.zero(F8), c1 = c0;
                for (int kk = 0; kk < k; kk += 64) {
                    ShortVector pk = ShortVector.fromMemorySegment(S16, packed, p0 + (kk >>> 1), LE);
                    IntVector w0 = pk.selectFrom(t).reinterpretAsInts();
                    IntVector w1 = pk.lanewise(LSHR, 4).selectFrom(t).reinterpretAsInts();
                    IntVector w2 = pk.lanewise(LSHR, 8).selectFrom(t).reinterpretAsInts();
                    IntVector w3 = pk.lanewise(LSHR, 12).selectFrom(t).reinterpretAsInts();
                    FloatVector a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
                    FloatVector a1 = w0.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 8));
                    a0 = w1.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 16), a0);
                    a1 = w1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
                    a0 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
                    a1 = w2.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a1);
                    a0 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a0);
                    a1 = w3.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
                    FloatVector s = FloatVector.broadcast(F8, batchScales[(o + kk) >>> shift]);
                    c0 = a0.fma(s, c0);
                    c1 = a1.fma(s, c1);
                }
                sums[row - r0] = c0.add(c1).reduceLanes(ADD);
            }
    }

    static void rowsP13(float[] xp, int k, MemorySegment packed, int r0, int r1, int bs, FourBitMatmul.Scales scales, short[] table, float[] sums) {
        packed = Segments.nativeSegment(packed);
        int shift = Integer.numberOfTrailingZeros(bs);
        float[] batchScales = new float[FourBitGemvBf16.SCALE_BATCH * k / 64 + 2];
        for (int b0 = r0; b0 < r1; b0 += FourBitGemvBf16.SCALE_BATCH) {
            int b1 = Math.min(r1, b0 + FourBitGemvBf16.SCALE_BATCH);
            long blk0 = ((long) b0 * k) >>> shift;
            scales.fill(blk0, (int) ((((long) b1 * k - 1) >>> shift) - blk0 + 1), batchScales);
            batch13(xp, k, packed, b0, b1, shift, blk0, batchScales, table, sums, r0);
        }
    }
    static void batch13(float[] xp, int k, MemorySegment packed, int b0, int b1, int shift, long blk0, float[] batchScales, short[] table, float[] sums, int r0) {
            for (int row = b0; row < b1; row++) {
                ShortVector t = ShortVector.fromArray(S16, table, 0);
                long f0 = (long) row * k;
                int o = (int) (f0 - (blk0 << shift));
                long p0 = f0 >>> 1;
                FloatVector c0 = FloatVector.zero(F8), c1 = c0;
                for (int kk = 0; kk < k; kk += 64) {
                    ShortVector pk = ShortVector.fromMemorySegment(S16, packed, p0 + (kk >>> 1), LE);
                    IntVector w0 = pk.selectFrom(t).reinterpretAsInts();
                    IntVector w1 = pk.lanewise(LSHR, 4).selectFrom(t).reinterpretAsInts();
                    IntVector w2 = pk.lanewise(LSHR, 8).selectFrom(t).reinterpretAsInts();
                    IntVector w3 = pk.lanewise(LSHR, 12).selectFrom(t).reinterpretAsInts();
                    FloatVector a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
                    FloatVector a1 = w0.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 8));
                    a0 = w1.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 16), a0);
                    a1 = w1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
                    a0 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
                    a1 = w2.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a1);
                    a0 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a0);
                    a1 = w3.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
                    FloatVector s = FloatVector.broadcast(F8, batchScales[(o + kk) >>> 6]);
                    c0 = a0.fma(s, c0);
                    c1 = a1.fma(s, c1);
                }
                sums[row - r0] = c0.add(c1).reduceLanes(ADD);
            }
    }


    static void rowsN4(float[] xp, int k, MemorySegment packed, int r0, int r1, float[] scales, short[] tab, float[] sums) {
        for (int row = r0; row < r1; row++) {
            long f0 = (long) row * k;
            FloatVector c0 = FloatVector.zero(F8), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
            for (int kk = 0; kk < k; kk += 64) {
                long f = f0 + kk;
                FloatVector w = FloatVector.fromMemorySegment(F8, packed, f >>> 1, LE);
                c0 = w.fma(FloatVector.fromArray(F8, xp, kk), c0);
                c1 = w.fma(FloatVector.fromArray(F8, xp, kk + 8), c1);
                c2 = w.fma(FloatVector.fromArray(F8, xp, kk + 16), c2);
                c3 = w.fma(FloatVector.fromArray(F8, xp, kk + 24), c3);
                c4 = w.fma(FloatVector.fromArray(F8, xp, kk + 32), c4);
                c5 = w.fma(FloatVector.fromArray(F8, xp, kk + 40), c5);
                c6 = w.fma(FloatVector.fromArray(F8, xp, kk + 48), c6);
                c7 = w.fma(FloatVector.fromArray(F8, xp, kk + 56), c7);
            }
            sums[row - r0] = c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).reduceLanes(ADD);
        }
    }

    static void rowsU2(float[] xp, int k, MemorySegment packed, int r0, int r1, float[] scales, short[] tab, float[] sums) {
        for (int row = r0; row < r1; row++) {
            ShortVector t = ShortVector.fromArray(S16, tab, 0);
            long f0 = (long) row * k;
            FloatVector c0 = FloatVector.zero(F8), c1 = c0, c2 = c0, c3 = c0;
            for (int kk = 0; kk < k; kk += 128) {
                long f = f0 + kk;
                ShortVector pk = ShortVector.fromMemorySegment(S16, packed, f >>> 1, LE);
                ShortVector qk = ShortVector.fromMemorySegment(S16, packed, (f >>> 1) + 32, LE);
                IntVector w0 = pk.selectFrom(t).reinterpretAsInts();
                IntVector w1 = pk.lanewise(LSHR, 4).selectFrom(t).reinterpretAsInts();
                IntVector v0 = qk.selectFrom(t).reinterpretAsInts();
                IntVector v1 = qk.lanewise(LSHR, 4).selectFrom(t).reinterpretAsInts();
                FloatVector a0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk));
                FloatVector a1 = w0.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 8));
                FloatVector b0 = v0.lanewise(LSHL, 16).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 64));
                FloatVector b1 = v0.and(0xffff0000).reinterpretAsFloats().mul(FloatVector.fromArray(F8, xp, kk + 72));
                a0 = w1.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 16), a0);
                a1 = w1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), a1);
                b0 = v1.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 80), b0);
                b1 = v1.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 88), b1);
                IntVector w2 = pk.lanewise(LSHR, 8).selectFrom(t).reinterpretAsInts();
                IntVector w3 = pk.lanewise(LSHR, 12).selectFrom(t).reinterpretAsInts();
                IntVector v2 = qk.lanewise(LSHR, 8).selectFrom(t).reinterpretAsInts();
                IntVector v3 = qk.lanewise(LSHR, 12).selectFrom(t).reinterpretAsInts();
                a0 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), a0);
                a1 = w2.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), a1);
                b0 = v2.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 96), b0);
                b1 = v2.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 104), b1);
                a0 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), a0);
                a1 = w3.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), a1);
                b0 = v3.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 112), b0);
                b1 = v3.and(0xffff0000).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 120), b1);
                FloatVector s = FloatVector.broadcast(F8, scales[(int) (f >>> 6)]);
                FloatVector u = FloatVector.broadcast(F8, scales[(int) ((f + 64) >>> 6)]);
                c0 = a0.fma(s, c0); c1 = a1.fma(s, c1);
                c2 = b0.fma(u, c2); c3 = b1.fma(u, c3);
            }
            sums[row - r0] = c0.add(c1).add(c2.add(c3)).reduceLanes(ADD);
        }
    }

    static void rowsCs8(float[] xp, int k, MemorySegment packed, int r0, int r1, float[] scales, float[] tab, float[] sums) {
        for (int row = r0; row < r1; row++) {
            FloatVector tl = FloatVector.fromArray(F8, tab, 0), th = FloatVector.fromArray(F8, tab, 8);
            long f0 = (long) row * k;
            FloatVector c0 = FloatVector.zero(F8), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
            for (int kk = 0; kk < k; kk += 64) {
                long f = f0 + kk;
                float sc = scales[(int) (f >>> 6)];
                IntVector ul = tl.mul(sc).reinterpretAsInts(), uh = th.mul(sc).reinterpretAsInts();
                IntVector pk = IntVector.fromMemorySegment(I8, packed, f >>> 1, LE);
                c0 = pk.selectFrom(ul, uh).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk), c0);
                c1 = pk.lanewise(LSHR, 4).selectFrom(ul, uh).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 8), c1);
                c2 = pk.lanewise(LSHR, 8).selectFrom(ul, uh).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 16), c2);
                c3 = pk.lanewise(LSHR, 12).selectFrom(ul, uh).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 24), c3);
                c4 = pk.lanewise(LSHR, 16).selectFrom(ul, uh).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 32), c4);
                c5 = pk.lanewise(LSHR, 20).selectFrom(ul, uh).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 40), c5);
                c6 = pk.lanewise(LSHR, 24).selectFrom(ul, uh).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 48), c6);
                c7 = pk.lanewise(LSHR, 28).selectFrom(ul, uh).reinterpretAsFloats().fma(FloatVector.fromArray(F8, xp, kk + 56), c7);
            }
            sums[row - r0] = c0.add(c1).add(c2.add(c3)).add(c4.add(c5).add(c6.add(c7))).reduceLanes(ADD);
        }
    }
    static double ref(float[] x, int k, MemorySegment packed, int row, float[] scales, float[] codeB) {
        double s = 0;
        for (int kk = 0; kk < k; kk++) { long f = (long) row * k + kk; int by = packed.get(ValueLayout.JAVA_BYTE, f >>> 1);
            int c = (f & 1) == 0 ? (by >>> 4) & 15 : by & 15; s += (double) x[kk] * codeB[c] * scales[(int) (f >>> 6)]; }
        return s;
    }

    static final MemorySegment FLUSH = System.getProperty("flush") != null ? Arena.global().allocate(256L << 20, 64) : null;
    static final MemorySegment FLUSH2 = System.getProperty("flush") != null ? Arena.global().allocate(256L << 20, 64) : null;
    static final java.util.List<Long> copyNs = new java.util.ArrayList<>();
    interface K { void run(int r0, int r1, float[] sums); }

    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[0]), k = 4096; int threads = Integer.parseInt(a[1]); int reps = Integer.parseInt(a[2]);
        java.util.Random rnd = new java.util.Random(1);
        MemorySegment packed = (System.getProperty("shared") != null ? Arena.ofShared() : Arena.global()).allocate((long) n * k / 2, 64);
        for (long i = 0; i < packed.byteSize(); i++) packed.set(ValueLayout.JAVA_BYTE, i, (byte) rnd.nextInt());
        float[] scales = new float[n * k / 64]; for (int i = 0; i < scales.length; i++) scales[i] = rnd.nextFloat();
        float[] x = new float[k]; for (int i = 0; i < k; i++) x[i] = Elements.round((float) rnd.nextGaussian(), io.bnb.api.DType.BF16);
        float[] code = io.bnb.backend.cpu.FourBitCodes.dequantLut(io.bnb.api.QuantType.NF4);
        float[] codeB = new float[16]; int[] tabC = new int[16]; short[] tabD = new short[16];
        for (int c = 0; c < 16; c++) { codeB[c] = Elements.round(code[c], io.bnb.api.DType.BF16); tabC[c] = Float.floatToRawIntBits(codeB[c]); tabD[c] = Elements.bf16(code[c]); }
        float[] xpW = FourBitGemvBf16.permuteWords(x, k, FourBitGemvBf16.WIDE); short[] tables = FourBitGemvBf16.tables(code);
        float[] xpC = permC(x, k), xpD = permD(x, k);
        FourBitMatmul.Scales sc = FourBitMatmul.Scales.plain(MemorySegment.ofArray(scales));
        MemorySegment scSeg = Arena.global().allocate(scales.length * 4L, 64); MemorySegment.copy(scales, 0, scSeg, ValueLayout.JAVA_FLOAT, 0, scales.length);
        FourBitMatmul.Scales sc2 = FourBitMatmul.Scales.plain(scSeg);
        K cur = (r0, r1, s) -> FourBitGemvBf16.rows(xpW, k, packed, r0, r1, 64, sc2, tables, s);
        K kc = (r0, r1, s) -> rowsC(xpC, k, packed, r0, r1, scales, tabC, s);
        K kd = (r0, r1, s) -> rowsD(xpD, k, packed, r0, r1, scales, tabD, s);
        K kd1 = (r0, r1, s) -> rowsD1(xpD, k, packed, r0, r1, scales, tabD, s); K kd2 = (r0, r1, s) -> rowsD2(xpD, k, packed, r0, r1, scales, tabD, s);
        K kn1 = (r0, r1, s) -> rowsN1(xpD, k, packed, r0, r1, scales, tabD, s);
        K kd2r = (r0, r1, s) -> rowsD2r(xpD, k, packed, r0, r1, scales, tabD, s); K kd2rb = (r0, r1, s) -> rowsD2rb(xpD, k, packed, r0, r1, scales, tabD, s);
        short[] tabW = new short[32]; for (int c = 0; c < 32; c++) tabW[c] = tabD[c & 15]; float[] xpWw = permW(x, k);
        K kw = (r0, r1, s) -> rowsW(xpWw, k, packed, r0, r1, scales, tabW, s);
        K kr = (r0, r1, s) -> rowsR(xpWw, k, packed, r0, r1, scales, tabW, s);
        K kd4 = (r0, r1, s) -> rowsD4(xpD, k, packed, r0, r1, scales, tabD, s); K kcs = (r0, r1, s) -> rowsCs(xpC, k, packed, r0, r1, scales, codeB, s);
        K p1 = (r0, r1, s) -> rowsP1(xpW, k, packed, r0, r1, 64, sc2, tables, s);
        K p2 = (r0, r1, s) -> rowsP2(xpW, k, packed, r0, r1, 64, sc2, tables, s);
        K p3 = (r0, r1, s) -> rowsP3(xpW, k, packed, r0, r1, 64, sc2, tables, s);
        K p4 = (r0, r1, s) -> rowsP4(xpW, k, packed, r0, r1, 64, sc2, tables, s);
        K p5 = (r0, r1, s) -> rowsP5(xpW, k, packed, r0, r1, 64, sc2, tables, s);
        K p6 = (r0, r1, s) -> rowsP6(xpW, k, packed, r0, r1, 64, sc2, tables, s);
        K p1d = (r0, r1, s) -> rowsP1(xpD, k, packed, r0, r1, 64, sc2, tables, s);
        K kdw = (r0, r1, s) -> rowsD(xpW, k, packed, r0, r1, scales, tabD, s);
        System.out.println("xpD equal xpW: " + java.util.Arrays.equals(xpD, xpW));
        K p7 = (r0, r1, s) -> rowsP7(xpW, k, packed, r0, r1, 64, sc2, tables, s);
        K p7s = (r0, r1, s) -> { for (int q = r0; q < r1; q += 16) { float[] ss = new float[16]; rowsP7(xpW, k, packed, q, Math.min(r1, q + 16), 64, sc2, tables, ss); } };
        K p1s = (r0, r1, s) -> { for (int q = r0; q < r1; q += 16) { float[] ss = new float[16]; rowsP1(xpW, k, packed, q, Math.min(r1, q + 16), 64, sc2, tables, ss); } };
        K p8 = (r0, r1, s) -> rowsP8(xpW, k, packed, r0, r1, 64, sc2, tables, s);
        K p9 = (r0, r1, s) -> rowsP9(xpW, k, packed, r0, r1, 64, sc2, tables, s);
        K p10 = (r0, r1, s) -> rowsP10(xpW, k, packed, r0, r1, 64, sc2, tables, s);
        K p11 = (r0, r1, s) -> rowsP11(xpW, k, packed, r0, r1, 64, sc2, tables, s);
        K p12 = (r0, r1, s) -> rowsP12(xpW, k, packed, r0, r1, 64, sc2, tables, s);
        K p13 = (r0, r1, s) -> rowsP13(xpW, k, packed, r0, r1, 64, sc2, tables, s);
        MemorySegment outSeg = Arena.global().allocate(2L * n, 64);
        float[] codeNf4 = io.bnb.backend.cpu.FourBitCodes.dequantLut(io.bnb.api.QuantType.NF4);
        K comp = (r0, r1, s) -> { if (r0 == 0) FourBitMatmul.compute(x, 1, k, packed, n, 64, sc2, codeNf4, io.bnb.api.DType.BF16, null, outSeg, FourBitMatmul.Mode.FAST); };
        K e1 = (r0, r1, s) -> rowsE1(xpD, k, packed, r0, r1, scales, tabD, s);
        K e2 = (r0, r1, s) -> rowsE2(xpD, k, packed, r0, r1, scales, tabD, s);
        K e3 = (r0, r1, s) -> rowsE3(xpD, k, packed, r0, r1, scales, tabD, s);
        K kn1b = (r0, r1, s) -> rowsN1(xpD, k, packed, r0, r1, scales, tabD, s);
        K kn4 = (r0, r1, s) -> rowsN4(xpD, k, packed, r0, r1, scales, tabD, s);
        MemorySegment xs = Arena.global().allocate(4L * k, 64); MemorySegment.copy(xpD, 0, xs, ValueLayout.JAVA_FLOAT, 0, k);
        K kda = (r0, r1, s) -> rowsDA(xs, k, packed, r0, r1, scales, tabD, s);
        K kn4a = (r0, r1, s) -> rowsN4A(xs, k, packed, r0, r1, scales, tabD, s);
        float[] xpad = new float[k + 16]; System.arraycopy(xpD, 0, xpad, 0, k);
        float[] x2 = new float[k + 16]; System.arraycopy(xpD, 0, x2, 2, k); float[] x4 = new float[k + 16]; System.arraycopy(xpD, 0, x4, 4, k); float[] x6 = new float[k + 16]; System.arraycopy(xpD, 0, x6, 6, k);
        K q0 = (r0, r1, s) -> rowsDP(0, xpad, k, packed, r0, r1, scales, tabD, s);
        K q2 = (r0, r1, s) -> rowsDP(2, x2, k, packed, r0, r1, scales, tabD, s);
        K q4 = (r0, r1, s) -> rowsDP(4, x4, k, packed, r0, r1, scales, tabD, s);
        K q6 = (r0, r1, s) -> rowsDP(6, x6, k, packed, r0, r1, scales, tabD, s);
        K ku2 = (r0, r1, s) -> rowsU2(xpD, k, packed, r0, r1, scales, tabD, s);
        K kcs8 = (r0, r1, s) -> rowsCs8(xpC, k, packed, r0, r1, scales, codeB, s);
        K[] ks = {kd, kcs8, kcs, kn4}; String[] names = {"D", "Cs8", "Cs", "N4"};
        for (int v = 0; v < ks.length; v++) { float[] s = new float[n]; ks[v].run(0, n, s); if (v > 0) { float[] s0 = new float[n]; ks[0].run(0, n, s0); System.out.println(names[v] + " same as D: " + java.util.Arrays.equals(s, s0)); }
            double maxErr = 0; for (int r = 0; r < Math.min(n, 64); r++) { double e = ref(x, k, packed, r, scales, codeB); maxErr = Math.max(maxErr, Math.abs(s[r] - e) / (Math.abs(e) + 1)); }
            System.out.println(names[v] + " relerr " + maxErr); }
        java.util.concurrent.ExecutorService ex = java.util.concurrent.Executors.newFixedThreadPool(threads);
        for (int round = 0; round < 6; round++) for (int v = 0; v < ks.length; v++) {
            K kk = ks[v]; long best = Long.MAX_VALUE;
            for (int r = 0; r < reps; r++) {
                if (FLUSH != null) { long c0 = System.nanoTime(); MemorySegment.copy(FLUSH, 0, FLUSH2, 0, FLUSH.byteSize()); copyNs.add(System.nanoTime() - c0); }
                if (threads == 1) { float[] s1 = new float[n]; long t0 = System.nanoTime(); for (int q = 0; q < 10; q++) kk.run(0, n, s1); best = Math.min(best, (System.nanoTime() - t0) / 10); continue; }
                long t0 = System.nanoTime();
                java.util.List<java.util.concurrent.Future<?>> fs = new java.util.ArrayList<>();
                for (int t = 0; t < threads; t++) { int r0 = n * t / threads, r1 = n * (t + 1) / threads; fs.add(ex.submit(() -> { float[] s = new float[r1 - r0]; kk.run(r0, r1, s); })); }
                for (var fu : fs) fu.get();
                best = Math.min(best, System.nanoTime() - t0);
            }
            java.util.Collections.sort(copyNs); double copyGB = copyNs.isEmpty() ? Double.NaN : 2.0 * (256L << 20) / copyNs.get(copyNs.size() / 2); copyNs.clear();
            double wGB = (n * (double) k / 2 + 4.0 * n * k / 64) / best;
            if (round >= 2) System.out.printf("%s n=%d thr=%d best %.1f us  %.2f cyc/64w/core  %.1f GB/s copy %.1f ratio %.2f%n", names[v], n, threads, best / 1e3, best * 3.67 / ((double) n * k / 64 / threads), wGB, copyGB, wGB / copyGB);
        }
        ex.shutdown();
    }
}
