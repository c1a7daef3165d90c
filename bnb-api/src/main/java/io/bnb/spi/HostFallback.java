package io.bnb.spi;

import io.bnb.api.*;

import java.lang.foreign.MemorySegment;
import java.lang.reflect.*;
import java.util.*;
import java.util.function.Supplier;

/**
 * Runs the ops a device backend declares {@link Support#NONE} on the host through the CPU backend:
 * tensors are copied down, the host op runs, results (and, for in-place ops, the mutated
 * arguments) are copied back. Such ops report {@link Support#SLOW}. Everything else goes straight
 * to the device backend. Results are identical to the CPU backend's by construction.
 *
 * <p>A plain class that writes out every {@link Backend} method, not a {@link Proxy}: a proxy's
 * reflective call builds its method accessor at each method's first use, which took 2-12 ms per op
 * on an H100 (more than the op), after {@link #warmUp()} too, since the device's warm-up calls do
 * not pass through the wrapper. Only the host path, which copies tensors anyway, uses reflection.
 */
public final class HostFallback implements Backend {
    private static final Map<String, Op> OPS = new HashMap<>();
    /** The interface method of every op, for the host path. */
    private static final Map<Op, Method> METHODS = new EnumMap<>(Op.class);
    /** Ops that write into their arguments. */
    private static final EnumSet<Op> IN_PLACE = EnumSet.of(Op.OPTIMIZER_UPDATE_32BIT, Op.OPTIMIZER_UPDATE_8BIT_BLOCKWISE, Op.PERCENTILE_CLIPPING);

    static {
        for (Op op : Op.values()) {
            String[] parts = op.upstreamName().split("_");
            StringBuilder sb = new StringBuilder(parts[0]);
            for (int i = 1; i < parts.length; i++) sb.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
            OPS.put(sb.toString(), op);
        }
        // Java names that differ from the mechanical camel-case of the upstream name
        OPS.put("quantize4bit", Op.QUANTIZE_4BIT);
        OPS.put("dequantize4bit", Op.DEQUANTIZE_4BIT);
        OPS.put("gemv4bit", Op.GEMV_4BIT);
        OPS.put("gemm4bit", Op.GEMM_4BIT);
        OPS.put("int8MixedScaledMm", Op.INT8_MIXED_SCALED_MM);
        OPS.put("optimizerUpdate8bitBlockwise", Op.OPTIMIZER_UPDATE_8BIT_BLOCKWISE);
        for (Method m : Backend.class.getMethods()) {
            Op op = OPS.get(m.getName());
            if (op != null) METHODS.put(op, m);
        }
    }

    private final Backend device;
    private final Supplier<Backend> host;

    private HostFallback(Backend device, Supplier<Backend> host) {
        this.device = device;
        this.host = host;
    }

    /** Wraps {@code device} so that its unsupported ops run on {@code host}. */
    public static Backend wrap(Backend device, Supplier<Backend> host) {
        return new HostFallback(device, host);
    }

    /** The backend behind a wrapper (the argument itself when it is not one). */
    public static Backend unwrap(Backend b) {
        return b instanceof HostFallback h ? h.device : b;
    }

    /** The {@link Op} an interface method implements, or null for memory and info methods. */
    public static Op opOf(Method m) { return OPS.get(m.getName()); }

    /** Whether {@code op} runs on the host. */
    private boolean hosted(Op op) { return device.support(op) == Support.NONE; }

    /** Whether {@code op} is one the host stands in for (paged memory cannot be emulated by copies). */
    private boolean emulated(Op op) { return op != Op.PAGED_MEMORY && hosted(op); }

    // ---------------------------------------------------------------- info, memory: the device's own

    @Override public String name() { return device.name(); }
    @Override public String device() { return device.device(); }

    @Override
    public Support support(Op op) {
        return emulated(op) ? Support.SLOW : device.support(op);
    }

    @Override
    public String supportNote(Op op) {
        if (emulated(op))
            return "runs on the host CPU backend with copies (" + device.supportNote(op) + ")";
        return device.supportNote(op);
    }

    @Override public Tensor allocate(DType dtype, long... shape) { return device.allocate(dtype, shape); }
    @Override public Tensor allocatePaged(DType dtype, long... shape) { return device.allocatePaged(dtype, shape); }
    @Override public Tensor upload(MemorySegment src, DType dtype, long... shape) { return device.upload(src, dtype, shape); }
    @Override public void download(Tensor src, MemorySegment dst) { device.download(src, dst); }
    @Override public void copy(Tensor src, Tensor dst) { device.copy(src, dst); }
    @Override public void copyDevice(Tensor src, Tensor dst) { device.copyDevice(src, dst); }
    @Override public void prefetch(Tensor paged, boolean toHost) { device.prefetch(paged, toHost); }
    @Override public void synchronize() { device.synchronize(); }
    @Override public Tensor upload(float[] data, DType dtype, long... shape) { return device.upload(data, dtype, shape); }
    @Override public Tensor upload(float[] data, long... shape) { return device.upload(data, shape); }
    @Override public Tensor upload(byte[] data, DType dtype, long... shape) { return device.upload(data, dtype, shape); }
    @Override public float[] downloadFloats(Tensor t) { return device.downloadFloats(t); }
    @Override public byte[] downloadBytes(Tensor t) { return device.downloadBytes(t); }
    @Override public int[] downloadInts(Tensor t) { return device.downloadInts(t); }
    @Override public long[] downloadLongs(Tensor t) { return device.downloadLongs(t); }

