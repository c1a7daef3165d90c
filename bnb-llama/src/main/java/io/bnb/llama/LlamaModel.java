package io.bnb.llama;

import io.bnb.api.Backend;
import io.bnb.api.DType;
import io.bnb.api.Half;
import io.bnb.api.Tensor;
import io.bnb.functional.Packed4bit;
import io.bnb.nn.Linear4bit;
import io.bnb.nn.Linear8bitLt;
import io.bnb.safetensors.Checkpoint;
import io.bnb.safetensors.SafetensorsFile;
import io.bnb.safetensors.hf.Bnb4bitFormat;
import io.bnb.safetensors.hf.Bnb8bitFormat;
import io.bnb.safetensors.hf.QuantizationConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.*;
import java.util.stream.IntStream;

/**
 * A Llama-architecture decoder (RMSNorm, rotary embeddings, grouped-query attention with an explicit
 * head_dim, SiLU-gated MLP, tied or separate lm_head) over a checkpoint transformers saved with
 * bitsandbytes quantization. Linear layers that the checkpoint stores as 4-bit become
 * {@link Linear4bit}, int8 ones {@link Linear8bitLt}, both on the chosen backend; the rest (norms,
 * attention, embeddings, unquantized layers) runs on the host in float math with every intermediate
 * rounded to the model's dtype where PyTorch rounds it, so bf16 models track transformers' numbers.
 */
public final class LlamaModel implements AutoCloseable {
    static final String[] ATTN = {"q_proj", "k_proj", "v_proj", "o_proj"};
    static final String[] MLP = {"gate_proj", "up_proj", "down_proj"};

    private final LlamaConfig cfg;
    private final Checkpoint ckpt;
    private final SafetensorsFile.Entry embed;
    private final float[] finalNorm;
    private final List<Layer> layers;
    private final LinearLayer lmHead;
    private final Rope rope;
    private final DType act;
    private final Optional<QuantizationConfig> quant;

    private record Layer(float[] inputNorm, float[] postNorm, LinearLayer q, LinearLayer k, LinearLayer v, LinearLayer o,
                         LinearLayer gate, LinearLayer up, LinearLayer down) {
        List<LinearLayer> linears() { return List.of(q, k, v, o, gate, up, down); }
    }

    private LlamaModel(LlamaConfig cfg, Checkpoint ckpt, SafetensorsFile.Entry embed, float[] finalNorm, List<Layer> layers,
                       LinearLayer lmHead, Optional<QuantizationConfig> quant, DType act) {
        this.cfg = cfg;
        this.ckpt = ckpt;
        this.embed = embed;
        this.finalNorm = finalNorm;
        this.layers = layers;
        this.lmHead = lmHead;
        this.quant = quant;
        this.act = act;
        this.rope = new Rope(cfg.rope(), cfg.headDim());
    }

    /** Loads a checkpoint directory (config.json + safetensors) onto {@code backend}, computing in the config's dtype. */
    public static LlamaModel load(Path dir, Backend backend) throws IOException {
        return load(dir, backend, null);
    }

    /** As {@link #load(Path, Backend)} with the activation dtype overridden (null keeps the config's). */
    public static LlamaModel load(Path dir, Backend backend, DType activationDtype) throws IOException {
        Checkpoint ckpt = Checkpoint.open(dir);
        List<LinearLayer> made = new ArrayList<>();
        try {
            var json = ckpt.config().orElseThrow(() -> new IllegalArgumentException(dir + ": no config.json"));
            LlamaConfig cfg = LlamaConfig.from(json);
            DType act = activationDtype != null ? activationDtype : cfg.dtype();
            if (!act.isFloat()) throw new IllegalArgumentException("activation dtype must be a float type, got " + act);
            Optional<QuantizationConfig> quant = QuantizationConfig.fromConfig(json);
            var loader = new Loader(ckpt, backend, act, quant, made);
            List<Layer> layers = new ArrayList<>();
            for (int i = 0; i < cfg.layers(); i++) {
                String p = "model.layers." + i + ".";
                layers.add(new Layer(loader.vector(p + "input_layernorm.weight", cfg.hiddenSize()), loader.vector(p + "post_attention_layernorm.weight", cfg.hiddenSize()),
                        loader.linear(p + "self_attn.q_proj", (long) cfg.heads() * cfg.headDim(), cfg.hiddenSize()),
                        loader.linear(p + "self_attn.k_proj", (long) cfg.kvHeads() * cfg.headDim(), cfg.hiddenSize()),
                        loader.linear(p + "self_attn.v_proj", (long) cfg.kvHeads() * cfg.headDim(), cfg.hiddenSize()),
                        loader.linear(p + "self_attn.o_proj", cfg.hiddenSize(), (long) cfg.heads() * cfg.headDim()),
                        loader.linear(p + "mlp.gate_proj", cfg.intermediateSize(), cfg.hiddenSize()),
                        loader.linear(p + "mlp.up_proj", cfg.intermediateSize(), cfg.hiddenSize()),
                        loader.linear(p + "mlp.down_proj", cfg.hiddenSize(), cfg.intermediateSize())));
            }
            SafetensorsFile.Entry embed = loader.entry("model.embed_tokens.weight");
            if (embed.rank() != 2 || embed.shape()[0] != cfg.vocabSize() || embed.shape()[1] != cfg.hiddenSize() || !embed.dtype().isFloat())
                throw new IllegalArgumentException("model.embed_tokens.weight must be a float [" + cfg.vocabSize() + ", " + cfg.hiddenSize() + "] tensor, got "
                        + embed.dtype() + Arrays.toString(embed.shape()));
            LinearLayer head = cfg.tieWordEmbeddings() || !ckpt.contains("lm_head.weight")
                    ? new DenseLinear(embed, null, act)
                    : loader.linear("lm_head", cfg.vocabSize(), cfg.hiddenSize());
            made.add(head);
            return new LlamaModel(cfg, ckpt, embed, loader.vector("model.norm.weight", cfg.hiddenSize()), List.copyOf(layers), head, quant, act);
        } catch (RuntimeException e) {
            made.forEach(LinearLayer::close);
            ckpt.close();
            throw e;
        }
    }

