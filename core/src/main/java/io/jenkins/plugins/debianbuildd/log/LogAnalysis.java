package io.jenkins.plugins.debianbuildd.log;

import java.util.List;
import java.util.Map;

/**
 * Everything the analyzer found in one log.
 *
 * @param format which builder wrote it
 * @param lines number of lines read
 * @param sections sections and sub-sections in log order
 * @param errors the first error findings (at most {@link BuildLogAnalyzer#MAX_KEPT})
 * @param warnings the first warning findings (at most {@link BuildLogAnalyzer#MAX_KEPT})
 * @param errorCount all error lines, including those not kept
 * @param warningCount all warning lines, including those not kept
 * @param counts lines per kind
 * @param summary sbuild's summary fields ({@code Status}, {@code Fail-Stage}, {@code Build-Time}, ...), in log order
 * @param diagnosis how the build ended and why
 */
public record LogAnalysis(LogFormat format, long lines, List<LogSection> sections, List<Finding> errors,
                          List<Finding> warnings, long errorCount, long warningCount, Map<FindingKind, Long> counts,
                          Map<String, String> summary, Diagnosis diagnosis) {
    public LogAnalysis {
        sections = List.copyOf(sections);
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        counts = Map.copyOf(counts);
        summary = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(summary));
    }

    /** Level-1 sections only, in order. */
    public List<LogSection> topSections() {
        return sections.stream().filter(s -> s.level() == 1).toList();
    }

    public List<String> sectionTitles() {
        return topSections().stream().map(LogSection::title).toList();
    }

    public long count(FindingKind kind) {
        return counts.getOrDefault(kind, 0L);
    }
}
