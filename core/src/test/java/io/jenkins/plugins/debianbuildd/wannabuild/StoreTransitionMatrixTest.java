package io.jenkins.plugins.debianbuildd.wannabuild;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.formats.Deb822Writer;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import io.jenkins.plugins.debianbuildd.testsupport.StoreBackend;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The generated matrix: every operation and every merge action, from every state and from "no row", through
 * the real store on both databases, checked against the hand-written {@link TransitionGrid}. A refusal must
 * leave the row and the transactions log as they were; an allowed change must leave the grid's state and
 * exactly one log entry.
 */
@ParameterizedClass
@EnumSource(StoreBackend.class)
class StoreTransitionMatrixTest {
    private static final String SUITE = "sid";
    private static final String ARCH = "amd64";
    private static final String USER = "tester";
    private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");

    @Parameter
    StoreBackend backend;

    @TempDir
    Path tmp;

    @Test
    void everyActionFromEveryState() throws Exception {
        List<Action> actions = List.of(Action.values()).stream().filter(a -> a.kind() != Action.Kind.PROPAGATION).toList();
        StoreConfig config = backend.newConfig(tmp).withClock(Clock.fixed(NOW, ZoneOffset.UTC));
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        try (WannaBuildStore store = WannaBuildStore.open(config)) {
            store.importFrom(new ByteArrayInputStream(fixtureDump(actions).getBytes(StandardCharsets.UTF_8)));
            for (Action a : actions) {
                if (a.kind() == Action.Kind.OPERATION) {
                    for (String col : TransitionGrid.COLUMNS) {
                        checked++;
                        checkOperation(store, TransitionGrid.cell(a, col), wrong);
                    }
                } else {
                    checked += checkMerge(store, a, wrong);
                }
            }
        }
        assertThat(checked).isEqualTo(actions.size() * TransitionGrid.COLUMNS.size());
        assertThat(wrong).isEmpty();
    }

