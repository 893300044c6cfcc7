package io.jenkins.plugins.debianbuildd.cli.standalone;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Terminal output of the standalone commands: elapsed times, a status line that updates in place, tables. */
final class Console {
    private Console() {
    }

    /** Whether output goes to a terminal (status lines are redrawn in place only then). */
    static boolean interactive() {
        return System.console() != null;
    }

    /** {@code 4.2 s}, {@code 3 min 05 s}, {@code 2 h 07 min}. */
    static String elapsed(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 60_000) {
            return String.format("%.1f s", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 3600) {
            return String.format("%d min %02d s", s / 60, s % 60);
        }
        return String.format("%d h %02d min", s / 3600, (s % 3600) / 60);
    }

    /** {@code 90s}, {@code 30m}, {@code 2h}, as in buildd.conf; empty when malformed. */
    static java.util.Optional<Duration> parseDuration(String v) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})([smh])").matcher(v == null ? "" : v.strip());
        if (!m.matches()) {
            return java.util.Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        return java.util.Optional.of(switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        });
    }

    /** {@code [ 1:23]}: a fixed-width prefix for progress lines. */
    static String stamp(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s < 3600 ? String.format("[%2d:%02d]", s / 60, s % 60) : String.format("[%d:%02d:%02d]", s / 3600, (s % 3600) / 60, s % 60);
    }

    /**
     * Progress of long work: permanent lines, and a status line that a terminal redraws in place (elsewhere,
     * status lines are dropped unless they are worth keeping).
     */
    static final class Progress {
        private final PrintWriter out;
        private final boolean tty;
        private final long t0 = System.nanoTime();
        private boolean statusShown;

        Progress(PrintWriter out, boolean tty) {
            this.out = out;
            this.tty = tty;
        }

        Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - t0);
        }

        /** A line that stays, prefixed with the elapsed time. */
        synchronized void line(String text) {
            clearStatus();
            out.println(stamp(elapsed()) + " " + text);
            out.flush();
        }

        /** The current activity: redrawn in place on a terminal; elsewhere printed only when {@code keep}. */
        synchronized void status(String text, boolean keep) {
            if (tty) {
                String s = stamp(elapsed()) + " " + text.replace('\t', ' ');
                if (s.length() > 119) {
                    s = s.substring(0, 116) + "...";
                }
                out.print("\r\033[K" + s);
                out.flush();
                statusShown = true;
            } else if (keep) {
                line(text);
            }
        }

        synchronized void clearStatus() {
            if (statusShown) {
                out.print("\r\033[K");
                statusShown = false;
            }
        }

        synchronized void done() {
            clearStatus();
            out.flush();
        }
    }

    /** A plain text table: columns padded to their widest cell, numbers right-aligned. */
    static final class Table {
        private final List<String[]> rows = new ArrayList<>();
        private final int columns;

        Table(String... headers) {
            columns = headers.length;
            rows.add(headers);
        }

        Table row(Object... cells) {
            String[] r = new String[columns];
            for (int i = 0; i < columns; i++) {
                r[i] = i < cells.length && cells[i] != null ? cells[i].toString() : "";
            }
            rows.add(r);
            return this;
        }

        int size() {
            return rows.size() - 1;
        }

        void print(PrintWriter out, String indent) {
            int[] width = new int[columns];
            boolean[] numeric = new boolean[columns];
            java.util.Arrays.fill(numeric, true);
            for (int r = 0; r < rows.size(); r++) {
                for (int c = 0; c < columns; c++) {
                    width[c] = Math.max(width[c], rows.get(r)[c].length());
                    if (r > 0 && !rows.get(r)[c].matches("\\d*")) {
                        numeric[c] = false;
                    }
                }
            }
            for (String[] r : rows) {
                StringBuilder sb = new StringBuilder(indent);
                for (int c = 0; c < columns; c++) {
                    String cell = r[c];
                    String pad = " ".repeat(width[c] - cell.length());
                    sb.append(numeric[c] ? pad + cell : c == columns - 1 ? cell : cell + pad);
                    if (c < columns - 1) {
                        sb.append("  ");
                    }
                }
                out.println(sb.toString().stripTrailing());
            }
        }
    }
}
