package io.bnb.backend.cpu;

import io.bnb.api.*;

import java.util.*;
import java.util.function.Supplier;

/**
 * The bench's BF16 workloads that miss their targets, through the backend API as the bench calls
 * them (by hand, not a test): {@code java --add-modules jdk.incubator.vector -cp ... io.bnb.backend.cpu.ApiSpeedCheck [ops]}
 * with ops from {@code q8,dq8,q4,q4f,dq4,gemv4096,gemv11008}. After a 3 s warm-up of all of them the ops
 * take turns ({@code -Drounds}, {@code -Dper} calls each) and the median per op is printed, so two
 * builds can be compared back to back in the same conditions.
 */
public final class ApiSpeedCheck {
    public static void main(String[] args) {
        CpuBackend b = new CpuBackend();
        int vec = 16 << 20, k = 4096;
        SplittableRandom r = new SplittableRandom(9);
        float[] normal = new float[vec];
        for (int i = 0; i < vec; i++) normal[i] = (float) r.nextGaussian();
        byte[] bytes = new byte[11008 * k / 2];
        r.nextBytes(bytes);
        float[] am8 = uniform(r, vec / 256, 0.5f, 2f), am4 = uniform(r, 11008 * k / 64, 0.01f, 0.08f);
        Tensor a = Tensors.floats(b, normal, DType.BF16, vec), code8 = Tensors.floats(b, Codebooks.dynamicSigned(), DType.F32, 256);
        Tensor codes = Tensors.bytes(b, Arrays.copyOf(bytes, vec), DType.U8, vec), absmax8 = Tensors.floats(b, am8, DType.F32, am8.length);
        Map<Integer, Tensor[]> weights = new HashMap<>(); // rows -> packed NF4 [rows, k] and its absmax
        for (int n : new int[] {4096, 11008})
            weights.put(n, new Tensor[] {Tensors.bytes(b, Arrays.copyOf(bytes, n * k / 2), DType.U8, (long) n * k / 2, 1),
                    Tensors.floats(b, Arrays.copyOf(am4, n * k / 64), DType.F32, n * k / 64)});
        Tensor row = Tensors.floats(b, Arrays.copyOf(normal, k), DType.BF16, 1, 1, k), nf4 = Tensors.floats(b, Codebooks.nf4(), DType.F32, 16);
        Map<String, Supplier<Tensor>> calls = new LinkedHashMap<>();
        Map<String, Double> bytesOf = new HashMap<>();
        for (String op : (args.length > 0 ? args[0] : "q8,dq8,dq4,gemv4096,gemv11008").split(",")) {
            switch (op) {
                case "q8" -> calls.put(op, () -> b.quantizeBlockwise(a, code8, 256).data());
                case "dq8" -> calls.put(op, () -> b.dequantizeBlockwise(codes, absmax8, code8, 256, DType.BF16));
                case "q4", "q4f" -> {
                    Tensor in = op.equals("q4") ? a : Tensors.floats(b, normal, DType.F32, vec);
                    calls.put(op, () -> {
                        Quantized q = b.quantize4bit(in, 64, QuantType.NF4, DType.U8);
                        q.absmax().close();
                        return q.data();
                    });
                }
                case "dq4" -> {
                    Tensor[] w = weights.get(4096);
                    calls.put(op, () -> b.dequantize4bit(w[0], w[1], 64, QuantType.NF4, new long[] {4096, k}, DType.BF16));
                }
                case "gemv4096", "gemv11008" -> {
                    int n = Integer.parseInt(op.substring(4));
                    Tensor[] w = weights.get(n);
                    calls.put(op, () -> b.gemv4bit(row, w[0], new long[] {n, k}, w[1], nf4, 64));
                }
                default -> throw new IllegalArgumentException("unknown op " + op);
            }
        }
        bytesOf.put("q8", 3.0 * vec + 4.0 * vec / 256);
        bytesOf.put("dq8", 3.0 * vec + 4.0 * vec / 256);
        bytesOf.put("q4", 2.5 * vec + 4.0 * vec / 64);
        bytesOf.put("q4f", 4.5 * vec + 4.0 * vec / 64);
        bytesOf.put("dq4", 2.5 * 4096 * k + 4.0 * 4096 * k / 64);
        bytesOf.put("gemv4096", 0.5 * 4096 * k + 4.0 * 4096 * k / 64);
        bytesOf.put("gemv11008", 0.5 * 11008 * k + 4.0 * 11008 * k / 64);
        int per = Integer.getInteger("per", 10), rounds = Integer.getInteger("rounds", 3);
        long warmEnd = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < warmEnd) for (var c : calls.values()) c.get().close();
        Map<String, List<Double>> all = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++)
            for (var e : calls.entrySet())
                for (int i = 0; i < per; i++) {
                    long t0 = System.nanoTime();
                    Tensor out = e.getValue().get();
                    double us = (System.nanoTime() - t0) / 1e3;
                    out.close();
                    all.computeIfAbsent(e.getKey(), x -> new ArrayList<>()).add(us);
                }
        for (var e : all.entrySet()) {
            double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double med = v[v.length / 2];
            System.out.printf("%-10s median %8.0f us  %6.2f GB/s (bench bytes)%n", e.getKey(), med, bytesOf.get(e.getKey()) / med / 1e3);
        }
        System.exit(0);
    }

    private static float[] uniform(SplittableRandom r, int n, float lo, float hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = lo + (hi - lo) * (float) r.nextDouble();
        return v;
    }
}
