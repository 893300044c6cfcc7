package io.jenkins.plugins.debianbuildd.wannabuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each action does to the fields of a row, with wanna-build's messages (no database: pure decisions). */
class TransitionsTest {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    private static final SuiteConfig SID = SuiteConfig.of("sid", "amd64");

    private static PackageRecord row(State s) {
        return PackageRecord.builder("sid", "amd64", "hello", DebianVersion.parse("1.0-1"), s, T0)
                .section("devel").priority("optional").build();
    }

    private static Outcome apply(Request r, PackageRecord cur) {
        return apply(r, cur, SID, List.of());
    }

    private static Outcome apply(Request r, PackageRecord cur, SuiteConfig suite, List<PackageRecord> peers) {
        return Transitions.apply(r, cur, "amd64", "hello", new Transitions.Context(suite, T0.plus(Duration.ofHours(1)), peers));
    }

    @Test
    void failuresAreAppendedWithTheirCategory() {
        PackageRecord building = row(State.BUILDING).toBuilder().builder("b").permBuildPri(3).buildPri(10).build();
        Outcome first = apply(Request.of(Action.FAILED, "b").withMessage("[e] missing include\r\n  in foo.c  \n\n"), building);
        assertThat(first.after().state()).isEqualTo(State.FAILED);
        assertThat(first.after().failed()).isEqualTo("missing include\n  in foo.c");
        assertThat(first.after().failedCategory()).isEqualTo(FailedCategory.EASY);
        assertThat(first.after().buildPri()).isEqualTo(3);
        assertThat(first.after().previousState()).isEqualTo(State.BUILDING);

        Outcome second = apply(Request.of(Action.FAILED, "b").withMessage("[r]"), first.after());
        assertThat(second.messages()).containsExactly("hello: already registered as failed; changing category");
        assertThat(second.after().failed()).isEqualTo("missing include\n  in foo.c\n03/01/24: reminder sent");
        assertThat(second.after().failedCategory()).isEqualTo(FailedCategory.REMINDER_SENT);

        Outcome third = apply(Request.of(Action.FAILED, "b").withMessage("still broken"), second.after());
        assertThat(third.messages()).containsExactly("hello: already registered as failed; will append new message");
        assertThat(third.after().failed()).endsWith("\nstill broken");
        assertThat(third.after().failedCategory()).isEqualTo(FailedCategory.REMINDER_SENT);

        assertThatThrownBy(() -> apply(Request.of(Action.FAILED, "b").withMessage("  "), building))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failure message");
        assertThatThrownBy(() -> apply(Request.of(Action.FAILED, "b").withMessage("x".repeat(100_001)), building))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("message too long (100001 characters");
        // Appended again and again, the failures keep their newest half million characters.
        PackageRecord r = building;
        for (int i = 0; i < 14; i++) {
            r = apply(Request.of(Action.FAILED, "b").withMessage(("line " + i + "\n").repeat(9_000)), r).after();
        }
        assertThat(r.failed().length()).isLessThanOrEqualTo(500_000);
        assertThat(r.failed()).endsWith("line 13").startsWith("line ");
    }

    @Test
    void aNewVersionKeepsTheOldFailuresAndWarnsTheNextBuilder() {
        PackageRecord failed = row(State.FAILED).toBuilder().builder("b").failed("boom").failedCategory(FailedCategory.HARD)
                .oldFailed("-------------------- 0.9-1 --------------------\nolder").build();
        Outcome nv = apply(Request.merge(Action.MERGE_NEW_VERSION, "merge", Fields.version("1.0-2").notes("out-of-date")), failed);
        PackageRecord r = nv.after();
        assertThat(r.state()).isEqualTo(State.NEEDS_BUILD);
        assertThat(r.previousState()).isEqualTo(State.FAILED);
        assertThat(r.version().toString()).isEqualTo("1.0-2");
        assertThat(r.failed()).isNull();
        assertThat(r.failedCategory()).isNull();
        assertThat(r.builder()).isNull();
        assertThat(r.oldFailed()).isEqualTo("-------------------- 1.0-1 --------------------\nboom\n"
                + "-------------------- 0.9-1 --------------------\nolder");
        Outcome take = apply(Request.of(Action.TAKE, "b2"), r);
        assertThat(take.messages()).containsExactly("hello: Warning: Previous version failed!");
        assertThat(take.after().builder()).isEqualTo("b2");
    }

