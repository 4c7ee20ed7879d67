package dev.edgerunbooks.runbooks.patchwave;

import dev.edgerunbooks.runbooks.Percentage;
import java.math.BigDecimal;
import java.util.Objects;

/** A wave's error budget: how many failed stores halt it, as a count or a share of the wave's stores. */
public sealed interface Budget {
  String FORM = "write a number of failed stores (at least 1) or a share of the wave's stores from 1% to 100%, e.g. 5%";
  Percentage MIN_SHARE = new Percentage(BigDecimal.ONE);

  /** The failures that halt a wave of {@code waveSize} stores: at least 1. */
  int resolve(int waveSize);

  /** {@code failures} failed stores halt the wave. */
  record Count(int failures) implements Budget {
    public Count {
      if (failures < 1) {
        throw new IllegalArgumentException("an error budget is at least 1 failure, not " + failures);
      }
    }

    @Override
    public int resolve(int waveSize) {
      return failures;
    }
  }

  /** {@code ofWave} of the wave's stores, rounded up, at least 1. */
  record Share(Percentage ofWave) implements Budget {
    public Share {
      Objects.requireNonNull(ofWave, "ofWave");
      if (ofWave.compareTo(MIN_SHARE) < 0 || ofWave.compareTo(Percentage.HUNDRED) > 0) {
        throw new IllegalArgumentException(ofWave + " is out of range: an error budget's share is from 1% to 100%");
      }
    }

    @Override
    public int resolve(int waveSize) {
      return Math.max(1, ofWave.ceilOf(waveSize));
    }
  }

  /** @throws IllegalArgumentException saying what is wrong with {@code text} */
  static Budget parse(String text) {
    String t = text.trim();
    if (Amounts.isCount(t)) {
      return new Count(Amounts.count(t, 1, WaveSize.MAX_COUNT));
    }
    if (Amounts.isShare(t)) {
      return new Share(Percentage.parse(t));
    }
    throw new IllegalArgumentException("\"" + text + "\" is not an error budget");
  }
}
