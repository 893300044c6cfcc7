package io.jenkins.plugins.debianbuildd.cli.wannabuild;

import static io.jenkins.plugins.debianbuildd.cli.wannabuild.WannaBuildOperationsTest.fieldNames;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.debianbuildd.wannabuild.Action;
import io.jenkins.plugins.debianbuildd.wannabuild.Fields;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The list aliases and --list's filters, --info, their JSON. */
class WannaBuildListInfoTest extends WannaBuildFixture {

    /** One package in each state a list alias shows, in unstable/amd64; apt in experimental too. */
    @BeforeEach
    void packagesInEveryState() {
        needsBuild("unstable", "amd64", "apt", "2.7-1", "admin", "important", "uncompiled");
        needsBuild("unstable", "amd64", "bash", "5.2-1", "shells", "required", "out-of-date");
        needsBuild("unstable", "amd64", "coreutils", "9.4-1", "utils", "required", "out-of-date");
        needsBuild("unstable", "amd64", "dash", "0.5-1", "shells", "required", "uncompiled");
        needsBuild("unstable", "amd64", "emacs", "29.1-1", "editors", "optional", "uncompiled");
        needsBuild("unstable", "amd64", "fdisk", "2.39-1", "admin", "important", "uncompiled");
        needsBuild("unstable", "amd64", "gawk", "5.2-1", "interpreters", "optional", "uncompiled");
        installed("unstable", "amd64", "hello", "1.0-1", "devel");
        needsBuild("experimental", "amd64", "apt", "2.9-1", "admin", "important", "uncompiled");
        for (String p : new String[] {"bash", "coreutils", "dash", "emacs"}) {
            run("wanna-build", "-d", "unstable", "-A", "amd64", "-U", "buildd-a", p).succeeds();
        }
        clock.advance(Duration.ofDays(3));
        run("uploaded-build", "-d", "unstable", "-A", "amd64", "-U", "buildd-a", "bash").succeeds();
        run("failed-build", "-d", "unstable", "-A", "amd64", "-U", "buildd-a", "-m", "[e] FTBFS with gcc-14", "coreutils").succeeds();
        run("dep-wait-build", "-d", "unstable", "-A", "amd64", "-U", "buildd-a", "-m", "libacl1-dev (>= 2.3)", "dash").succeeds();
        run("no-build", "-d", "unstable", "-A", "amd64", "-U", "admin", "fdisk").succeeds();
        store.merge("unstable", "amd64", "merge", s -> s.apply("gawk", Action.MERGE_BD_UNINSTALLABLE,
                Fields.none().bdProblem("gawk build-depends on missing:\n- libsigsegv-dev:amd64")));
        clock.advance(Duration.ofDays(1));
    }

    private Run list(String name, String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "-d";
        all[1] = "unstable";
        all[2] = "-A";
        all[3] = "amd64";
        System.arraycopy(args, 0, all, 4, args.length);
        return run(name, all);
    }

