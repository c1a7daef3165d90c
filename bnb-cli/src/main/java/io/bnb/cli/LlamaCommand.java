package io.bnb.cli;

import io.bnb.api.Backend;
import io.bnb.api.DType;
import io.bnb.llama.LlamaModel;
import io.bnb.safetensors.SafetensorsWriter;
import io.bnb.safetensors.hf.TorchDtype;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code bnb llama DIR --ids ...}: runs a Llama-architecture bitsandbytes checkpoint on token ids. */
@Command(name = "llama", mixinStandardHelpOptions = true,
        description = "Run a Llama-architecture checkpoint saved by transformers with bitsandbytes quantization (4-bit NF4/FP4, "
                + "with or without double quantization, or LLM.int8) on a list of token ids; linear layers run on the chosen backend.")
public final class LlamaCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "checkpoint directory (config.json + safetensors)")
    Path dir;

    @Option(names = "--ids", required = true, split = ",", paramLabel = "ID,ID,...", description = "input token ids")
    long[] ids;

    @Option(names = "--backend", paramLabel = "NAME", description = "backend for the linear layers (default: the best available)")
    String backend;

    @Option(names = "--dtype", paramLabel = "DTYPE", description = "activation dtype (default: the config's dtype)")
    String dtype;

    @Option(names = "--logits-out", paramLabel = "FILE", description = "write the logits as one F32 tensor 'logits' [1, len, vocab] (safetensors)")
    Path logitsOut;

    @Option(names = "--generate", paramLabel = "N", defaultValue = "0", description = "greedily append N tokens (default: ${DEFAULT-VALUE})")
    int generate;

    @Option(names = "--top", paramLabel = "K", defaultValue = "5", description = "top-K tokens shown for the last position (default: ${DEFAULT-VALUE})")
    int top;

    @Override
    public Integer call() {
        try {
            Backend b = Backends.pick(backend);
            DType act = dtype == null ? null : TorchDtype.parseLenient(dtype);
            long t0 = System.nanoTime();
            try (LlamaModel m = LlamaModel.load(dir, b, act)) {
                long t1 = System.nanoTime();
                var c = m.config();
                System.out.printf(Locale.ROOT, "llama: %d layers, hidden %d, heads %d/%d (head_dim %d), vocab %d, %s activations; linear layers %s on %s; loaded in %.2f s%n",
                        c.layers(), c.hiddenSize(), c.heads(), c.kvHeads(), c.headDim(), c.vocabSize(), TorchDtype.name(m.dtype()), m.linearKinds(), b.name(), (t1 - t0) / 1e9);
                float[] logits = m.forward(ids);
                long t2 = System.nanoTime();
                int v = c.vocabSize();
                int[] arg = LlamaModel.argmax(logits, v);
                System.out.printf(Locale.ROOT, "forward over %d tokens: %.3f s%n", ids.length, (t2 - t1) / 1e9);
                System.out.println("ids:    " + Arrays.toString(ids));
                System.out.println("argmax: " + Arrays.toString(arg));
                int last = ids.length - 1;
                Integer[] order = new Integer[v];
                for (int i = 0; i < v; i++) order[i] = i;
                Arrays.sort(order, (x, y) -> Float.compare(logits[last * v + y], logits[last * v + x]));
                StringBuilder sb = new StringBuilder("top-" + top + " after the last token:");
                for (int i = 0; i < Math.min(top, v); i++) sb.append(String.format(Locale.ROOT, " %d (%.4f)", order[i], logits[last * v + order[i]]));
                System.out.println(sb);
                if (logitsOut != null) {
                    try (SafetensorsWriter w = SafetensorsWriter.create(logitsOut)) {
                        w.add("logits", DType.F32, new long[]{1, ids.length, v}, MemorySegment.ofArray(logits));
                        w.commit();
                    }
                    System.out.println("wrote " + logitsOut);
                }
                if (generate > 0) {
                    long[] all = m.generate(ids, generate);
                    System.out.println("generated: " + Arrays.toString(Arrays.copyOfRange(all, ids.length, all.length)));
                }
            }
            return 0;
        } catch (Exception e) {
            return Cli.fail("llama", e);
        }
    }
}
