package io.bnb.conformance.report;

/** What a matrix cell says about one backend, worst first. */
public enum CellStatus {
    FAIL("❌", "a required test failed"),
    UNSUPPORTED("❌", "the backend declares the cell unsupported (Support.NONE)"),
    NOT_RUN("⏭️", "not run: backend unavailable, not requested, or every required test skipped"),
    PARTIAL("〰️", "some required tests skipped, or the backend declares partial support"),
    SLOW("🐢", "passes through the host fallback (Support.SLOW)"),
    PASS("✅", "every required test passes natively");

    private final String symbol;
    private final String meaning;

    CellStatus(String symbol, String meaning) {
        this.symbol = symbol;
        this.meaning = meaning;
    }

    public String symbol() { return symbol; }

    public String meaning() { return meaning; }

    /** The worse of two statuses. */
    public static CellStatus worst(CellStatus a, CellStatus b) { return a.ordinal() <= b.ordinal() ? a : b; }
}