    /** Warms the device, and the host too when the host runs some of the ops. */
    @Override
    public void warmUp() {
        device.warmUp();
        for (Op o : Op.values()) if (emulated(o)) { host.get().warmUp(); break; }
    }

    @Override public String toString() { return "HostFallback[" + device + "]"; }

    // ---------------------------------------------------------------- ops: the device, or the host with copies

    @Override
    public Quantized quantizeBlockwise(Tensor a, Tensor code, int blocksize) {
        Op op = Op.QUANTIZE_BLOCKWISE;
        return hosted(op) ? (Quantized) onHost(op, a, code, blocksize) : device.quantizeBlockwise(a, code, blocksize);
    }

    @Override
    public Tensor dequantizeBlockwise(Tensor a, Tensor absmax, Tensor code, int blocksize, DType dtype) {
        Op op = Op.DEQUANTIZE_BLOCKWISE;
        return hosted(op) ? (Tensor) onHost(op, a, absmax, code, blocksize, dtype) : device.dequantizeBlockwise(a, absmax, code, blocksize, dtype);
    }

    @Override
    public Quantized quantize4bit(Tensor a, int blocksize, QuantType quantType, DType quantStorage) {
        Op op = Op.QUANTIZE_4BIT;
        return hosted(op) ? (Quantized) onHost(op, a, blocksize, quantType, quantStorage) : device.quantize4bit(a, blocksize, quantType, quantStorage);
    }

    @Override
    public Tensor dequantize4bit(Tensor packed, Tensor absmax, int blocksize, QuantType quantType, long[] shape, DType dtype) {
        Op op = Op.DEQUANTIZE_4BIT;
        return hosted(op) ? (Tensor) onHost(op, packed, absmax, blocksize, quantType, shape, dtype)
                : device.dequantize4bit(packed, absmax, blocksize, quantType, shape, dtype);
    }

    @Override
    public Tensor gemv4bit(Tensor a, Tensor packed, long[] shapeB, Tensor absmax, Tensor code, int blocksize) {
        Op op = Op.GEMV_4BIT;
        return hosted(op) ? (Tensor) onHost(op, a, packed, shapeB, absmax, code, blocksize) : device.gemv4bit(a, packed, shapeB, absmax, code, blocksize);
    }

    @Override
    public Tensor gemm4bit(Tensor a, Tensor packed, long[] shapeB, Tensor absmax, int blocksize, QuantType quantType, Tensor bias,
                           NestedAbsmax nested) {
        Op op = Op.GEMM_4BIT;
        return hosted(op) ? (Tensor) onHost(op, a, packed, shapeB, absmax, blocksize, quantType, bias, nested)
                : device.gemm4bit(a, packed, shapeB, absmax, blocksize, quantType, bias, nested);
    }

    @Override
    public Int8Quantized int8VectorwiseQuant(Tensor a, float threshold) {
        Op op = Op.INT8_VECTORWISE_QUANT;
        return hosted(op) ? (Int8Quantized) onHost(op, a, threshold) : device.int8VectorwiseQuant(a, threshold);
    }

    @Override
    public Tensor int8VectorwiseDequant(Tensor a, Tensor stats) {
        Op op = Op.INT8_VECTORWISE_DEQUANT;
        return hosted(op) ? (Tensor) onHost(op, a, stats) : device.int8VectorwiseDequant(a, stats);
    }

    @Override
    public Tensor int8LinearMatmul(Tensor a, Tensor b) {
        Op op = Op.INT8_LINEAR_MATMUL;
        return hosted(op) ? (Tensor) onHost(op, a, b) : device.int8LinearMatmul(a, b);
    }

    @Override
    public Tensor int8MmDequant(Tensor a, Tensor rowStats, Tensor colStats, DType dtype, Tensor bias) {
        Op op = Op.INT8_MM_DEQUANT;
        return hosted(op) ? (Tensor) onHost(op, a, rowStats, colStats, dtype, bias) : device.int8MmDequant(a, rowStats, colStats, dtype, bias);
    }

