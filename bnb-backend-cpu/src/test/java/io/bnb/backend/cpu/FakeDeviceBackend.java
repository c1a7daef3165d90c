package io.bnb.backend.cpu;

import io.bnb.api.*;
import io.bnb.spi.Checks;
import io.bnb.spi.TensorBase;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for a device backend: its own memory (not CPU tensors), declared support per op, and
 * ops that record the call and throw, so a test sees whether anything ran "on the device".
 */
final class FakeDeviceBackend implements Backend {
    final String name;
    final Map<Op, Support> support = new EnumMap<>(Op.class);
    final List<String> deviceCalls = new ArrayList<>();

    FakeDeviceBackend(String name, Support defaultSupport) {
        this.name = name;
        for (Op op : Op.values()) support.put(op, defaultSupport);
    }

    FakeDeviceBackend declare(Support s, Op... ops) {
        for (Op op : ops) support.put(op, s);
        return this;
    }

    private static final class DeviceTensor extends TensorBase {
        final MemorySegment seg;

        DeviceTensor(Backend b, DType d, long[] shape, TensorBase root, MemorySegment seg) {
            super(b, d, shape, root);
            this.seg = seg;
        }

        @Override public boolean isPaged() { return false; }
        @Override protected Tensor view(DType dtype, long[] shape) { return new DeviceTensor(backend(), dtype, shape, root(), seg); }
        @Override protected void free() {}
    }

    private MemorySegment seg(Tensor t, String what) {
        Checks.tensor(this, t, what);
        return ((DeviceTensor) t).seg;
    }

    @Override public String name() { return name; }
    @Override public String device() { return "fake device"; }
    @Override public Support support(Op op) { return support.get(op); }

    @Override
    public Tensor allocate(DType dtype, long... shape) {
        Checks.allocation(dtype, shape);
        long bytes = Shapes.numel(shape) * dtype.byteSize();
        return new DeviceTensor(this, dtype, shape, null, Arena.ofAuto().allocate(Math.max(1, bytes), 64).asSlice(0, bytes));
    }

    @Override public Tensor allocatePaged(DType dtype, long... shape) { return allocate(dtype, shape); }

    @Override
    public Tensor upload(MemorySegment src, DType dtype, long... shape) {
        Tensor t = allocate(dtype, shape);
        MemorySegment.copy(src, 0, seg(t, "dst"), 0, t.byteSize());
        return t;
    }

    @Override public void download(Tensor src, MemorySegment dst) { MemorySegment.copy(seg(src, "src"), 0, dst, 0, src.byteSize()); }
    @Override public void copyDevice(Tensor src, Tensor dst) { MemorySegment.copy(seg(src, "src"), 0, seg(dst, "dst"), 0, src.byteSize()); }
    @Override public void prefetch(Tensor paged, boolean toHost) {}
    @Override public void synchronize() {}

    private <T> T device(String op) {
        deviceCalls.add(op);
        throw new UnsupportedOperationException("fake device '" + name + "' ran " + op);
    }

    @Override public Quantized quantizeBlockwise(Tensor a, Tensor code, int blocksize) { return device("quantizeBlockwise"); }
    @Override public Tensor dequantizeBlockwise(Tensor a, Tensor absmax, Tensor code, int blocksize, DType dtype) { return device("dequantizeBlockwise"); }
    @Override public Quantized quantize4bit(Tensor a, int blocksize, QuantType quantType, DType quantStorage) { return device("quantize4bit"); }
    @Override public Tensor dequantize4bit(Tensor packed, Tensor absmax, int blocksize, QuantType quantType, long[] shape, DType dtype) { return device("dequantize4bit"); }
    @Override public Tensor gemv4bit(Tensor a, Tensor packed, long[] shapeB, Tensor absmax, Tensor code, int blocksize) { return device("gemv4bit"); }
    @Override public Tensor gemm4bit(Tensor a, Tensor packed, long[] shapeB, Tensor absmax, int blocksize, QuantType quantType, Tensor bias, NestedAbsmax nested) { return device("gemm4bit"); }
    @Override public Int8Quantized int8VectorwiseQuant(Tensor a, float threshold) { return device("int8VectorwiseQuant"); }
    @Override public Tensor int8VectorwiseDequant(Tensor a, Tensor stats) { return device("int8VectorwiseDequant"); }
    @Override public Tensor int8LinearMatmul(Tensor a, Tensor b) { return device("int8LinearMatmul"); }
    @Override public Tensor int8MmDequant(Tensor a, Tensor rowStats, Tensor colStats, DType dtype, Tensor bias) { return device("int8MmDequant"); }
    @Override public Int8DoubleQuantized int8DoubleQuant(Tensor a, float threshold) { return device("int8DoubleQuant"); }
    @Override public Tensor int8ScaledMm(Tensor a, Tensor b, Tensor rowStats, Tensor colStats, Tensor bias, DType dtype) { return device("int8ScaledMm"); }
    @Override public MixedMatmul int8MixedScaledMm(Tensor a, Tensor ca, Tensor cb, Tensor sca, Tensor scb, Tensor outlierCols, Tensor bias) { return device("int8MixedScaledMm"); }
    @Override public void optimizerUpdate32bit(Optimizer32bitStep step) { device("optimizerUpdate32bit"); }
    @Override public void optimizerUpdate8bitBlockwise(Optimizer8bitStep step) { device("optimizerUpdate8bitBlockwise"); }
    @Override public ClipResult percentileClipping(Tensor grad, Tensor gnormVec, int step, int percentile) { return device("percentileClipping"); }
}
