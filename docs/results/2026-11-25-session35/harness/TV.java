import jdk.incubator.vector.*;
import java.lang.foreign.*;
import java.nio.ByteOrder;
public class TV {
  static final VectorSpecies<Float> F = FloatVector.SPECIES_256; static final VectorSpecies<Byte> B = ByteVector.SPECIES_64;
  static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN; static final int ROW = (1<<14)+16;
  static void t6(MemorySegment at, long ao, float[] b, int bo, int len, float[] out, boolean add, MemorySegment in, long src, int widen, float[] dst, int off) {
    FloatVector c00, c01, c02, c03, c04, c05, c10, c11, c12, c13, c14, c15;
    if (add) {
      c00 = FloatVector.fromArray(F, out, 0*16); c10 = FloatVector.fromArray(F, out, 0*16+8);
      c01 = FloatVector.fromArray(F, out, 1*16); c11 = FloatVector.fromArray(F, out, 1*16+8);
      c02 = FloatVector.fromArray(F, out, 2*16); c12 = FloatVector.fromArray(F, out, 2*16+8);
      c03 = FloatVector.fromArray(F, out, 3*16); c13 = FloatVector.fromArray(F, out, 3*16+8);
      c04 = FloatVector.fromArray(F, out, 4*16); c14 = FloatVector.fromArray(F, out, 4*16+8);
      c05 = FloatVector.fromArray(F, out, 5*16); c15 = FloatVector.fromArray(F, out, 5*16+8);
    } else { c00 = FloatVector.zero(F); c01 = c00; c02 = c00; c03 = c00; c04 = c00; c05 = c00; c10 = c00; c11 = c00; c12 = c00; c13 = c00; c14 = c00; c15 = c00; }
    int x = 0, xw = Math.min(len, widen);
    for (; x < xw; x++) {
      ByteVector.fromMemorySegment(B, in, src + (long) x * 8, LE).convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats().intoArray(dst, off + x * 8);
      long ax = ao + (long) x * 64;
      FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + 32, LE);
      int bx = bo + x; FloatVector w;
      w = FloatVector.broadcast(F, b[bx + 0 * ROW]); c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[bx + 1 * ROW]); c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[bx + 2 * ROW]); c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, b[bx + 3 * ROW]); c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
      w = FloatVector.broadcast(F, b[bx + 4 * ROW]); c04 = a0.fma(w, c04); c14 = a1.fma(w, c14);
      w = FloatVector.broadcast(F, b[bx + 5 * ROW]); c05 = a0.fma(w, c05); c15 = a1.fma(w, c15);
    }
    for (; x < len; x++) {
      long ax = ao + (long) x * 64;
      FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + 32, LE);
      int bx = bo + x; FloatVector w;
      w = FloatVector.broadcast(F, b[bx + 0 * ROW]); c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[bx + 1 * ROW]); c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[bx + 2 * ROW]); c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, b[bx + 3 * ROW]); c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
      w = FloatVector.broadcast(F, b[bx + 4 * ROW]); c04 = a0.fma(w, c04); c14 = a1.fma(w, c14);
      w = FloatVector.broadcast(F, b[bx + 5 * ROW]); c05 = a0.fma(w, c05); c15 = a1.fma(w, c15);
    }
    c00.intoArray(out, 0*16); c10.intoArray(out, 0*16+8);
    c01.intoArray(out, 1*16); c11.intoArray(out, 1*16+8);
    c02.intoArray(out, 2*16); c12.intoArray(out, 2*16+8);
    c03.intoArray(out, 3*16); c13.intoArray(out, 3*16+8);
    c04.intoArray(out, 4*16); c14.intoArray(out, 4*16+8);
    c05.intoArray(out, 5*16); c15.intoArray(out, 5*16+8);
  }
  static void t5(MemorySegment at, long ao, float[] b, int bo, int len, float[] out, boolean add, MemorySegment in, long src, int widen, float[] dst, int off) {
    FloatVector c00, c01, c02, c03, c04, c10, c11, c12, c13, c14;
    if (add) {
      c00 = FloatVector.fromArray(F, out, 0*16); c10 = FloatVector.fromArray(F, out, 0*16+8);
      c01 = FloatVector.fromArray(F, out, 1*16); c11 = FloatVector.fromArray(F, out, 1*16+8);
      c02 = FloatVector.fromArray(F, out, 2*16); c12 = FloatVector.fromArray(F, out, 2*16+8);
      c03 = FloatVector.fromArray(F, out, 3*16); c13 = FloatVector.fromArray(F, out, 3*16+8);
      c04 = FloatVector.fromArray(F, out, 4*16); c14 = FloatVector.fromArray(F, out, 4*16+8);
    } else { c00 = FloatVector.zero(F); c01 = c00; c02 = c00; c03 = c00; c04 = c00; c10 = c00; c11 = c00; c12 = c00; c13 = c00; c14 = c00; }
    int x = 0, xw = Math.min(len, widen);
    for (; x < xw; x++) {
      ByteVector.fromMemorySegment(B, in, src + (long) x * 8, LE).convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats().intoArray(dst, off + x * 8);
      long ax = ao + (long) x * 64;
      FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + 32, LE);
      int bx = bo + x; FloatVector w;
      w = FloatVector.broadcast(F, b[bx + 0 * ROW]); c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[bx + 1 * ROW]); c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[bx + 2 * ROW]); c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, b[bx + 3 * ROW]); c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
      w = FloatVector.broadcast(F, b[bx + 4 * ROW]); c04 = a0.fma(w, c04); c14 = a1.fma(w, c14);
    }
    for (; x < len; x++) {
      long ax = ao + (long) x * 64;
      FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + 32, LE);
      int bx = bo + x; FloatVector w;
      w = FloatVector.broadcast(F, b[bx + 0 * ROW]); c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[bx + 1 * ROW]); c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[bx + 2 * ROW]); c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, b[bx + 3 * ROW]); c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
      w = FloatVector.broadcast(F, b[bx + 4 * ROW]); c04 = a0.fma(w, c04); c14 = a1.fma(w, c14);
    }
    c00.intoArray(out, 0*16); c10.intoArray(out, 0*16+8);
    c01.intoArray(out, 1*16); c11.intoArray(out, 1*16+8);
    c02.intoArray(out, 2*16); c12.intoArray(out, 2*16+8);
    c03.intoArray(out, 3*16); c13.intoArray(out, 3*16+8);
    c04.intoArray(out, 4*16); c14.intoArray(out, 4*16+8);
  }
  static void t4(MemorySegment at, long ao, float[] b, int bo, int len, float[] out, boolean add, MemorySegment in, long src, int widen, float[] dst, int off) {
    FloatVector c00, c01, c02, c03, c10, c11, c12, c13;
    if (add) {
      c00 = FloatVector.fromArray(F, out, 0*16); c10 = FloatVector.fromArray(F, out, 0*16+8);
      c01 = FloatVector.fromArray(F, out, 1*16); c11 = FloatVector.fromArray(F, out, 1*16+8);
      c02 = FloatVector.fromArray(F, out, 2*16); c12 = FloatVector.fromArray(F, out, 2*16+8);
      c03 = FloatVector.fromArray(F, out, 3*16); c13 = FloatVector.fromArray(F, out, 3*16+8);
    } else { c00 = FloatVector.zero(F); c01 = c00; c02 = c00; c03 = c00; c10 = c00; c11 = c00; c12 = c00; c13 = c00; }
    int x = 0, xw = Math.min(len, widen);
    for (; x < xw; x++) {
      ByteVector.fromMemorySegment(B, in, src + (long) x * 8, LE).convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats().intoArray(dst, off + x * 8);
      long ax = ao + (long) x * 64;
      FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + 32, LE);
      int bx = bo + x; FloatVector w;
      w = FloatVector.broadcast(F, b[bx + 0 * ROW]); c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[bx + 1 * ROW]); c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[bx + 2 * ROW]); c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, b[bx + 3 * ROW]); c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
    }
    for (; x < len; x++) {
      long ax = ao + (long) x * 64;
      FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + 32, LE);
      int bx = bo + x; FloatVector w;
      w = FloatVector.broadcast(F, b[bx + 0 * ROW]); c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[bx + 1 * ROW]); c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[bx + 2 * ROW]); c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, b[bx + 3 * ROW]); c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
    }
    c00.intoArray(out, 0*16); c10.intoArray(out, 0*16+8);
    c01.intoArray(out, 1*16); c11.intoArray(out, 1*16+8);
    c02.intoArray(out, 2*16); c12.intoArray(out, 2*16+8);
    c03.intoArray(out, 3*16); c13.intoArray(out, 3*16+8);
  }
  static void t4u(MemorySegment at, long ao, float[] b, int bo, int len, float[] out, boolean add, MemorySegment in, long src, int widen, float[] dst, int off) {
    FloatVector c00, c01, c02, c03, c10, c11, c12, c13;
    if (add) {
      c00 = FloatVector.fromArray(F, out, 0*16); c10 = FloatVector.fromArray(F, out, 0*16+8);
      c01 = FloatVector.fromArray(F, out, 1*16); c11 = FloatVector.fromArray(F, out, 1*16+8);
      c02 = FloatVector.fromArray(F, out, 2*16); c12 = FloatVector.fromArray(F, out, 2*16+8);
      c03 = FloatVector.fromArray(F, out, 3*16); c13 = FloatVector.fromArray(F, out, 3*16+8);
    } else { c00 = FloatVector.zero(F); c01 = c00; c02 = c00; c03 = c00; c10 = c00; c11 = c00; c12 = c00; c13 = c00; }
    int x = 0, xw = Math.min(len, widen);
    for (; x + 1 < xw; x += 2) {
      ByteVector.fromMemorySegment(B, in, src + (long) x * 8, LE).convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats().intoArray(dst, off + x * 8);
      long ax = ao + (long) x * 64;
      FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + 32, LE);
      int bx = bo + x; FloatVector w;
      w = FloatVector.broadcast(F, b[bx + 0 * ROW]); c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[bx + 1 * ROW]); c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[bx + 2 * ROW]); c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, b[bx + 3 * ROW]); c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
      ByteVector.fromMemorySegment(B, in, src + (long) (x + 1) * 8, LE).convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats().intoArray(dst, off + (x + 1) * 8);
      long ax2 = ao + (long) (x + 1) * 64;
      a0 = FloatVector.fromMemorySegment(F, at, ax2, LE); a1 = FloatVector.fromMemorySegment(F, at, ax2 + 32, LE);
      int bx2 = bo + x + 1; 
      w = FloatVector.broadcast(F, b[bx2 + 0 * ROW]); c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[bx2 + 1 * ROW]); c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[bx2 + 2 * ROW]); c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, b[bx2 + 3 * ROW]); c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
    }
    for (; x < xw; x++) {
      ByteVector.fromMemorySegment(B, in, src + (long) x * 8, LE).convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats().intoArray(dst, off + x * 8);
      long ax = ao + (long) x * 64;
      FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + 32, LE);
      int bx = bo + x; FloatVector w;
      w = FloatVector.broadcast(F, b[bx + 0 * ROW]); c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[bx + 1 * ROW]); c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[bx + 2 * ROW]); c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, b[bx + 3 * ROW]); c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
    }
    for (; x < len; x++) {
      long ax = ao + (long) x * 64;
      FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + 32, LE);
      int bx = bo + x; FloatVector w;
      w = FloatVector.broadcast(F, b[bx + 0 * ROW]); c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[bx + 1 * ROW]); c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[bx + 2 * ROW]); c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, b[bx + 3 * ROW]); c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
    }
    c00.intoArray(out, 0*16); c10.intoArray(out, 0*16+8);
    c01.intoArray(out, 1*16); c11.intoArray(out, 1*16+8);
    c02.intoArray(out, 2*16); c12.intoArray(out, 2*16+8);
    c03.intoArray(out, 3*16); c13.intoArray(out, 3*16+8);
  }
  static void t4x(MemorySegment at, long ao, float[] b, int bo, int len, float[] out, boolean add, MemorySegment in, long src, int widen, float[] dst, int off) {
    FloatVector c00, c01, c02, c03, c10, c11, c12, c13;
    if (add) {
      c00 = FloatVector.fromArray(F, out, 0*16); c10 = FloatVector.fromArray(F, out, 0*16+8);
      c01 = FloatVector.fromArray(F, out, 1*16); c11 = FloatVector.fromArray(F, out, 1*16+8);
      c02 = FloatVector.fromArray(F, out, 2*16); c12 = FloatVector.fromArray(F, out, 2*16+8);
      c03 = FloatVector.fromArray(F, out, 3*16); c13 = FloatVector.fromArray(F, out, 3*16+8);
    } else { c00 = FloatVector.zero(F); c01 = c00; c02 = c00; c03 = c00; c10 = c00; c11 = c00; c12 = c00; c13 = c00; }
    int x = 0, xw = Math.min(len, widen);
    for (; x < xw; x++) {
      ((IntVector) ByteVector.fromMemorySegment(B, in, src + (long) x * 8, LE).convertShape(VectorOperators.B2I, IntVector.SPECIES_256, 0)).add(0x4B000080).reinterpretAsFloats().sub(8388736f).intoArray(dst, off + x * 8);
      long ax = ao + (long) x * 64;
      FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + 32, LE);
      int bx = bo + x; FloatVector w;
      w = FloatVector.broadcast(F, b[bx + 0 * ROW]); c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[bx + 1 * ROW]); c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[bx + 2 * ROW]); c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, b[bx + 3 * ROW]); c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
    }
    for (; x < len; x++) {
      long ax = ao + (long) x * 64;
      FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + 32, LE);
      int bx = bo + x; FloatVector w;
      w = FloatVector.broadcast(F, b[bx + 0 * ROW]); c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[bx + 1 * ROW]); c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[bx + 2 * ROW]); c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
      w = FloatVector.broadcast(F, b[bx + 3 * ROW]); c03 = a0.fma(w, c03); c13 = a1.fma(w, c13);
    }
    c00.intoArray(out, 0*16); c10.intoArray(out, 0*16+8);
    c01.intoArray(out, 1*16); c11.intoArray(out, 1*16+8);
    c02.intoArray(out, 2*16); c12.intoArray(out, 2*16+8);
    c03.intoArray(out, 3*16); c13.intoArray(out, 3*16+8);
  }
  static void t3(MemorySegment at, long ao, float[] b, int bo, int len, float[] out, boolean add, MemorySegment in, long src, int widen, float[] dst, int off) {
    FloatVector c00, c01, c02, c10, c11, c12;
    if (add) {
      c00 = FloatVector.fromArray(F, out, 0*16); c10 = FloatVector.fromArray(F, out, 0*16+8);
      c01 = FloatVector.fromArray(F, out, 1*16); c11 = FloatVector.fromArray(F, out, 1*16+8);
      c02 = FloatVector.fromArray(F, out, 2*16); c12 = FloatVector.fromArray(F, out, 2*16+8);
    } else { c00 = FloatVector.zero(F); c01 = c00; c02 = c00; c10 = c00; c11 = c00; c12 = c00; }
    int x = 0, xw = Math.min(len, widen);
    for (; x < xw; x++) {
      ByteVector.fromMemorySegment(B, in, src + (long) x * 8, LE).convertShape(VectorOperators.B2F, F, 0).reinterpretAsFloats().intoArray(dst, off + x * 8);
      long ax = ao + (long) x * 64;
      FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + 32, LE);
      int bx = bo + x; FloatVector w;
      w = FloatVector.broadcast(F, b[bx + 0 * ROW]); c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[bx + 1 * ROW]); c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[bx + 2 * ROW]); c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
    }
    for (; x < len; x++) {
      long ax = ao + (long) x * 64;
      FloatVector a0 = FloatVector.fromMemorySegment(F, at, ax, LE), a1 = FloatVector.fromMemorySegment(F, at, ax + 32, LE);
      int bx = bo + x; FloatVector w;
      w = FloatVector.broadcast(F, b[bx + 0 * ROW]); c00 = a0.fma(w, c00); c10 = a1.fma(w, c10);
      w = FloatVector.broadcast(F, b[bx + 1 * ROW]); c01 = a0.fma(w, c01); c11 = a1.fma(w, c11);
      w = FloatVector.broadcast(F, b[bx + 2 * ROW]); c02 = a0.fma(w, c02); c12 = a1.fma(w, c12);
    }
    c00.intoArray(out, 0*16); c10.intoArray(out, 0*16+8);
    c01.intoArray(out, 1*16); c11.intoArray(out, 1*16+8);
    c02.intoArray(out, 2*16); c12.intoArray(out, 2*16+8);
  }
  public static void main(String[] s) {
    float[] b = new float[6 * ROW + 64], dst = new float[6*ROW+64]; float[] out = new float[96];
    MemorySegment seg = Arena.global().allocate(16*4096*4, 64), in = Arena.global().allocate(6*4096+64, 64);
    int K = 4096;
    for (int rep = 0; rep < 8; rep++) {
      for (String v : s) {
        int nb = v.charAt(1) - '0'; boolean wd = v.contains("w");
        long t0 = System.nanoTime(); int n = 2000;
        for (int i = 0; i < n; i++) {
          for (int k0 = 0; k0 < K; k0 += 1024) {
            int widen = wd ? 1024 : 0;
            if (v.endsWith("u")) t4u(seg, (long) k0 * 64, b, 16 + k0, 1024, out, k0 > 0, in, 0, widen, dst, 16);
            else if (v.endsWith("x")) t4x(seg, (long) k0 * 64, b, 16 + k0, 1024, out, k0 > 0, in, 0, widen, dst, 16);
            else if (nb == 4) t4(seg, (long) k0 * 64, b, 16 + k0, 1024, out, k0 > 0, in, 0, widen, dst, 16);
            else if (nb == 6) t6(seg, (long) k0 * 64, b, 16 + k0, 1024, out, k0 > 0, in, 0, widen, dst, 0);
          }
        }
        double ns = (System.nanoTime() - t0) / (double) n / K;
        if (rep > 4) System.out.printf("%s %.2f cycles/step = %.2f MAC/cycle @3.2%n", v, ns * 3.2, 16*nb / (ns * 3.2));
      }
    }
  }
}
