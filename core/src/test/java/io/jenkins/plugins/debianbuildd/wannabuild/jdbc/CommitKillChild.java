package io.jenkins.plugins.debianbuildd.wannabuild.jdbc;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The child JVM of {@link EmbeddedCrashRecoveryTest}, on connections opened as the store opens them
 * ({@link Database#sqliteProperties}) with transactions begun as it begins them. {@code work}: one thread
 * commits big transactions (every row of {@code big} set to the round number) and prints {@code COMMIT n} just
 * before each commit and {@code COMMITTED n} after it, while three threads commit small transactions as fast
 * as they can, so that the database file is written while a big commit is under way; runs until killed.
 * {@code check}: reopens the file, prints {@code ROUNDS min max} (what {@code big} holds), then updates every
 * row of it in a writing transaction and prints {@code LOCKED}.
 */
public final class CommitKillChild {
    private CommitKillChild() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        PrintStream out = System.out;
        if (args[1].equals("check")) {
            check(url, out);
            return;
        }
        int rows = Integer.parseInt(args[2]);
        try (Connection c = open(url)) {
            begin(c);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS big (id INTEGER PRIMARY KEY, round INTEGER NOT NULL, pad TEXT)");
                s.execute("CREATE TABLE IF NOT EXISTS small (id INTEGER PRIMARY KEY, thread INTEGER NOT NULL)");
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM big")) {
                    rs.next();
                    if (rs.getInt(1) == 0) {
                        s.execute("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < " + rows
                                + ") INSERT INTO big SELECT x, 0, NULL FROM r");
                    }
                }
            }
            commit(c);
            for (int t = 0; t < 3; t++) {
                int thread = t;
                Thread th = new Thread(() -> smallCommits(url, thread));
                th.setDaemon(true);
                th.start();
            }
            int round;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(round) FROM big")) {
                rs.next();
                round = rs.getInt(1);
            }
            out.println("READY");
            out.flush();
            // 200 bytes a row: a commit writes some megabytes to the log, long enough to be killed inside.
            try (PreparedStatement ps = c.prepareStatement("UPDATE big SET round = ?, pad = printf('%0200d', ?)")) {
                while (true) {
                    round++;
                    begin(c);
                    ps.setInt(1, round);
                    ps.setInt(2, round);
                    ps.executeUpdate();
                    out.println("COMMIT " + round);
                    out.flush();
                    commit(c);
                    out.println("COMMITTED " + round);
                    out.flush();
                }
            }
        }
    }

    private static Connection open(String url) throws SQLException {
        return DriverManager.getConnection(url, Database.sqliteProperties(60_000));
    }

    private static void begin(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
        }
    }

    private static void commit(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("COMMIT");
        }
    }

    private static void smallCommits(String url, int thread) {
        try (Connection c = open(url);
                PreparedStatement ps = c.prepareStatement("INSERT INTO small (thread) VALUES (?)")) {
            while (true) {
                begin(c);
                ps.setInt(1, thread);
                ps.executeUpdate();
                commit(c);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void check(String url, PrintStream out) throws SQLException {
        try (Connection c = open(url)) {
            begin(c);
            try (Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT MIN(round), MAX(round) FROM big")) {
                    rs.next();
                    out.println("ROUNDS " + rs.getInt(1) + " " + rs.getInt(2));
                    out.flush();
                }
                // What the store does in every state change: write. A commit cut short must not block that.
                s.executeUpdate("UPDATE big SET round = round");
            }
            commit(c);
            out.println("LOCKED");
            out.flush();
        }
    }
}