    static String pkg(Action a, String column) {
        return (a.name() + "-" + (column.equals("--") ? "absent" : TransitionGrid.STATES.get(column).name()))
                .toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** One row per (action, state): the state with the fields wanna-build keeps in it. */
    private static String fixtureDump(List<Action> actions) {
        List<Paragraph> ps = new ArrayList<>();
        ps.add(DumpFormat.header());
        ps.add(DumpFormat.suite(SuiteConfig.of(SUITE, ARCH)));
        for (Action a : actions) {
            for (String col : TransitionGrid.COLUMNS) {
                if (!col.equals("--")) {
                    ps.add(DumpFormat.pkg(fixture(a, TransitionGrid.STATES.get(col))));
                }
            }
        }
        return Deb822Writer.toString(ps);
    }

    static PackageRecord fixture(Action a, State s) {
        PackageRecord.Builder b = PackageRecord.builder(SUITE, ARCH, pkg(a, TransitionGrid.column(s)),
                DebianVersion.parse("1.0-1"), s, NOW.minus(Duration.ofDays(1)))
                .section("misc").priority("optional").notes("uncompiled").installedVersion(DebianVersion.parse("1.0-1"));
        switch (s) {
            case NEEDS_BUILD, BD_UNINSTALLABLE, NOT_FOR_US, AUTO_NOT_FOR_US -> {
            }
            default -> b.builder(USER);
        }
        switch (s) {
            case FAILED, FAILED_REMOVED -> b.failed("it broke");
            case DEP_WAIT, DEP_WAIT_REMOVED -> b.depends("libfoo (>= 1)");
            case BD_UNINSTALLABLE -> b.bdProblem("libfoo is missing");
            default -> {
            }
        }
        if (a == Action.BIN_NMU_CANCEL && s != State.NOT_FOR_US && s != State.AUTO_NOT_FOR_US) {
            b.binNmuVersion(1).binNmuChangelog("Rebuild against libfoo2");
        }
        return b.build();
    }

    private static Request request(Action a, boolean override) {
        Request r = Request.of(a, USER).withOverride(override);
        return switch (a) {
            case FAILED -> r.withMessage("[e] compile error in foo.c");
            case DEP_WAIT -> r.withMessage("libbar (>= 2)");
            case BIN_NMU -> r.withNumber(1).withMessage("Rebuild against libfoo2");
            case BUILD_PRIORITY, PERM_BUILD_PRIORITY -> r.withNumber(5);
            default -> r;
        };
    }

    private static Fields fields(Action a) {
        return switch (a) {
            case MERGE_NEW_VERSION -> Fields.version("1.0-2");
            case MERGE_INSTALLED, MERGE_AUTO_NOT_FOR_US -> Fields.version("1.0-1");
            case MERGE_BD_UNINSTALLABLE -> Fields.none().bdProblem("libq is not installable");
            case MERGE_DEP_WAIT -> Fields.none().depends("libq (>= 3)");
            case MERGE_REFRESH -> Fields.none().section("libs");
            default -> Fields.none();
        };
    }

    private void checkOperation(WannaBuildStore store, TransitionGrid.Cell cell, List<String> wrong) {
        String name = pkg(cell.action(), TransitionGrid.column(cell.from()));
        Optional<PackageRecord> before = store.get(SUITE, ARCH, name);
        int logBefore = store.transactions(SUITE, ARCH, name).size();
        Object got = attempt(store, name, request(cell.action(), false));
        if (cell.text().equals("?")) {
            expect(got instanceof UnknownPackageException, cell, got, wrong);
            return;
        }
        if (cell.refused() || cell.overrideOnly()) {
            expect(got instanceof IllegalTransitionException, cell, got, wrong);
            expectUntouched(store, name, before, logBefore, cell, wrong);
            if (cell.overrideOnly()) {
                got = attempt(store, name, request(cell.action(), true));
                expectChange(store, name, cell, got, logBefore, wrong);
            }
            return;
        }
        if (cell.unchanged()) {
            expect(got instanceof OperationResult r && !r.changed(), cell, got, wrong);
            expectUntouched(store, name, before, logBefore, cell, wrong);
            return;
        }
        expectChange(store, name, cell, got, logBefore, wrong);
        if (cell.warning()) {
            expect(got instanceof OperationResult r && r.messages().stream().anyMatch(m -> m.contains("warning: state is")),
                    cell, got, wrong);
        }
    }

    private static Object attempt(WannaBuildStore store, String name, Request req) {
        try {
            return store.perform(SUITE, ARCH, name, req);
        } catch (RuntimeException e) {
            return e;
        }
    }

    private void expectChange(WannaBuildStore store, String name, TransitionGrid.Cell cell, Object got, int logBefore,
            List<String> wrong) {
        Optional<PackageRecord> after = store.get(SUITE, ARCH, name);
        List<TransactionEntry> log = store.transactions(SUITE, ARCH, name);
        if (cell.deleted()) {
            expect(after.isEmpty(), cell, got, wrong);
        } else {
            expect(after.isPresent() && after.get().state() == cell.target(), cell,
                    got + " / row " + after.map(PackageRecord::state).orElse(null), wrong);
        }
        expect(log.size() == logBefore + 1, cell, "log grew by " + (log.size() - logBefore) + " / " + got, wrong);
        if (log.size() == logBefore + 1) {
            TransactionEntry t = log.get(log.size() - 1);
            expect(t.newState() == (cell.deleted() ? null : cell.target()) && t.previousState() == cell.from()
                    && t.user().equals(USER) && t.time().equals(NOW), cell, "log entry " + t, wrong);
        }
    }

    private void expectUntouched(WannaBuildStore store, String name, Optional<PackageRecord> before, int logBefore,
            TransitionGrid.Cell cell, List<String> wrong) {
        expect(store.get(SUITE, ARCH, name).equals(before), cell, "row changed", wrong);
        expect(store.transactions(SUITE, ARCH, name).size() == logBefore, cell, "log changed", wrong);
    }

    /** All cells of one merge action in one merge; each refused change is caught and the merge goes on. */
    private int checkMerge(WannaBuildStore store, Action a, List<String> wrong) {
        Map<String, Optional<PackageRecord>> before = new HashMap<>();
        Map<String, Integer> logBefore = new HashMap<>();
        for (String col : TransitionGrid.COLUMNS) {
            String name = pkg(a, col);
            before.put(col, store.get(SUITE, ARCH, name));
            logBefore.put(col, store.transactions(SUITE, ARCH, name).size());
        }
        Map<String, Object> got = new HashMap<>();
        store.merge(SUITE, ARCH, USER, s -> {
            for (String col : TransitionGrid.COLUMNS) {
                try {
                    got.put(col, s.apply(pkg(a, col), a, fields(a)));
                } catch (RuntimeException e) {
                    got.put(col, e);
                }
            }
        });
        for (String col : TransitionGrid.COLUMNS) {
            TransitionGrid.Cell cell = TransitionGrid.cell(a, col);
            String name = pkg(a, col);
            Object g = got.get(col);
            if (cell.text().equals("?")) {
                expect(g instanceof UnknownPackageException, cell, g, wrong);
            } else if (cell.refused()) {
                expect(g instanceof IllegalTransitionException, cell, g, wrong);
                expectUntouched(store, name, before.get(col), logBefore.get(col), cell, wrong);
            } else if (cell.unchanged()) {
                expect(g instanceof Outcome o && !o.changed(), cell, g, wrong);
                expectUntouched(store, name, before.get(col), logBefore.get(col), cell, wrong);
            } else {
                expectChange(store, name, cell, g, logBefore.get(col), wrong);
            }
        }
        return TransitionGrid.COLUMNS.size();
    }

    private static void expect(boolean ok, TransitionGrid.Cell cell, Object got, List<String> wrong) {
        if (!ok) {
            wrong.add(cell + ": got " + got);
        }
    }
}
