package io.bnb.backend.cpu;
import io.bnb.api.Codebooks;
public class SC {
  public static void main(String[] a) throws Exception {
    for (boolean signed : new boolean[]{true,false}) {
      float[] code = signed ? Codebooks.dynamicSigned() : Codebooks.dynamicUnsigned();
      float[] adv = new float[256];
      for (int i = 0; i < 255; i++) { float mid = (code[i]+code[i+1])*0.5f; adv[i] = (i&1)==1 ? Math.nextDown(mid) : mid; }
      adv[255] = Float.POSITIVE_INFINITY;
      long t0=System.nanoTime();
      SegmentCodes s = SegmentCodes.of(adv);
      System.out.println("signed="+signed+" seg="+(s!=null)+" "+(System.nanoTime()-t0)/1e6+" ms");
      int neg=0,pos=0,zero=0; for (int i=0;i<255;i++){ if(adv[i]<0)neg++; else if(adv[i]>0)pos++; else zero++;}
      System.out.println(" neg="+neg+" pos="+pos+" zero="+zero+" code0="+code[0]+" code255="+code[255]);
    }
  }
}
