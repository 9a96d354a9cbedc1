package com.coeffection.sync.launcher.history;

import picocli.CommandLine;
import picocli.CommandLine.Help.TextTable;

import java.util.List;

/** Readable fixed-width tables for the terminal (picocli's text table: long cells wrap inside their column). */
final class Tables {
    private Tables() {
    }

    static String of(int[] widths, List<String> header, List<List<String>> rows) {
        TextTable table = TextTable.forColumnWidths(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF), widths);
        table.addRowValues(header.toArray(String[]::new));
        String[] rule = new String[widths.length];
        for (int i = 0; i < widths.length; i++) {
            rule[i] = "-".repeat(Math.max(1, widths[i] - 1));
        }
        table.addRowValues(rule);
        rows.forEach(r -> table.addRowValues(r.stream().map(v -> v == null ? "" : v).toArray(String[]::new)));
        return table.toString();
    }
}
