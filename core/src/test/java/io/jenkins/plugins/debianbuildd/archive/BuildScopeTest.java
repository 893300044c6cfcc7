package io.jenkins.plugins.debianbuildd.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BuildScopeTest {
    private static final List<String> ARCHS = List.of("amd64", "arm64", "armhf", "i386");

    @Test
    void archAllIsBuiltOnceOnTheDesignatedArchitecture() {
        assertThat(BuildScope.plan(List.of("all"), ARCHS, "amd64")).containsExactly(
                java.util.Map.entry("amd64", BuildScope.ARCH_ALL_ONLY),
                java.util.Map.entry("arm64", BuildScope.AUTO_NOT_FOR_US),
                java.util.Map.entry("armhf", BuildScope.AUTO_NOT_FOR_US),
                java.util.Map.entry("i386", BuildScope.AUTO_NOT_FOR_US));
        assertThat(BuildScope.of(List.of("all"), "arm64", "arm64")).isEqualTo(BuildScope.ARCH_ALL_ONLY);
    }

    @Test
    void wildcardsAndListsSelectArchitectures() {
        assertThat(BuildScope.of(List.of("any"), "armhf", "amd64")).isEqualTo(BuildScope.ARCH_DEPENDENT);
        assertThat(BuildScope.of(List.of("linux-any"), "arm64", "amd64")).isEqualTo(BuildScope.ARCH_DEPENDENT);
        assertThat(BuildScope.of(List.of("any-amd64"), "arm64", "amd64")).isEqualTo(BuildScope.NOT_FOR_THIS_ARCH);
        assertThat(BuildScope.of(List.of("any-arm"), "armhf", "amd64")).isEqualTo(BuildScope.ARCH_DEPENDENT);
        assertThat(BuildScope.of(List.of("amd64", "arm64"), "i386", "amd64")).isEqualTo(BuildScope.NOT_FOR_THIS_ARCH);
        assertThat(BuildScope.of(List.of("amd64", "all"), "i386", "amd64")).isEqualTo(BuildScope.AUTO_NOT_FOR_US);
        assertThat(BuildScope.of(List.of("amd64", "all"), "i386", "i386")).isEqualTo(BuildScope.ARCH_ALL_ONLY);
    }

    @Test
    void archAllBinariesGoWithTheDesignatedArchitecturesBuild() {
        List<String> anyAll = List.of("any", "all");
        assertThat(BuildScope.of(anyAll, "amd64", "amd64").buildsArchAll(anyAll, "amd64", "amd64")).isTrue();
        assertThat(BuildScope.of(anyAll, "arm64", "amd64").buildsArchAll(anyAll, "arm64", "amd64")).isFalse();
        assertThat(BuildScope.of(List.of("any"), "amd64", "amd64").buildsArchAll(List.of("any"), "amd64", "amd64")).isFalse();
        assertThat(BuildScope.AUTO_NOT_FOR_US.builds()).isFalse();
    }
}
