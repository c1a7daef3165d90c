package io.bnb.cli;

import io.bnb.api.Bnb;

/** Run in a child JVM by ClassPathDiscoveryTest: prints what discovery found and what Bnb.backend() chose. */
public final class DiscoveryProbe {
    public static void main(String[] args) {
        for (Bnb.BackendInfo i : Bnb.backends())
            System.out.println("info=" + i.name() + "|" + i.available() + "|" + i.reason());
        try {
            System.out.println("backend=" + Bnb.backend().name());
        } catch (RuntimeException e) {
            System.out.println("error=" + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