    /** Builds each layer from whatever form the checkpoint stores it in. */
    private record Loader(Checkpoint ckpt, Backend backend, DType act, Optional<QuantizationConfig> quant, List<LinearLayer> made) {
        SafetensorsFile.Entry entry(String name) {
            if (!ckpt.contains(name)) throw new IllegalArgumentException(ckpt.location() + ": missing tensor '" + name + "'");
            return ckpt.get(name);
        }

        float[] vector(String name, int n) {
            SafetensorsFile.Entry e = entry(name);
            if (e.numel() != n || !e.dtype().isFloat()) throw new IllegalArgumentException(name + " must be a float vector of " + n + ", got " + e.dtype() + Arrays.toString(e.shape()));
            return e.floats();
        }

        LinearLayer linear(String prefix, long out, long in) {
            String wk = prefix + ".weight", bk = prefix + ".bias";
            LinearLayer l;
            if (Bnb4bitFormat.isQuantized(ckpt, wk)) {
                Packed4bit p = Bnb4bitFormat.load(backend, ckpt, wk);
                Tensor bias = ckpt.contains(bk) ? upload(ckpt.get(bk)) : null;
                DType compute = quant.map(QuantizationConfig::computeDtype).orElse(null);
                l = new QuantizedLinear(backend, Linear4bit.fromState(backend, p, bias, compute), act);
            } else if (Bnb8bitFormat.isQuantized(ckpt, prefix)) {
                Bnb8bitFormat.Int8Weight w = Bnb8bitFormat.load(backend, ckpt, prefix);
                Tensor bias = ckpt.contains(bk) ? upload(ckpt.get(bk)) : null;
                float threshold = (float) (double) quant.map(QuantizationConfig::threshold).orElse(6.0);
                l = new QuantizedLinear(backend, Linear8bitLt.fromState(backend, w.cb(), w.scb(), bias, threshold), act);
            } else {
                l = new DenseLinear(entry(wk), ckpt.contains(bk) ? ckpt.get(bk) : null, act);
            }
            made.add(l);
            if (l.outFeatures() != out || l.inFeatures() != in)
                throw new IllegalArgumentException(wk + " is [" + l.outFeatures() + ", " + l.inFeatures() + "], the config implies [" + out + ", " + in + "]");
            return l;
        }

        Tensor upload(SafetensorsFile.Entry e) {
            return backend.upload(e.data(), e.dtype(), e.shape());
        }
    }

    public LlamaConfig config() { return cfg; }

    /** The activation dtype. */
    public DType dtype() { return act; }

    public Optional<QuantizationConfig> quantization() { return quant; }

    /** Layer kinds, e.g. {"nf4+dq": 14, "bfloat16": 1}. */
    public Map<String, Integer> linearKinds() {
        Map<String, Integer> m = new TreeMap<>();
        for (Layer l : layers) for (LinearLayer x : l.linears()) m.merge(x.kind(), 1, Integer::sum);
        m.merge("lm_head:" + lmHead.kind(), 1, Integer::sum);
        return m;
    }

