package io.jenkins.plugins.debianbuildd.wannabuild;

import java.util.List;
import java.util.Objects;

/**
 * A {@code wanna-build --list}: rows in one state (or all), in one or more suites, for one architecture,
 * filtered and ordered as wanna-build does.
 *
 * @param suites      the suites (at least one)
 * @param arch        the architecture
 * @param state       the state, or null for all ({@code --list=all})
 * @param user        only this builder's packages (and, as wanna-build does, Needs-Build ones); null for all
 * @param minAgeDays  only rows whose state changed more than this many days ago; 0 for no bound
 * @param maxAgeDays  only rows whose state changed less than this many days ago; 0 for no bound
 * @param category    only Failed rows of this category; null for all
 * @param order       ordering letters ({@link ListOrder}); null for the default ({@code cpsn}, {@code fcpsn} for Failed)
 */
public record ListQuery(List<String> suites, String arch, State state, String user, int minAgeDays, int maxAgeDays,
        FailedCategory category, String order) {

    public ListQuery {
        suites = List.copyOf(suites);
        if (suites.isEmpty()) {
            throw new IllegalArgumentException("list: at least one suite");
        }
        Objects.requireNonNull(arch, "arch");
        if (minAgeDays < 0 || maxAgeDays < 0) {
            throw new IllegalArgumentException("list: ages must not be negative");
        }
        if (order != null) {
            ListOrder.check(order);
        }
    }

    /** Rows in {@code state} (null: all) of one suite and architecture. */
    public static ListQuery of(String suite, String arch, State state) {
        return new ListQuery(List.of(suite), arch, state, null, 0, 0, null, null);
    }

    public ListQuery suites(String... s) {
        return new ListQuery(List.of(s), arch, state, user, minAgeDays, maxAgeDays, category, order);
    }

    public ListQuery user(String u) {
        return new ListQuery(suites, arch, state, u, minAgeDays, maxAgeDays, category, order);
    }

    public ListQuery minAgeDays(int d) {
        return new ListQuery(suites, arch, state, user, d, maxAgeDays, category, order);
    }

    public ListQuery maxAgeDays(int d) {
        return new ListQuery(suites, arch, state, user, minAgeDays, d, category, order);
    }

    public ListQuery category(FailedCategory c) {
        return new ListQuery(suites, arch, state, user, minAgeDays, maxAgeDays, c, order);
    }

    public ListQuery order(String letters) {
        return new ListQuery(suites, arch, state, user, minAgeDays, maxAgeDays, category, letters);
    }

    /** The ordering letters in effect. */
    public String effectiveOrder() {
        return order != null ? order : state == State.FAILED ? ListOrder.DEFAULT_FAILED : ListOrder.DEFAULT;
    }
}
