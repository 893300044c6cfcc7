package io.jenkins.plugins.debianbuildd.wannabuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.debianbuildd.testsupport.StoreBackend;
import io.jenkins.plugins.debianbuildd.version.DebianVersion;
import java.nio.file.Path;
import io.jenkins.plugins.debianbuildd.testsupport.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code --list} filters and orderings, {@code --info}, the build history and calprio, the daemon's queue. */
@ParameterizedClass
@EnumSource(StoreBackend.class)
class ListAndInfoTest {
    private static final Instant T0 = Instant.parse("2024-01-10T00:00:00Z");

    @Parameter
    StoreBackend backend;

    @TempDir
    Path tmp;

    WannaBuildStore store;
    final MovableClock clock = new MovableClock(T0);

    @BeforeEach
    void open() {
        store = WannaBuildStore.open(backend.newConfig(tmp).withClock(clock));
        store.configureSuite(SuiteConfig.of("sid", "amd64").withSharesBuilds(false));
        store.configureSuite(SuiteConfig.of("experimental", "amd64"));
        store.merge("sid", "amd64", "merge", s -> {
            s.apply("zlib", Action.MERGE_NEW_VERSION, Fields.version("1:1.3-1").section("libs").priority("required").notes("out-of-date"));
            s.apply("gnome-games", Action.MERGE_NEW_VERSION, Fields.version("1.0-1").section("games").priority("optional").notes("uncompiled"));
            s.apply("bash", Action.MERGE_NEW_VERSION, Fields.version("5.2-1").section("shells").priority("required").notes("uncompiled"));
            s.apply("cdrkit", Action.MERGE_NEW_VERSION, Fields.version("1.1-1").section("contrib/otherosfs").priority("optional").notes("out-of-date"));
            s.apply("apt", Action.MERGE_NEW_VERSION, Fields.version("2.7-1").section("admin").priority("important").notes("uncompiled"));
        });
        store.merge("experimental", "amd64", "merge", s ->
                s.apply("apt", Action.MERGE_NEW_VERSION, Fields.version("2.9-1").section("admin").priority("important").notes("uncompiled")));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private List<String> names(ListQuery q) {
        return store.list(q).stream().map(PackageRecord::packageName).toList();
    }

    @Test
    void needsBuildInWannaBuildsDefaultOrder() {
        // c: out-of-date first, uncompiled last; then p: required, important, optional; then s; then n.
        assertThat(names(ListQuery.of("sid", "amd64", State.NEEDS_BUILD)))
                .containsExactly("zlib", "cdrkit", "bash", "apt", "gnome-games");
        assertThat(names(ListQuery.of("sid", "amd64", State.NEEDS_BUILD).order("n")))
                .containsExactly("apt", "bash", "cdrkit", "gnome-games", "zlib");
        assertThat(names(ListQuery.of("sid", "amd64", State.NEEDS_BUILD).order("sn")))
                .containsExactly("zlib", "bash", "apt", "gnome-games", "cdrkit");
        assertThatThrownBy(() -> ListQuery.of("sid", "amd64", null).order("cpx")).hasMessageContaining("Bad ordering character 'x'");
    }

    @Test
    void calprioOrderAndTheDaemonsQueueAgree() {
        // calprio: required 50 + libs 4 + out-of-date 40 - 2 build hours = 92 for zlib; bash 50+20-2 = 68; ...
        assertThat(names(ListQuery.of("sid", "amd64", State.NEEDS_BUILD).order("C")))
                .containsExactly("zlib", "bash", "apt", "cdrkit", "gnome-games");
        store.buildPriority("sid", "amd64", "gnome-games", "admin", 100, false);
        List<String> queue = names(ListQuery.of("sid", "amd64", State.NEEDS_BUILD).order(ListOrder.QUEUE));
        assertThat(queue).startsWith("gnome-games", "zlib");
        // takeNext hands out packages in the same order.
        for (String expected : queue) {
            assertThat(store.takeNext("sid", "amd64", "buildd-q").orElseThrow().after().packageName()).isEqualTo(expected);
        }
        assertThat(store.takeNext("sid", "amd64", "buildd-q")).isEmpty();
    }

    @Test
    void waitingDaysAndBuildTimeMoveThePriority() {
        PackageRecord bash = store.get("sid", "amd64", "bash").orElseThrow();
        int before = store.priorities().calprio(bash, clock.instant());
        clock.advance(Duration.ofDays(3));
        assertThat(store.priorities().calprio(bash, clock.instant())).isEqualTo(before + 6);
        clock.advance(Duration.ofDays(30));
        assertThat(store.priorities().calprio(bash, clock.instant())).isEqualTo(before + 12); // at most 6 days count
        store.recordBuild(new BuildRecord("sid", "amd64", "bash", DebianVersion.parse("5.1-1"), clock.instant(),
                BuildResult.SUCCESSFUL, Duration.ofHours(20), 5_000_000_000L, "buildd-a"));
        PackageRecord after = store.get("sid", "amd64", "bash").orElseThrow();
        assertThat(after.lastSuccessfulBuildTime()).isEqualTo(Duration.ofHours(20));
        assertThat(store.priorities().calprio(after, clock.instant())).isEqualTo(before + 12 + 2 - 20);
        assertThat(store.history("sid", "amd64", "bash")).singleElement().satisfies(h -> {
            assertThat(h.result()).isEqualTo(BuildResult.SUCCESSFUL);
            assertThat(h.diskSpace()).isEqualTo(5_000_000_000L);
            assertThat(h.builder()).isEqualTo("buildd-a");
        });
        // The stored queue order follows: bash lost its place to apt (which waited as long).
        store.refreshPriorities("sid", "amd64");
        assertThat(store.takeNext("sid", "amd64", "q").orElseThrow().after().packageName()).isEqualTo("zlib");
        assertThat(store.takeNext("sid", "amd64", "q").orElseThrow().after().packageName()).isEqualTo("apt");
    }

    @Test
    void filtersByUserAgeAndCategory() {
        store.take("sid", "amd64", "zlib", "buildd-a");
        store.take("sid", "amd64", "bash", "buildd-b");
        clock.advance(Duration.ofDays(5));
        store.take("sid", "amd64", "apt", "buildd-a");
        store.failed("sid", "amd64", "apt", "buildd-a", "[c] ICE");
        store.take("sid", "amd64", "cdrkit", "buildd-b");
        store.failed("sid", "amd64", "cdrkit", "buildd-b", "[e] easy fix");

        assertThat(names(ListQuery.of("sid", "amd64", State.BUILDING).user("buildd-a"))).containsExactly("zlib");
        // With a user, "all" lists the user's packages and the Needs-Build queue.
        assertThat(names(ListQuery.of("sid", "amd64", null).user("buildd-b").order("n")))
                .containsExactly("bash", "cdrkit", "gnome-games");
        assertThat(names(ListQuery.of("sid", "amd64", State.BUILDING).minAgeDays(3))).containsExactlyInAnyOrder("zlib", "bash");
        assertThat(names(ListQuery.of("sid", "amd64", null).maxAgeDays(1).order("n"))).containsExactly("apt", "cdrkit");
        assertThat(names(ListQuery.of("sid", "amd64", State.FAILED).category(FailedCategory.EASY))).containsExactly("cdrkit");
        // Failed default order fcpsn: easy before compiler-error.
        assertThat(names(ListQuery.of("sid", "amd64", State.FAILED))).containsExactly("cdrkit", "apt");
        assertThat(names(ListQuery.of("sid", "amd64", State.NEEDS_BUILD).suites("sid", "experimental").order("n")))
                .containsExactly("apt", "gnome-games");
        assertThat(store.list(ListQuery.of("sid", "amd64", State.NEEDS_BUILD).suites("sid", "experimental")))
                .extracting(PackageRecord::suite).containsOnly("sid", "experimental");
        assertThat(store.heldBy("buildd-b")).extracting(PackageRecord::packageName).containsExactly("bash");
    }

    @Test
    void countsPerStateAgreeWithTheLists() {
        store.take("sid", "amd64", "zlib", "buildd-a");
        store.take("sid", "amd64", "apt", "buildd-a");
        store.failed("sid", "amd64", "apt", "buildd-a", "[c] ICE");
        assertThat(store.counts("sid", "amd64")).containsExactly(
                Map.entry(State.NEEDS_BUILD, 3), Map.entry(State.BUILDING, 1), Map.entry(State.FAILED, 1));
        Map<State, Integer> fromList = new java.util.EnumMap<>(State.class);
        store.list(ListQuery.of("sid", "amd64", null)).forEach(r -> fromList.merge(r.state(), 1, Integer::sum));
        assertThat(store.counts("sid", "amd64")).isEqualTo(fromList);
        assertThat(store.counts("experimental", "amd64")).containsExactly(Map.entry(State.NEEDS_BUILD, 1));
        assertThatThrownBy(() -> store.counts("stretch", "amd64")).isInstanceOf(UnknownSuiteException.class);
    }

    @Test
    void listAndInfoTextAsWannaBuildPrintsThem() {
        store.take("sid", "amd64", "apt", "buildd-a");
        store.failed("sid", "amd64", "apt", "buildd-a", "[e] first line\nsecond line");
        store.take("sid", "amd64", "bash", "buildd-b");
        store.depWait("sid", "amd64", "bash", "buildd-b", "libreadline-dev (>= 8.2)");
        clock.advance(Duration.ofDays(2));
        Instant now = clock.instant();
        List<String> failed = WannaBuildText.list(store.list(ListQuery.of("sid", "amd64", State.FAILED)), State.FAILED,
                store.priorities(), now, false);
        assertThat(failed).containsExactly(
                "admin/apt_2.7-1 by buildd-a [important:uncompiled:calprio{62}:days{2}]",
                "  Reasons for failing:",
                "    [Category: easy]",
                "    first line",
                "    second line",
                "Total 1 package(s)");
        List<String> all = WannaBuildText.list(store.list(ListQuery.of("sid", "amd64", null).order("n")), null,
                store.priorities(), now, false);
        assertThat(all).contains("shells/bash_5.2-1: Dep-Wait by buildd-b [required:uncompiled:calprio{72}:days{2}]",
                "  Dependencies: libreadline-dev (>= 8.2)",
                "libs/zlib_1:1.3-1: Needs-Build [required:out-of-date:calprio{96}:days{2}]",
                "Total 1 package(s) in state Dep-Wait.", "Total 5 package(s)");
        String info = store.info("sid", "amd64", "apt_2.7-1");
        assertThat(info).startsWith("apt:\n  Package             : apt\n  Version             : 2.7-1\n"
                + "  Builder             : buildd-a\n  State               : Failed\n  Section             : admin\n");
        assertThat(info).contains("  Previous-State      : Building\n", "  Failed              : first line\n    second line\n",
                "  Failed-Category     : easy\n", "  Distribution        : sid\n", "  State-Days          : 2\n");
        assertThat(store.info("sid", "amd64", "nosuch")).isEqualTo("nosuch: not registered\n");
    }
}
