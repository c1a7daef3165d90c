package io.bnb.backend.cpu;
import io.bnb.api.Codebooks;
public class NC {
  public static void main(String[] a) {
    float[] lin = new float[256]; for (int i = 0; i < 256; i++) lin[i] = -1f + 2f * i / 255f;
    for (float[] c : new float[][]{Codebooks.dynamicSigned(), Codebooks.dynamicUnsigned(), lin})
      System.out.println(SegmentCodes.of(new NearestCode(c).next) != null);
  }
}