    @Test
    void everyListAlias() {
        assertThat(list("list-needs-build").succeeds().out()).isEqualTo("""
                admin/apt_2.7-1 [important:uncompiled:calprio{66}:days{4}]
                Total 1 package(s)
                """);
        assertThat(list("list-building").succeeds().out()).isEqualTo("""
                editors/emacs_29.1-1 by buildd-a [optional:uncompiled:calprio{31}:days{4}]
                Total 1 package(s)
                """);
        assertThat(list("list-uploaded").succeeds().out()).isEqualTo("""
                shells/bash_5.2-1 by buildd-a [required:out-of-date:calprio{90}:days{1}]
                Total 1 package(s)
                """);
        assertThat(list("list-installed").succeeds().out()).isEqualTo("""
                devel/hello_1.0-1 [optional::calprio{13}:days{4}]
                Total 1 package(s)
                """);
        assertThat(list("list-failed").succeeds().out()).isEqualTo("""
                utils/coreutils_9.4-1 by buildd-a [required:out-of-date:calprio{90}:days{1}]
                  Reasons for failing:
                    [Category: easy]
                    FTBFS with gcc-14
                Total 1 package(s)
                """);
        assertThat(list("list-dep-wait").succeeds().out()).isEqualTo("""
                shells/dash_0.5-1 by buildd-a [required:uncompiled:calprio{70}:days{1}]
                  Dependencies: libacl1-dev (>= 2.3)
                Total 1 package(s)
                """);
        assertThat(list("list-not-for-us").succeeds().out()).isEqualTo("""
                admin/fdisk_2.39-1 [important:uncompiled:calprio{60}:days{1}]
                Total 1 package(s)
                """);
        assertThat(list("list-all", "-O", "n").succeeds().out()).isEqualTo("""
                admin/apt_2.7-1: Needs-Build [important:uncompiled:calprio{66}:days{4}]
                shells/bash_5.2-1: Uploaded by buildd-a [required:out-of-date:calprio{90}:days{1}]
                utils/coreutils_9.4-1: Failed by buildd-a [required:out-of-date:calprio{90}:days{1}]
                  Reasons for failing:
                    [Category: easy]
                    FTBFS with gcc-14
                shells/dash_0.5-1: Dep-Wait by buildd-a [required:uncompiled:calprio{70}:days{1}]
                  Dependencies: libacl1-dev (>= 2.3)
                editors/emacs_29.1-1: Building by buildd-a [optional:uncompiled:calprio{31}:days{4}]
                admin/fdisk_2.39-1: Not-For-Us [important:uncompiled:calprio{60}:days{1}]
                interpreters/gawk_5.2-1: BD-Uninstallable [optional:uncompiled:calprio{25}:days{1}]
                  Reasons for BD-Uninstallable:
                    gawk build-depends on missing:
                    - libsigsegv-dev:amd64
                devel/hello_1.0-1: Installed [optional::calprio{13}:days{4}]
                Total 1 package(s) in state Needs-Build.
                Total 1 package(s) in state Building.
                Total 1 package(s) in state Uploaded.
                Total 1 package(s) in state Installed.
                Total 1 package(s) in state Dep-Wait.
                Total 1 package(s) in state BD-Uninstallable.
                Total 1 package(s) in state Failed.
                Total 1 package(s) in state Not-For-Us.
                Total 8 package(s)
                """);
        // --list and -l name the states as wanna-build does, in any case.
        assertThat(list("wanna-build", "--list=bd-uninstallable").succeeds().lines()).first()
                .isEqualTo("interpreters/gawk_5.2-1 [optional:uncompiled:calprio{25}:days{1}]");
        assertThat(list("wanna-build", "-l", "Needs-Build").succeeds().out()).isEqualTo(list("list-needs-build").out());
        assertThat(run("list-all", "-d", "experimental").succeeds().out()).isEqualTo("""
                admin/apt_2.9-1: Needs-Build [important:uncompiled:calprio{66}:days{4}]
                Total 1 package(s) in state Needs-Build.
                Total 1 package(s)
                """);
    }

    @Test
    void filtersAndOrders() {
        // -U: the user's packages (and, as wanna-build does, the Needs-Build queue).
        assertThat(names(list("list-all", "-U", "buildd-a", "-O", "n")))
                .containsExactly("apt", "bash", "coreutils", "dash", "emacs");
        assertThat(list("list-building", "-U", "buildd-b").succeeds().out()).isEqualTo("Total 0 package(s)\n");
        // -a DAYS: changed at least DAYS ago; negative, or --max-age: at most.
        assertThat(names(list("list-all", "-a", "2", "-O", "n"))).containsExactly("apt", "emacs", "hello");
        assertThat(names(list("list-all", "-a", "-2", "-O", "n"))).containsExactly("bash", "coreutils", "dash", "fdisk", "gawk");
        assertThat(names(list("list-all", "--max-age", "2", "-O", "n"))).containsExactly("bash", "coreutils", "dash", "fdisk", "gawk");
        assertThat(names(list("list-all", "--max-age", "-2", "-O", "n"))).containsExactly("apt", "emacs", "hello");
        // -c: failed packages of one category.
        assertThat(names(list("list-failed", "-c", "easy"))).containsExactly("coreutils");
        assertThat(names(list("list-failed", "-c", "h"))).isEmpty();
        // -O C: calprio first.
        assertThat(names(list("list-all", "-O", "Cn"))).startsWith("bash", "coreutils", "dash");
        // Several suites at once (ties in suite order).
        assertThat(run("list-needs-build", "-d", "unstable,experimental", "-A", "amd64").succeeds().lines())
                .containsExactly("admin/apt_2.9-1 [important:uncompiled:calprio{66}:days{4}]",
                        "admin/apt_2.7-1 [important:uncompiled:calprio{66}:days{4}]", "Total 2 package(s)");
        assertThat(run("list-needs-build", "-d", "all", "-A", "arm64").succeeds().out()).isEqualTo("Total 0 package(s)\n");
    }

