package io.bnb.cli;

import io.bnb.safetensors.Checkpoint;
import io.bnb.safetensors.hf.BnbLayout;
import io.bnb.safetensors.hf.PyJson;
import io.bnb.safetensors.hf.QuantizationConfig;
import io.bnb.safetensors.hf.TorchDtype;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.*;
import java.util.concurrent.Callable;

/** {@code bnb inspect FILE|DIR}: tensors, quant states and bits per parameter of a checkpoint. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "List the tensors of a safetensors file or checkpoint directory: dtype, shape, bitsandbytes quant state "
                + "(4-bit type, block size, double quantization; LLM.int8) and storage bits per parameter, statistics included.")
public final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE|DIR")
    Path path;

    @Option(names = "--raw", description = "also list the raw safetensors entries (statistics included)")
    boolean raw;

    @Override
    public Integer call() {
        try (Checkpoint ck = Checkpoint.open(path)) {
            System.out.println(ck.location() + (ck.isSharded() ? " (" + ck.shards().size() + " shards)" : ""));
            ck.config().ifPresent(c -> {
                Object q = c.get("quantization_config");
                QuantizationConfig.fromConfig(c).ifPresentOrElse(
                        qc -> System.out.println("quantization_config: " + PyJson.dumps(q)),
                        () -> System.out.println("config.json: no quantization_config"));
            });
            List<BnbLayout.Info> infos = new ArrayList<>();
            for (String n : BnbLayout.logicalNames(ck, ck.names())) infos.add(BnbLayout.describe(ck, n));
            infos.sort(Comparator.comparing(BnbLayout.Info::name));
            int w = Math.max(4, infos.stream().mapToInt(i -> i.name().length()).max().orElse(4));
            String fmt = "%-" + w + "s  %-5s  %-9s  %-16s  %10s  %6s  %s%n";
            System.out.printf(Locale.ROOT, fmt, "NAME", "QUANT", "DTYPE", "SHAPE", "BYTES", "BITS", "DETAIL");
            long params = 0, bytes = 0, qParams = 0, qBytes = 0;
            Map<BnbLayout.Kind, Integer> kinds = new EnumMap<>(BnbLayout.Kind.class);
            for (BnbLayout.Info i : infos) {
                System.out.printf(Locale.ROOT, fmt, i.name(), i.kind() == BnbLayout.Kind.PLAIN ? "-" : i.kind().name().toLowerCase(Locale.ROOT),
                        TorchDtype.name(i.dtype()), Arrays.toString(i.shape()), i.bytes(), String.format(Locale.ROOT, "%.3f", i.bitsPerParam()), i.detail());
                params += i.params();
                bytes += i.bytes();
                kinds.merge(i.kind(), 1, Integer::sum);
                if (i.kind() != BnbLayout.Kind.PLAIN) {
                    qParams += i.params();
                    qBytes += i.bytes();
                }
            }
            System.out.printf(Locale.ROOT, "%d tensors (%s), %d parameters, %s: %.3f bits per parameter%n", infos.size(), kinds.toString().toLowerCase(Locale.ROOT),
                    params, Cli.bytes(bytes), params == 0 ? 0.0 : bytes * 8.0 / params);
            if (qParams > 0) System.out.printf(Locale.ROOT, "quantized weights: %d parameters, %s: %.3f bits per parameter%n", qParams, Cli.bytes(qBytes), qBytes * 8.0 / qParams);
            if (raw) {
                System.out.println("raw entries:");
                for (String n : new TreeSet<>(ck.names())) {
                    var e = ck.get(n);
                    System.out.printf(Locale.ROOT, "  %s %s %s%n", n, e.dtype(), Arrays.toString(e.shape()));
                }
            }
            return 0;
        } catch (Exception e) {
            return Cli.fail("inspect", e);
        }
    }
}
