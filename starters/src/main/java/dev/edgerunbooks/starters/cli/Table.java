package dev.edgerunbooks.starters.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows printed as columns: each column as wide as its widest cell, two spaces apart; the last column
 * (the detail) is as long as it is. A missing value is printed {@code -}.
 */
final class Table {
  private final List<String[]> rows = new ArrayList<>();

  Table(String... header) {
    rows.add(header);
  }

  void add(String... cells) {
    if (cells.length != rows.get(0).length) {
      throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + rows.get(0).length);
    }
    rows.add(Arrays.stream(cells).map(c -> c == null || c.isEmpty() ? "-" : c).toArray(String[]::new));
  }

  /** Whether there is no row beside the header. */
  boolean isEmpty() {
    return rows.size() == 1;
  }

  /** The header, then a line per row, each led by {@code indent}. */
  List<String> lines(String indent) {
    int columns = rows.get(0).length;
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns - 1; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder(indent);
      for (int i = 0; i < columns; i++) {
        line.append(i == columns - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
      }
      lines.add(line.toString().stripTrailing());
    }
    return lines;
  }
}
