package io.bnb.api;

/** The update rules of the optimizer ops (upstream names in lower case). */
public enum OptimizerKind {
    ADAM(2), MOMENTUM(1), RMSPROP(1), LION(1), ADAGRAD(1), LAMB(2), LARS(1), ADEMAMIX(2);

    private final int states;

    OptimizerKind(int states) { this.states = states; }

    /** Number of state tensors (AdEMAMix's first state holds two moments). */
    public int states() { return states; }

    public String upstreamName() { return name().toLowerCase(java.util.Locale.ROOT); }

    public static OptimizerKind fromUpstream(String s) {
        for (OptimizerKind k : values()) if (k.upstreamName().equals(s)) return k;
        throw new IllegalArgumentException("unknown optimizer '" + s + "'");
    }
}