    @Override
    public Int8DoubleQuantized int8DoubleQuant(Tensor a, float threshold) {
        Op op = Op.INT8_DOUBLE_QUANT;
        return hosted(op) ? (Int8DoubleQuantized) onHost(op, a, threshold) : device.int8DoubleQuant(a, threshold);
    }

    @Override
    public Tensor int8ScaledMm(Tensor a, Tensor b, Tensor rowStats, Tensor colStats, Tensor bias, DType dtype) {
        Op op = Op.INT8_SCALED_MM;
        return hosted(op) ? (Tensor) onHost(op, a, b, rowStats, colStats, bias, dtype) : device.int8ScaledMm(a, b, rowStats, colStats, bias, dtype);
    }

    @Override
    public MixedMatmul int8MixedScaledMm(Tensor a, Tensor ca, Tensor cb, Tensor sca, Tensor scb, Tensor outlierCols, Tensor bias) {
        Op op = Op.INT8_MIXED_SCALED_MM;
        return hosted(op) ? (MixedMatmul) onHost(op, a, ca, cb, sca, scb, outlierCols, bias)
                : device.int8MixedScaledMm(a, ca, cb, sca, scb, outlierCols, bias);
    }

    @Override
    public void optimizerUpdate32bit(Optimizer32bitStep step) {
        Op op = Op.OPTIMIZER_UPDATE_32BIT;
        if (hosted(op)) onHost(op, step);
        else device.optimizerUpdate32bit(step);
    }

    @Override
    public void optimizerUpdate8bitBlockwise(Optimizer8bitStep step) {
        Op op = Op.OPTIMIZER_UPDATE_8BIT_BLOCKWISE;
        if (hosted(op)) onHost(op, step);
        else device.optimizerUpdate8bitBlockwise(step);
    }

    @Override
    public ClipResult percentileClipping(Tensor grad, Tensor gnormVec, int step, int percentile) {
        Op op = Op.PERCENTILE_CLIPPING;
        return hosted(op) ? (ClipResult) onHost(op, grad, gnormVec, step, percentile) : device.percentileClipping(grad, gnormVec, step, percentile);
    }

    /** Runs {@code op} on the host backend with copies of the tensor arguments (reflection: this path copies tensors anyway). */
    private Object onHost(Op op, Object... args) {
        Backend cpu = host.get();
        IdentityHashMap<Tensor, Tensor> copies = new IdentityHashMap<>();
        try {
            Object[] hostArgs = new Object[args.length];
            for (int i = 0; i < hostArgs.length; i++) hostArgs[i] = toHost(args[i], cpu, copies);
            Object result;
            try {
                result = METHODS.get(op).invoke(cpu, hostArgs);
            } catch (InvocationTargetException e) {
                throw rethrow(e.getCause());
            }
            if (IN_PLACE.contains(op)) for (var e : copies.entrySet()) device.copy(e.getValue(), e.getKey());
            return toDevice(result, copies);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("host fallback of " + op + " failed: " + e, e);
        } finally {
            for (Tensor t : copies.values()) t.close();
        }
    }

    /** The host op's own exception, unchanged (a checked one cannot occur: no Backend method declares any). */
    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }

    private Object toHost(Object o, Backend cpu, IdentityHashMap<Tensor, Tensor> copies) throws ReflectiveOperationException {
        if (o instanceof Tensor t) {
            Tensor c = copies.get(t);
            if (c != null) return c;
            Checks.tensor(device, t, "argument");
            c = cpu.allocate(t.dtype(), t.shape());
            cpu.copy(t, c);
            copies.put(t, c);
            return c;
        }
        if (o instanceof Record r && r.getClass().getPackageName().equals("io.bnb.api")) return mapRecord(r, x -> toHost(x, cpu, copies));
        return o;
    }

    private Object toDevice(Object o, IdentityHashMap<Tensor, Tensor> copies) throws ReflectiveOperationException {
        if (o instanceof Tensor h) {
            Tensor d = device.allocate(h.dtype(), h.shape());
            device.copy(h, d);
            h.close();
            return d;
        }
        if (o instanceof Record r && r.getClass().getPackageName().equals("io.bnb.api")) return mapRecord(r, x -> toDevice(x, copies));
        return o;
    }

    private interface Mapper { Object apply(Object o) throws ReflectiveOperationException; }

    private static Object mapRecord(Record r, Mapper f) throws ReflectiveOperationException {
        RecordComponent[] rc = r.getClass().getRecordComponents();
        Object[] vals = new Object[rc.length];
        Class<?>[] types = new Class<?>[rc.length];
        for (int i = 0; i < rc.length; i++) {
            vals[i] = f.apply(rc[i].getAccessor().invoke(r));
            types[i] = rc[i].getType();
        }
        return r.getClass().getDeclaredConstructor(types).newInstance(vals);
    }
}
