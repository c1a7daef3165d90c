public class MK {
  public static void main(String[] a) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(Long.parseLong(a[0]));
    long n = Long.parseLong(a[1]), bad = 0, badRound = 0;
    for (long i = 0; i < n; i++) {
      float st, p;
      int mode = (int) (i & 3);
      if (mode == 0) { // random bit patterns, positive finite normal st, finite p
        st = Float.intBitsToFloat(r.nextInt(0x00800000, 0x7f800000));
        p = Float.intBitsToFloat(r.nextInt(0, 0x7f800000)) * (r.nextBoolean() ? 1 : -1);
      } else { // realistic: st = colmax, x in [-st, st], p = x*127 rounded to float / bf16-ish
        st = Float.intBitsToFloat(r.nextInt(0x00800000, 0x7f000000));
        float x = (float) (st * (2 * r.nextDouble() - 1));
        if (mode == 2) x = st; 
        p = x * 127f;
        if (mode == 3) p = Float.intBitsToFloat((Float.floatToRawIntBits(p) + 0x7fff + ((Float.floatToRawIntBits(p) >>> 16) & 1)) & 0xffff0000);
      }
      if (!Float.isFinite(p)) continue;
      float q = p / st;
      float rc = 1f / st;
      if (!Float.isFinite(rc) || rc == 0f) continue;
      float y = p * rc;
      float e = Math.fma(-y, st, p);
      float q2 = Math.fma(e, rc, y);
      if (!(Math.abs(q) < 1e6f)) continue;
      if (p != 0f && Math.abs(p) < 0x1p-96f) continue;
      if (Float.floatToRawIntBits(q) != Float.floatToRawIntBits(q2)) {
        bad++;
        if (Math.rint(q) != Math.rint(q2)) badRound++;
        if (bad <= 5) System.out.printf("p=%s st=%s q=%s q2=%s%n", Float.toHexString(p), Float.toHexString(st), Float.toHexString(q), Float.toHexString(q2));
      }
    }
    System.out.println("bad " + bad + " badRound " + badRound + " of " + n);
  }
}
