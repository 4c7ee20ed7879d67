package dev.edgerunbooks.activities.evidence;

import java.util.List;
import java.util.Optional;

/**
 * What {@link EvidenceChainVerifier} found.
 *
 * @param trustedKeyId the key every day's file must be signed with
 * @param daysChecked the days whose file was checked, oldest first
 * @param daysWithoutEvidence days in the range that have no file and that no file links to: no
 *     evidence run recorded them (not tampering, but a gap an auditor should see)
 * @param problems everything that does not hold, by day, in the order checked
 */
public record ChainVerification(
    String from,
    String to,
    String trustedKeyId,
    List<String> daysChecked,
    List<String> daysWithoutEvidence,
    List<Problem> problems) {
  public ChainVerification {
    daysChecked = List.copyOf(daysChecked);
    daysWithoutEvidence = List.copyOf(daysWithoutEvidence);
    problems = List.copyOf(problems);
  }

  /**
   * One thing that does not hold.
   *
   * @param date the day it concerns
   * @param key the object it concerns
   * @param store the store, or null when it concerns the whole day
   * @param item the item id, or null
   * @param what what is wrong and what it means, as one clause
   */
  public record Problem(String date, String key, String store, String item, String what) {
    /** {@code 2026-11-25: item guest/101/config of store-0003 does not match its hash (…): …}. */
    public String sentence() {
      return date + ": " + what;
    }

    @Override
    public String toString() {
      return sentence();
    }
  }

  public boolean ok() {
    return problems.isEmpty();
  }

  /** The first broken link of the chain, oldest first; empty when the chain holds. */
  public Optional<Problem> firstBroken() {
    return problems.stream().findFirst();
  }
}
