-- The wanna-build state store. Portable SQL: the same migration runs on SQLite (embedded) and PostgreSQL;
-- ${identity} is the identity column type of each (Dialect.identityColumn).
-- Times are milliseconds since the epoch (UTC), so that age arithmetic is the same on both databases.

CREATE TABLE architectures (
    name VARCHAR(64) NOT NULL PRIMARY KEY
);

-- Suites are configuration rows (wanna-build's distributions table).
CREATE TABLE suites (
    name            VARCHAR(100) NOT NULL PRIMARY KEY,
    build_dep_check BOOLEAN      NOT NULL,
    shares_builds   BOOLEAN      NOT NULL
);

CREATE TABLE suite_architectures (
    suite VARCHAR(100) NOT NULL REFERENCES suites (name) ON DELETE CASCADE,
    arch  VARCHAR(64)  NOT NULL REFERENCES architectures (name),
    PRIMARY KEY (suite, arch)
);

-- One row per (suite, architecture, source package): wanna-build's packages table.
CREATE TABLE packages (
    suite                      VARCHAR(100) NOT NULL,
    arch                       VARCHAR(64)  NOT NULL,
    package                    VARCHAR(200) NOT NULL,
    version                    VARCHAR(200) NOT NULL,
    state                      VARCHAR(32)  NOT NULL,
    section                    VARCHAR(200),
    priority                   VARCHAR(100),
    installed_version          VARCHAR(200),
    previous_state             VARCHAR(32),
    state_change               BIGINT       NOT NULL,
    notes                      VARCHAR(200),
    builder                    VARCHAR(200),
    failed                     VARCHAR(1000000),
    old_failed                 VARCHAR(1000000),
    failed_category            VARCHAR(32),
    binary_nmu_version         INTEGER      NOT NULL DEFAULT 0,
    binary_nmu_changelog       VARCHAR(4000),
    depends                    VARCHAR(20000),
    bd_problem                 VARCHAR(1000000),
    buildpri                   INTEGER      NOT NULL DEFAULT 0,
    permbuildpri               INTEGER      NOT NULL DEFAULT 0,
    last_build_ms              BIGINT,
    last_success_build_ms      BIGINT,
    -- calprio without the waiting days, and with them as of the last write or refresh (the build queue order)
    calprio_base               INTEGER      NOT NULL DEFAULT 0,
    calprio                    INTEGER      NOT NULL DEFAULT 0,
    PRIMARY KEY (suite, arch, package),
    FOREIGN KEY (suite, arch) REFERENCES suite_architectures (suite, arch)
);

-- The build queue: takeNext reads the first unlocked Needs-Build row in this order; lists filter by state.
CREATE INDEX packages_queue ON packages (suite, arch, state, calprio DESC, state_change, package);
CREATE INDEX packages_builder ON packages (builder);

-- Every state change: wanna-build's transactions table.
CREATE TABLE transactions (
    id             ${identity},
    suite          VARCHAR(100) NOT NULL,
    arch           VARCHAR(64)  NOT NULL,
    package        VARCHAR(200) NOT NULL,
    version        VARCHAR(200),
    action         VARCHAR(100) NOT NULL,
    previous_state VARCHAR(32),
    state          VARCHAR(32),
    user_name      VARCHAR(200) NOT NULL,
    changed_at     BIGINT       NOT NULL,
    message        VARCHAR(1000000)
);
CREATE INDEX transactions_package ON transactions (suite, arch, package);

-- Every build: wanna-build's pkg_history table.
CREATE TABLE pkg_history (
    id            ${identity},
    suite         VARCHAR(100) NOT NULL,
    arch          VARCHAR(64)  NOT NULL,
    package       VARCHAR(200) NOT NULL,
    version       VARCHAR(200) NOT NULL,
    built_at      BIGINT       NOT NULL,
    result        VARCHAR(32)  NOT NULL,
    build_time_ms BIGINT,
    disk_space    BIGINT,
    builder       VARCHAR(200)
);
CREATE INDEX pkg_history_package ON pkg_history (suite, arch, package);

-- The per-suite maintenance lock, held while an archive merge runs.
CREATE TABLE maintenance_locks (
    suite  VARCHAR(100) NOT NULL PRIMARY KEY,
    holder VARCHAR(200) NOT NULL,
    since  BIGINT       NOT NULL
);

CREATE TABLE settings (
    name  VARCHAR(100)  NOT NULL PRIMARY KEY,
    setting_value VARCHAR(4000) NOT NULL
);
