package dev.edgerunbooks.activities.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.Test;

class ReportTextTest {
  @Test
  void aRunsReportLivesUnderItsIdEvenWhenTheIdHasSeveralParts() {
    assertThat(ReportText.runReportKey("cert-rotation", "cert-rotation/2026-11-24")).isEqualTo("cert-rotation/2026-11-24/report.json");
    assertThat(ReportText.runReportKey("cert-rotation", "cert-rotation/2026-11-24/dry-run-1795529380758"))
        .isEqualTo("cert-rotation/2026-11-24/dry-run-1795529380758/report.json");
    assertThat(ReportText.runReportKey("token-rotation", "2026-11-24")).isEqualTo("token-rotation/2026-11-24/report.json");
  }

  @Test
  void anIdThatWouldLeaveTheRunbooksFolderIsRefused() {
    for (String id : new String[] {"cert-rotation/../evidence", "cert-rotation/a//b", "cert-rotation/", "a\\b"}) {
      assertThatThrownBy(() -> ReportText.runReportKey("cert-rotation", id))
          .as(id)
          .isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo("ReportInvalid"));
    }
  }
}
