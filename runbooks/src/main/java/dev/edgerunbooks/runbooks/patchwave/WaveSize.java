package dev.edgerunbooks.runbooks.patchwave;

import dev.edgerunbooks.runbooks.Percentage;
import java.util.Objects;

/** How many stores a wave takes from those not listed explicitly: a count, a share of the fleet, or the rest. */
public sealed interface WaveSize {
  String FORM = "write a number of stores (50), a share of the fleet (10%) or rest (the last wave only)";
  int MAX_COUNT = 1_000_000;
  Rest REST = new Rest();

  /**
   * How many stores the wave takes.
   *
   * @param fleetSize the stores of the run, explicit ones included: what a share is a share of
   * @param left the stores not yet given a wave; never more than these
   */
  int take(int fleetSize, int left);

  /** {@code stores} stores. */
  record Count(int stores) implements WaveSize {
    public Count {
      if (stores < 1) {
        throw new IllegalArgumentException("a wave takes at least 1 store, not " + stores);
      }
    }

    @Override
    public int take(int fleetSize, int left) {
      return Math.min(stores, left);
    }
  }

  /** {@code ofFleet} of the run's stores, rounded up. */
  record Share(Percentage ofFleet) implements WaveSize {
    public Share {
      Objects.requireNonNull(ofFleet, "ofFleet");
      if (ofFleet.isZero() || ofFleet.compareTo(Percentage.HUNDRED) > 0) {
        throw new IllegalArgumentException(ofFleet + " is out of range: a share of the fleet is more than 0% and at most 100%");
      }
    }

    @Override
    public int take(int fleetSize, int left) {
      return Math.min(ofFleet.ceilOf(fleetSize), left);
    }
  }

  /** Every store left. */
  record Rest() implements WaveSize {
    @Override
    public int take(int fleetSize, int left) {
      return left;
    }
  }

  /** @throws IllegalArgumentException saying what is wrong with {@code text} */
  static WaveSize parse(String text) {
    String t = text.trim();
    if (t.equals("rest")) {
      return REST;
    }
    if (Amounts.isCount(t)) {
      return new Count(Amounts.count(t, 1, MAX_COUNT));
    }
    if (Amounts.isShare(t)) {
      return new Share(Percentage.parse(t));
    }
    throw new IllegalArgumentException("\"" + text + "\" is not a wave size");
  }
}
