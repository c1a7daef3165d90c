package io.bnb.safetensors.hf;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's {@code repr(float)}: the shortest decimal that reads back to the same double (the
 * closest such decimal when several have that length), printed in fixed notation when the decimal
 * exponent lies in [-4, 16) and as {@code d.ddde±XX} otherwise. {@link Double#toString} differs in
 * format ({@code 1.0E-5} vs {@code 1e-05}) and, for one-digit results, in the digits themselves
 * ({@code 4.9E-324} vs {@code 5e-324}), so it cannot be reused.
 */
public final class PyFloat {
    private PyFloat() {}

    /** {@code repr(x)} as Python prints it ({@code inf}, {@code -inf}, {@code nan} for special values). */
    public static String repr(double x) {
        if (Double.isNaN(x)) return "nan";
        if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
        if (x == 0) return (Double.doubleToRawLongBits(x) < 0) ? "-0.0" : "0.0";
        Digits d = shortest(Math.abs(x));
        String body = format(d.digits, d.decimalPoint);
        return x < 0 ? "-" + body : body;
    }

    /** How {@code json.dumps} writes a float ({@code NaN}, {@code Infinity}, {@code -Infinity} for special values). */
    public static String json(double x) {
        if (Double.isNaN(x)) return "NaN";
        if (Double.isInfinite(x)) return x > 0 ? "Infinity" : "-Infinity";
        return repr(x);
    }

    /** Significant digits (no leading/trailing zeros) and the decimal point position: value = 0.DIGITS × 10^decimalPoint. */
    record Digits(String digits, int decimalPoint) {}

    static Digits shortest(double x) {
        BigDecimal exact = new BigDecimal(x);
        for (int p = 1; p <= 17; p++) {
            BigDecimal down = exact.round(new MathContext(p, RoundingMode.DOWN));
            BigDecimal up = exact.round(new MathContext(p, RoundingMode.UP));
            boolean downOk = down.doubleValue() == x, upOk = up.doubleValue() == x;
            if (!downOk && !upOk) continue;
            BigDecimal pick;
            if (downOk && upOk) {
                int c = exact.subtract(down).compareTo(up.subtract(exact));
                // equidistant: keep the even last digit, like correctly rounded printing does
                pick = c < 0 ? down : c > 0 ? up : (lastDigitEven(down) ? down : up);
            } else pick = downOk ? down : up;
            return digitsOf(pick);
        }
        throw new AssertionError("17 significant digits always round-trip a double: " + x);
    }

    private static boolean lastDigitEven(BigDecimal d) {
        return d.unscaledValue().testBit(0) == false;
    }

    private static Digits digitsOf(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        String digits = s.unscaledValue().toString();
        // value = unscaled × 10^-scale = 0.digits × 10^(len - scale)
        return new Digits(digits, digits.length() - s.scale());
    }

    /** Python's float_repr_style 'short' layout (format code 'r' with the ".0" suffix for integral values). */
    static String format(String digits, int decpt) {
        int n = digits.length();
        if (decpt <= -4 || decpt > 16) {
            StringBuilder sb = new StringBuilder().append(digits.charAt(0));
            if (n > 1) sb.append('.').append(digits, 1, n);
            int exp = decpt - 1;
            sb.append('e').append(exp < 0 ? '-' : '+');
            int a = Math.abs(exp);
            if (a < 10) sb.append('0');
            return sb.append(a).toString();
        }
        if (decpt <= 0) return "0." + "0".repeat(-decpt) + digits;
        if (decpt >= n) return digits + "0".repeat(decpt - n) + ".0";
        return digits.substring(0, decpt) + "." + digits.substring(decpt);
    }
}
