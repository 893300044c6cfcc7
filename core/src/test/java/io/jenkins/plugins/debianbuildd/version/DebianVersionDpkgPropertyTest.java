package io.jenkins.plugins.debianbuildd.version;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.debianbuildd.archive.SourcePackage;
import io.jenkins.plugins.debianbuildd.formats.Deb822;
import io.jenkins.plugins.debianbuildd.testsupport.DpkgOracle;
import io.jenkins.plugins.debianbuildd.testsupport.TrixieSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.junit.jupiter.api.Assertions;

/**
 * Our version comparison against the real libdpkg ({@code dpkg_version_compare}, the code behind
 * {@code dpkg --compare-versions}), on pairs drawn from every version in trixie's Sources and on generated
 * edge cases. Pairs are checked in batches so that thousands cost one oracle process.
 */
class DebianVersionDpkgPropertyTest {
    private static List<String> realVersions;

    @BeforeContainer
    static void loadRealVersions() throws Exception {
        Set<String> versions = new LinkedHashSet<>();
        Deb822.forEach(TrixieSnapshot.index("main/source/Sources"), p -> versions.add(p.get("Version")));
        realVersions = new ArrayList<>(versions);
        assertThat(realVersions).hasSizeGreaterThan(10_000);
    }

    @Property(tries = 4)
    void realArchiveVersionsCompareAsDpkg(@ForAll("realPairs") List<String[]> pairs) throws Exception {
        checkAgainstDpkg(pairs);
    }

    @Property(tries = 4)
    void generatedEdgeCasesCompareAsDpkg(@ForAll("generatedPairs") List<String[]> pairs) throws Exception {
        checkAgainstDpkg(pairs);
    }

    @Property(tries = 3)
    void validityAgreesWithDpkg(@ForAll("noisyVersions") List<String> versions) throws Exception {
        List<String[]> pairs = versions.stream().map(v -> new String[] {v, "1"}).toList();
        List<Integer> dpkg = DpkgOracle.compare(pairs);
        for (int i = 0; i < versions.size(); i++) {
            String v = versions.get(i);
            if (hasSignedEpoch(v)) {
                // dpkg reads the epoch with strtol(), which takes "+1:" and "-0:"; Policy 5.6.12 says an
                // epoch is an unsigned integer, and dpkg-source's Dpkg::Version rejects them too. We follow Policy.
                assertThat(DebianVersion.isValid(v)).as("signed epoch in '%s'", v).isFalse();
                continue;
            }
            assertThat(DebianVersion.isValid(v)).as("validity of '%s' (dpkg: %s)", v, dpkg.get(i) == null ? "rejects" : "accepts")
                    .isEqualTo(dpkg.get(i) != null);
        }
    }

    private static boolean hasSignedEpoch(String v) {
        return (v.startsWith("+") || v.startsWith("-")) && v.indexOf(':') > 1;
    }

    /** A few hundred pairs through the dpkg command itself, not only through libdpkg. */
    @Property(tries = 1)
    void agreesWithTheDpkgCommand(@ForAll("realPairs") List<String[]> pairs) throws Exception {
        for (String[] p : pairs.subList(0, 150)) {
            int ours = DebianVersion.compare(p[0], p[1]);
            assertThat(DpkgOracle.dpkgCompareVersions(p[0], "lt", p[1])).as("%s lt %s", p[0], p[1]).isEqualTo(ours < 0);
            assertThat(DpkgOracle.dpkgCompareVersions(p[0], "eq", p[1])).as("%s eq %s", p[0], p[1]).isEqualTo(ours == 0);
        }
    }

    private static void checkAgainstDpkg(List<String[]> pairs) throws Exception {
        List<Integer> dpkg = DpkgOracle.compare(pairs);
        for (int i = 0; i < pairs.size(); i++) {
            String a = pairs.get(i)[0];
            String b = pairs.get(i)[1];
            Integer expected = dpkg.get(i);
            if (expected == null) {
                Assertions.fail("dpkg rejects a version of the pair (" + a + ", " + b + ") that the generator meant to be valid");
            }
            int ours = Integer.signum(DebianVersion.parse(a).compareTo(DebianVersion.parse(b)));
            assertThat(ours).as("compare(%s, %s)", a, b).isEqualTo(expected);
            if (ours == 0) {
                assertThat(DebianVersion.parse(a).hashCode()).as("hash of equal %s, %s", a, b).isEqualTo(DebianVersion.parse(b).hashCode());
            }
        }
    }

    @Provide
    Arbitrary<List<String[]>> realPairs() {
        // Unrelated versions differ early; nearby ones (a version and a variant of it, or two versions of
        // similar names) exercise the interesting parts of the algorithm.
        Arbitrary<String> real = Arbitraries.of(realVersions);
        Arbitrary<String> suffix = Arbitraries.of("", "", "~", "~rc1", "+b1", "+b10", "a", ".0", ".1", "-1", "+dfsg", "~bpo12+1", "+really1.0", "0");
        Arbitrary<String[]> variant = Combinators.combine(real, suffix, suffix).as((v, s1, s2) -> new String[] {v + s1, v + s2});
        Arbitrary<String[]> neighbours = Arbitraries.integers().between(0, realVersions.size() - 2)
                .map(i -> new String[] {realVersions.get(i), realVersions.get(i + 1)});
        Arbitrary<String[]> random = Combinators.combine(real, real).as((a, b) -> new String[] {a, b});
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, variant),
                net.jqwik.api.Tuple.of(2, neighbours),
                net.jqwik.api.Tuple.of(1, random)).list().ofSize(2500);
    }

    @Provide
    Arbitrary<List<String[]>> generatedPairs() {
        Arbitrary<String> v = generatedVersion();
        Arbitrary<String[]> independent = Combinators.combine(v, v).as((a, b) -> new String[] {a, b});
        Arbitrary<String[]> close = Combinators.combine(v, Arbitraries.of("~", "a", "0", ".", "+", "~~", "1", "-0", "-1"))
                .as((a, s) -> new String[] {a, s.startsWith("-") && a.contains("-") ? a : a + s});
        return Arbitraries.oneOf(independent, close).list().ofSize(2500);
    }

    static Arbitrary<String> generatedVersion() {
        Arbitrary<String> epoch = Arbitraries.of("", "", "", "0:", "1:", "2:", "10:", "00:");
        Arbitrary<String> upstream = Combinators.combine(
                Arbitraries.strings().withChars("0123456789").ofMinLength(1).ofMaxLength(3),
                Arbitraries.strings().withChars("0019.+~azAZ").ofMinLength(0).ofMaxLength(8))
                .as((d, rest) -> d + rest);
        Arbitrary<String> revision = Arbitraries.oneOf(
                Arbitraries.just(""),
                Arbitraries.strings().withChars("0019.+~abzB").ofMinLength(1).ofMaxLength(6).map(r -> "-" + r));
        return Combinators.combine(epoch, upstream, revision).as((e, u, r) -> e + u + r);
    }

    @Provide
    Arbitrary<List<String>> noisyVersions() {
        Arbitrary<String> noise = Arbitraries.strings().withChars("019azAZ.+~-:_!@/").ofMinLength(1).ofMaxLength(10);
        return Combinators.combine(Arbitraries.of(true, false), noise).as((digitFirst, s) -> digitFirst ? "1" + s : s)
                .list().ofSize(3000);
    }
}
