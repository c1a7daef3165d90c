package io.bnb.conformance.report;

import io.bnb.api.Support;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The verdict rules of a matrix cell. */
class CellTallyTest {
    private static CellTally tally(int pass, int fail, int skip, Support s) {
        CellTally t = new CellTally();
        t.requiredPassed = pass;
        t.requiredFailed = fail;
        t.requiredSkipped = skip;
        t.support = s;
        return t;
    }

    @Test
    void verdicts() {
        assertEquals(CellStatus.PASS, tally(5, 0, 0, Support.NATIVE).status());
        assertEquals(CellStatus.SLOW, tally(5, 0, 0, Support.SLOW).status());
        assertEquals(CellStatus.PARTIAL, tally(5, 0, 1, Support.NATIVE).status());
        assertEquals(CellStatus.PARTIAL, tally(5, 0, 0, Support.PARTIAL).status());
        assertEquals(CellStatus.FAIL, tally(5, 1, 0, Support.NATIVE).status());
        assertEquals(CellStatus.FAIL, tally(5, 1, 0, Support.SLOW).status());
        assertEquals(CellStatus.UNSUPPORTED, tally(0, 0, 4, Support.NONE).status());
        assertEquals(CellStatus.NOT_RUN, tally(0, 0, 4, Support.NATIVE).status());
        assertEquals(CellStatus.NOT_RUN, tally(0, 0, 0, null).status(), "nothing passes by default");
        CellTally optionalOnly = tally(3, 0, 0, Support.NATIVE);
        optionalOnly.optionalFailed = 2;
        optionalOnly.firstOptionalFailure = "optional_x: boom";
        assertEquals(CellStatus.PASS, optionalOnly.status(), "optional failures do not fail a cell");
        assertEquals("optional: optional_x: boom", optionalOnly.reason());
    }

    @Test
    void unavailableBackendIsNotRunWithItsReason() {
        CellTally t = tally(0, 0, 7, null);
        t.unavailable = true;
        t.unavailableReason = "native library not built";
        t.firstSkip = "required_a: backend 'cuda' is not available: native library not built";
        assertEquals(CellStatus.NOT_RUN, t.status());
        assertEquals("native library not built", t.reason());
    }
}
