package dev.edgerunbooks.runbooks.patchwave;

import java.util.regex.Pattern;

/** What a wave size and an error budget are both written as: a whole number, or a percentage. */
final class Amounts {
  private static final Pattern DIGITS = Pattern.compile("\\d+");

  private Amounts() {}

  static boolean isCount(String text) {
    return DIGITS.matcher(text).matches();
  }

  static boolean isShare(String text) {
    return text.endsWith("%");
  }

  /** @throws IllegalArgumentException when {@code digits} is not from {@code min} to {@code max} */
  static int count(String digits, int min, int max) {
    long value = digits.length() > 10 ? Long.MAX_VALUE : Long.parseLong(digits);
    if (value < min || value > max) {
      throw new IllegalArgumentException(digits + " is out of range: write a number from " + min + " to " + max);
    }
    return (int) value;
  }
}
