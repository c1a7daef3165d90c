package io.bnb.safetensors.hf;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class PyFloatTest {
    /** double bits (hex) and Python 3 {@code repr()} of that double, printed by CPython. */
    private static final String[] PYTHON_REPR = {
            "4004d262c0000000 2.6027274131774902",
            "3fad1fb160000000 0.05688242241740227",
            "3ee4f8b588e368f1 1e-05",
            "3eb0c6f7a0b5ed8d 1e-06",
            "0000000000000001 5e-324",
            "4341c37937e08000 1e+16",
            "430c6bf526340000 1000000000000000.0",
            "4376345785d8a000 1e+17",
            "4480f0cf064dd592 1e+22",
            "3fb999999999999a 0.1",
            "3f1a36e2eb1c432d 0.0001",
            "3f202e4b6ce5dc68 0.00012345",
            "437b69b4ba630f35 1.2345678901234568e+17",
            "3ff8000000000000 1.5",
            "40c3880000000000 10000.0",
            "36a0000000000000 1.401298464324817e-45",
            "47efffffe0000000 3.4028234663852886e+38",
            "3810000000000000 1.1754943508222875e-38",
            "3ee4f8b580000000 9.999999747378752e-06",
            "4059000000000000 100.0",
            "3f1a36e2eb1c432d 0.0001",
            "3f18e757928e0c9e 9.5e-05",
            "4018000000000000 6.0",
            "3fd3333333333333 0.3",
            "3fe5555555555555 0.6666666666666666",
            "7e37e43c8800759c 1e+300",
            "7fefffffffffffff 1.7976931348623157e+308",
            "0010000000000000 2.2250738585072014e-308",
            "0000000000000003 1.5e-323",
            "405edd2f1a9fbe77 123.456",
            "43118b54f22aeb03 1234567890123456.8",
            "4345ee2a2eb5a5c4 1.2345678901234568e+16",
            "425cd68700000000 495433023488.0",
            "c654e9bc80000000 -6.62760456036263e+30",
            "3cd3c1a6e0000000 1.0967034258749122e-15",
            "44a264e1c0000000 4.3431769050439316e+22",
            "bcd4748a00000000 -1.1354934055735413e-15",
            "398b8ffa00000000 1.698664568576658e-31",
            "3a5165e660000000 8.783768771816667e-28",
            "c247e10480000000 -205118832640.0",
            "b925f20560000000 -2.1132646219869452e-33",
            "3b031d0220000000 1.9762703141930095e-24",
            "43b3b93f00000000 1.421236426644652e+18",
            "baa6330ba0000000 -3.5865058773343806e-26",
            "39db208ea0000000 5.3498922100273585e-30",
            "c51c4bb280000000 -8.551848294810499e+24",
            "b83ce9dea0000000 -8.496929623342147e-38",
            "3edeceb980000000 7.345084668486379e-06",
            "39332a1b00000000 3.690943528354532e-33",
            "3ac0146b40000000 1.0391302321498053e-25",
            "45e06ceb40000000 4.066748065899997e+28",
            "4561aa9360000000 1.708580785955552e+26",
            "3a3c4171e0000000 3.5663636449371536e-28",
            "3fb382e480000000 0.07621601223945618",
            "3ae71efb20000000 5.976643424959491e-25",
            "b9a22dd9c0000000 -4.481495100080557e-31",
            "4595a944c0000000 1.675954583114704e+27",
            "39e43bb6c0000000 7.980612832139373e-30",
            "c2759295e0000000 -1482457743360.0",
            "ba183259e0000000 -7.635127180726484e-29",
            "3bf62f8460000000 7.516778280611748e-20",
            "c651820ba0000000 -5.548503471127686e+30",
            "3f24c60b20000000 0.000158490045578219",
            "bc2e166700000000 -8.155235697706241e-19",
            "bc13eed6a0000000 -2.701420144654573e-19",
            "baa7e91e20000000 -3.862968344544906e-26",
            "c653a1b520000000 -6.221524564165347e+30",
            "39fac61e20000000 2.1120880758625525e-29",
            "ba77a099e0000000 -4.7715049187289875e-27",
            "babcc15ea0000000 -9.291354734600717e-26",
            "44b19b4280000000 8.314426737021247e+22",
            "39963c5380000000 2.7407553569083065e-31",
            "3898d190f9ebdacc 4.6678633181812096e-36",
            "8e81973e0becd7b0 -8.441872792105456e-239",
            "2217beaddbc496cb 1.9015657400796622e-144",
            "6b4cb2424a23d596 7.370437700706684e+208",
            "8a6a63ec24ede6a4 -1.7163996725272777e-258",
            "922766581e27a1c0 -3.2367190832119987e-221",
            "8f6d05584ef8aa38 -2.2818334634712625e-234",
            "ae97ba94d0eda82f -3.0536383926309363e-84",
            "1a61dbe22e44158b 1.3449551894627777e-181",
            "923a736994e3bf91 -7.317495976062606e-221",
            "301850c5a38fd547 5.249822308814304e-77",
            "18f135d25f557203 1.5450754142984396e-188",
            "b64ce4228c38fb29 -3.953625698224792e-47",
            "907a70c31012f037 -2.72491267476498e-229",
            "9e7769b10f4205b4 -6.505141861548772e-162",
            "7f15052434b9b5df 1.441484839555994e+304",
            "881ed162ae2eb154 -1.4583679262758548e-269",
            "c6f877186d76b07e -7.939416668807721e+33",
            "7731af10506bf2ef 1.4255183989699612e+266",
            "ec66a78795e761d1 -1.525315701232403e+214"
    };

    @Test
    void matchesPythonReprForFixedAndRandomValues() {
        for (String c : PYTHON_REPR) {
            String[] p = c.split(" ");
            double x = Double.longBitsToDouble(Long.parseUnsignedLong(p[0], 16));
            assertEquals(p[1], PyFloat.repr(x), "repr of " + x);
            String neg = p[1].startsWith("-") ? p[1].substring(1) : "-" + p[1];
            assertEquals(neg, PyFloat.repr(-x), "repr of " + -x);
        }
    }

    @Test
    void exponentNotationDiffersFromJavaToString() {
        assertEquals("1.0E-5", Double.toString(1e-5));
        assertEquals("1e-05", PyFloat.repr(1e-5));
        assertEquals("4.9E-324", Double.toString(Double.MIN_VALUE));
        assertEquals("5e-324", PyFloat.repr(Double.MIN_VALUE));
        assertEquals("1e+16", PyFloat.repr(1e16));
        assertEquals("1000000000000000.0", PyFloat.repr(1e15));
        assertEquals("0.0001", PyFloat.repr(1e-4));
    }

    @Test
    void specialValues() {
        assertEquals("0.0", PyFloat.repr(0.0));
        assertEquals("-0.0", PyFloat.repr(-0.0));
        assertEquals("inf", PyFloat.repr(Double.POSITIVE_INFINITY));
        assertEquals("nan", PyFloat.repr(Double.NaN));
        assertEquals("Infinity", PyFloat.json(Double.POSITIVE_INFINITY));
        assertEquals("-Infinity", PyFloat.json(Double.NEGATIVE_INFINITY));
        assertEquals("NaN", PyFloat.json(Double.NaN));
    }

    @Test
    void everyFloat32OffsetRoundTrips() {
        java.util.Random r = new java.util.Random(11);
        for (int i = 0; i < 2000; i++) {
            float f = Float.intBitsToFloat(r.nextInt());
            if (!Float.isFinite(f)) continue;
            String s = PyFloat.repr(f);
            assertEquals((double) f, Double.parseDouble(s), s);
            assertEquals(f, (float) Double.parseDouble(s), s);
        }
    }
}