    @Test
    void takingAFailedPackageNeedsAnOverrideAndShowsTheFailure() {
        PackageRecord failed = row(State.FAILED).toBuilder().builder("b").failed("line one\nline two").build();
        assertThatThrownBy(() -> apply(Request.of(Action.TAKE, "b"), failed))
                .isInstanceOfSatisfying(IllegalTransitionException.class, e -> assertThat(e.wannaBuildMessage())
                        .isEqualTo("hello: NOT OK!\n  build of 1.0-1 failed previously:\n    line one\n    line two"));
        Outcome o = apply(Request.of(Action.TAKE, "c").withOverride(true), failed);
        assertThat(o.after().state()).isEqualTo(State.BUILDING);
        assertThat(o.messages()).startsWith("The following package previously failed (by b)");
        assertThat(o.logAction()).isEqualTo("--take --override");
    }

    @Test
    void takeNamesTheNewerVersionWhenAnOlderOneIsAsked() {
        PackageRecord nb = row(State.NEEDS_BUILD);
        assertThatThrownBy(() -> apply(Request.of(Action.TAKE, "b").withVersion(DebianVersion.parse("0.9-1")), nb))
                .isInstanceOfSatisfying(IllegalTransitionException.class,
                        e -> assertThat(e.reason()).isEqualTo("newer version 1.0-1 needs building, not 0.9-1"));
        PackageRecord in = row(State.INSTALLED);
        assertThatThrownBy(() -> apply(Request.of(Action.TAKE, "b").withVersion(DebianVersion.parse("0.9-1")), in))
                .hasMessageContaining("newer version 1.0-1 already in archive; doesn't need rebuilding");
        assertThatThrownBy(() -> apply(Request.of(Action.TAKE, "b").withVersion(DebianVersion.parse("1.0-1")), in))
                .hasMessageContaining("is up-to-date in the archive; doesn't need rebuilding");
    }

    @Test
    void depWaitListsAreMergedAndChecked() {
        PackageRecord building = row(State.BUILDING).toBuilder().builder("b").build();
        Outcome first = apply(Request.of(Action.DEP_WAIT, "b").withMessage("libfoo-dev (>= 1.2), libbar-dev"), building);
        assertThat(first.after().depends()).isEqualTo("libfoo-dev (>= 1.2), libbar-dev");
        Outcome second = apply(Request.of(Action.DEP_WAIT, "b").withMessage("libfoo-dev (>> 1.3), libbaz-dev"), first.after());
        assertThat(second.messages()).containsExactly("hello: merging with previously registered dependencies");
        assertThat(second.after().depends()).isEqualTo("libfoo-dev (>> 1.3), libbar-dev, libbaz-dev");
        for (String bad : List.of("", "a | b", "libfoo (<< 2)", "libfoo (= 2)", "libfoo [amd64]", "libfoo (>= )", "foo,,bar")) {
            assertThatThrownBy(() -> apply(Request.of(Action.DEP_WAIT, "b").withMessage(bad), building))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Bad dependency list");
        }
    }

