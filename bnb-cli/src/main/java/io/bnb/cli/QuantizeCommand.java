package io.bnb.cli;

import io.bnb.api.Backend;
import io.bnb.safetensors.hf.CheckpointConverter;
import io.bnb.safetensors.hf.ConversionOptions;
import io.bnb.safetensors.hf.TorchDtype;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/** {@code bnb quantize IN OUT}: a float checkpoint into a bitsandbytes one (or back with {@code --type none}). */
@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = {"Convert a float safetensors checkpoint (a file, or a directory with config.json) into a bitsandbytes checkpoint "
                + "that transformers loads: linear layers (2-D *.weight outside embeddings and lm_head) become NF4/FP4 or LLM.int8; "
                + "everything else is copied. --type none writes a float checkpoint instead, dequantizing bitsandbytes layers.",
                "The output appears only when complete (written next to it under a hidden name, then renamed)."})
public final class QuantizeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "safetensors file or checkpoint directory")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "output file (for a file input) or directory")
    Path out;

    @Option(names = "--type", paramLabel = "nf4|fp4|int8|none", defaultValue = "nf4", description = "target format (default: ${DEFAULT-VALUE})")
    String type;

    @Option(names = "--double-quant", description = "4-bit: quantize the absmax statistics again (QLoRA double quantization)")
    boolean doubleQuant;

    @Option(names = "--blocksize", paramLabel = "N", defaultValue = "64", description = "4-bit block size: 32, 64, ..., 4096 (default: ${DEFAULT-VALUE})")
    int blocksize;

    @Option(names = "--compute-dtype", paramLabel = "DTYPE", defaultValue = "float32",
            description = "4-bit compute dtype recorded in config.json: bf16, fp16 or fp32 (default: ${DEFAULT-VALUE}, as transformers)")
    String computeDtype;

    @Option(names = "--threshold", defaultValue = "6.0", description = "int8: LLM.int8 outlier threshold recorded in config.json (default: ${DEFAULT-VALUE})")
    double threshold;

    @Option(names = "--skip", paramLabel = "REGEX", description = "leave tensors whose name matches (find) unquantized, e.g. 'mlp\\.down_proj'")
    String skip;

    @Option(names = "--backend", paramLabel = "NAME", description = "backend to quantize on (default: the best available)")
    String backend;

    @Option(names = "--force", description = "replace OUT if it exists")
    boolean force;

    @Option(names = "--no-progress", description = "no progress bar (it is also off when stderr is not a terminal)")
    boolean noProgress;

    @Override
    public Integer call() {
        ConversionOptions opts;
        Backend b;
        try {
            opts = ConversionOptions.of(ConversionOptions.Target.parse(type)).withDoubleQuant(doubleQuant).withBlocksize(blocksize)
                    .withComputeDtype(TorchDtype.parseLenient(computeDtype)).withThreshold(threshold)
                    .withSkip(skip == null ? null : Pattern.compile(skip));
            b = Backends.pick(backend);
        } catch (RuntimeException e) {
            return Cli.fail("quantize", e);
        }
        long t0 = System.nanoTime();
        Bar bar = new Bar(!noProgress && System.console() != null);
        CheckpointConverter.Summary s;
        try {
            s = CheckpointConverter.convert(b, in, out, opts, force, bar);
        } catch (Exception e) {
            bar.close();
            return Cli.fail("quantize", e);
        }
        bar.close();
        double secs = (System.nanoTime() - t0) / 1e9;
        String what = switch (opts.target()) {
            case NF4, FP4 -> opts.target().name().toLowerCase(Locale.ROOT) + ", block " + opts.blocksize() + (opts.doubleQuant() ? ", double quant" : "")
                    + ", compute " + TorchDtype.name(opts.computeDtype());
            case INT8 -> "LLM.int8, threshold " + opts.threshold();
            case NONE -> "float";
        };
        System.out.printf(Locale.ROOT, "%d tensors: %d quantized (%s), %d dequantized, %d copied; backend %s; %.2f s%n",
                s.tensors(), s.quantized(), what, s.dequantized(), s.tensors() - s.quantized() - s.dequantized(), b.name(), secs);
        System.out.printf(Locale.ROOT, "bytes: %s -> %s (%.2fx)%n", Cli.bytes(s.bytesBefore()), Cli.bytes(s.bytesAfter()),
                s.bytesAfter() == 0 ? 0.0 : (double) s.bytesBefore() / s.bytesAfter());
        if (s.quantized() > 0)
            System.out.printf(Locale.ROOT, "error over %d quantized weights: mean |err| %.6g, max |err| %.6g, relative %.4f%%%n",
                    s.quantizedElements(), s.meanAbsError(), s.maxAbsError(), 100 * s.relativeError());
        if (!s.skippedLinear().isEmpty()) System.out.println("kept unquantized (--skip): " + String.join(", ", s.skippedLinear()));
        System.out.println("wrote " + out);
        return 0;
    }

    /** The progress bar, created once the tensor count is known; prints to stderr. */
    private static final class Bar implements CheckpointConverter.Progress {
        private final boolean enabled;
        private ProgressBar pb;

        Bar(boolean enabled) {
            this.enabled = enabled;
        }

        @Override
        public void begin(int tensors, long bytes) {
            if (!enabled) return;
            pb = new ProgressBarBuilder().setTaskName("quantize").setInitialMax(tensors).setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(200).build();
        }

        @Override
        public void step(String name, long bytes, String action) {
            if (pb == null) return;
            pb.setExtraMessage(action + " " + name);
            pb.step();
        }

        @Override
        public void end() { close(); }

        void close() {
            if (pb != null) {
                pb.setExtraMessage("");
                pb.close();
                pb = null;
            }
        }
    }
}
