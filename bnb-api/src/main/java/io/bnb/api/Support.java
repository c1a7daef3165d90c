package io.bnb.api;

/** How a backend supports an {@link Op}: the cells of the support matrix. */
public enum Support {
    /** Runs natively on the device. */
    NATIVE("✅"),
    /** Runs on the host through the CPU backend, with copies. */
    SLOW("🐢"),
    /** Runs natively for some arguments only (see the backend's reason). */
    PARTIAL("〰️"),
    /** Not available; calling it throws. */
    NONE("❌");

    private final String symbol;

    Support(String symbol) { this.symbol = symbol; }

    /** The emoji used in the upstream README matrix. */
    public String symbol() { return symbol; }
}