    @Test
    void giveBackGoesThroughBdUninstallableOrStraightToNeedsBuild() {
        PackageRecord built = row(State.BUILT).toBuilder().builder("b").depends("x").build();
        Outcome gb = apply(Request.of(Action.GIVE_BACK, "b"), built);
        assertThat(gb.after().state()).isEqualTo(State.BD_UNINSTALLABLE);
        assertThat(gb.after().bdProblem()).isEqualTo(Transitions.NOT_TESTED_YET);
        assertThat(gb.after().builder()).isNull();
        assertThat(gb.after().depends()).isNull();
        Outcome direct = apply(Request.of(Action.GIVE_BACK, "b"), built, SID.withBuildDepCheck(false), List.of());
        assertThat(direct.after().state()).isEqualTo(State.NEEDS_BUILD);

        assertThatThrownBy(() -> apply(Request.of(Action.GIVE_BACK, "b"), gb.after()))
                .isInstanceOfSatisfying(IllegalTransitionException.class, e -> assertThat(e.wannaBuildMessage())
                        .isEqualTo("hello: has uninstallable build-dependencies (use --override to clear dependency "
                                + "list and give back anyway). Skipping."));
        Outcome forced = apply(Request.of(Action.GIVE_BACK, "b").withOverride(true), gb.after());
        assertThat(forced.after().state()).isEqualTo(State.NEEDS_BUILD);
        assertThat(forced.after().bdProblem()).isNull();
        assertThat(forced.messages().get(0)).startsWith("hello: Forcing uninstallability mark to be removed.");

        assertThatThrownBy(() -> apply(Request.of(Action.GIVE_BACK, "other"), built))
                .isInstanceOfSatisfying(IllegalTransitionException.class, e -> assertThat(e.wannaBuildMessage())
                        .isEqualTo("hello: not taken by you, but by b. Skipping."));
        // buildd_amd64-host1 belongs to buildd_amd64 (wanna-build's rule for a buildd's several hosts).
        PackageRecord byHost = built.toBuilder().builder("buildd_amd64-host1").build();
        assertThat(apply(Request.of(Action.GIVE_BACK, "buildd_amd64"), byHost).after().state()).isEqualTo(State.BD_UNINSTALLABLE);
    }

