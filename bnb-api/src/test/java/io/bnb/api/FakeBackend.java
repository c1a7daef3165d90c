package io.bnb.api;

import io.bnb.spi.Checks;
import io.bnb.spi.TensorBase;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A backend for tests of the API itself: real memory (heap segments), declared support per op,
 * and ops that record the call and throw unless a subclass implements them.
 */
class FakeBackend implements Backend {
    final String name;
    final Map<Op, Support> support = new EnumMap<>(Op.class);
    final List<String> calls = new ArrayList<>();

    FakeBackend(String name) { this.name = name; }

    FakeBackend declare(Support s, Op... ops) {
        for (Op op : ops) support.put(op, s);
        return this;
    }

    static final class FakeTensor extends TensorBase {
        final MemorySegment seg;

        FakeTensor(Backend b, DType d, long[] shape, TensorBase root, MemorySegment seg) {
            super(b, d, shape, root);
            this.seg = seg;
        }

        MemorySegment seg() {
            checkOpen("tensor");
            return seg;
        }

        @Override public boolean isPaged() { return false; }
        @Override protected Tensor view(DType dtype, long[] shape) { return new FakeTensor(backend(), dtype, shape, root(), seg); }
        @Override protected void free() {}
    }

    MemorySegment seg(Tensor t) { return ((FakeTensor) t).seg(); }

    @Override public String name() { return name; }
    @Override public String device() { return "fake device " + name; }
    @Override public Support support(Op op) { return support.getOrDefault(op, Support.NATIVE); }
    @Override public String supportNote(Op op) { return support(op) == Support.NONE ? "fake lacks " + op : ""; }

    @Override
    public Tensor allocate(DType dtype, long... shape) {
        Checks.allocation(dtype, shape);
        long bytes = Shapes.numel(shape) * dtype.byteSize();
        // a long[] heap segment is 8-byte aligned, so aligned float/int accessors work on it
        return new FakeTensor(this, dtype, shape, null, MemorySegment.ofArray(new long[Math.toIntExact((bytes + 7) / 8)]).asSlice(0, bytes));
    }

    @Override public Tensor allocatePaged(DType dtype, long... shape) { return allocate(dtype, shape); }

    @Override
    public Tensor upload(MemorySegment src, DType dtype, long... shape) {
        Tensor t = allocate(dtype, shape);
        MemorySegment.copy(src, 0, seg(t), 0, t.byteSize());
        return t;
    }

    @Override
    public void download(Tensor src, MemorySegment dst) {
        Checks.tensor(this, src, "src");
        MemorySegment.copy(seg(src), 0, dst, 0, src.byteSize());
    }

    @Override
    public void copyDevice(Tensor src, Tensor dst) {
        Checks.tensor(this, src, "src");
        Checks.tensor(this, dst, "dst");
        MemorySegment.copy(seg(src), 0, seg(dst), 0, src.byteSize());
    }

    @Override public void prefetch(Tensor paged, boolean toHost) { Checks.tensor(this, paged, "paged"); }
    @Override public void synchronize() {}
    @Override public void warmUp() { calls.add("warmUp"); }

    private <T> T none(String op) {
        calls.add(op);
        throw new UnsupportedOperationException("fake backend '" + name + "' was asked to run " + op);
    }

    @Override public Quantized quantizeBlockwise(Tensor a, Tensor code, int blocksize) { return none("quantizeBlockwise"); }
    @Override public Tensor dequantizeBlockwise(Tensor a, Tensor absmax, Tensor code, int blocksize, DType dtype) { return none("dequantizeBlockwise"); }
    @Override public Quantized quantize4bit(Tensor a, int blocksize, QuantType quantType, DType quantStorage) { return none("quantize4bit"); }
    @Override public Tensor dequantize4bit(Tensor packed, Tensor absmax, int blocksize, QuantType quantType, long[] shape, DType dtype) { return none("dequantize4bit"); }
    @Override public Tensor gemv4bit(Tensor a, Tensor packed, long[] shapeB, Tensor absmax, Tensor code, int blocksize) { return none("gemv4bit"); }
    @Override public Tensor gemm4bit(Tensor a, Tensor packed, long[] shapeB, Tensor absmax, int blocksize, QuantType quantType, Tensor bias, NestedAbsmax nested) { return none("gemm4bit"); }
    @Override public Int8Quantized int8VectorwiseQuant(Tensor a, float threshold) { return none("int8VectorwiseQuant"); }
    @Override public Tensor int8VectorwiseDequant(Tensor a, Tensor stats) { return none("int8VectorwiseDequant"); }
    @Override public Tensor int8LinearMatmul(Tensor a, Tensor b) { return none("int8LinearMatmul"); }
    @Override public Tensor int8MmDequant(Tensor a, Tensor rowStats, Tensor colStats, DType dtype, Tensor bias) { return none("int8MmDequant"); }
    @Override public Int8DoubleQuantized int8DoubleQuant(Tensor a, float threshold) { return none("int8DoubleQuant"); }
    @Override public Tensor int8ScaledMm(Tensor a, Tensor b, Tensor rowStats, Tensor colStats, Tensor bias, DType dtype) { return none("int8ScaledMm"); }
    @Override public MixedMatmul int8MixedScaledMm(Tensor a, Tensor ca, Tensor cb, Tensor sca, Tensor scb, Tensor outlierCols, Tensor bias) { return none("int8MixedScaledMm"); }
    @Override public void optimizerUpdate32bit(Optimizer32bitStep step) { none("optimizerUpdate32bit"); }
    @Override public void optimizerUpdate8bitBlockwise(Optimizer8bitStep step) { none("optimizerUpdate8bitBlockwise"); }
    @Override public ClipResult percentileClipping(Tensor grad, Tensor gnormVec, int step, int percentile) { return none("percentileClipping"); }

    @Override public String toString() { return "FakeBackend[" + name + "]"; }
}
