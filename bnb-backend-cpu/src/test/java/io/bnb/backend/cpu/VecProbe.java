package io.bnb.backend.cpu;

import io.bnb.api.DType;

import java.lang.foreign.MemorySegment;

/** Drives {@link FloatLanesVec} for tests (kept apart so tests load the Vector API only when present). */
final class VecProbe {
    private VecProbe() {}

    static float[] loadAll(MemorySegment s, DType t, int n) {
        float[] out = new float[n];
        for (int i = 0; i + FloatLanesVec.L <= n; i += FloatLanesVec.L) FloatLanesVec.load(s, t, i).intoArray(out, i);
        return out;
    }

    static void storeAll(MemorySegment s, DType t, float[] v) {
        float[] tmp = new float[FloatLanesVec.L];
        for (int i = 0; i + FloatLanesVec.L <= v.length; i += FloatLanesVec.L)
            FloatLanesVec.store(jdk.incubator.vector.FloatVector.fromArray(FloatLanesVec.F, v, i), s, t, i, tmp);
    }
}
