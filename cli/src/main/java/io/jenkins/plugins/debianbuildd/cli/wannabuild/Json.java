package io.jenkins.plugins.debianbuildd.cli.wannabuild;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.debianbuildd.wannabuild.PackageRecord;
import io.jenkins.plugins.debianbuildd.wannabuild.Priorities;
import io.jenkins.plugins.debianbuildd.wannabuild.State;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The {@code --json} output: one JSON object per invocation, with the shapes documented in
 * docs/wanna-build.md. Every key is always present (null when there is no value), in a fixed order, so that
 * scripts can rely on the shape.
 */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    static ArrayNode strings(List<String> values) {
        ArrayNode a = array();
        values.forEach(a::add);
        return a;
    }

    static String write(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One package row, with the derived values wanna-build shows ({@code calprio}, {@code stateDays}). */
    static ObjectNode record(PackageRecord r, Priorities priorities, Instant now) {
        ObjectNode o = object();
        o.put("suite", r.suite());
        o.put("arch", r.arch());
        o.put("package", r.packageName());
        o.put("version", r.version().toString());
        o.put("buildVersion", r.buildVersion().toString());
        o.put("state", r.state().debianName());
        o.put("previousState", name(r.previousState()));
        o.put("stateChange", r.stateChange().toString());
        o.put("builder", r.builder());
        o.put("section", r.section());
        o.put("priority", r.priority());
        o.put("notes", r.notes());
        o.put("installedVersion", r.installedVersion() == null ? null : r.installedVersion().toString());
        o.put("failed", r.failed());
        o.put("failedCategory", r.failedCategory() == null ? null : r.failedCategory().debianName());
        o.put("oldFailed", r.oldFailed());
        o.put("depends", r.depends());
        o.put("bdProblem", r.bdProblem());
        o.put("binNmuVersion", r.binNmuVersion());
        o.put("binNmuChangelog", r.binNmuChangelog());
        o.put("buildPriority", r.buildPri());
        o.put("permBuildPriority", r.permBuildPri());
        o.put("calprio", priorities.calprio(r, now));
        o.put("stateDays", Priorities.stateDays(r, now));
        o.put("lastBuildSeconds", seconds(r.lastBuildTime()));
        o.put("lastSuccessfulBuildSeconds", seconds(r.lastSuccessfulBuildTime()));
        return o;
    }

    static String name(State s) {
        return s == null ? null : s.debianName();
    }

    private static Long seconds(Duration d) {
        return d == null ? null : d.getSeconds();
    }
}
