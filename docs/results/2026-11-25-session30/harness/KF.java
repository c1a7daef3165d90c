package io.bnb.backend.cpu;
import jdk.incubator.vector.*;
import java.lang.foreign.*;
import java.util.*;
import static jdk.incubator.vector.VectorOperators.*;
/** Flat key table (all mantissas in one array): several blocks' indices in one pass, one lookup loop. */
public class KF {
  static final VectorSpecies<Short> S = ShortVector.SPECIES_256;
  static final VectorSpecies<Integer> I = IntVector.SPECIES_512;
  static final int LOW = 0x3f80 - 128 * 40, SIDE = 0x4000 - LOW;
  static final ValueLayout.OfInt INTS = ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
  static final ValueLayout.OfShort SHORTS = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
  /** blocks [b0, b1) of bs, absmax m[b]: per block 16-bit keys into idx (with table base per block in base[]), then lookups. */
  static void blocks(MemorySegment in, int bs, int b0, int b1, float[] m, byte[] flat, short[] keys, MemorySegment out) {
    int k = 0;
    for (int b = b0; b < b1; b++) {
      int bits = Float.floatToRawIntBits(m[b]) >>> 16;
      short shift = (short) ((((bits >>> 7) & 0xff) - 127) * 128 + LOW);
      long start = (long) b * bs;
      for (int i = 0; i < bs; i += 16, k += 16) {
        ShortVector x = ShortVector.fromMemorySegment(S, in, (start + i) << 1, java.nio.ByteOrder.LITTLE_ENDIAN);
        x.and((short) 0x7fff).sub(shift).max((short) 0).add(x.lanewise(ASHR, 15).and((short) SIDE)).intoArray(keys, k);
      }
    }
    // lookups: per block its table base
    k = 0;
    int mask = (1 << 14) - 1;
    for (int b = b0; b < b1; b++) {
      int base = (Float.floatToRawIntBits(m[b]) >>> 16 & 0x7f) << 14;
      long o = (long) b * bs;
      for (int i = 0; i < bs; i += 4, k += 4) {
        int c = flat[base + (keys[k] & mask)] & 0xff | (flat[base + (keys[k + 1] & mask)] & 0xff) << 8
              | (flat[base + (keys[k + 2] & mask)] & 0xff) << 16 | flat[base + (keys[k + 3] & mask)] << 24;
        out.set(INTS, o + i, c);
      }
    }
  }
  public static void main(String[] x) throws Exception {
    int bs = 256, n = 1 << 17, nb = n / bs;
    Arena ar = Arena.global();
    MemorySegment in = ar.allocate(2L * n, 64), out = ar.allocate(n, 64), out2 = ar.allocate(n, 64);
    Random r = new Random(1);
    for (int i = 0; i < n; i++) in.setAtIndex(ValueLayout.JAVA_SHORT, i, (short) (Float.floatToRawIntBits((float) r.nextGaussian()) >>> 16));
    NearestCode nc = NearestCode.of(io.bnb.api.Codebooks.dynamicSigned());
    Blockwise8Bf16Keys keys = nc.bf16Keys();
    java.lang.reflect.Field cf = Blockwise8Bf16Keys.class.getDeclaredField("codes"); cf.setAccessible(true);
    byte[][] codes = (byte[][]) cf.get(keys);
    byte[] flat = new byte[128 << 14];
    for (int mu = 0; mu < 128; mu++) System.arraycopy(codes[mu], 0, flat, mu << 14, 1 << 14);
    Blockwise8Bf16Keys.Scratch w = new Blockwise8Bf16Keys.Scratch();
    float[] spare = new float[bs], m = new float[nb];
    for (int b = 0; b < nb; b++) m[b] = Vec.absmaxBf16(in, (long) b * bs, bs, spare);
    short[] ks = new short[4096];
    for (int rep = 0; rep < 10; rep++) {
      long t0 = System.nanoTime();
      for (int it = 0; it < 20; it++) for (int b = 0; b < nb; b++) keys.block(in, (long) b * bs, bs, m[b], w, out);
      long t1 = System.nanoTime();
      for (int it = 0; it < 20; it++) for (int b = 0; b < nb; b += 16) blocks(in, bs, b, b + 16, m, flat, ks, out2);
      long t2 = System.nanoTime();
      System.out.printf("per block %.2f c/elem, flat 16 blocks %.2f c/elem, same %b%n", (t1-t0)*3.65/(20.0*n), (t2-t1)*3.65/(20.0*n), out.asByteBuffer().equals(out2.asByteBuffer()));
    }
  }
}
