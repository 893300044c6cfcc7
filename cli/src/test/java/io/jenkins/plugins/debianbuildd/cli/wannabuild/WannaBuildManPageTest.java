package io.jenkins.plugins.debianbuildd.cli.wannabuild;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.wannabuild.FailedCategory;
import io.jenkins.plugins.debianbuildd.wannabuild.State;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The examples of wanna-build's manual page (sections DATABASE STATES and FAILURE CATEGORIES), run as the
 * manual runs them, on a database with one suite and one architecture so that no -d or -A is needed.
 * Lists carry modern wanna-build's {@code :calprio{N}:days{N}} tags after the manual's.
 */
class WannaBuildManPageTest extends WannaBuildFixture {

    @Override
    String conf() {
        return "Builder-Name: buildd-test\n\nSuite: unstable\nArchitectures: amd64\n";
    }

    @Test
    void theUsualProcessTakeUploadAndTheNotOkAnswers() {
        needsBuild("unstable", "amd64", "hello", "1.0-1", "devel", "optional", "uncompiled");

        // "For packages that are not taken yet and have no other specialities, you get no output".
        run("wanna-build", "-U", "rnhodek", "hello_1.0-1").succeeds();
        assertThat(run("wanna-build", "-U", "rnhodek", "hello_1.0-1").succeeds().out())
                .isEqualTo("hello: Note: already taken by you.\n");

        Run taken = run("wanna-build", "-U", "someone", "hello_1.0-1").isRefused();
        assertThat(taken.out()).isEqualTo("hello: NOT OK!\n  already taken by rnhodek\n");

        // The arguments are free format: paths and extensions are ignored.
        assertThat(run("uploaded-build", "-U", "someone", "../pool/hello_1.0-1.dsc").isRefused().out())
                .isEqualTo("hello: not taken by you, but by rnhodek. Skipping.\n");
        run("uploaded-build", "-U", "rnhodek", "../pool/hello_1.0-1.dsc").succeeds();
        assertThat(store.get("unstable", "amd64", "hello").orElseThrow().state()).isEqualTo(State.UPLOADED);
        assertThat(run("wanna-build", "-U", "someone", "hello_1.0-1").isRefused().out())
                .isEqualTo("hello: NOT OK!\n  already uploaded\n");
    }

    @Test
    void failedBuildAsksForTheReasonAndANewVersionWarns() {
        needsBuild("unstable", "amd64", "hello", "1.0-1", "devel", "optional", "uncompiled");
        run("wanna-build", "-U", "rnhodek", "hello_1.0-1").succeeds();

        Run failed = runWithInput("failed-build", "Needs a special source patch to compile for m68k (see #99999)\n.\n",
                true, "-U", "rnhodek", "hello_1.0-1");
        assertThat(failed.succeeds().out()).isEqualTo("""
                Enter reason for failing (end with '.' alone on its line):
                hello: registered as failed
                """);

        assertThat(run("wanna-build", "-U", "someone", "hello_1.0-1").isRefused().out()).isEqualTo("""
                hello: NOT OK!
                  build of 1.0-1 failed previously:
                    Needs a special source patch to compile for m68k (see #99999)
                """);

        // The merge finds a new source version: Needs-Build again, the failure kept as Old-Failed.
        clock.advance(Duration.ofHours(2));
        needsBuild("unstable", "amd64", "hello", "1.0-2", "devel", "optional", "out-of-date:libc6");
        clock.advance(Duration.ofHours(1));
        assertThat(run("wanna-build", "-v", "-U", "rnhodek", "hello_1.0-2").succeeds().out()).isEqualTo("""
                hello: Warning: Previous version failed!
                hello: ok
                """);

        clock.advance(Duration.ofMinutes(5));
        assertThat(run("build-info", "hello").succeeds().out()).isEqualTo("""
                hello:
                  Package             : hello
                  Version             : 1.0-2
                  Builder             : rnhodek
                  State               : Building
                  Section             : devel
                  Priority            : optional
                  Previous-State      : Needs-Build
                  State-Change        : 2024-03-01 13:00:00
                  CalculatedPri       : 5
                  Distribution        : unstable
                  Notes               : out-of-date:libc6
                  Old-Failed          : -------------------- 1.0-1 --------------------
                    Needs a special source patch to compile for m68k (see #99999)
                  State-Days          : 0
                  State-Time          : 300
                """);
    }

