package io.tollgate.budgets.internal.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

import io.tollgate.platform.Money;

/** USD for people: {@code $1,234.56}; amounts below a cent keep up to six decimals so they never read as zero. */
public final class Usd {

    private Usd() {
    }

    public static String format(Money money) {
        return format(money.nanos());
    }

    public static String format(long nanos) {
        BigDecimal usd = BigDecimal.valueOf(nanos, 9);
        String sign = usd.signum() < 0 ? "−" : "";
        BigDecimal abs = usd.abs();
        DecimalFormat format;
        if (abs.signum() != 0 && abs.compareTo(new BigDecimal("0.01")) < 0) {
            format = new DecimalFormat("0.00####", DecimalFormatSymbols.getInstance(Locale.ROOT));
        } else {
            format = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
            abs = abs.setScale(2, RoundingMode.HALF_UP);
        }
        format.setRoundingMode(RoundingMode.HALF_UP);
        return sign + "$" + format.format(abs);
    }
}
