package io.bnb.spi;

import io.bnb.api.*;

import java.lang.reflect.*;
import java.util.*;
import java.util.function.Supplier;

/**
 * Runs the ops a device backend declares {@link Support#NONE} on the host through the CPU backend:
 * tensors are copied down, the host op runs, results (and, for in-place ops, the mutated
 * arguments) are copied back. Such ops report {@link Support#SLOW}. Everything else goes straight
 * to the device backend. Results are identical to the CPU backend's by construction.
 */
public final class HostFallback implements InvocationHandler {
    private static final Map<String, Op> OPS = new HashMap<>();
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
    }

    private final Backend device;
    private final Supplier<Backend> host;

    private HostFallback(Backend device, Supplier<Backend> host) {
        this.device = device;
        this.host = host;
    }

    /** Wraps {@code device} so that its unsupported ops run on {@code host}. */
    public static Backend wrap(Backend device, Supplier<Backend> host) {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[]{Backend.class},
                new HostFallback(device, host));
    }

    /** The backend behind a wrapper (the argument itself when it is not one). */
    public static Backend unwrap(Backend b) {
        if (Proxy.isProxyClass(b.getClass()) && Proxy.getInvocationHandler(b) instanceof HostFallback h) return h.device;
        return b;
    }

    /** The {@link Op} an interface method implements, or null for memory and info methods. */
    public static Op opOf(Method m) { return OPS.get(m.getName()); }

    @Override
    public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
        if (m.getDeclaringClass() == Object.class) {
            return switch (m.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "HostFallback[" + device + "]";
            };
        }
        Op op = OPS.get(m.getName());
        if (m.getName().equals("support") && args != null && args.length == 1) {
            Support s = device.support((Op) args[0]);
            return s == Support.NONE && args[0] != Op.PAGED_MEMORY ? Support.SLOW : s;
        }
        if (m.getName().equals("supportNote") && args != null && args.length == 1 && device.support((Op) args[0]) == Support.NONE
                && args[0] != Op.PAGED_MEMORY) {
            return "runs on the host CPU backend with copies (" + device.supportNote((Op) args[0]) + ")";
        }
        if (m.getName().equals("warmUp") && m.getParameterCount() == 0) { // the host runs some ops: warm both
            device.warmUp();
            for (Op o : Op.values()) if (o != Op.PAGED_MEMORY && device.support(o) == Support.NONE) { host.get().warmUp(); break; }
            return null;
        }
        // everything else, default methods included, is the device's own (its overrides and notes win)
        if (op != null && device.support(op) == Support.NONE) return onHost(op, m, args);
        try {
            return m.invoke(device, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private Object onHost(Op op, Method m, Object[] args) throws Throwable {
        Backend cpu = host.get();
        IdentityHashMap<Tensor, Tensor> copies = new IdentityHashMap<>();
        try {
            Object[] hostArgs = new Object[args == null ? 0 : args.length];
            for (int i = 0; i < hostArgs.length; i++) hostArgs[i] = toHost(args[i], cpu, copies);
            Object result;
            try {
                result = m.invoke(cpu, hostArgs);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (IN_PLACE.contains(op)) for (var e : copies.entrySet()) device.copy(e.getValue(), e.getKey());
            return toDevice(result, copies);
        } finally {
            for (Tensor t : copies.values()) t.close();
        }
    }

    private Object toHost(Object o, Backend cpu, IdentityHashMap<Tensor, Tensor> copies) throws Exception {
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

    private Object toDevice(Object o, IdentityHashMap<Tensor, Tensor> copies) throws Exception {
        if (o instanceof Tensor h) {
            Tensor d = device.allocate(h.dtype(), h.shape());
            device.copy(h, d);
            h.close();
            return d;
        }
        if (o instanceof Record r && r.getClass().getPackageName().equals("io.bnb.api")) return mapRecord(r, x -> toDevice(x, copies));
        return o;
    }

    private interface Mapper { Object apply(Object o) throws Exception; }

    private static Object mapRecord(Record r, Mapper f) throws Exception {
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