    /** Logits {@code [ids.length, vocab]} (row-major) for every position of the sequence (causal attention, positions from 0). */
    public float[] forward(long[] ids) {
        int L = ids.length, H = cfg.hiddenSize();
        if (L == 0) throw new IllegalArgumentException("ids must not be empty");
        float[] h = new float[L * H];
        for (int t = 0; t < L; t++) {
            if (ids[t] < 0 || ids[t] >= cfg.vocabSize()) throw new IllegalArgumentException("ids[" + t + "] = " + ids[t] + " is outside [0, " + cfg.vocabSize() + ")");
            float[] row = row(embed, ids[t], H);
            for (int j = 0; j < H; j++) h[t * H + j] = Half.round(row[j], act);
        }
        for (Layer layer : layers) {
            float[] x = rmsNorm(h, layer.inputNorm(), L);
            float[] attn = layer.o().forward(attention(layer, x, L), L);
            addInPlace(h, attn);
            x = rmsNorm(h, layer.postNorm(), L);
            float[] gate = layer.gate().forward(x, L), up = layer.up().forward(x, L);
            for (int i = 0; i < gate.length; i++) {
                float g = gate[i];
                float silu = Half.round((float) (g / (1.0 + Math.exp(-g))), act);
                gate[i] = Half.round(silu * up[i], act);
            }
            addInPlace(h, layer.down().forward(gate, L));
        }
        return lmHead.forward(rmsNorm(h, finalNorm, L), L);
    }

    private static float[] row(SafetensorsFile.Entry table, long index, int width) {
        var seg = table.data().asSlice(index * width * table.dtype().byteSize(), (long) width * table.dtype().byteSize());
        return io.bnb.api.HostArrays.toFloats(seg, table.dtype());
    }

    private void addInPlace(float[] h, float[] d) {
        for (int i = 0; i < h.length; i++) h[i] = Half.round(h[i] + d[i], act);
    }

    /** transformers' LlamaRMSNorm: float32 variance and scaling, cast to the activation dtype, then times the weight in that dtype. */
    private float[] rmsNorm(float[] h, float[] w, int L) {
        int H = cfg.hiddenSize();
        float[] out = new float[h.length];
        for (int t = 0; t < L; t++) {
            double ss = 0;
            for (int j = 0; j < H; j++) ss += (double) h[t * H + j] * h[t * H + j];
            float variance = (float) (ss / H);
            float inv = (float) (1.0 / Math.sqrt((float) (variance + (float) cfg.rmsNormEps())));
            for (int j = 0; j < H; j++) {
                float normed = Half.round(h[t * H + j] * inv, act);
                out[t * H + j] = Half.round(Half.round(w[j], act) * normed, act);
            }
        }
        return out;
    }

    /** Projections, rotary embeddings and causal grouped-query attention; returns {@code [L, heads*headDim]} for o_proj. */
    private float[] attention(Layer layer, float[] x, int L) {
        int nh = cfg.heads(), nkv = cfg.kvHeads(), hd = cfg.headDim(), groups = cfg.groups();
        float[] q = layer.q().forward(x, L), k = layer.k().forward(x, L), v = layer.v().forward(x, L);
        for (int t = 0; t < L; t++) {
            rope.apply(q, t * nh * hd, nh, t, act);
            rope.apply(k, t * nkv * hd, nkv, t, act);
        }
        float scale = (float) (1.0 / Math.sqrt(hd));
        float[] out = new float[L * nh * hd];
        IntStream.range(0, nh * L).parallel().forEach(job -> {
            int head = job / L, t = job % L, kvh = head / groups;
            float[] scores = new float[t + 1];
            float max = Float.NEGATIVE_INFINITY;
            int qo = (t * nh + head) * hd;
            for (int s = 0; s <= t; s++) {
                int ko = (s * nkv + kvh) * hd;
                float dot = 0;
                for (int j = 0; j < hd; j++) dot += q[qo + j] * k[ko + j];
                scores[s] = dot * scale;
                max = Math.max(max, scores[s]);
            }
            float sum = 0;
            for (int s = 0; s <= t; s++) {
                scores[s] = (float) Math.exp(scores[s] - max);
                sum += scores[s];
            }
            int oo = (t * nh + head) * hd;
            for (int j = 0; j < hd; j++) {
                float acc = 0;
                for (int s = 0; s <= t; s++) acc += scores[s] * v[(s * nkv + kvh) * hd + j];
                out[oo + j] = Half.round(acc / sum, act);
            }
        });
        return out;
    }

    /** Index of the largest logit of each position. */
    public static int[] argmax(float[] logits, int vocab) {
        int rows = logits.length / vocab;
        int[] a = new int[rows];
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int j = 1; j < vocab; j++) if (logits[r * vocab + j] > logits[r * vocab + best]) best = j;
            a[r] = best;
        }
        return a;
    }

    /** Greedy generation by re-running the whole sequence (no KV cache; an example, not a server). */
    public long[] generate(long[] prompt, int newTokens) {
        long[] ids = prompt.clone();
        for (int i = 0; i < newTokens; i++) {
            float[] logits = forward(ids);
            int v = cfg.vocabSize();
            float[] last = Arrays.copyOfRange(logits, logits.length - v, logits.length);
            ids = Arrays.copyOf(ids, ids.length + 1);
            ids[ids.length - 1] = argmax(last, v)[0];
        }
        return ids;
    }

    @Override
    public void close() {
        for (Layer l : layers) l.linears().forEach(LinearLayer::close);
        lmHead.close();
        ckpt.close();
    }
}
