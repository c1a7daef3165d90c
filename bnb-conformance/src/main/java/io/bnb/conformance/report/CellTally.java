package io.bnb.conformance.report;

import io.bnb.api.Support;

/** Counts of one backend × cell, with the first failure and the first skip reason. */
public final class CellTally {
    int requiredPassed, requiredFailed, requiredSkipped;
    int optionalPassed, optionalFailed, optionalSkipped;
    int notApplicable;
    String firstFailure, firstOptionalFailure, firstSkip;
    Support support;
    String supportNote = "";
    boolean unavailable;
    String unavailableReason;

    public int requiredPassed() { return requiredPassed; }
    public int requiredFailed() { return requiredFailed; }
    public int requiredSkipped() { return requiredSkipped; }
    public int optionalPassed() { return optionalPassed; }
    public int optionalFailed() { return optionalFailed; }
    public int optionalSkipped() { return optionalSkipped; }
    public int notApplicable() { return notApplicable; }
    public String firstFailure() { return firstFailure; }
    public String firstOptionalFailure() { return firstOptionalFailure; }
    public String firstSkip() { return firstSkip; }
    public Support support() { return support; }
    public String supportNote() { return supportNote; }

    public int total() {
        return requiredPassed + requiredFailed + requiredSkipped + optionalPassed + optionalFailed + optionalSkipped + notApplicable;
    }

    /** The cell's verdict (see {@link CellStatus}). */
    public CellStatus status() {
        if (requiredFailed > 0) return CellStatus.FAIL;
        if (support == Support.NONE) return CellStatus.UNSUPPORTED;
        if (unavailable || requiredPassed == 0) return CellStatus.NOT_RUN;
        if (requiredSkipped > 0 || support == Support.PARTIAL) return CellStatus.PARTIAL;
        if (support == Support.SLOW) return CellStatus.SLOW;
        return CellStatus.PASS;
    }

    /** The reason shown next to the symbol: first failure, else the unsupported note, else the first skip. */
    public String reason() {
        if (firstFailure != null) return firstFailure;
        if (support == Support.NONE) return supportNote;
        if (unavailable) return unavailableReason;
        if (firstSkip != null) return firstSkip;
        if (support == Support.SLOW || support == Support.PARTIAL) return supportNote;
        if (firstOptionalFailure != null) return "optional: " + firstOptionalFailure;
        return "";
    }
}
