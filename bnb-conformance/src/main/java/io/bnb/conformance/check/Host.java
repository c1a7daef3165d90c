package io.bnb.conformance.check;

import io.bnb.api.Backend;
import io.bnb.api.DType;
import io.bnb.api.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.stream.Stream;

/** Uploads of host arrays in the dtypes the API has no convenience for, and dynamic-test plumbing. */
public final class Host {
    private Host() {}

    public static Tensor i32(Backend b, int[] data, long... shape) { return b.upload(MemorySegment.ofArray(data.clone()), DType.I32, shape); }

    public static Tensor i64(Backend b, long[] data, long... shape) { return b.upload(MemorySegment.ofArray(data.clone()), DType.I64, shape); }

    public static Tensor i8(Backend b, byte[] data, long... shape) { return b.upload(data.clone(), DType.I8, shape); }

    public static Tensor u8(Backend b, byte[] data, long... shape) { return b.upload(data.clone(), DType.U8, shape); }

    public static byte[] toBytes(int[] codes) {
        byte[] out = new byte[codes.length];
        for (int i = 0; i < codes.length; i++) out[i] = (byte) codes[i];
        return out;
    }

    public static int[] unsigned(byte[] b) {
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) out[i] = b[i] & 0xff;
        return out;
    }

    public static int[] signed(byte[] b) {
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) out[i] = b[i];
        return out;
    }

    /** The tests, or a single test that is skipped with {@code whyNone} when there are none. */
    public static Stream<DynamicTest> orSkip(List<DynamicTest> tests, String whyNone) {
        if (tests.isEmpty()) return Stream.of(DynamicTest.dynamicTest("no cases", () -> Assumptions.abort(whyNone)));
        return tests.stream();
    }

    public static DynamicTest test(String name, Executable body) { return DynamicTest.dynamicTest(name, body); }
}
