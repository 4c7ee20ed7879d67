package dev.edgerunbooks.workflows.common;

import java.time.LocalDate;

/** A change freeze (Black Friday week): no store starts a change on these store-local dates, both included. */
public record Freeze(String name, LocalDate from, LocalDate to) {
  public boolean covers(LocalDate date) {
    return !date.isBefore(from) && !date.isAfter(to);
  }
}
