package io.bnb.spi;

/** Whether a backend can run on this machine, and if not, why (in words a user can act on). */
public record Availability(boolean available, String reason) {
    public Availability {
        reason = reason == null ? "" : reason;
    }

    public static Availability available(String detail) { return new Availability(true, detail); }

    public static Availability unavailable(String reason) { return new Availability(false, reason); }
}
