package io.bnb.nn;

import io.bnb.api.*;
import io.bnb.functional.Packed4bit;
import io.bnb.functional.Quant4;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * Upstream's {@code bnb.nn.Embedding4bit}: a {@code [vocab, dim]} table stored as NF4/FP4. When
 * {@code dim} is a multiple of the block size only the packed bytes and scales of the requested
 * rows are gathered and dequantized; otherwise the whole table is dequantized and the rows picked
 * from it. Output dtype = the table's original dtype.
 */
public final class Embedding4bit implements AutoCloseable {
    private final Backend backend;
    private final Tensor weight;
    private final QuantState state;
    private final Tensor absmaxF32;
    private final long vocab, dim;
    private boolean closed;

    private Embedding4bit(Backend backend, Tensor weight, QuantState state) {
        this.backend = backend;
        this.weight = weight;
        this.state = state;
        long[] s = state.shape();
        vocab = s[0];
        dim = s[1];
        absmaxF32 = Quant4.absmax(backend, state);
    }

    /** Quantizes a float table {@code [vocab, dim]} (block size 64 upstream); the input stays owned by the caller. */
    public static Embedding4bit quantize(Backend b, Tensor weight, QuantType type, int blocksize) {
        Objects.requireNonNull(b, "backend");
        if (weight == null || weight.rank() != 2) throw new IllegalArgumentException("weight must be a 2-D [vocab, dim] tensor");
        Tensor w = weight;
        if (weight.backend() != b) {
            w = b.allocate(weight.dtype(), weight.shape());
            b.copy(weight, w);
        }
        try {
            Packed4bit p = Quant4.quantize(b, w, type, blocksize, false);
            return new Embedding4bit(b, p.data(), p.state());
        } finally {
            if (w != weight) w.close();
        }
    }

    /** A table over already quantized data (ownership taken; tensors on another backend are copied to {@code b}). */
    public static Embedding4bit fromState(Backend b, Tensor packed, QuantState state) {
        Objects.requireNonNull(b, "backend");
        Objects.requireNonNull(packed, "packed");
        Objects.requireNonNull(state, "state");
        if (state.quantType() == null || state.shape() == null || state.shape().length != 2)
            throw new IllegalArgumentException("state must be a 4-bit QuantState of a 2-D [vocab, dim] table");
        if (state.absmax().backend() != b || state.code().backend() != b || (state.isNested() && state.nested().absmax().backend() != b))
            throw new IllegalArgumentException("state tensors must live on backend '" + b.name() + "'");
        return new Embedding4bit(b, HostMath.adopt(b, packed), state);
    }

    /** Rows {@code ids} of the table: {@code [ids.length, dim]}. */
    public Tensor forward(long... ids) {
        if (closed) throw new IllegalStateException("Embedding4bit is closed");
        Objects.requireNonNull(ids, "ids");
        for (int i = 0; i < ids.length; i++)
            if (ids[i] < 0 || ids[i] >= vocab) throw new IllegalArgumentException("ids[" + i + "] = " + ids[i] + " is outside [0, " + vocab + ")");
        int bs = state.blocksize();
        if (dim % bs == 0 && dim % 2 == 0) return gathered(ids, bs);
        try (Tensor all = Quant4.dequantize(backend, weight, state)) {
            float[] table = backend.downloadFloats(all);
            float[] out = new float[Math.toIntExact(ids.length * dim)];
            for (int i = 0; i < ids.length; i++) System.arraycopy(table, (int) (ids[i] * dim), out, (int) (i * dim), (int) dim);
            return backend.upload(out, state.dtype(), ids.length, dim);
        }
    }

    /** Rows given as an I64 or I32 tensor of any shape: {@code [..., dim]}. */
    public Tensor forward(Tensor ids) {
        Objects.requireNonNull(ids, "ids");
        long[] flat = ids.backend().downloadLongs(ids);
        long[] shape = new long[ids.rank() + 1];
        System.arraycopy(ids.shape(), 0, shape, 0, ids.rank());
        shape[ids.rank()] = dim;
        return HostMath.reshaped(backend, forward(flat), shape);
    }

    /** Gathers only the bytes and scales of the requested rows, then dequantizes them on the backend. */
    private Tensor gathered(long[] ids, int bs) {
        long rowBytes = dim / 2, rowBlocks = dim / bs;
        MemorySegment packed = hostBytes(weight);
        MemorySegment scales = hostBytes(absmaxF32);
        byte[] pOut = new byte[Math.toIntExact(ids.length * rowBytes)];
        float[] aOut = new float[Math.toIntExact(ids.length * rowBlocks)];
        for (int i = 0; i < ids.length; i++) {
            MemorySegment.copy(packed, ValueLayout.JAVA_BYTE, ids[i] * rowBytes, pOut, (int) (i * rowBytes), (int) rowBytes);
            MemorySegment.copy(scales, ValueLayout.JAVA_FLOAT_UNALIGNED, ids[i] * rowBlocks * 4, aOut, (int) (i * rowBlocks), (int) rowBlocks);
        }
        try (Tensor p = backend.upload(pOut, DType.U8, pOut.length, 1); Tensor a = backend.upload(aOut, aOut.length)) {
            return backend.dequantize4bit(p, a, bs, state.quantType(), new long[]{ids.length, dim}, state.dtype());
        }
    }

    /** The tensor's bytes: its own host memory when it has some, else a downloaded copy. */
    private MemorySegment hostBytes(Tensor t) {
        var seg = t.hostSegment();
        if (seg.isPresent()) return seg.get();
        MemorySegment m = java.lang.foreign.Arena.ofAuto().allocate(Math.max(1, t.byteSize()), 64);
        backend.download(t, m);
        return m;
    }

    public long vocabSize() { return vocab; }

    public long dim() { return dim; }

    public QuantState quantState() { return state; }

    public Tensor weight() { return weight; }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        weight.close();
        state.close();
        absmaxF32.close();
    }
}