    @Test
    void listNeedsBuildAsInTheManual() {
        needsBuild("unstable", "amd64", "xemacs20", "20.4-12", "editors", "optional", "uncompiled:libc6:X");
        needsBuild("unstable", "amd64", "the", "2.5-0.6", "editors", "optional", "uncompiled:libc6");
        needsBuild("unstable", "amd64", "sex", "0.16", "editors", "optional", "uncompiled:libc6:X");
        needsBuild("unstable", "amd64", "xemacs19", "19.16-9", "editors", "important", "uncompiled:libc6:X");
        needsBuild("unstable", "amd64", "hello", "1.0-1", "devel", "optional", "uncompiled");
        run("wanna-build", "-U", "rnhodek", "hello").succeeds();

        // Ordered by the default cpsn: compile state, priority, section, name; taken packages are not listed.
        assertThat(run("list-needs-build").succeeds().out()).isEqualTo("""
                editors/xemacs19_19.16-9 [important:uncompiled:libc6:X:calprio{38}:days{0}]
                editors/sex_0.16 [optional:uncompiled:libc6:X:calprio{3}:days{0}]
                editors/the_2.5-0.6 [optional:uncompiled:libc6:calprio{3}:days{0}]
                editors/xemacs20_20.4-12 [optional:uncompiled:libc6:X:calprio{3}:days{0}]
                Total 4 package(s)
                """);
        assertThat(run("list-building").succeeds().out()).isEqualTo("""
                devel/hello_1.0-1 by rnhodek [optional:uncompiled:calprio{25}:days{0}]
                Total 1 package(s)
                """);
        // -O changes the order: package name only.
        assertThat(run("list-needs-build", "-O", "n").succeeds().lines())
                .containsExactly("editors/sex_0.16 [optional:uncompiled:libc6:X:calprio{3}:days{0}]",
                        "editors/the_2.5-0.6 [optional:uncompiled:libc6:calprio{3}:days{0}]",
                        "editors/xemacs19_19.16-9 [important:uncompiled:libc6:X:calprio{38}:days{0}]",
                        "editors/xemacs20_20.4-12 [optional:uncompiled:libc6:X:calprio{3}:days{0}]",
                        "Total 4 package(s)");
    }

    @Test
    void failureCategoriesAndOldFailures() {
        needsBuild("unstable", "amd64", "some-pkg", "1.0-1", "utils", "optional", "uncompiled");
        needsBuild("unstable", "amd64", "other-pkg", "2.0-1", "utils", "optional", "uncompiled");
        needsBuild("unstable", "amd64", "third-pkg", "3.0-1", "libs", "optional", "uncompiled");
        for (String p : new String[] {"some-pkg", "other-pkg", "third-pkg"}) {
            run("wanna-build", "-U", "rnhodek", p).succeeds();
        }
        run("failed-build", "-U", "rnhodek", "-m", "[h] segfaults in the test suite", "other-pkg_2.0-1").succeeds();
        run("failed-build", "-U", "rnhodek", "-m", "missing #include <string.h>", "some-pkg_1.0-1").succeeds();
        // "You can assign a category directly with failed-build -c easy some-pkg_1.0-1 or wanna-build -c easy ...".
        assertThat(run("failed-build", "-U", "rnhodek", "-c", "easy", "some-pkg_1.0-1").succeeds().out())
                .isEqualTo("some-pkg: already registered as failed; changing category\nhello: registered as failed\n"
                        .replace("hello", "some-pkg"));
        assertThat(store.get("unstable", "amd64", "some-pkg").orElseThrow().failedCategory()).isEqualTo(FailedCategory.EASY);
        run("wanna-build", "-U", "rnhodek", "-c", "m", "some-pkg_1.0-1").succeeds();
        assertThat(store.get("unstable", "amd64", "some-pkg").orElseThrow().failedCategory()).isEqualTo(FailedCategory.MEDIUM);
        assertThat(store.get("unstable", "amd64", "some-pkg").orElseThrow().failed()).isEqualTo("missing #include <string.h>");

        clock.advance(Duration.ofDays(15));
        run("failed-build", "-U", "rnhodek", "-m", "[c] internal compiler error", "third-pkg").succeeds();
        // "list-failed -a 14: all failed packages that haven't been fixed in the last 14 days", sorted by category.
        assertThat(run("list-failed", "-a", "14").succeeds().out()).isEqualTo("""
                utils/some-pkg_1.0-1 by rnhodek [optional:uncompiled:calprio{35}:days{15}]
                  Reasons for failing:
                    [Category: medium]
                    missing #include <string.h>
                utils/other-pkg_2.0-1 by rnhodek [optional:uncompiled:calprio{35}:days{15}]
                  Reasons for failing:
                    [Category: hard]
                    segfaults in the test suite
                Total 2 package(s)
                """);
        assertThat(run("list-failed", "-c", "c").succeeds().lines())
                .containsExactly("libs/third-pkg_3.0-1 by rnhodek [optional:uncompiled:calprio{27}:days{0}]",
                        "  Reasons for failing:", "    [Category: compiler-error]", "    internal compiler error",
                        "Total 1 package(s)");
    }
}
