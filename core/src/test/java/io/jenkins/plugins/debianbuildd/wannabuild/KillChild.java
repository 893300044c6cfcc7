package io.jenkins.plugins.debianbuildd.wannabuild;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The child JVM of {@link KillTest}: changes states as fast as it can and prints a line after each
 * commit, until it is killed. {@code ops}: 4 threads cycle packages through take, built, give-back;
 * {@code merge}: merges that change every package of the suite in one transaction.
 */
public final class KillChild {
    private KillChild() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        String mode = args[2];
        int packages = Integer.parseInt(args[3]);
        StoreConfig config = StoreConfig.jdbc(url, user, "").withPoolSize(8);
        PrintStream out = System.out;
        WannaBuildStore store = WannaBuildStore.open(config);
        out.println("READY");
        out.flush();
        if (mode.equals("merge")) {
            for (int round = 1; ; round++) {
                String notes = "round-" + round;
                store.merge("sid", "amd64", "merge-" + round, s -> {
                    for (String name : s.current().keySet()) {
                        s.apply(name, Action.MERGE_REFRESH, Fields.none().notes(notes));
                    }
                });
                synchronized (out) {
                    out.println("MERGED " + round);
                    out.flush();
                }
            }
        }
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int first = t;
            Thread th = new Thread(() -> {
                String builder = "buildd-" + first;
                for (int round = 0; ; round++) {
                    for (int i = first; i < packages; i += 4) {
                        String pkg = KillTest.name(i);
                        step(out, pkg, store.take("sid", "amd64", pkg, builder));
                        step(out, pkg, store.built("sid", "amd64", pkg, builder));
                        step(out, pkg, store.giveBack("sid", "amd64", pkg, builder));
                    }
                }
            });
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) {
            th.join();
        }
    }

    private static void step(PrintStream out, String pkg, OperationResult r) {
        synchronized (out) {
            out.println("OK " + pkg + " " + r.newState().debianName());
            out.flush();
        }
    }
}
