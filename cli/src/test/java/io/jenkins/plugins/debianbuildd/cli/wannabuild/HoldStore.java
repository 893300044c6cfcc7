package io.jenkins.plugins.debianbuildd.cli.wannabuild;

import io.jenkins.plugins.debianbuildd.cli.config.BuilddConfig;
import io.jenkins.plugins.debianbuildd.cli.config.Instances;
import io.jenkins.plugins.debianbuildd.wannabuild.WannaBuildStore;
import java.nio.file.Path;

/** Another process holding a data directory's embedded store open until its standard input closes (as a daemon does). */
public final class HoldStore {
    private HoldStore() {
    }

    public static void main(String[] args) throws Exception {
        try (WannaBuildStore store = Instances.openStore(BuilddConfig.load(Path.of(args[0])))) {
            System.out.println("ready");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the test to close our input
            }
        }
    }
}
