package io.bnb.backend.cpu;
import jdk.incubator.vector.*;
import java.lang.foreign.*;
import java.util.*;
import static jdk.incubator.vector.VectorOperators.*;
/** A constant 8 MiB table (64 Ki entries per mantissa): 16-bit indices need no mask for C2 to drop the range check. */
public class KC {
  static final VectorSpecies<Short> S = ShortVector.SPECIES_256;
  static final int LOW = 0x3f80 - 128 * 40, SIDE = 0x4000 - LOW;
  static final byte[] FLAT = new byte[128 << 16];
  static final ValueLayout.OfShort SHORTS = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
  static void block(MemorySegment in, long start, int len, float m, int[] index, MemorySegment out) {
    int bits = Float.floatToRawIntBits(m) >>> 16, mu = bits & 0x7f;
    short shift = (short) ((((bits >>> 7) & 0xff) - 127) * 128 + LOW);
    for (int i = 0; i < len; i += 16) {
      ShortVector x = ShortVector.fromMemorySegment(S, in, (start + i) << 1, java.nio.ByteOrder.LITTLE_ENDIAN);
      x.and((short) 0x7fff).sub(shift).max((short) 0).add(x.lanewise(ASHR, 15).and((short) SIDE)).reinterpretAsInts().intoArray(index, i >>> 1);
    }
    int base = mu << 16;
    byte[] t = FLAT;
    for (int j = 0; j < len / 2; j++) {
      int pair = index[j];
      out.set(SHORTS, start + 2L * j, (short) (t[base + (pair & 0xffff)] & 0xff | t[base + (pair >>> 16)] << 8));
    }
  }
  public static void main(String[] x) throws Exception {
    int bs = Integer.parseInt(x[0]), n = 1 << 17, nb = n / bs;
    Arena ar = Arena.global();
    MemorySegment in = ar.allocate(2L * n, 64), out = ar.allocate(n, 64), out2 = ar.allocate(n, 64);
    Random r = new Random(1);
    for (int i = 0; i < n; i++) in.setAtIndex(ValueLayout.JAVA_SHORT, i, (short) (Float.floatToRawIntBits((float) r.nextGaussian()) >>> 16));
    NearestCode nc = NearestCode.of(io.bnb.api.Codebooks.dynamicSigned());
    Blockwise8Bf16Keys keys = nc.bf16Keys();
    java.lang.reflect.Field cf = Blockwise8Bf16Keys.class.getDeclaredField("codes"); cf.setAccessible(true);
    byte[][] codes = (byte[][]) cf.get(keys);
    for (int mu = 0; mu < 128; mu++) System.arraycopy(codes[mu], 0, FLAT, mu << 16, 1 << 14);
    Blockwise8Bf16Keys.Scratch w = new Blockwise8Bf16Keys.Scratch();
    float[] spare = new float[bs], m = new float[nb];
    for (int b = 0; b < nb; b++) m[b] = Vec.absmaxBf16(in, (long) b * bs, bs, spare);
    int[] index = new int[bs / 2];
    for (int rep = 0; rep < 10; rep++) {
      long t0 = System.nanoTime();
      for (int it = 0; it < 20; it++) for (int b = 0; b < nb; b++) keys.block(in, (long) b * bs, bs, m[b], w, out);
      long t1 = System.nanoTime();
      for (int it = 0; it < 20; it++) for (int b = 0; b < nb; b++) block(in, (long) b * bs, bs, m[b], index, out2);
      long t2 = System.nanoTime();
      System.out.printf("bs %d: current %.2f c/elem, constant table %.2f c/elem, same %b%n", bs, (t1-t0)*3.65/(20.0*n), (t2-t1)*3.65/(20.0*n), out.asByteBuffer().equals(out2.asByteBuffer()));
    }
  }
}
