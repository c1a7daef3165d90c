package io.bnb.backend.cpu;
import io.bnb.api.*;
import jdk.incubator.vector.*;
import java.lang.foreign.*;
import java.nio.ByteOrder;
import java.util.*;
import static jdk.incubator.vector.VectorOperators.*;
/** BF16 blockwise quantize, one thread: current path vs lookup variants. */
public class KL {
  static final ValueLayout.OfShort SH = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  static final ValueLayout.OfInt IN = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  public static void main(String[] a) throws Exception {
    int n = 1 << 24;
    Arena ar = Arena.global();
    MemorySegment in = ar.allocate(2L*n, 64), out = ar.allocate(n, 64), out2 = ar.allocate(n, 64);
    Random r = new Random(1);
    for (int i = 0; i < n; i++) in.setAtIndex(ValueLayout.JAVA_SHORT, i, (short) (Float.floatToRawIntBits((float) r.nextGaussian()) >>> 16));
    NearestCode search = NearestCode.of(Codebooks.dynamicSigned());
    Blockwise8Bf16Keys keys = search.bf16Keys();
    java.lang.reflect.Field f = Blockwise8Bf16Keys.class.getDeclaredField("codes"); f.setAccessible(true);
    byte[][] codes = (byte[][]) f.get(keys);
    int bs = Integer.getInteger("bs", 256); long blocks = n / bs;
    MemorySegment absmax = ar.allocate(4*blocks, 64);
    for (int rep = 0; rep < 15; rep++) {
      long t0 = System.nanoTime();
      Blockwise8Vec.quantize(in, DType.BF16, n, bs, search, out, absmax, 0, blocks);
      long t1 = System.nanoTime();
      Blockwise8Kernels.quantize(in, DType.BF16, n, bs, search, out2, absmax);
      long t2 = System.nanoTime();
      if (rep >= 10) System.out.printf("bs %d current %.2f c/v  parallel %.2f c/v (x2 threads)  same=%b%n", bs, (t1-t0)*3.67/n, (t2-t1)*3.67*2/n, out.mismatch(out2) < 0);
    }
  }
  static final VectorSpecies<Short> S = ShortVector.SPECIES_256;
  static final VectorSpecies<Integer> I = IntVector.SPECIES_512;
  static final int LOW = 0x3f80 - 128 * 40, SIDE = 0x4000 - LOW;
  /** int indices, byte stores into a byte[] then copy. */
  static void variant(MemorySegment in, int n, int bs, byte[][] codes, MemorySegment out) {
    in = Segments.nativeSegment(in); out = Segments.nativeSegment(out);
    int[] index = new int[bs]; byte[] ob = new byte[bs]; float[] spare = new float[bs];
    for (long start = 0; start < n; start += bs) {
      float m = Vec.absmaxBf16(in, start, bs, spare);
      int bits = Float.floatToRawIntBits(m) >>> 16, mu = bits & 0x7f;
      short shift = (short) ((((bits >>> 7) & 0xff) - 127) * 128 + LOW);
      byte[] table = codes[mu];
      for (int i = 0; i < bs; i += 16) {
        ShortVector x = ShortVector.fromMemorySegment(S, in, (start + i) << 1, ByteOrder.LITTLE_ENDIAN);
        ShortVector at = x.and((short) 0x7fff).sub(shift).max((short) 0).add(x.lanewise(ASHR, 15).and((short) SIDE));
        ((IntVector) at.convertShape(ZERO_EXTEND_S2I, I, 0)).intoArray(index, i);
      }
      int mask = table.length - 1;
      for (int j = 0; j < bs; j++) ob[j] = table[index[j] & mask];
      MemorySegment.copy(ob, 0, out, ValueLayout.JAVA_BYTE, start, bs);
    }
  }
}
