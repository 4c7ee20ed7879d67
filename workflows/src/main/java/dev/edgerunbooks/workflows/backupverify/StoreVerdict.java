package dev.edgerunbooks.workflows.backupverify;

public enum StoreVerdict {
  PASSED,
  FAILED,
  UNREACHABLE
}
