package io.jenkins.plugins.debianbuildd.cli.wannabuild;

import static io.jenkins.plugins.debianbuildd.cli.wannabuild.WannaBuildLauncherTest.main;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.testsupport.PostgresServer;
import io.jenkins.plugins.debianbuildd.wannabuild.Action;
import io.jenkins.plugins.debianbuildd.wannabuild.Fields;
import io.jenkins.plugins.debianbuildd.wannabuild.State;
import io.jenkins.plugins.debianbuildd.wannabuild.StoreConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.SuiteConfig;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --database}: a wanna-build store on a real PostgreSQL server, reached by URL, user and password file. */
class WannaBuildPostgresTest {
    @TempDir
    Path tmp;

    @Test
    void listTakeAndInfoOnPostgresql() throws Exception {
        StoreConfig config = PostgresServer.get().newStoreConfig();
        try (WannaBuildStore store = WannaBuildStore.open(config)) {
            store.configureSuite(SuiteConfig.of("sid", "amd64", "arm64"));
            store.merge("sid", "arm64", "merge", s -> s.apply("hello", Action.MERGE_NEW_VERSION,
                    Fields.version("1.0-1").section("devel").priority("optional").notes("uncompiled")));
        }
        Path password = Files.writeString(tmp.resolve("password"), config.password() + "\n");
        String[] db = {"--database", config.url(), "--database-user", config.user(), "--database-password-file",
            password.toString(), "-A", "arm64"};

        assertThat(main("list-needs-build", db).succeeds().out())
                .isEqualTo("devel/hello_1.0-1 [optional:uncompiled:calprio{25}:days{0}]\nTotal 1 package(s)\n");
        String[] take = concat(db, "-U", "buildd-arm", "-v", "hello_1.0-1");
        assertThat(main("wanna-build", take).succeeds().out()).isEqualTo("hello: ok\n");
        assertThat(main("wanna-build", concat(db, "-U", "other", "hello")).isRefused().out())
                .isEqualTo("hello: NOT OK!\n  already taken by buildd-arm\n");
        assertThat(main("build-info", concat(db, "hello")).succeeds().out()).contains("  Builder             : buildd-arm\n",
                "  Distribution        : sid\n");
        try (WannaBuildStore store = WannaBuildStore.open(config)) {
            assertThat(store.get("sid", "arm64", "hello").orElseThrow().state()).isEqualTo(State.BUILDING);
        }

        // A database that cannot be reached is one line, exit code 1.
        WannaBuildFixture.Run r = main("list-all", "--database", config.url(), "--database-user", "no_such_role");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("error: cannot open the wanna-build database").contains("no_such_role")
                .hasLineCount(1).doesNotContain("\tat ");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
