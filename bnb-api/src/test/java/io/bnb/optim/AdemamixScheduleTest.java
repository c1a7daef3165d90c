package io.bnb.optim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** AdEMAMix schedulers (spec OPTIMIZERS.md §6), checked against an independent form of the same curves. */
class AdemamixScheduleTest {

    @Test
    void alphaRampsLinearlyThenStays() {
        assertEquals(0.25, AdemamixSchedule.alpha(1, 5.0, 20));
        assertEquals(2.5, AdemamixSchedule.alpha(10, 5.0, 20));
        assertEquals(5.0, AdemamixSchedule.alpha(20, 5.0, 20));
        assertEquals(5.0, AdemamixSchedule.alpha(1000, 5.0, 20));
        assertEquals(5.0, AdemamixSchedule.alpha(1, 5.0, 0), "no scheduler");
    }

    @Test
    void beta3InterpolatesTheLogBetasHarmonically() {
        double b1 = 0.9, b3 = 0.9999;
        int tb = 100;
        for (int t = 0; t <= 150; t += 5) {
            double s = Math.min((double) t / tb, 1.0);
            // 1/ln β3(t) moves linearly from 1/ln β1 to 1/ln β3 (the half-life grows linearly)
            double expected = Math.exp(1 / ((1 - s) / Math.log(b1) + s / Math.log(b3)));
            double got = AdemamixSchedule.beta3(t, b1, b3, tb);
            assertEquals(expected, got, 1e-12, "t = " + t);
            assertTrue(got <= b3);
        }
        assertEquals(b1, AdemamixSchedule.beta3(0, b1, b3, tb), 1e-15);
        assertEquals(b3, AdemamixSchedule.beta3(5, b1, b3, 0), "no scheduler");
    }
}
