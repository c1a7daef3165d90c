package io.bnb.api;

/** An error reported by native code (CUDA, HIP, Level Zero, ...), carrying its code and message. */
public class NativeException extends BnbException {
    private final int code;

    public NativeException(int code, String message) {
        super(message);
        this.code = code;
    }

    /** The native error code (e.g. a cudaError_t value), or -1 when there is none. */
    public int code() { return code; }
}