    @Test
    void verboseListsPreviousStates() {
        assertThat(list("list-uploaded", "-v").succeeds().out()).isEqualTo("""
                shells/bash_5.2-1 by buildd-a [required:out-of-date:calprio{90}:days{1}]
                  Previous state was Building until 2024-03-04 10:00:00
                Total 1 package(s)
                """);
    }

    @Test
    void buildInfoInOneSuiteOrAll() {
        assertThat(list("build-info", "coreutils_9.4-1.dsc").succeeds().out()).isEqualTo("""
                coreutils:
                  Package             : coreutils
                  Version             : 9.4-1
                  Builder             : buildd-a
                  State               : Failed
                  Section             : utils
                  Priority            : required
                  Previous-State      : Building
                  State-Change        : 2024-03-04 10:00:00
                  CalculatedPri       : 90
                  Distribution        : unstable
                  Failed              : FTBFS with gcc-14
                  Failed-Category     : easy
                  Notes               : out-of-date
                  State-Days          : 1
                  State-Time          : 86400
                """);
        assertThat(run("wanna-build", "-i", "-d", "all", "-A", "amd64", "apt", "nosuch").isRefused().out()).isEqualTo("""
                apt(experimental):
                  Package             : apt
                  Version             : 2.9-1
                  State               : Needs-Build
                  Section             : admin
                  Priority            : important
                  State-Change        : 2024-03-01 10:00:00
                  CalculatedPri       : 66
                  Distribution        : experimental
                  Notes               : uncompiled
                  State-Days          : 4
                  State-Time          : 345600
                apt(unstable):
                  Package             : apt
                  Version             : 2.7-1
                  State               : Needs-Build
                  Section             : admin
                  Priority            : important
                  State-Change        : 2024-03-01 10:00:00
                  CalculatedPri       : 66
                  Distribution        : unstable
                  Notes               : uncompiled
                  State-Days          : 4
                  State-Time          : 345600
                nosuch(experimental): not registered
                nosuch(unstable): not registered
                """);
        assertThat(list("build-info", "nosuch").isRefused().out()).isEqualTo("nosuch: not registered\n");
    }

    @Test
    void jsonListAndInfo() throws Exception {
        ObjectMapper m = new ObjectMapper();
        JsonNode l = m.readTree(list("list-dep-wait", "--json").succeeds().out());
        assertThat(fieldNames(l)).containsExactly("operation", "suites", "arch", "state", "total", "packages");
        assertThat(l.get("operation").asText()).isEqualTo("list");
        assertThat(l.get("state").asText()).isEqualTo("Dep-Wait");
        assertThat(l.get("total").asInt()).isEqualTo(1);
        JsonNode dash = l.get("packages").get(0);
        assertThat(dash.get("package").asText()).isEqualTo("dash");
        assertThat(dash.get("depends").asText()).isEqualTo("libacl1-dev (>= 2.3)");
        assertThat(dash.get("calprio").asInt()).isEqualTo(70);
        assertThat(dash.get("stateDays").asInt()).isEqualTo(1);
        assertThat(m.readTree(list("list-all", "--json").succeeds().out()).get("state").asText()).isEqualTo("all");

        JsonNode i = m.readTree(run("build-info", "--json", "-d", "a", "-A", "amd64", "coreutils").succeeds().out());
        assertThat(fieldNames(i)).containsExactly("operation", "arch", "results");
        assertThat(i.get("results")).hasSize(2);
        JsonNode exp = i.get("results").get(0);
        assertThat(fieldNames(exp)).containsExactly("argument", "package", "suite", "arch", "registered", "record");
        assertThat(exp.get("suite").asText()).isEqualTo("experimental");
        assertThat(exp.get("registered").asBoolean()).isFalse();
        JsonNode unstable = i.get("results").get(1).get("record");
        assertThat(unstable.get("failed").asText()).isEqualTo("FTBFS with gcc-14");
        assertThat(unstable.get("failedCategory").asText()).isEqualTo("easy");
    }

    private static java.util.List<String> names(Run r) {
        return r.succeeds().lines().stream().filter(l -> !l.startsWith("Total") && !l.startsWith(" "))
                .map(l -> l.substring(l.indexOf('/') + 1, l.indexOf('_'))).toList();
    }
}
