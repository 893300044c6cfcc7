package io.jenkins.plugins.debianbuildd.cli.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.debianbuildd.wannabuild.State;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status file a running daemon keeps for {@code buildd status}. */
class QueueStatusTest {
    @TempDir
    Path dir;

    @Test
    void whatTheDaemonWritesStatusReadsBack() throws IOException {
        QueueStatus s = new QueueStatus(1_000_000L, 4242,
                List.of(new QueueStatus.Row("unstable", "amd64", Map.of(State.BUILDING, 1, State.FAILED_REMOVED, 2))),
                List.of(new QueueStatus.Building("hello", "1.0-1", "unstable", "amd64", "buildd-a", 1_000_000L - 75_000)));
        Path file = dir.resolve("run/status.json");
        s.write(file);
        assertThat(QueueStatus.readFile(file)).contains(s);
        assertThat(dir.resolve("run")).isDirectoryNotContaining("glob:**.tmp");

        StringWriter out = new StringWriter();
        StatusCommand.print(new PrintWriter(out, true), "somewhere", s, 1_000_000L);
        // A state outside the usual seven gets a column when some package is in it.
        assertThat(out.toString()).contains("Failed-Removed").containsPattern("hello_1\\.0-1 +unstable/amd64 +buildd-a +1 min 15 s");
    }

    @Test
    void noFileIsNothingAndADamagedOneIsAnErrorNamingIt() throws IOException {
        assertThat(QueueStatus.readFile(dir.resolve("none.json"))).isEmpty();
        Path bad = Files.writeString(dir.resolve("status.json"), "{\"rows\": [");
        assertThatThrownBy(() -> QueueStatus.readFile(bad)).isInstanceOf(IOException.class).hasMessageStartingWith(bad + ": ");
    }
}
