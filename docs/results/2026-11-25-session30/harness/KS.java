package io.bnb.backend.cpu;
import java.lang.foreign.*;
import java.util.*;
public class KS {
  public static void main(String[] x) throws Exception {
    int n = 1 << 15; // 32 Ki bf16 values: 64 KB in, 32 KB out
    Arena ar = Arena.global();
    MemorySegment in = ar.allocate(2L * n, 64), out = ar.allocate(n, 64), out2 = ar.allocate(n, 64);
    Random r = new Random(1);
    for (int i = 0; i < n; i++) in.setAtIndex(ValueLayout.JAVA_SHORT, i, (short) (Float.floatToRawIntBits((float) r.nextGaussian()) >>> 16));
    NearestCode nc = NearestCode.of(io.bnb.api.Codebooks.dynamicSigned());
    Blockwise8Bf16Keys keys = nc.bf16Keys();
    java.lang.reflect.Field f = Blockwise8Bf16Keys.class.getDeclaredField("search"); f.setAccessible(true);
    Bf16KeySearch s = (Bf16KeySearch) f.get(keys);
    Blockwise8Bf16Keys.Scratch w = new Blockwise8Bf16Keys.Scratch();
    MemorySegment out3 = ar.allocate(n, 64); int[] index = new int[32];
    java.lang.reflect.Field cf = Blockwise8Bf16Keys.class.getDeclaredField("codes"); cf.setAccessible(true);
    float m = 4.0f; // absmax, above every value
    int bits = Float.floatToRawIntBits(m) >>> 16, mu = bits & 0x7f;
    byte[] table = ((byte[][]) cf.get(keys))[mu];
    short shift = (short) ((((bits >>> 7) & 0xff) - 127) * 128 + (0x3f80 - 128 * 40));
    for (int rep = 0; rep < 10; rep++) {
      long t0 = System.nanoTime();
      for (int it = 0; it < 200; it++) for (int b = 0; b < n; b += 256) s.block(in, b, 256, mu, shift, out);
      long t1 = System.nanoTime();
      long t1b = System.nanoTime();
      for (int it = 0; it < 200; it++) for (int b = 0; b < n; b += 256) s.blockMixed(in, b, 256, mu, shift, out3, table, index);
      long t1c = System.nanoTime();
      f.set(keys, null);
      for (int it = 0; it < 200; it++) for (int b = 0; b < n; b += 256) keys.block(in, b, 256, m, w, out2);
      long t2 = System.nanoTime();
      f.set(keys, s);
      boolean same = out.asByteBuffer().equals(out2.asByteBuffer()) && out3.asByteBuffer().equals(out2.asByteBuffer());
      System.out.printf("search %.2f c/elem, mixed %.2f, table %.2f c/elem, same %b%n", (t1-t0)*3.65/(200.0*n), (t1c-t1b)*3.65/(200.0*n), (t2-t1c)*3.65/(200.0*n), same);
    }
  }
}
