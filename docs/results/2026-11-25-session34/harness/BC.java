import jdk.incubator.vector.*;
import java.lang.foreign.*;
public class BC {
  static final VectorSpecies<Float> W = FloatVector.SPECIES_512;
  static final VectorSpecies<Float> Y = FloatVector.SPECIES_256;
  static final int ROW = 4112;
  static float[] out = new float[64];
  static void v1(float[] a, float[] b, int len) {
    FloatVector c0 = FloatVector.zero(W), c1 = c0, c2 = c0, c3 = c0;
    for (int x = 0; x < len; x++) {
      FloatVector av = FloatVector.fromArray(W, a, x * 16);
      c0 = av.fma(FloatVector.broadcast(W, b[x]), c0);
      c1 = av.fma(FloatVector.broadcast(W, b[x + ROW]), c1);
      c2 = av.fma(FloatVector.broadcast(W, b[x + 2 * ROW]), c2);
      c3 = av.fma(FloatVector.broadcast(W, b[x + 3 * ROW]), c3);
    }
    c0.add(c1).add(c2).add(c3).intoArray(out, 0);
  }
  static void v2(float[] a, float[] b, int len) {
    FloatVector c0 = FloatVector.zero(Y), c1 = c0, c2 = c0, c3 = c0;
    for (int x = 0; x < len; x++) {
      FloatVector av = FloatVector.fromArray(Y, a, x * 16);
      c0 = av.fma(FloatVector.broadcast(Y, b[x]), c0);
      c1 = av.fma(FloatVector.broadcast(Y, b[x + ROW]), c1);
      c2 = av.fma(FloatVector.broadcast(Y, b[x + 2 * ROW]), c2);
      c3 = av.fma(FloatVector.broadcast(Y, b[x + 3 * ROW]), c3);
    }
    c0.add(c1).add(c2).add(c3).intoArray(out, 0);
  }
  static void v3(float[] a, float[] b, int len) {
    FloatVector c0 = FloatVector.zero(W), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
    for (int x = 0; x < len; x++) {
      FloatVector av = FloatVector.fromArray(W, a, x * 16);
      c0 = av.fma(FloatVector.broadcast(W, b[x + 0 * ROW]), c0);
      c1 = av.fma(FloatVector.broadcast(W, b[x + 1 * ROW]), c1);
      c2 = av.fma(FloatVector.broadcast(W, b[x + 2 * ROW]), c2);
      c3 = av.fma(FloatVector.broadcast(W, b[x + 3 * ROW]), c3);
      c4 = av.fma(FloatVector.broadcast(W, b[x + 4 * ROW]), c4);
      c5 = av.fma(FloatVector.broadcast(W, b[x + 5 * ROW]), c5);
      c6 = av.fma(FloatVector.broadcast(W, b[x + 6 * ROW]), c6);
      c7 = av.fma(FloatVector.broadcast(W, b[x + 7 * ROW]), c7);
      c8 = av.fma(FloatVector.broadcast(W, b[x + 8 * ROW]), c8);
      c9 = av.fma(FloatVector.broadcast(W, b[x + 9 * ROW]), c9);
      c10 = av.fma(FloatVector.broadcast(W, b[x + 10 * ROW]), c10);
      c11 = av.fma(FloatVector.broadcast(W, b[x + 11 * ROW]), c11);
    }
    c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11).intoArray(out, 0);
  }
  static void v4(MemorySegment at, long ao, float[] b, int bo, int len) {
    FloatVector c0 = FloatVector.zero(W), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
    for (int x = 0; x < len; x++) {
      FloatVector av = FloatVector.fromMemorySegment(W, at, ao + (long) x * 64, java.nio.ByteOrder.LITTLE_ENDIAN);
      c0 = av.fma(FloatVector.broadcast(W, b[bo + x + 0 * ROW]), c0);
      c1 = av.fma(FloatVector.broadcast(W, b[bo + x + 1 * ROW]), c1);
      c2 = av.fma(FloatVector.broadcast(W, b[bo + x + 2 * ROW]), c2);
      c3 = av.fma(FloatVector.broadcast(W, b[bo + x + 3 * ROW]), c3);
      c4 = av.fma(FloatVector.broadcast(W, b[bo + x + 4 * ROW]), c4);
      c5 = av.fma(FloatVector.broadcast(W, b[bo + x + 5 * ROW]), c5);
      c6 = av.fma(FloatVector.broadcast(W, b[bo + x + 6 * ROW]), c6);
      c7 = av.fma(FloatVector.broadcast(W, b[bo + x + 7 * ROW]), c7);
      c8 = av.fma(FloatVector.broadcast(W, b[bo + x + 8 * ROW]), c8);
      c9 = av.fma(FloatVector.broadcast(W, b[bo + x + 9 * ROW]), c9);
      c10 = av.fma(FloatVector.broadcast(W, b[bo + x + 10 * ROW]), c10);
      c11 = av.fma(FloatVector.broadcast(W, b[bo + x + 11 * ROW]), c11);
    }
    c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11).intoArray(out, 0);
  }
  static final VectorSpecies<Byte> WB = ByteVector.SPECIES_128; static final int LANES = 16;
    static void t5(MemorySegment at, long ao, float[] b, int bo, int len, float[] out, boolean add,
                             MemorySegment in, long src, int widen, float[] dst, int off) {
        at = at;
        // never with null: a profile of Segments.nativeSegment that has seen a non-native argument slows later kernels
        
        FloatVector c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11;
        if (add) {
            c0 = FloatVector.fromArray(W, out, 0);
            c1 = FloatVector.fromArray(W, out, LANES);
            c2 = FloatVector.fromArray(W, out, 2 * LANES);
            c3 = FloatVector.fromArray(W, out, 3 * LANES);
            c4 = FloatVector.fromArray(W, out, 4 * LANES);
            c5 = FloatVector.fromArray(W, out, 5 * LANES);
            c6 = FloatVector.fromArray(W, out, 6 * LANES);
            c7 = FloatVector.fromArray(W, out, 7 * LANES);
            c8 = FloatVector.fromArray(W, out, 8 * LANES);
            c9 = FloatVector.fromArray(W, out, 9 * LANES);
            c10 = FloatVector.fromArray(W, out, 10 * LANES);
            c11 = FloatVector.fromArray(W, out, 11 * LANES);
        } else {
            c0 = FloatVector.zero(W);
            c1 = c0; c2 = c0; c3 = c0; c4 = c0; c5 = c0; c6 = c0; c7 = c0; c8 = c0; c9 = c0; c10 = c0; c11 = c0;
        }
        int x = 0, xw = Math.min(len, widen);
        for (; x < xw; x++) {
            ByteVector.fromMemorySegment(WB, in, src + (long) x * LANES, java.nio.ByteOrder.LITTLE_ENDIAN).convertShape(VectorOperators.B2F, W, 0)
                    .reinterpretAsFloats().intoArray(dst, off + x * LANES);
            FloatVector av = FloatVector.fromMemorySegment(W, at, ao + (long) x * (Float.BYTES * LANES), java.nio.ByteOrder.LITTLE_ENDIAN);
            int bx = bo + x;
            c0 = av.fma(FloatVector.broadcast(W, b[bx]), c0);
            c1 = av.fma(FloatVector.broadcast(W, b[bx + ROW]), c1);
            c2 = av.fma(FloatVector.broadcast(W, b[bx + 2 * ROW]), c2);
            c3 = av.fma(FloatVector.broadcast(W, b[bx + 3 * ROW]), c3);
            c4 = av.fma(FloatVector.broadcast(W, b[bx + 4 * ROW]), c4);
            c5 = av.fma(FloatVector.broadcast(W, b[bx + 5 * ROW]), c5);
            c6 = av.fma(FloatVector.broadcast(W, b[bx + 6 * ROW]), c6);
            c7 = av.fma(FloatVector.broadcast(W, b[bx + 7 * ROW]), c7);
            c8 = av.fma(FloatVector.broadcast(W, b[bx + 8 * ROW]), c8);
            c9 = av.fma(FloatVector.broadcast(W, b[bx + 9 * ROW]), c9);
            c10 = av.fma(FloatVector.broadcast(W, b[bx + 10 * ROW]), c10);
            c11 = av.fma(FloatVector.broadcast(W, b[bx + 11 * ROW]), c11);
        }
        for (; x < len; x++) {
            FloatVector av = FloatVector.fromMemorySegment(W, at, ao + (long) x * (Float.BYTES * LANES), java.nio.ByteOrder.LITTLE_ENDIAN);
            int bx = bo + x;
            c0 = av.fma(FloatVector.broadcast(W, b[bx]), c0);
            c1 = av.fma(FloatVector.broadcast(W, b[bx + ROW]), c1);
            c2 = av.fma(FloatVector.broadcast(W, b[bx + 2 * ROW]), c2);
            c3 = av.fma(FloatVector.broadcast(W, b[bx + 3 * ROW]), c3);
            c4 = av.fma(FloatVector.broadcast(W, b[bx + 4 * ROW]), c4);
            c5 = av.fma(FloatVector.broadcast(W, b[bx + 5 * ROW]), c5);
            c6 = av.fma(FloatVector.broadcast(W, b[bx + 6 * ROW]), c6);
            c7 = av.fma(FloatVector.broadcast(W, b[bx + 7 * ROW]), c7);
            c8 = av.fma(FloatVector.broadcast(W, b[bx + 8 * ROW]), c8);
            c9 = av.fma(FloatVector.broadcast(W, b[bx + 9 * ROW]), c9);
            c10 = av.fma(FloatVector.broadcast(W, b[bx + 10 * ROW]), c10);
            c11 = av.fma(FloatVector.broadcast(W, b[bx + 11 * ROW]), c11);
        }
        c0.intoArray(out, 0);
        c1.intoArray(out, LANES);
        c2.intoArray(out, 2 * LANES);
        c3.intoArray(out, 3 * LANES);
        c4.intoArray(out, 4 * LANES);
        c5.intoArray(out, 5 * LANES);
        c6.intoArray(out, 6 * LANES);
        c7.intoArray(out, 7 * LANES);
        c8.intoArray(out, 8 * LANES);
        c9.intoArray(out, 9 * LANES);
        c10.intoArray(out, 10 * LANES);
        c11.intoArray(out, 11 * LANES);
    }
  static void t6(MemorySegment at, long ao, float[] b, int bo, int len, float[] out, boolean add,
                             MemorySegment in, long src, int widen, float[] dst, int off) {
        at = at;
        // never with null: a profile of Segments.nativeSegment that has seen a non-native argument slows later kernels
        
        FloatVector c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11;
        if (add) {
            c0 = FloatVector.fromArray(W, out, 0);
            c1 = FloatVector.fromArray(W, out, LANES);
            c2 = FloatVector.fromArray(W, out, 2 * LANES);
            c3 = FloatVector.fromArray(W, out, 3 * LANES);
            c4 = FloatVector.fromArray(W, out, 4 * LANES);
            c5 = FloatVector.fromArray(W, out, 5 * LANES);
            c6 = FloatVector.fromArray(W, out, 6 * LANES);
            c7 = FloatVector.fromArray(W, out, 7 * LANES);
            c8 = FloatVector.fromArray(W, out, 8 * LANES);
            c9 = FloatVector.fromArray(W, out, 9 * LANES);
            c10 = FloatVector.fromArray(W, out, 10 * LANES);
            c11 = FloatVector.fromArray(W, out, 11 * LANES);
        } else {
            c0 = FloatVector.zero(W);
            c1 = c0; c2 = c0; c3 = c0; c4 = c0; c5 = c0; c6 = c0; c7 = c0; c8 = c0; c9 = c0; c10 = c0; c11 = c0;
        }
        int x = 0, xw = Math.min(len, widen);
        for (; x < len; x++) {
            FloatVector av = FloatVector.fromMemorySegment(W, at, ao + (long) x * (Float.BYTES * LANES), java.nio.ByteOrder.LITTLE_ENDIAN);
            int bx = bo + x;
            c0 = av.fma(FloatVector.broadcast(W, b[bx]), c0);
            c1 = av.fma(FloatVector.broadcast(W, b[bx + ROW]), c1);
            c2 = av.fma(FloatVector.broadcast(W, b[bx + 2 * ROW]), c2);
            c3 = av.fma(FloatVector.broadcast(W, b[bx + 3 * ROW]), c3);
            c4 = av.fma(FloatVector.broadcast(W, b[bx + 4 * ROW]), c4);
            c5 = av.fma(FloatVector.broadcast(W, b[bx + 5 * ROW]), c5);
            c6 = av.fma(FloatVector.broadcast(W, b[bx + 6 * ROW]), c6);
            c7 = av.fma(FloatVector.broadcast(W, b[bx + 7 * ROW]), c7);
            c8 = av.fma(FloatVector.broadcast(W, b[bx + 8 * ROW]), c8);
            c9 = av.fma(FloatVector.broadcast(W, b[bx + 9 * ROW]), c9);
            c10 = av.fma(FloatVector.broadcast(W, b[bx + 10 * ROW]), c10);
            c11 = av.fma(FloatVector.broadcast(W, b[bx + 11 * ROW]), c11);
        }
        c0.intoArray(out, 0);
        c1.intoArray(out, LANES);
        c2.intoArray(out, 2 * LANES);
        c3.intoArray(out, 3 * LANES);
        c4.intoArray(out, 4 * LANES);
        c5.intoArray(out, 5 * LANES);
        c6.intoArray(out, 6 * LANES);
        c7.intoArray(out, 7 * LANES);
        c8.intoArray(out, 8 * LANES);
        c9.intoArray(out, 9 * LANES);
        c10.intoArray(out, 10 * LANES);
        c11.intoArray(out, 11 * LANES);
    }
  static void t7(MemorySegment at, long ao, float[] b, int bo, int len, float[] out, boolean add,
                             MemorySegment in, long src, int widen, float[] dst, int off) {
        at = at;
        // never with null: a profile of Segments.nativeSegment that has seen a non-native argument slows later kernels
        
        FloatVector c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11;
            c0 = FloatVector.zero(W);
            c1 = c0; c2 = c0; c3 = c0; c4 = c0; c5 = c0; c6 = c0; c7 = c0; c8 = c0; c9 = c0; c10 = c0; c11 = c0;
        int x = 0, xw = Math.min(len, widen);
        for (; x < xw; x++) {
            ByteVector.fromMemorySegment(WB, in, src + (long) x * LANES, java.nio.ByteOrder.LITTLE_ENDIAN).convertShape(VectorOperators.B2F, W, 0)
                    .reinterpretAsFloats().intoArray(dst, off + x * LANES);
            FloatVector av = FloatVector.fromMemorySegment(W, at, ao + (long) x * (Float.BYTES * LANES), java.nio.ByteOrder.LITTLE_ENDIAN);
            int bx = bo + x;
            c0 = av.fma(FloatVector.broadcast(W, b[bx]), c0);
            c1 = av.fma(FloatVector.broadcast(W, b[bx + ROW]), c1);
            c2 = av.fma(FloatVector.broadcast(W, b[bx + 2 * ROW]), c2);
            c3 = av.fma(FloatVector.broadcast(W, b[bx + 3 * ROW]), c3);
            c4 = av.fma(FloatVector.broadcast(W, b[bx + 4 * ROW]), c4);
            c5 = av.fma(FloatVector.broadcast(W, b[bx + 5 * ROW]), c5);
            c6 = av.fma(FloatVector.broadcast(W, b[bx + 6 * ROW]), c6);
            c7 = av.fma(FloatVector.broadcast(W, b[bx + 7 * ROW]), c7);
            c8 = av.fma(FloatVector.broadcast(W, b[bx + 8 * ROW]), c8);
            c9 = av.fma(FloatVector.broadcast(W, b[bx + 9 * ROW]), c9);
            c10 = av.fma(FloatVector.broadcast(W, b[bx + 10 * ROW]), c10);
            c11 = av.fma(FloatVector.broadcast(W, b[bx + 11 * ROW]), c11);
        }
        for (; x < len; x++) {
            FloatVector av = FloatVector.fromMemorySegment(W, at, ao + (long) x * (Float.BYTES * LANES), java.nio.ByteOrder.LITTLE_ENDIAN);
            int bx = bo + x;
            c0 = av.fma(FloatVector.broadcast(W, b[bx]), c0);
            c1 = av.fma(FloatVector.broadcast(W, b[bx + ROW]), c1);
            c2 = av.fma(FloatVector.broadcast(W, b[bx + 2 * ROW]), c2);
            c3 = av.fma(FloatVector.broadcast(W, b[bx + 3 * ROW]), c3);
            c4 = av.fma(FloatVector.broadcast(W, b[bx + 4 * ROW]), c4);
            c5 = av.fma(FloatVector.broadcast(W, b[bx + 5 * ROW]), c5);
            c6 = av.fma(FloatVector.broadcast(W, b[bx + 6 * ROW]), c6);
            c7 = av.fma(FloatVector.broadcast(W, b[bx + 7 * ROW]), c7);
            c8 = av.fma(FloatVector.broadcast(W, b[bx + 8 * ROW]), c8);
            c9 = av.fma(FloatVector.broadcast(W, b[bx + 9 * ROW]), c9);
            c10 = av.fma(FloatVector.broadcast(W, b[bx + 10 * ROW]), c10);
            c11 = av.fma(FloatVector.broadcast(W, b[bx + 11 * ROW]), c11);
        }
        c0.intoArray(out, 0);
        c1.intoArray(out, LANES);
        c2.intoArray(out, 2 * LANES);
        c3.intoArray(out, 3 * LANES);
        c4.intoArray(out, 4 * LANES);
        c5.intoArray(out, 5 * LANES);
        c6.intoArray(out, 6 * LANES);
        c7.intoArray(out, 7 * LANES);
        c8.intoArray(out, 8 * LANES);
        c9.intoArray(out, 9 * LANES);
        c10.intoArray(out, 10 * LANES);
        c11.intoArray(out, 11 * LANES);
    }
  static final VectorSpecies<Integer> WI = IntVector.SPECIES_512;
  static void t8(MemorySegment at, long ao, float[] b, int bo, int len, float[] out, boolean add,
                             MemorySegment in, long src, int widen, int[] dst, int off) {
        at = at;
        // never with null: a profile of Segments.nativeSegment that has seen a non-native argument slows later kernels
        
        FloatVector c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11;
        if (add) {
            c0 = FloatVector.fromArray(W, out, 0);
            c1 = FloatVector.fromArray(W, out, LANES);
            c2 = FloatVector.fromArray(W, out, 2 * LANES);
            c3 = FloatVector.fromArray(W, out, 3 * LANES);
            c4 = FloatVector.fromArray(W, out, 4 * LANES);
            c5 = FloatVector.fromArray(W, out, 5 * LANES);
            c6 = FloatVector.fromArray(W, out, 6 * LANES);
            c7 = FloatVector.fromArray(W, out, 7 * LANES);
            c8 = FloatVector.fromArray(W, out, 8 * LANES);
            c9 = FloatVector.fromArray(W, out, 9 * LANES);
            c10 = FloatVector.fromArray(W, out, 10 * LANES);
            c11 = FloatVector.fromArray(W, out, 11 * LANES);
        } else {
            c0 = FloatVector.zero(W);
            c1 = c0; c2 = c0; c3 = c0; c4 = c0; c5 = c0; c6 = c0; c7 = c0; c8 = c0; c9 = c0; c10 = c0; c11 = c0;
        }
        int x = 0, xw = Math.min(len, widen);
        for (; x < xw; x++) {
            ByteVector.fromMemorySegment(WB, in, src + (long) x * LANES, java.nio.ByteOrder.LITTLE_ENDIAN).convertShape(VectorOperators.B2F, W, 0)
                    .reinterpretAsInts().intoArray(dst, off + x * LANES);
            FloatVector av = FloatVector.fromMemorySegment(W, at, ao + (long) x * (Float.BYTES * LANES), java.nio.ByteOrder.LITTLE_ENDIAN);
            int bx = bo + x;
            c0 = av.fma(FloatVector.broadcast(W, b[bx]), c0);
            c1 = av.fma(FloatVector.broadcast(W, b[bx + ROW]), c1);
            c2 = av.fma(FloatVector.broadcast(W, b[bx + 2 * ROW]), c2);
            c3 = av.fma(FloatVector.broadcast(W, b[bx + 3 * ROW]), c3);
            c4 = av.fma(FloatVector.broadcast(W, b[bx + 4 * ROW]), c4);
            c5 = av.fma(FloatVector.broadcast(W, b[bx + 5 * ROW]), c5);
            c6 = av.fma(FloatVector.broadcast(W, b[bx + 6 * ROW]), c6);
            c7 = av.fma(FloatVector.broadcast(W, b[bx + 7 * ROW]), c7);
            c8 = av.fma(FloatVector.broadcast(W, b[bx + 8 * ROW]), c8);
            c9 = av.fma(FloatVector.broadcast(W, b[bx + 9 * ROW]), c9);
            c10 = av.fma(FloatVector.broadcast(W, b[bx + 10 * ROW]), c10);
            c11 = av.fma(FloatVector.broadcast(W, b[bx + 11 * ROW]), c11);
        }
        for (; x < len; x++) {
            FloatVector av = FloatVector.fromMemorySegment(W, at, ao + (long) x * (Float.BYTES * LANES), java.nio.ByteOrder.LITTLE_ENDIAN);
            int bx = bo + x;
            c0 = av.fma(FloatVector.broadcast(W, b[bx]), c0);
            c1 = av.fma(FloatVector.broadcast(W, b[bx + ROW]), c1);
            c2 = av.fma(FloatVector.broadcast(W, b[bx + 2 * ROW]), c2);
            c3 = av.fma(FloatVector.broadcast(W, b[bx + 3 * ROW]), c3);
            c4 = av.fma(FloatVector.broadcast(W, b[bx + 4 * ROW]), c4);
            c5 = av.fma(FloatVector.broadcast(W, b[bx + 5 * ROW]), c5);
            c6 = av.fma(FloatVector.broadcast(W, b[bx + 6 * ROW]), c6);
            c7 = av.fma(FloatVector.broadcast(W, b[bx + 7 * ROW]), c7);
            c8 = av.fma(FloatVector.broadcast(W, b[bx + 8 * ROW]), c8);
            c9 = av.fma(FloatVector.broadcast(W, b[bx + 9 * ROW]), c9);
            c10 = av.fma(FloatVector.broadcast(W, b[bx + 10 * ROW]), c10);
            c11 = av.fma(FloatVector.broadcast(W, b[bx + 11 * ROW]), c11);
        }
        c0.intoArray(out, 0);
        c1.intoArray(out, LANES);
        c2.intoArray(out, 2 * LANES);
        c3.intoArray(out, 3 * LANES);
        c4.intoArray(out, 4 * LANES);
        c5.intoArray(out, 5 * LANES);
        c6.intoArray(out, 6 * LANES);
        c7.intoArray(out, 7 * LANES);
        c8.intoArray(out, 8 * LANES);
        c9.intoArray(out, 9 * LANES);
        c10.intoArray(out, 10 * LANES);
        c11.intoArray(out, 11 * LANES);
    }
  static void t9(MemorySegment at, long ao, int[] b, int bo, int len, float[] out, boolean add,
                             MemorySegment in, long src, int widen, int[] dst, int off) {
        at = at;
        // never with null: a profile of Segments.nativeSegment that has seen a non-native argument slows later kernels
        
        FloatVector c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11;
        if (add) {
            c0 = FloatVector.fromArray(W, out, 0);
            c1 = FloatVector.fromArray(W, out, LANES);
            c2 = FloatVector.fromArray(W, out, 2 * LANES);
            c3 = FloatVector.fromArray(W, out, 3 * LANES);
            c4 = FloatVector.fromArray(W, out, 4 * LANES);
            c5 = FloatVector.fromArray(W, out, 5 * LANES);
            c6 = FloatVector.fromArray(W, out, 6 * LANES);
            c7 = FloatVector.fromArray(W, out, 7 * LANES);
            c8 = FloatVector.fromArray(W, out, 8 * LANES);
            c9 = FloatVector.fromArray(W, out, 9 * LANES);
            c10 = FloatVector.fromArray(W, out, 10 * LANES);
            c11 = FloatVector.fromArray(W, out, 11 * LANES);
        } else {
            c0 = FloatVector.zero(W);
            c1 = c0; c2 = c0; c3 = c0; c4 = c0; c5 = c0; c6 = c0; c7 = c0; c8 = c0; c9 = c0; c10 = c0; c11 = c0;
        }
        int x = 0, xw = Math.min(len, widen);
        for (; x < xw; x++) {
            ByteVector.fromMemorySegment(WB, in, src + (long) x * LANES, java.nio.ByteOrder.LITTLE_ENDIAN).convertShape(VectorOperators.B2F, W, 0)
                    .reinterpretAsInts().intoArray(dst, off + x * LANES);
            FloatVector av = FloatVector.fromMemorySegment(W, at, ao + (long) x * (Float.BYTES * LANES), java.nio.ByteOrder.LITTLE_ENDIAN);
            int bx = bo + x;
            c0 = av.fma(IntVector.broadcast(WI, b[bx]).reinterpretAsFloats(), c0);
            c1 = av.fma(IntVector.broadcast(WI, b[bx + ROW]).reinterpretAsFloats(), c1);
            c2 = av.fma(IntVector.broadcast(WI, b[bx + 2 * ROW]).reinterpretAsFloats(), c2);
            c3 = av.fma(IntVector.broadcast(WI, b[bx + 3 * ROW]).reinterpretAsFloats(), c3);
            c4 = av.fma(IntVector.broadcast(WI, b[bx + 4 * ROW]).reinterpretAsFloats(), c4);
            c5 = av.fma(IntVector.broadcast(WI, b[bx + 5 * ROW]).reinterpretAsFloats(), c5);
            c6 = av.fma(IntVector.broadcast(WI, b[bx + 6 * ROW]).reinterpretAsFloats(), c6);
            c7 = av.fma(IntVector.broadcast(WI, b[bx + 7 * ROW]).reinterpretAsFloats(), c7);
            c8 = av.fma(IntVector.broadcast(WI, b[bx + 8 * ROW]).reinterpretAsFloats(), c8);
            c9 = av.fma(IntVector.broadcast(WI, b[bx + 9 * ROW]).reinterpretAsFloats(), c9);
            c10 = av.fma(IntVector.broadcast(WI, b[bx + 10 * ROW]).reinterpretAsFloats(), c10);
            c11 = av.fma(IntVector.broadcast(WI, b[bx + 11 * ROW]).reinterpretAsFloats(), c11);
        }
        for (; x < len; x++) {
            FloatVector av = FloatVector.fromMemorySegment(W, at, ao + (long) x * (Float.BYTES * LANES), java.nio.ByteOrder.LITTLE_ENDIAN);
            int bx = bo + x;
            c0 = av.fma(IntVector.broadcast(WI, b[bx]).reinterpretAsFloats(), c0);
            c1 = av.fma(IntVector.broadcast(WI, b[bx + ROW]).reinterpretAsFloats(), c1);
            c2 = av.fma(IntVector.broadcast(WI, b[bx + 2 * ROW]).reinterpretAsFloats(), c2);
            c3 = av.fma(IntVector.broadcast(WI, b[bx + 3 * ROW]).reinterpretAsFloats(), c3);
            c4 = av.fma(IntVector.broadcast(WI, b[bx + 4 * ROW]).reinterpretAsFloats(), c4);
            c5 = av.fma(IntVector.broadcast(WI, b[bx + 5 * ROW]).reinterpretAsFloats(), c5);
            c6 = av.fma(IntVector.broadcast(WI, b[bx + 6 * ROW]).reinterpretAsFloats(), c6);
            c7 = av.fma(IntVector.broadcast(WI, b[bx + 7 * ROW]).reinterpretAsFloats(), c7);
            c8 = av.fma(IntVector.broadcast(WI, b[bx + 8 * ROW]).reinterpretAsFloats(), c8);
            c9 = av.fma(IntVector.broadcast(WI, b[bx + 9 * ROW]).reinterpretAsFloats(), c9);
            c10 = av.fma(IntVector.broadcast(WI, b[bx + 10 * ROW]).reinterpretAsFloats(), c10);
            c11 = av.fma(IntVector.broadcast(WI, b[bx + 11 * ROW]).reinterpretAsFloats(), c11);
        }
        c0.intoArray(out, 0);
        c1.intoArray(out, LANES);
        c2.intoArray(out, 2 * LANES);
        c3.intoArray(out, 3 * LANES);
        c4.intoArray(out, 4 * LANES);
        c5.intoArray(out, 5 * LANES);
        c6.intoArray(out, 6 * LANES);
        c7.intoArray(out, 7 * LANES);
        c8.intoArray(out, 8 * LANES);
        c9.intoArray(out, 9 * LANES);
        c10.intoArray(out, 10 * LANES);
        c11.intoArray(out, 11 * LANES);
    }
  static void t10(MemorySegment at, long ao, int[] b, int bo, int len, float[] out, boolean add,
                             MemorySegment in, long src, int widen, float[] dst, int off) {
        at = at;
        // never with null: a profile of Segments.nativeSegment that has seen a non-native argument slows later kernels
        
        FloatVector c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11;
        if (add) {
            c0 = FloatVector.fromArray(W, out, 0);
            c1 = FloatVector.fromArray(W, out, LANES);
            c2 = FloatVector.fromArray(W, out, 2 * LANES);
            c3 = FloatVector.fromArray(W, out, 3 * LANES);
            c4 = FloatVector.fromArray(W, out, 4 * LANES);
            c5 = FloatVector.fromArray(W, out, 5 * LANES);
            c6 = FloatVector.fromArray(W, out, 6 * LANES);
            c7 = FloatVector.fromArray(W, out, 7 * LANES);
            c8 = FloatVector.fromArray(W, out, 8 * LANES);
            c9 = FloatVector.fromArray(W, out, 9 * LANES);
            c10 = FloatVector.fromArray(W, out, 10 * LANES);
            c11 = FloatVector.fromArray(W, out, 11 * LANES);
        } else {
            c0 = FloatVector.zero(W);
            c1 = c0; c2 = c0; c3 = c0; c4 = c0; c5 = c0; c6 = c0; c7 = c0; c8 = c0; c9 = c0; c10 = c0; c11 = c0;
        }
        int x = 0, xw = Math.min(len, widen);
        for (; x < xw; x++) {
            ByteVector.fromMemorySegment(WB, in, src + (long) x * LANES, java.nio.ByteOrder.LITTLE_ENDIAN).convertShape(VectorOperators.B2F, W, 0)
                    .reinterpretAsFloats().intoArray(dst, off + x * LANES);
            FloatVector av = FloatVector.fromMemorySegment(W, at, ao + (long) x * (Float.BYTES * LANES), java.nio.ByteOrder.LITTLE_ENDIAN);
            int bx = bo + x;
            c0 = av.fma(IntVector.broadcast(WI, b[bx]).reinterpretAsFloats(), c0);
            c1 = av.fma(IntVector.broadcast(WI, b[bx + ROW]).reinterpretAsFloats(), c1);
            c2 = av.fma(IntVector.broadcast(WI, b[bx + 2 * ROW]).reinterpretAsFloats(), c2);
            c3 = av.fma(IntVector.broadcast(WI, b[bx + 3 * ROW]).reinterpretAsFloats(), c3);
            c4 = av.fma(IntVector.broadcast(WI, b[bx + 4 * ROW]).reinterpretAsFloats(), c4);
            c5 = av.fma(IntVector.broadcast(WI, b[bx + 5 * ROW]).reinterpretAsFloats(), c5);
            c6 = av.fma(IntVector.broadcast(WI, b[bx + 6 * ROW]).reinterpretAsFloats(), c6);
            c7 = av.fma(IntVector.broadcast(WI, b[bx + 7 * ROW]).reinterpretAsFloats(), c7);
            c8 = av.fma(IntVector.broadcast(WI, b[bx + 8 * ROW]).reinterpretAsFloats(), c8);
            c9 = av.fma(IntVector.broadcast(WI, b[bx + 9 * ROW]).reinterpretAsFloats(), c9);
            c10 = av.fma(IntVector.broadcast(WI, b[bx + 10 * ROW]).reinterpretAsFloats(), c10);
            c11 = av.fma(IntVector.broadcast(WI, b[bx + 11 * ROW]).reinterpretAsFloats(), c11);
        }
        for (; x < len; x++) {
            FloatVector av = FloatVector.fromMemorySegment(W, at, ao + (long) x * (Float.BYTES * LANES), java.nio.ByteOrder.LITTLE_ENDIAN);
            int bx = bo + x;
            c0 = av.fma(IntVector.broadcast(WI, b[bx]).reinterpretAsFloats(), c0);
            c1 = av.fma(IntVector.broadcast(WI, b[bx + ROW]).reinterpretAsFloats(), c1);
            c2 = av.fma(IntVector.broadcast(WI, b[bx + 2 * ROW]).reinterpretAsFloats(), c2);
            c3 = av.fma(IntVector.broadcast(WI, b[bx + 3 * ROW]).reinterpretAsFloats(), c3);
            c4 = av.fma(IntVector.broadcast(WI, b[bx + 4 * ROW]).reinterpretAsFloats(), c4);
            c5 = av.fma(IntVector.broadcast(WI, b[bx + 5 * ROW]).reinterpretAsFloats(), c5);
            c6 = av.fma(IntVector.broadcast(WI, b[bx + 6 * ROW]).reinterpretAsFloats(), c6);
            c7 = av.fma(IntVector.broadcast(WI, b[bx + 7 * ROW]).reinterpretAsFloats(), c7);
            c8 = av.fma(IntVector.broadcast(WI, b[bx + 8 * ROW]).reinterpretAsFloats(), c8);
            c9 = av.fma(IntVector.broadcast(WI, b[bx + 9 * ROW]).reinterpretAsFloats(), c9);
            c10 = av.fma(IntVector.broadcast(WI, b[bx + 10 * ROW]).reinterpretAsFloats(), c10);
            c11 = av.fma(IntVector.broadcast(WI, b[bx + 11 * ROW]).reinterpretAsFloats(), c11);
        }
        c0.intoArray(out, 0);
        c1.intoArray(out, LANES);
        c2.intoArray(out, 2 * LANES);
        c3.intoArray(out, 3 * LANES);
        c4.intoArray(out, 4 * LANES);
        c5.intoArray(out, 5 * LANES);
        c6.intoArray(out, 6 * LANES);
        c7.intoArray(out, 7 * LANES);
        c8.intoArray(out, 8 * LANES);
        c9.intoArray(out, 9 * LANES);
        c10.intoArray(out, 10 * LANES);
        c11.intoArray(out, 11 * LANES);
    }
  static void t11(MemorySegment at, long ao, MemorySegment bs, int bo, int len, float[] out, boolean add,
                             MemorySegment in, long src, int widen, int[] dst, int off) {
        at = at;
        // never with null: a profile of Segments.nativeSegment that has seen a non-native argument slows later kernels
        
        FloatVector c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11;
        if (add) {
            c0 = FloatVector.fromArray(W, out, 0);
            c1 = FloatVector.fromArray(W, out, LANES);
            c2 = FloatVector.fromArray(W, out, 2 * LANES);
            c3 = FloatVector.fromArray(W, out, 3 * LANES);
            c4 = FloatVector.fromArray(W, out, 4 * LANES);
            c5 = FloatVector.fromArray(W, out, 5 * LANES);
            c6 = FloatVector.fromArray(W, out, 6 * LANES);
            c7 = FloatVector.fromArray(W, out, 7 * LANES);
            c8 = FloatVector.fromArray(W, out, 8 * LANES);
            c9 = FloatVector.fromArray(W, out, 9 * LANES);
            c10 = FloatVector.fromArray(W, out, 10 * LANES);
            c11 = FloatVector.fromArray(W, out, 11 * LANES);
        } else {
            c0 = FloatVector.zero(W);
            c1 = c0; c2 = c0; c3 = c0; c4 = c0; c5 = c0; c6 = c0; c7 = c0; c8 = c0; c9 = c0; c10 = c0; c11 = c0;
        }
        int x = 0, xw = Math.min(len, widen);
        for (; x < xw; x++) {
            ByteVector.fromMemorySegment(WB, in, src + (long) x * LANES, java.nio.ByteOrder.LITTLE_ENDIAN).convertShape(VectorOperators.B2F, W, 0)
                    .reinterpretAsInts().intoArray(dst, off + x * LANES);
            FloatVector av = FloatVector.fromMemorySegment(W, at, ao + (long) x * (Float.BYTES * LANES), java.nio.ByteOrder.LITTLE_ENDIAN);
            int bx = bo + x;
            c0 = av.fma(IntVector.broadcast(WI, bs.getAtIndex(ValueLayout.JAVA_INT, (long) (bx))).reinterpretAsFloats(), c0);
            c1 = av.fma(IntVector.broadcast(WI, bs.getAtIndex(ValueLayout.JAVA_INT, (long) (bx + ROW))).reinterpretAsFloats(), c1);
            c2 = av.fma(IntVector.broadcast(WI, bs.getAtIndex(ValueLayout.JAVA_INT, (long) (bx + 2 * ROW))).reinterpretAsFloats(), c2);
            c3 = av.fma(IntVector.broadcast(WI, bs.getAtIndex(ValueLayout.JAVA_INT, (long) (bx + 3 * ROW))).reinterpretAsFloats(), c3);
            c4 = av.fma(IntVector.broadcast(WI, bs.getAtIndex(ValueLayout.JAVA_INT, (long) (bx + 4 * ROW))).reinterpretAsFloats(), c4);
            c5 = av.fma(IntVector.broadcast(WI, bs.getAtIndex(ValueLayout.JAVA_INT, (long) (bx + 5 * ROW))).reinterpretAsFloats(), c5);
            c6 = av.fma(IntVector.broadcast(WI, bs.getAtIndex(ValueLayout.JAVA_INT, (long) (bx + 6 * ROW))).reinterpretAsFloats(), c6);
            c7 = av.fma(IntVector.broadcast(WI, bs.getAtIndex(ValueLayout.JAVA_INT, (long) (bx + 7 * ROW))).reinterpretAsFloats(), c7);
            c8 = av.fma(IntVector.broadcast(WI, bs.getAtIndex(ValueLayout.JAVA_INT, (long) (bx + 8 * ROW))).reinterpretAsFloats(), c8);
            c9 = av.fma(IntVector.broadcast(WI, bs.getAtIndex(ValueLayout.JAVA_INT, (long) (bx + 9 * ROW))).reinterpretAsFloats(), c9);
            c10 = av.fma(IntVector.broadcast(WI, bs.getAtIndex(ValueLayout.JAVA_INT, (long) (bx + 10 * ROW))).reinterpretAsFloats(), c10);
            c11 = av.fma(IntVector.broadcast(WI, bs.getAtIndex(ValueLayout.JAVA_INT, (long) (bx + 11 * ROW))).reinterpretAsFloats(), c11);
        }
        for (; x < len; x++) {
            FloatVector av = FloatVector.fromMemorySegment(W, at, ao + (long) x * (Float.BYTES * LANES), java.nio.ByteOrder.LITTLE_ENDIAN);
            int bx = bo + x;
            c0 = av.fma(IntVector.broadcast(WI, bs.getAtIndex(ValueLayout.JAVA_INT, (long) (bx))).reinterpretAsFloats(), c0);
            c1 = av.fma(IntVector.broadcast(WI, bs.getAtIndex(ValueLayout.JAVA_INT, (long) (bx + ROW))).reinterpretAsFloats(), c1);
            c2 = av.fma(IntVector.broadcast(WI, bs.getAtIndex(ValueLayout.JAVA_INT, (long) (bx + 2 * ROW))).reinterpretAsFloats(), c2);
            c3 = av.fma(IntVector.broadcast(WI, bs.getAtIndex(ValueLayout.JAVA_INT, (long) (bx + 3 * ROW))).reinterpretAsFloats(), c3);
            c4 = av.fma(IntVector.broadcast(WI, bs.getAtIndex(ValueLayout.JAVA_INT, (long) (bx + 4 * ROW))).reinterpretAsFloats(), c4);
            c5 = av.fma(IntVector.broadcast(WI, bs.getAtIndex(ValueLayout.JAVA_INT, (long) (bx + 5 * ROW))).reinterpretAsFloats(), c5);
            c6 = av.fma(IntVector.broadcast(WI, bs.getAtIndex(ValueLayout.JAVA_INT, (long) (bx + 6 * ROW))).reinterpretAsFloats(), c6);
            c7 = av.fma(IntVector.broadcast(WI, bs.getAtIndex(ValueLayout.JAVA_INT, (long) (bx + 7 * ROW))).reinterpretAsFloats(), c7);
            c8 = av.fma(IntVector.broadcast(WI, bs.getAtIndex(ValueLayout.JAVA_INT, (long) (bx + 8 * ROW))).reinterpretAsFloats(), c8);
            c9 = av.fma(IntVector.broadcast(WI, bs.getAtIndex(ValueLayout.JAVA_INT, (long) (bx + 9 * ROW))).reinterpretAsFloats(), c9);
            c10 = av.fma(IntVector.broadcast(WI, bs.getAtIndex(ValueLayout.JAVA_INT, (long) (bx + 10 * ROW))).reinterpretAsFloats(), c10);
            c11 = av.fma(IntVector.broadcast(WI, bs.getAtIndex(ValueLayout.JAVA_INT, (long) (bx + 11 * ROW))).reinterpretAsFloats(), c11);
        }
        c0.intoArray(out, 0);
        c1.intoArray(out, LANES);
        c2.intoArray(out, 2 * LANES);
        c3.intoArray(out, 3 * LANES);
        c4.intoArray(out, 4 * LANES);
        c5.intoArray(out, 5 * LANES);
        c6.intoArray(out, 6 * LANES);
        c7.intoArray(out, 7 * LANES);
        c8.intoArray(out, 8 * LANES);
        c9.intoArray(out, 9 * LANES);
        c10.intoArray(out, 10 * LANES);
        c11.intoArray(out, 11 * LANES);
    }
  static void t12(MemorySegment at, long ao, int[] b, int bo, int len, float[] out, boolean add,
                             MemorySegment in, long src, int widen, MemorySegment dst, int off) {
        at = at;
        // never with null: a profile of Segments.nativeSegment that has seen a non-native argument slows later kernels
        
        FloatVector c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11;
        if (add) {
            c0 = FloatVector.fromArray(W, out, 0);
            c1 = FloatVector.fromArray(W, out, LANES);
            c2 = FloatVector.fromArray(W, out, 2 * LANES);
            c3 = FloatVector.fromArray(W, out, 3 * LANES);
            c4 = FloatVector.fromArray(W, out, 4 * LANES);
            c5 = FloatVector.fromArray(W, out, 5 * LANES);
            c6 = FloatVector.fromArray(W, out, 6 * LANES);
            c7 = FloatVector.fromArray(W, out, 7 * LANES);
            c8 = FloatVector.fromArray(W, out, 8 * LANES);
            c9 = FloatVector.fromArray(W, out, 9 * LANES);
            c10 = FloatVector.fromArray(W, out, 10 * LANES);
            c11 = FloatVector.fromArray(W, out, 11 * LANES);
        } else {
            c0 = FloatVector.zero(W);
            c1 = c0; c2 = c0; c3 = c0; c4 = c0; c5 = c0; c6 = c0; c7 = c0; c8 = c0; c9 = c0; c10 = c0; c11 = c0;
        }
        int x = 0, xw = Math.min(len, widen);
        for (; x < xw; x++) {
            ByteVector.fromMemorySegment(WB, in, src + (long) x * LANES, java.nio.ByteOrder.LITTLE_ENDIAN).convertShape(VectorOperators.B2F, W, 0)
                    .reinterpretAsInts().intoMemorySegment(dst, (long) (off + x * LANES) * 4, java.nio.ByteOrder.LITTLE_ENDIAN);
            FloatVector av = FloatVector.fromMemorySegment(W, at, ao + (long) x * (Float.BYTES * LANES), java.nio.ByteOrder.LITTLE_ENDIAN);
            int bx = bo + x;
            c0 = av.fma(IntVector.broadcast(WI, b[bx]).reinterpretAsFloats(), c0);
            c1 = av.fma(IntVector.broadcast(WI, b[bx + ROW]).reinterpretAsFloats(), c1);
            c2 = av.fma(IntVector.broadcast(WI, b[bx + 2 * ROW]).reinterpretAsFloats(), c2);
            c3 = av.fma(IntVector.broadcast(WI, b[bx + 3 * ROW]).reinterpretAsFloats(), c3);
            c4 = av.fma(IntVector.broadcast(WI, b[bx + 4 * ROW]).reinterpretAsFloats(), c4);
            c5 = av.fma(IntVector.broadcast(WI, b[bx + 5 * ROW]).reinterpretAsFloats(), c5);
            c6 = av.fma(IntVector.broadcast(WI, b[bx + 6 * ROW]).reinterpretAsFloats(), c6);
            c7 = av.fma(IntVector.broadcast(WI, b[bx + 7 * ROW]).reinterpretAsFloats(), c7);
            c8 = av.fma(IntVector.broadcast(WI, b[bx + 8 * ROW]).reinterpretAsFloats(), c8);
            c9 = av.fma(IntVector.broadcast(WI, b[bx + 9 * ROW]).reinterpretAsFloats(), c9);
            c10 = av.fma(IntVector.broadcast(WI, b[bx + 10 * ROW]).reinterpretAsFloats(), c10);
            c11 = av.fma(IntVector.broadcast(WI, b[bx + 11 * ROW]).reinterpretAsFloats(), c11);
        }
        for (; x < len; x++) {
            FloatVector av = FloatVector.fromMemorySegment(W, at, ao + (long) x * (Float.BYTES * LANES), java.nio.ByteOrder.LITTLE_ENDIAN);
            int bx = bo + x;
            c0 = av.fma(IntVector.broadcast(WI, b[bx]).reinterpretAsFloats(), c0);
            c1 = av.fma(IntVector.broadcast(WI, b[bx + ROW]).reinterpretAsFloats(), c1);
            c2 = av.fma(IntVector.broadcast(WI, b[bx + 2 * ROW]).reinterpretAsFloats(), c2);
            c3 = av.fma(IntVector.broadcast(WI, b[bx + 3 * ROW]).reinterpretAsFloats(), c3);
            c4 = av.fma(IntVector.broadcast(WI, b[bx + 4 * ROW]).reinterpretAsFloats(), c4);
            c5 = av.fma(IntVector.broadcast(WI, b[bx + 5 * ROW]).reinterpretAsFloats(), c5);
            c6 = av.fma(IntVector.broadcast(WI, b[bx + 6 * ROW]).reinterpretAsFloats(), c6);
            c7 = av.fma(IntVector.broadcast(WI, b[bx + 7 * ROW]).reinterpretAsFloats(), c7);
            c8 = av.fma(IntVector.broadcast(WI, b[bx + 8 * ROW]).reinterpretAsFloats(), c8);
            c9 = av.fma(IntVector.broadcast(WI, b[bx + 9 * ROW]).reinterpretAsFloats(), c9);
            c10 = av.fma(IntVector.broadcast(WI, b[bx + 10 * ROW]).reinterpretAsFloats(), c10);
            c11 = av.fma(IntVector.broadcast(WI, b[bx + 11 * ROW]).reinterpretAsFloats(), c11);
        }
        c0.intoArray(out, 0);
        c1.intoArray(out, LANES);
        c2.intoArray(out, 2 * LANES);
        c3.intoArray(out, 3 * LANES);
        c4.intoArray(out, 4 * LANES);
        c5.intoArray(out, 5 * LANES);
        c6.intoArray(out, 6 * LANES);
        c7.intoArray(out, 7 * LANES);
        c8.intoArray(out, 8 * LANES);
        c9.intoArray(out, 9 * LANES);
        c10.intoArray(out, 10 * LANES);
        c11.intoArray(out, 11 * LANES);
    }
  static final java.lang.invoke.VarHandle IVH = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
  static void t13(MemorySegment at, long ao, byte[] bb, int bo, int len, float[] out, boolean add,
                             MemorySegment in, long src, int widen, int[] dst, int off) {
        at = at;
        // never with null: a profile of Segments.nativeSegment that has seen a non-native argument slows later kernels
        
        FloatVector c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11;
        if (add) {
            c0 = FloatVector.fromArray(W, out, 0);
            c1 = FloatVector.fromArray(W, out, LANES);
            c2 = FloatVector.fromArray(W, out, 2 * LANES);
            c3 = FloatVector.fromArray(W, out, 3 * LANES);
            c4 = FloatVector.fromArray(W, out, 4 * LANES);
            c5 = FloatVector.fromArray(W, out, 5 * LANES);
            c6 = FloatVector.fromArray(W, out, 6 * LANES);
            c7 = FloatVector.fromArray(W, out, 7 * LANES);
            c8 = FloatVector.fromArray(W, out, 8 * LANES);
            c9 = FloatVector.fromArray(W, out, 9 * LANES);
            c10 = FloatVector.fromArray(W, out, 10 * LANES);
            c11 = FloatVector.fromArray(W, out, 11 * LANES);
        } else {
            c0 = FloatVector.zero(W);
            c1 = c0; c2 = c0; c3 = c0; c4 = c0; c5 = c0; c6 = c0; c7 = c0; c8 = c0; c9 = c0; c10 = c0; c11 = c0;
        }
        int x = 0, xw = Math.min(len, widen);
        for (; x < xw; x++) {
            ByteVector.fromMemorySegment(WB, in, src + (long) x * LANES, java.nio.ByteOrder.LITTLE_ENDIAN).convertShape(VectorOperators.B2F, W, 0)
                    .reinterpretAsInts().intoArray(dst, off + x * LANES);
            FloatVector av = FloatVector.fromMemorySegment(W, at, ao + (long) x * (Float.BYTES * LANES), java.nio.ByteOrder.LITTLE_ENDIAN);
            int bx = bo + x;
            c0 = av.fma(IntVector.broadcast(WI, (int) IVH.get(bb, 4 * (bx))).reinterpretAsFloats(), c0);
            c1 = av.fma(IntVector.broadcast(WI, (int) IVH.get(bb, 4 * (bx + ROW))).reinterpretAsFloats(), c1);
            c2 = av.fma(IntVector.broadcast(WI, (int) IVH.get(bb, 4 * (bx + 2 * ROW))).reinterpretAsFloats(), c2);
            c3 = av.fma(IntVector.broadcast(WI, (int) IVH.get(bb, 4 * (bx + 3 * ROW))).reinterpretAsFloats(), c3);
            c4 = av.fma(IntVector.broadcast(WI, (int) IVH.get(bb, 4 * (bx + 4 * ROW))).reinterpretAsFloats(), c4);
            c5 = av.fma(IntVector.broadcast(WI, (int) IVH.get(bb, 4 * (bx + 5 * ROW))).reinterpretAsFloats(), c5);
            c6 = av.fma(IntVector.broadcast(WI, (int) IVH.get(bb, 4 * (bx + 6 * ROW))).reinterpretAsFloats(), c6);
            c7 = av.fma(IntVector.broadcast(WI, (int) IVH.get(bb, 4 * (bx + 7 * ROW))).reinterpretAsFloats(), c7);
            c8 = av.fma(IntVector.broadcast(WI, (int) IVH.get(bb, 4 * (bx + 8 * ROW))).reinterpretAsFloats(), c8);
            c9 = av.fma(IntVector.broadcast(WI, (int) IVH.get(bb, 4 * (bx + 9 * ROW))).reinterpretAsFloats(), c9);
            c10 = av.fma(IntVector.broadcast(WI, (int) IVH.get(bb, 4 * (bx + 10 * ROW))).reinterpretAsFloats(), c10);
            c11 = av.fma(IntVector.broadcast(WI, (int) IVH.get(bb, 4 * (bx + 11 * ROW))).reinterpretAsFloats(), c11);
        }
        for (; x < len; x++) {
            FloatVector av = FloatVector.fromMemorySegment(W, at, ao + (long) x * (Float.BYTES * LANES), java.nio.ByteOrder.LITTLE_ENDIAN);
            int bx = bo + x;
            c0 = av.fma(IntVector.broadcast(WI, (int) IVH.get(bb, 4 * (bx))).reinterpretAsFloats(), c0);
            c1 = av.fma(IntVector.broadcast(WI, (int) IVH.get(bb, 4 * (bx + ROW))).reinterpretAsFloats(), c1);
            c2 = av.fma(IntVector.broadcast(WI, (int) IVH.get(bb, 4 * (bx + 2 * ROW))).reinterpretAsFloats(), c2);
            c3 = av.fma(IntVector.broadcast(WI, (int) IVH.get(bb, 4 * (bx + 3 * ROW))).reinterpretAsFloats(), c3);
            c4 = av.fma(IntVector.broadcast(WI, (int) IVH.get(bb, 4 * (bx + 4 * ROW))).reinterpretAsFloats(), c4);
            c5 = av.fma(IntVector.broadcast(WI, (int) IVH.get(bb, 4 * (bx + 5 * ROW))).reinterpretAsFloats(), c5);
            c6 = av.fma(IntVector.broadcast(WI, (int) IVH.get(bb, 4 * (bx + 6 * ROW))).reinterpretAsFloats(), c6);
            c7 = av.fma(IntVector.broadcast(WI, (int) IVH.get(bb, 4 * (bx + 7 * ROW))).reinterpretAsFloats(), c7);
            c8 = av.fma(IntVector.broadcast(WI, (int) IVH.get(bb, 4 * (bx + 8 * ROW))).reinterpretAsFloats(), c8);
            c9 = av.fma(IntVector.broadcast(WI, (int) IVH.get(bb, 4 * (bx + 9 * ROW))).reinterpretAsFloats(), c9);
            c10 = av.fma(IntVector.broadcast(WI, (int) IVH.get(bb, 4 * (bx + 10 * ROW))).reinterpretAsFloats(), c10);
            c11 = av.fma(IntVector.broadcast(WI, (int) IVH.get(bb, 4 * (bx + 11 * ROW))).reinterpretAsFloats(), c11);
        }
        c0.intoArray(out, 0);
        c1.intoArray(out, LANES);
        c2.intoArray(out, 2 * LANES);
        c3.intoArray(out, 3 * LANES);
        c4.intoArray(out, 4 * LANES);
        c5.intoArray(out, 5 * LANES);
        c6.intoArray(out, 6 * LANES);
        c7.intoArray(out, 7 * LANES);
        c8.intoArray(out, 8 * LANES);
        c9.intoArray(out, 9 * LANES);
        c10.intoArray(out, 10 * LANES);
        c11.intoArray(out, 11 * LANES);
    }
  static void t14(MemorySegment at, long ao, int[] b, int bo, int len, float[] out, boolean add,
                             MemorySegment in, long src, int widen, byte[] dst, int off) {
        at = at;
        // never with null: a profile of Segments.nativeSegment that has seen a non-native argument slows later kernels
        
        FloatVector c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11;
        if (add) {
            c0 = FloatVector.fromArray(W, out, 0);
            c1 = FloatVector.fromArray(W, out, LANES);
            c2 = FloatVector.fromArray(W, out, 2 * LANES);
            c3 = FloatVector.fromArray(W, out, 3 * LANES);
            c4 = FloatVector.fromArray(W, out, 4 * LANES);
            c5 = FloatVector.fromArray(W, out, 5 * LANES);
            c6 = FloatVector.fromArray(W, out, 6 * LANES);
            c7 = FloatVector.fromArray(W, out, 7 * LANES);
            c8 = FloatVector.fromArray(W, out, 8 * LANES);
            c9 = FloatVector.fromArray(W, out, 9 * LANES);
            c10 = FloatVector.fromArray(W, out, 10 * LANES);
            c11 = FloatVector.fromArray(W, out, 11 * LANES);
        } else {
            c0 = FloatVector.zero(W);
            c1 = c0; c2 = c0; c3 = c0; c4 = c0; c5 = c0; c6 = c0; c7 = c0; c8 = c0; c9 = c0; c10 = c0; c11 = c0;
        }
        int x = 0, xw = Math.min(len, widen);
        for (; x < xw; x++) {
            ByteVector.fromMemorySegment(WB, in, src + (long) x * LANES, java.nio.ByteOrder.LITTLE_ENDIAN).convertShape(VectorOperators.B2F, W, 0)
                    .reinterpretAsBytes().intoArray(dst, 4 * (off + x * LANES));
            FloatVector av = FloatVector.fromMemorySegment(W, at, ao + (long) x * (Float.BYTES * LANES), java.nio.ByteOrder.LITTLE_ENDIAN);
            int bx = bo + x;
            c0 = av.fma(IntVector.broadcast(WI, b[bx]).reinterpretAsFloats(), c0);
            c1 = av.fma(IntVector.broadcast(WI, b[bx + ROW]).reinterpretAsFloats(), c1);
            c2 = av.fma(IntVector.broadcast(WI, b[bx + 2 * ROW]).reinterpretAsFloats(), c2);
            c3 = av.fma(IntVector.broadcast(WI, b[bx + 3 * ROW]).reinterpretAsFloats(), c3);
            c4 = av.fma(IntVector.broadcast(WI, b[bx + 4 * ROW]).reinterpretAsFloats(), c4);
            c5 = av.fma(IntVector.broadcast(WI, b[bx + 5 * ROW]).reinterpretAsFloats(), c5);
            c6 = av.fma(IntVector.broadcast(WI, b[bx + 6 * ROW]).reinterpretAsFloats(), c6);
            c7 = av.fma(IntVector.broadcast(WI, b[bx + 7 * ROW]).reinterpretAsFloats(), c7);
            c8 = av.fma(IntVector.broadcast(WI, b[bx + 8 * ROW]).reinterpretAsFloats(), c8);
            c9 = av.fma(IntVector.broadcast(WI, b[bx + 9 * ROW]).reinterpretAsFloats(), c9);
            c10 = av.fma(IntVector.broadcast(WI, b[bx + 10 * ROW]).reinterpretAsFloats(), c10);
            c11 = av.fma(IntVector.broadcast(WI, b[bx + 11 * ROW]).reinterpretAsFloats(), c11);
        }
        for (; x < len; x++) {
            FloatVector av = FloatVector.fromMemorySegment(W, at, ao + (long) x * (Float.BYTES * LANES), java.nio.ByteOrder.LITTLE_ENDIAN);
            int bx = bo + x;
            c0 = av.fma(IntVector.broadcast(WI, b[bx]).reinterpretAsFloats(), c0);
            c1 = av.fma(IntVector.broadcast(WI, b[bx + ROW]).reinterpretAsFloats(), c1);
            c2 = av.fma(IntVector.broadcast(WI, b[bx + 2 * ROW]).reinterpretAsFloats(), c2);
            c3 = av.fma(IntVector.broadcast(WI, b[bx + 3 * ROW]).reinterpretAsFloats(), c3);
            c4 = av.fma(IntVector.broadcast(WI, b[bx + 4 * ROW]).reinterpretAsFloats(), c4);
            c5 = av.fma(IntVector.broadcast(WI, b[bx + 5 * ROW]).reinterpretAsFloats(), c5);
            c6 = av.fma(IntVector.broadcast(WI, b[bx + 6 * ROW]).reinterpretAsFloats(), c6);
            c7 = av.fma(IntVector.broadcast(WI, b[bx + 7 * ROW]).reinterpretAsFloats(), c7);
            c8 = av.fma(IntVector.broadcast(WI, b[bx + 8 * ROW]).reinterpretAsFloats(), c8);
            c9 = av.fma(IntVector.broadcast(WI, b[bx + 9 * ROW]).reinterpretAsFloats(), c9);
            c10 = av.fma(IntVector.broadcast(WI, b[bx + 10 * ROW]).reinterpretAsFloats(), c10);
            c11 = av.fma(IntVector.broadcast(WI, b[bx + 11 * ROW]).reinterpretAsFloats(), c11);
        }
        c0.intoArray(out, 0);
        c1.intoArray(out, LANES);
        c2.intoArray(out, 2 * LANES);
        c3.intoArray(out, 3 * LANES);
        c4.intoArray(out, 4 * LANES);
        c5.intoArray(out, 5 * LANES);
        c6.intoArray(out, 6 * LANES);
        c7.intoArray(out, 7 * LANES);
        c8.intoArray(out, 8 * LANES);
        c9.intoArray(out, 9 * LANES);
        c10.intoArray(out, 10 * LANES);
        c11.intoArray(out, 11 * LANES);
    }
  static void t15(MemorySegment at, long ao, float[] b, int bo, int len, float[] out, boolean add,
                             MemorySegment in, long src, int widen, int[] dst, int off) {
        at = at;
        // never with null: a profile of Segments.nativeSegment that has seen a non-native argument slows later kernels
        
        FloatVector c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11;
        if (add) {
            c0 = FloatVector.fromArray(W, out, 0);
            c1 = FloatVector.fromArray(W, out, LANES);
            c2 = FloatVector.fromArray(W, out, 2 * LANES);
            c3 = FloatVector.fromArray(W, out, 3 * LANES);
            c4 = FloatVector.fromArray(W, out, 4 * LANES);
            c5 = FloatVector.fromArray(W, out, 5 * LANES);
            c6 = FloatVector.fromArray(W, out, 6 * LANES);
            c7 = FloatVector.fromArray(W, out, 7 * LANES);
            c8 = FloatVector.fromArray(W, out, 8 * LANES);
            c9 = FloatVector.fromArray(W, out, 9 * LANES);
            c10 = FloatVector.fromArray(W, out, 10 * LANES);
            c11 = FloatVector.fromArray(W, out, 11 * LANES);
        } else {
            c0 = FloatVector.zero(W);
            c1 = c0; c2 = c0; c3 = c0; c4 = c0; c5 = c0; c6 = c0; c7 = c0; c8 = c0; c9 = c0; c10 = c0; c11 = c0;
        }
        int x = 0, xw = Math.min(len, widen);
        for (; x < xw; x++) {
            ByteVector.fromMemorySegment(WB, in, src + (long) x * LANES, java.nio.ByteOrder.LITTLE_ENDIAN).convertShape(VectorOperators.B2F, W, 0)
                    .reinterpretAsInts().intoArray(dst, off + x * LANES);
            FloatVector av = FloatVector.fromMemorySegment(W, at, ao + (long) x * (Float.BYTES * LANES), java.nio.ByteOrder.LITTLE_ENDIAN);
            int bx = bo + x;
            c0 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx])).reinterpretAsFloats(), c0);
            c1 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + ROW])).reinterpretAsFloats(), c1);
            c2 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 2 * ROW])).reinterpretAsFloats(), c2);
            c3 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 3 * ROW])).reinterpretAsFloats(), c3);
            c4 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 4 * ROW])).reinterpretAsFloats(), c4);
            c5 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 5 * ROW])).reinterpretAsFloats(), c5);
            c6 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 6 * ROW])).reinterpretAsFloats(), c6);
            c7 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 7 * ROW])).reinterpretAsFloats(), c7);
            c8 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 8 * ROW])).reinterpretAsFloats(), c8);
            c9 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 9 * ROW])).reinterpretAsFloats(), c9);
            c10 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 10 * ROW])).reinterpretAsFloats(), c10);
            c11 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 11 * ROW])).reinterpretAsFloats(), c11);
        }
        for (; x < len; x++) {
            FloatVector av = FloatVector.fromMemorySegment(W, at, ao + (long) x * (Float.BYTES * LANES), java.nio.ByteOrder.LITTLE_ENDIAN);
            int bx = bo + x;
            c0 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx])).reinterpretAsFloats(), c0);
            c1 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + ROW])).reinterpretAsFloats(), c1);
            c2 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 2 * ROW])).reinterpretAsFloats(), c2);
            c3 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 3 * ROW])).reinterpretAsFloats(), c3);
            c4 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 4 * ROW])).reinterpretAsFloats(), c4);
            c5 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 5 * ROW])).reinterpretAsFloats(), c5);
            c6 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 6 * ROW])).reinterpretAsFloats(), c6);
            c7 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 7 * ROW])).reinterpretAsFloats(), c7);
            c8 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 8 * ROW])).reinterpretAsFloats(), c8);
            c9 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 9 * ROW])).reinterpretAsFloats(), c9);
            c10 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 10 * ROW])).reinterpretAsFloats(), c10);
            c11 = av.fma(IntVector.broadcast(WI, Float.floatToRawIntBits(b[bx + 11 * ROW])).reinterpretAsFloats(), c11);
        }
        c0.intoArray(out, 0);
        c1.intoArray(out, LANES);
        c2.intoArray(out, 2 * LANES);
        c3.intoArray(out, 3 * LANES);
        c4.intoArray(out, 4 * LANES);
        c5.intoArray(out, 5 * LANES);
        c6.intoArray(out, 6 * LANES);
        c7.intoArray(out, 7 * LANES);
        c8.intoArray(out, 8 * LANES);
        c9.intoArray(out, 9 * LANES);
        c10.intoArray(out, 10 * LANES);
        c11.intoArray(out, 11 * LANES);
    }
  public static void main(String[] s) {
    float[] a = new float[16 * 4096], b = new float[12 * ROW + 64];
    MemorySegment seg = Arena.global().allocate(16*4096*4, 64);
    float[] out2 = new float[192], dst = new float[20000]; int[] idst = new int[20000], ib = new int[b.length];
    for (int i = 0; i < 20000; i++) { v1(a, b, 4096); v2(a, b, 4096); v3(a, b, 4096); v4(seg, 0, b, 16, 4000); t5(seg, 0, b, 16, 1000, out2, (i&1)==0, seg, 0, 500, dst, 0); t6(seg, 0, b, 16, 1000, out2, (i&1)==0, seg, 0, 500, dst, 0); t7(seg, 0, b, 16, 1000, out2, (i&1)==0, seg, 0, 500, dst, 0); t8(seg, 0, b, 16, 1000, out2, (i&1)==0, seg, 0, 500, idst, 0); t9(seg, 0, ib, 16, 1000, out2, (i&1)==0, seg, 0, 500, idst, 0); t10(seg, 0, ib, 16, 1000, out2, (i&1)==0, seg, 0, 500, dst, 0);}
  }
}
