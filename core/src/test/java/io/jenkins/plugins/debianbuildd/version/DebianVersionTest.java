package io.jenkins.plugins.debianbuildd.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DebianVersionTest {

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = ' ', value = {
        "1.0 = 1.0",
        "1.0 < 2.0",
        "0:1.0 = 1.0",
        "1.0-0 = 1.0",
        "1.0 = 1.0-0",
        "1:0.1 > 9.9",
        "1.0~rc1 < 1.0",
        "1.0~rc1 < 1.0~rc2",
        "1.0~~ < 1.0~",
        "1.0~~a < 1.0~",
        "1.0~~ < 1.0~~a",
        "1.0 < 1.0a",
        "1.0a < 1.0.",
        "1.0a < 1.0+",
        "1.0+ < 1.0.",
        "1.2.3 < 1.2.10",
        "001 = 1",
        "1.00 = 1.0",
        "1. = 1.0",
        "1.0-1 < 1.0-1+b1",
        "1.0-1+b1 < 1.0-1.1",
        "1.0-1+b2 < 1.0-1+b10",
        "2.30-1 > 2.3-1",
        "1.0-1~bpo12+1 < 1.0-1",
        "7:0 > 6:99999",
        "1.0-A < 1.0-a",
        "1.0-Z < 1.0-a",
        // The leading digit run (compared first, without walking the strings when it differs).
        "010 > 9",
        "10 > 9.99",
        "00 = 0",
        "9 < 2147483648",
        "2147483648 < 2147483649",
        "99999999999999999999 > 2147483647",
        "99999999999999999999 < 100000000000000000000",
        "1a > 1",
        "1-a > 1-9",
        "10~ > 2-1",
        "1.10 > 1.9",
        "1.010 = 1.10",
        "1.2 < 1.2.1",
        "1.2a > 1.2",
        "1.3~rc1 > 1.2.99",
        "1.5 > 1.4+dfsg",
        "1.4 < 1.4+dfsg",
        "1.4 > 1.4~dfsg",
        "1.2147483648 > 1.2147483647",
    })
    void comparesAsDpkg(String a, String op, String b) {
        int c = DebianVersion.parse(a).compareTo(DebianVersion.parse(b));
        switch (op) {
            case "=" -> assertThat(c).as("%s = %s", a, b).isZero();
            case "<" -> assertThat(c).as("%s < %s", a, b).isNegative();
            default -> assertThat(c).as("%s > %s", a, b).isPositive();
        }
        assertThat(Integer.signum(DebianVersion.parse(b).compareTo(DebianVersion.parse(a)))).isEqualTo(-Integer.signum(c));
    }

    @Test
    void policyTildeExampleSortsInOrder() {
        // Policy 5.6.12: ~~, ~~a, ~, the empty part, a.
        List<DebianVersion> expected = new ArrayList<>();
        for (String s : new String[] {"1~~", "1~~a", "1~", "1", "1a"}) {
            expected.add(DebianVersion.parse(s));
        }
        List<DebianVersion> shuffled = new ArrayList<>(expected);
        Collections.reverse(shuffled);
        Collections.sort(shuffled);
        assertThat(shuffled).extracting(DebianVersion::toString).containsExactly("1~~", "1~~a", "1~", "1", "1a");
    }

    @Test
    void splitsEpochUpstreamAndRevisionAtTheRightColonAndHyphen() {
        DebianVersion v = DebianVersion.parse("2:1.2-beta-3:4-5ubuntu1");
        assertThat(v.epoch()).isEqualTo(2);
        assertThat(v.upstream()).isEqualTo("1.2-beta-3:4");
        assertThat(v.revision()).isEqualTo("5ubuntu1");
        assertThat(v.toString()).isEqualTo("2:1.2-beta-3:4-5ubuntu1");
        assertThat(v.withoutEpoch()).isEqualTo("1.2-beta-3:4-5ubuntu1");

        DebianVersion nat = DebianVersion.parse("20240101");
        assertThat(nat.hasRevision()).isFalse();
        assertThat(nat.revision()).isEmpty();
    }

    @Test
    void equalVersionsHashAlike() {
        String[][] equal = {{"1.0", "0:1.0"}, {"1.0", "1.0-0"}, {"1.0", "1.00"}, {"1.", "1.0"}, {"a0b", "a0b"}, {"01.02", "1.2"}};
        for (String[] e : equal) {
            String a = e[0].startsWith("a") ? "1" + e[0] : e[0];
            String b = e[1].startsWith("a") ? "1" + e[1] : e[1];
            DebianVersion va = DebianVersion.parse(a);
            DebianVersion vb = DebianVersion.parse(b);
            assertThat(va).isEqualTo(vb);
            assertThat(va.hashCode()).as("%s vs %s", a, b).isEqualTo(vb.hashCode());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "'~'| does not start with digit",
        "1.0 1| embedded spaces",
        "a1.0| does not start with digit",
        "1.0-| revision number is empty",
        ":1.0| epoch in version is empty",
        "a:1.0| epoch in version is not number",
        "1:| nothing after colon",
        "1.0_1| invalid character '_' in version number",
        "1.0-1_2| invalid character '_' in revision number",
        "1:1.0-1:2| invalid character ':' in revision number",
        "-1| version number is empty",
        "99999999999:1| epoch in version is too big",
        "1.0/../x| invalid character '/'",
    })
    void rejectsWhatPolicyAndDpkgReject(String version, String reason) {
        assertThatThrownBy(() -> DebianVersion.parse(version))
                .isInstanceOf(InvalidVersionException.class)
                .hasMessageContaining(reason)
                .hasMessageContaining("'" + version + "'");
        assertThat(DebianVersion.isValid(version)).isFalse();
    }

    @Test
    void rejectsEmptyAndBlank() {
        assertThatThrownBy(() -> DebianVersion.parse("")).hasMessageContaining("version string is empty");
        assertThatThrownBy(() -> DebianVersion.parse("  ")).hasMessageContaining("version string is empty");
    }

    @Test
    void recognisesBinNmus() {
        DebianVersion v = DebianVersion.parse("1.2-3+b1");
        assertThat(v.isBinNmu()).isTrue();
        assertThat(v.binNmuNumber()).isEqualTo(1);
        assertThat(v.withoutBinNmu()).hasToString("1.2-3");
        assertThat(DebianVersion.parse("1:2.0+b12").binNmuNumber()).isEqualTo(12);
        assertThat(DebianVersion.parse("1:2.0+b12").withoutBinNmu()).hasToString("1:2.0");
        assertThat(DebianVersion.parse("1.2-3").isBinNmu()).isFalse();
        assertThat(DebianVersion.parse("1.2-3+b").isBinNmu()).isFalse();
        assertThat(DebianVersion.parse("1.2+bzr20-1").isBinNmu()).isFalse();
        assertThat(DebianVersion.parse("1.2-3+b1x").isBinNmu()).isFalse();
        assertThat(DebianVersion.parse("1.2-3").withBinNmu(2)).hasToString("1.2-3+b2");
        assertThat(DebianVersion.parse("1.2-3+b1").withBinNmu(2)).hasToString("1.2-3+b2");
        assertThat(DebianVersion.parse("1.2-3+b1").compareTo(DebianVersion.parse("1.2-3"))).isPositive();
    }
}