    @Test
    void binNmuScheduleRaiseAndCancel() {
        PackageRecord installed = row(State.INSTALLED).toBuilder().installedVersion(DebianVersion.parse("1.0-1")).builder("b").build();
        Outcome nmu = apply(Request.of(Action.BIN_NMU, "rt").withNumber(1).withMessage("Rebuild against libfoo2"), installed);
        PackageRecord r = nmu.after();
        assertThat(r.state()).isEqualTo(State.BD_UNINSTALLABLE);
        assertThat(r.binNmuVersion()).isEqualTo(1);
        assertThat(r.buildVersion().toString()).isEqualTo("1.0-1+b1");
        assertThat(r.binNmuChangelog()).isEqualTo("Rebuild against libfoo2");
        assertThat(r.notes()).isEqualTo("out-of-date");
        assertThat(r.builder()).isNull();

        assertThatThrownBy(() -> apply(Request.of(Action.BIN_NMU, "rt").withNumber(1).withMessage("again"), r))
                .hasMessageContaining("already building binNMU 1");
        Outcome raised = apply(Request.of(Action.BIN_NMU, "rt").withNumber(2).withMessage("again"), r);
        assertThat(raised.after().binNmuVersion()).isEqualTo(2);

        PackageRecord nb = apply(Request.merge(Action.MERGE_INSTALLABLE, "merge", Fields.none()), raised.after()).after();
        Outcome take = apply(Request.of(Action.TAKE, "b"), nb);
        assertThat(take.messages()).containsExactly("hello: Warning: needs binary NMU 2", "again");
        // The upload of a binNMU names the +bN version.
        PackageRecord building = take.after();
        assertThatThrownBy(() -> apply(Request.of(Action.UPLOADED, "b").withVersion(DebianVersion.parse("1.0-1")), building))
                .hasMessageContaining("version mismatch");
        assertThat(apply(Request.of(Action.UPLOADED, "b").withVersion(DebianVersion.parse("1.0-1+b2")), building).after().state())
                .isEqualTo(State.UPLOADED);

        Outcome cancel = apply(Request.of(Action.BIN_NMU_CANCEL, "rt"), building);
        assertThat(cancel.after().state()).isEqualTo(State.INSTALLED);
        assertThat(cancel.after().binNmuVersion()).isZero();
        assertThat(cancel.after().binNmuChangelog()).isNull();

        PackageRecord newerInstalled = installed.toBuilder().installedVersion(DebianVersion.parse("1.0-1+b3")).build();
        assertThatThrownBy(() -> apply(Request.of(Action.BIN_NMU, "rt").withNumber(2).withMessage("x"), newerInstalled))
                .hasMessageContaining("binNMU 1.0-1+b2 is not newer than current version 1.0-1+b3");
        assertThatThrownBy(() -> apply(Request.of(Action.BIN_NMU, "rt").withNumber(1).withMessage("two\nlines"), installed))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void notForUsTwiceLeadsOutOfItAsWannaBuildDoes() {
        Outcome nfu = apply(Request.of(Action.NO_BUILD, "admin"), row(State.NEEDS_BUILD).toBuilder().binNmuVersion(1).build());
        assertThat(nfu.after().state()).isEqualTo(State.NOT_FOR_US);
        assertThat(nfu.after().binNmuVersion()).isZero();
        Outcome back = apply(Request.of(Action.NO_BUILD, "admin"), nfu.after());
        assertThat(back.after().state()).isEqualTo(State.FAILED);
        assertThat(back.after().failed()).isEqualTo("Was Not-For-Us previously");
        assertThat(back.logAction()).isEqualTo("--no-build(rev)");
        assertThat(back.messages()).containsExactly("hello: now not unsuitable anymore");
    }

    @Test
    void aNewVersionWhileBuildingTellsTheBuilder() {
        PackageRecord building = row(State.BUILDING).toBuilder().builder("b").build();
        Outcome o = apply(Request.merge(Action.MERGE_NEW_VERSION, "merge", Fields.version("1.0-2")), building);
        assertThat(o.messages()).containsExactly("hello: new version (1.0-2) while building 1.0-1 -- notifying builder (b)");
        assertThat(o.after().builder()).isNull();
        // The same version again (an upload announced twice, a merge run again) changes nothing.
        Outcome again = apply(Request.merge(Action.MERGE_NEW_VERSION, "merge", Fields.version("1.0-1")), building);
        assertThat(again.changed()).isFalse();
        assertThat(again.messages()).containsExactly("hello: 1.0-1 already registered (Building)");
        assertThatThrownBy(() -> apply(Request.merge(Action.MERGE_NEW_VERSION, "merge", Fields.version("0.9-1")), building))
                .hasMessageContaining("version 0.9-1 is not newer than 1.0-1");
    }

    // ---- the multi-suite states: the same version in two suites sharing builds is built once ----

    private static final SuiteConfig A = SuiteConfig.of("sid", "amd64").withSharesBuilds(true);

    private static PackageRecord peer(String suite, State s, String builder) {
        return PackageRecord.builder(suite, "amd64", "hello", DebianVersion.parse("1.0-1"), s, T0).builder(builder).build();
    }

    @Test
    void aTakeMakesTheOtherSuiteWait() {
        PackageRecord b = peer("experimental", State.NEEDS_BUILD, null);
        Outcome take = apply(Request.of(Action.TAKE, "buildd-x"), row(State.NEEDS_BUILD), A, List.of(b));
        assertThat(take.propagations()).singleElement().satisfies(p -> {
            assertThat(p.suite()).isEqualTo("experimental");
            assertThat(p.request().action()).isEqualTo(Action.PROPAGATE_INSTALL_WAIT);
        });
        PackageRecord waiting = apply(take.propagations().get(0).request(), b, A.withArchitectures("amd64"), List.of(take.after()))
                .after();
        assertThat(waiting.state()).isEqualTo(State.INSTALL_WAIT);
        assertThat(waiting.builder()).isEqualTo("buildd-x");
        // A different version elsewhere is another build: no waiting.
        PackageRecord other = peer("experimental", State.NEEDS_BUILD, null).toBuilder().version(DebianVersion.parse("2.0-1")).build();
        assertThat(apply(Request.of(Action.TAKE, "buildd-x"), row(State.NEEDS_BUILD), A, List.of(other)).propagations()).isEmpty();
        // Without build sharing, nothing propagates.
        assertThat(apply(Request.of(Action.TAKE, "buildd-x"), row(State.NEEDS_BUILD), SID, List.of(b)).propagations()).isEmpty();
    }

    @Test
    void aVersionNewHereWaitsReuploadsOrCopiesWhatTheOtherSuiteHas() {
        Fields v = Fields.version("1.0-1");
        assertThat(apply(Request.merge(Action.MERGE_NEW_VERSION, "m", v), null, A, List.of(peer("exp", State.BUILDING, "bx")))
                .after()).satisfies(r -> {
                    assertThat(r.state()).isEqualTo(State.INSTALL_WAIT);
                    assertThat(r.builder()).isEqualTo("bx");
                });
        assertThat(apply(Request.merge(Action.MERGE_NEW_VERSION, "m", v), null, A, List.of(peer("exp", State.INSTALLED, "bx")))
                .after().state()).isEqualTo(State.REUPLOAD_WAIT);
        PackageRecord failedThere = peer("exp", State.FAILED, "bx").toBuilder().failed("boom").failedCategory(FailedCategory.HARD).build();
        PackageRecord copied = apply(Request.merge(Action.MERGE_NEW_VERSION, "m", v), null, A, List.of(failedThere)).after();
        assertThat(copied.state()).isEqualTo(State.FAILED);
        assertThat(copied.failed()).isEqualTo("boom");
        assertThat(copied.failedCategory()).isEqualTo(FailedCategory.HARD);
        PackageRecord waitingThere = peer("exp", State.DEP_WAIT, "bx").toBuilder().depends("libfoo (>= 2)").build();
        PackageRecord dw = apply(Request.merge(Action.MERGE_NEW_VERSION, "m", v), null, A, List.of(waitingThere)).after();
        assertThat(dw.state()).isEqualTo(State.DEP_WAIT);
        assertThat(dw.depends()).isEqualTo("libfoo (>= 2)");
        // An existing row moving to this version: previous state is the real one.
        PackageRecord old = row(State.INSTALLED).toBuilder().version(DebianVersion.parse("0.9-1")).build();
        PackageRecord moved = apply(Request.merge(Action.MERGE_NEW_VERSION, "m", v), old, A, List.of(peer("exp", State.UPLOADED, "bx"))).after();
        assertThat(moved.state()).isEqualTo(State.INSTALL_WAIT);
        assertThat(moved.previousState()).isEqualTo(State.INSTALLED);
    }

    @Test
    void whatHappensToTheBuildReachesTheWaitingSuite() {
        PackageRecord waiting = peer("exp", State.INSTALL_WAIT, "bx");
        PackageRecord building = row(State.BUILDING).toBuilder().builder("bx").build();
        Outcome failed = apply(Request.of(Action.FAILED, "bx").withMessage("[h] boom"), building, A, List.of(waiting));
        assertThat(failed.propagations()).extracting(p -> p.request().action()).containsExactly(Action.PROPAGATE_FAILED);
        PackageRecord copied = apply(failed.propagations().get(0).request(), waiting, A, List.of(failed.after())).after();
        assertThat(copied.state()).isEqualTo(State.FAILED);
        assertThat(copied.failed()).isEqualTo("boom");

        Outcome gb = apply(Request.of(Action.GIVE_BACK, "bx"), building, A, List.of(waiting));
        assertThat(gb.propagations()).extracting(p -> p.request().action()).containsExactly(Action.PROPAGATE_RELEASE);

        PackageRecord uploaded = row(State.UPLOADED).toBuilder().builder("bx").build();
        Outcome inst = apply(Request.merge(Action.MERGE_INSTALLED, "m", Fields.version("1.0-1")), uploaded, A, List.of(waiting));
        assertThat(inst.propagations()).extracting(p -> p.request().action()).containsExactly(Action.PROPAGATE_REUPLOAD_WAIT);
        PackageRecord rw = apply(inst.propagations().get(0).request(), waiting, A, List.of(inst.after())).after();
        assertThat(rw.state()).isEqualTo(State.REUPLOAD_WAIT);
        assertThat(rw.builder()).isEqualTo("bx");
        // The builder uploads the same binaries for the waiting suite.
        assertThat(apply(Request.of(Action.UPLOADED, "bx"), rw, A, List.of(inst.after())).after().state()).isEqualTo(State.UPLOADED);
    }
}
