package dev.edgerunbooks.runbooks;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A percentage as operators write it in runbook files: {@code 5%}, {@code 0.5%}, {@code 300%}. Kept as
 * a decimal, so {@code 10%} of 20 stores is exactly 2, not 2.0000000000000004 rounded up to 3.
 */
public record Percentage(BigDecimal value) implements Comparable<Percentage> {
  public static final String FORM = "write a percentage such as 5%, 0.5% or 100%";
  public static final Percentage HUNDRED = new Percentage(BigDecimal.valueOf(100));

  private static final Pattern FORMAT = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,6})?)\\s*%");
  private static final BigDecimal ONE_HUNDRED = BigDecimal.valueOf(100);

  public Percentage {
    Objects.requireNonNull(value, "value");
    if (value.signum() < 0) {
      throw new IllegalArgumentException("a percentage cannot be negative: " + value);
    }
    // 5%, 5.0% and 5.00% are the same percentage.
    value = value.stripTrailingZeros();
    if (value.scale() < 0) {
      value = value.setScale(0, RoundingMode.UNNECESSARY);
    }
  }

  /** @throws IllegalArgumentException naming the text and the form */
  public static Percentage parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a percentage is required; " + FORM);
    }
    String t = text.trim();
    if (t.startsWith("-")) {
      throw new IllegalArgumentException("\"" + text + "\" is negative; a percentage is 0% or more");
    }
    Matcher m = FORMAT.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException("\"" + text + "\" is not a percentage");
    }
    return new Percentage(new BigDecimal(m.group(1)));
  }

  /** 0.25 for 25%. */
  public double fraction() {
    return value.doubleValue() / 100;
  }

  /** This share of {@code n}, rounded up: 5% of 30 is 2. */
  public int ceilOf(int n) {
    return value.multiply(BigDecimal.valueOf(n)).divide(ONE_HUNDRED, 0, RoundingMode.CEILING).intValueExact();
  }

  public boolean isZero() {
    return value.signum() == 0;
  }

  @Override
  public int compareTo(Percentage other) {
    return value.compareTo(other.value);
  }

  /** {@code 5%}, {@code 0.5%}, as {@link #parse} reads it. */
  @Override
  public String toString() {
    return value.toPlainString() + "%";
  }
}
