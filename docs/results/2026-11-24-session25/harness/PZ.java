package io.bnb.backend.cpu;
import io.bnb.api.*;
import jdk.incubator.vector.*;
import java.lang.foreign.*;
public class PZ {
    static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256, F16 = FloatVector.SPECIES_512;
    static final VectorSpecies<Integer> I8 = IntVector.SPECIES_256, I16 = IntVector.SPECIES_512;
    static final VectorSpecies<Byte> B32 = ByteVector.SPECIES_256, B64 = ByteVector.SPECIES_512, B16 = ByteVector.SPECIES_128;
    static final VectorSpecies<Short> S16 = ShortVector.SPECIES_256, S32 = ShortVector.SPECIES_512;
    static final VectorSpecies<Long> L4 = LongVector.SPECIES_256, L8 = LongVector.SPECIES_512;
    /** many different reinterprets through the shared convert0, so that its profiles see many classes */
    static long pollute(int reps) {
        long s = 0;
        for (int r = 0; r < reps; r++) {
            s += FloatVector.broadcast(F8, r).reinterpretAsInts().lane(0);
            s += IntVector.broadcast(I8, r).reinterpretAsFloats().reinterpretAsBytes().lane(1);
            s += FloatVector.broadcast(F16, r).reinterpretAsInts().lane(0);
            s += IntVector.broadcast(I16, r).reinterpretAsLongs().lane(0);
            s += ByteVector.broadcast(B32, (byte) r).reinterpretAsShorts().lane(0);
            s += ByteVector.broadcast(B64, (byte) r).reinterpretAsInts().lane(0);
            s += ShortVector.broadcast(S16, (short) r).reinterpretAsLongs().lane(0);
            s += LongVector.broadcast(L8, r).reinterpretAsShorts().lane(0);
            s += ByteVector.broadcast(B16, (byte) r).reinterpretAsFloats().lane(0) > 0 ? 1 : 0;
            s += ShortVector.broadcast(S32, (short) r).reinterpretAsFloats().lane(0) > 0 ? 1 : 0;
        }
        return s;
    }
    static void kernelA(int[] x, float[] out) { // reinterpretAsFloats
        for (int i = 0; i < x.length; i += 8) IntVector.fromArray(I8, x, i).lanewise(VectorOperators.LSHL, 1).reinterpretAsFloats().mul(2f).intoArray(out, i);
    }
    static void kernelB(int[] x, float[] out) { // convertShape with a constant species
        for (int i = 0; i < x.length; i += 8) ((FloatVector) IntVector.fromArray(I8, x, i).lanewise(VectorOperators.LSHL, 1).convertShape(VectorOperators.REINTERPRET_I2F, F8, 0)).mul(2f).intoArray(out, i);
    }
    public static void main(String[] a) {
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        if (a[0].equals("pollute")) System.out.println("pollute " + pollute(20000));
        int[] x = new int[4096]; float[] out = new float[4096];
        for (String k : new String[]{"A", "B"}) {
            long a0 = mx.getCurrentThreadAllocatedBytes();
            for (int it = 0; it < 20000; it++) { if (k.equals("A")) kernelA(x, out); else kernelB(x, out); }
            long a1 = mx.getCurrentThreadAllocatedBytes();
            for (int it = 0; it < 2000; it++) { if (k.equals("A")) kernelA(x, out); else kernelB(x, out); }
            long a2 = mx.getCurrentThreadAllocatedBytes();
            System.out.printf("kernel %s: warm allocation %.1f bytes per call%n", k, (a2 - a1) / 2000.0);
        }
    }
}
