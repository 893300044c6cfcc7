package io.jenkins.plugins.debianbuildd.relation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.debianbuildd.formats.Deb822;
import io.jenkins.plugins.debianbuildd.formats.FormatException;
import io.jenkins.plugins.debianbuildd.formats.Paragraph;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RelationListTest {

    @Test
    void parsesEveryPartOfARelation() {
        RelationList l = RelationList.parse(
                "debhelper-compat (= 13), libc6-dev:native | libc-dev [!hurd-any] | python3:any (>= 3.11~) <!nocheck> <stage1 cross>,\n gcc-13 [amd64 arm64]");
        assertThat(l.size()).isEqualTo(3);
        Relation dh = l.alternatives().get(0).first();
        assertThat(dh.name()).isEqualTo("debhelper-compat");
        assertThat(dh.op()).isEqualTo(RelationOp.EQ);
        assertThat(dh.version()).hasToString("13");

        Alternatives libc = l.alternatives().get(1);
        assertThat(libc.relations()).hasSize(3);
        assertThat(libc.relations().get(0).archQualifier()).isEqualTo("native");
        assertThat(libc.relations().get(1).archRestrictions()).containsExactly("!hurd-any");
        Relation py = libc.relations().get(2);
        assertThat(py.archQualifier()).isEqualTo("any");
        assertThat(py.op()).isEqualTo(RelationOp.GE);
        assertThat(py.profiles()).containsExactly(java.util.List.of("!nocheck"), java.util.List.of("stage1", "cross"));
        assertThat(l.alternatives().get(2).first().archRestrictions()).containsExactly("amd64", "arm64");
        assertThat(l).hasToString("debhelper-compat (= 13), libc6-dev:native | libc-dev [!hurd-any] | python3:any (>= 3.11~) <!nocheck> <stage1 cross>, gcc-13 [amd64 arm64]");
        assertThat(RelationList.parse(l.toString())).isEqualTo(l);
    }

    @Test
    void toleratesWhitespaceTrailingCommaAndObsoleteOperators() {
        RelationList l = RelationList.parse("  a(>=1.0)  ,b(<1),c (>2), ");
        assertThat(l).hasToString("a (>= 1.0), b (<= 1), c (>= 2)");
        assertThat(RelationList.parse("")).isEqualTo(RelationList.EMPTY);
        assertThat(RelationList.parse("  \n ")).isEqualTo(RelationList.EMPTY);
    }

    @Test
    void reducesForHostArchitectureAndProfilesAsDpkgCheckbuilddeps() {
        RelationList bd = RelationList.parse(
                "debhelper-compat (= 13), libasound2-dev [linux-any], libfreebsd-dev [kfreebsd-any], "
                        + "check <!nocheck>, doc-tool <!nodoc> | other [i386], cross-only <cross>, "
                        + "x32-thing [!amd64 !i386], arm-thing [any-arm]");
        assertThat(bd.reduce("amd64", Set.of()))
                .hasToString("debhelper-compat (= 13), libasound2-dev, check, doc-tool");
        assertThat(bd.reduce("amd64", Set.of("nocheck", "nodoc")))
                .hasToString("debhelper-compat (= 13), libasound2-dev");
        assertThat(bd.reduce("i386", Set.of("nodoc", "cross")))
                .hasToString("debhelper-compat (= 13), libasound2-dev, check, other, cross-only");
        assertThat(bd.reduce("armhf", Set.of()))
                .hasToString("debhelper-compat (= 13), libasound2-dev, check, doc-tool, x32-thing, arm-thing");
        assertThat(bd.reduce("kfreebsd-amd64", Set.of()))
                .hasToString("debhelper-compat (= 13), libfreebsd-dev, check, doc-tool, x32-thing");
    }

    @Test
    void firstAlternativesAsSbuildResolvesThem() {
        assertThat(RelationList.parse("a | b, c, d (>= 1) | e").firstAlternatives()).hasToString("a, c, d (>= 1)");
    }

    @Test
    void versionConstraintsCompareAsDpkg() {
        Relation r = Relation.of("libc6", RelationOp.GE, "2.36");
        assertThat(r.acceptsVersion(io.jenkins.plugins.debianbuildd.version.DebianVersion.parse("2.36-9"))).isTrue();
        assertThat(r.acceptsVersion(io.jenkins.plugins.debianbuildd.version.DebianVersion.parse("2.36~rc1"))).isFalse();
        Relation lt = Relation.of("x", RelationOp.LT, "1.0");
        assertThat(lt.acceptsVersion(io.jenkins.plugins.debianbuildd.version.DebianVersion.parse("1.0~beta"))).isTrue();
        assertThat(lt.acceptsVersion(io.jenkins.plugins.debianbuildd.version.DebianVersion.parse("1.0"))).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', value = {
        "a (=> 1.0)# unknown version operator '=>'",
        "a (!= 1.0)# unknown version operator '!='",
        "a (== 1.0)# unknown version operator '=='",
        "a (<> 1.0)# unknown version operator '<>'",
        "a (1.0)# missing version operator",
        "a (>= )# missing version after '>='",
        "a (>= 1.0# missing ')'",
        "a (>= a1)# does not start with digit",
        "a [amd64 !i386]# mixes negated and plain entries",
        "a [amd64# missing ']'",
        "a <!nocheck# missing '>'",
        "a <># empty build profile restriction",
        "a, , b# empty relation",
        ", a# empty relation",
        "a | , b# empty relation",
        "a b# unexpected 'b'",
        "-a# expected a package name",
        "a:# empty architecture qualifier",
    })
    void malformedRelationsAreClearErrors(String field, String reason) {
        assertThatThrownBy(() -> RelationList.parse(field))
                .isInstanceOf(RelationParseException.class)
                .hasMessageContaining(reason)
                .hasMessageContaining(field.strip());
    }

    @Test
    void errorsFromAParagraphNameFileLineAndPackage() {
        Paragraph p = Deb822.parseSingle("Package: hello\nVersion: 1\nBuild-Depends: a,\n b (>> x)\n", "Sources");
        assertThatThrownBy(() -> RelationList.parse(p, "Build-Depends"))
                .isInstanceOf(FormatException.class)
                .hasMessageStartingWith("Sources:3: hello: Build-Depends: ")
                .hasMessageContaining("invalid version 'x'");
    }
}
