package io.bnb.backend.cpu;
import java.lang.foreign.*;
import io.bnb.api.*;
public class QF {
  public static void main(String[] a) {
    int n = 4096*4096;
    Arena ar = Arena.ofShared();
    MemorySegment in = ar.allocate(4L*n, 64), out = ar.allocate(n/2, 64), am = ar.allocate(4L*n/32, 64);
    MemorySegment dq = ar.allocate(2L*n, 64);
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < n; i++) in.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) r.nextGaussian());
    for (int it = 0; it < 20; it++) {
      StringBuilder sb = new StringBuilder("q");
      for (int bs : new int[]{64, 256, 1024, 64}) {
        long t0 = System.nanoTime();
        FourBitVec.quantize(in, DType.F32, n, bs, QuantType.NF4, out, am, 0, n / bs);
        sb.append(String.format(" bs%d %.2f", bs, (System.nanoTime() - t0) / 1e6));
      }
      sb.append("  dq");
      for (int bs : new int[]{64, 256, 1024, 64}) {
        FourBitVec.quantize(in, DType.F32, n, bs, QuantType.NF4, out, am, 0, n / bs);
        long t0 = System.nanoTime();
        FourBitVec.dequantize(out, am, n, bs, QuantType.NF4, dq, DType.BF16, 0, n / bs);
        sb.append(String.format(" bs%d %.2f", bs, (System.nanoTime() - t0) / 1e6));
      }
      if (it % 5 == 4) System.out.println(sb);
    }
  }
}
