package io.jenkins.plugins.debianbuildd.wannabuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class NamesAndCategoriesTest {

    @ParameterizedTest
    @EnumSource(State.class)
    void stateNamesReadBackIgnoringCase(State s) {
        assertThat(State.parse(s.toString())).isEqualTo(s);
        assertThat(State.parse(s.toString().toUpperCase())).isEqualTo(s);
        assertThat(State.parse(s.toString().toLowerCase())).isEqualTo(s);
        assertThat(State.parse(s.name())).isEqualTo(s);
    }

    @Test
    void theFifteenStatesHaveDebiansNames() {
        assertThat(State.values()).extracting(State::toString).containsExactly("Needs-Build", "Building", "Built",
                "Build-Attempted", "Uploaded", "Installed", "Dep-Wait", "BD-Uninstallable", "Failed", "Not-For-Us",
                "Auto-Not-For-Us", "Failed-Removed", "Dep-Wait-Removed", "Install-Wait", "Reupload-Wait");
        assertThatThrownBy(() -> State.parse("Compiling")).hasMessageContaining("unknown state 'Compiling'")
                .hasMessageContaining("Needs-Build");
    }

    @ParameterizedTest
    @CsvSource({"e, EASY", "easy, EASY", "M, MEDIUM", "h, HARD", "c, COMPILER_ERROR", "compiler-error, COMPILER_ERROR",
        "f, FIX_EXPECTED", "r, REMINDER_SENT", "n, NMU_OFFERED", "u, UPLOADED_FIXED_PKG", "none, NONE"})
    void categoriesAndTheirAbbreviations(String text, FailedCategory c) {
        assertThat(FailedCategory.parse(text)).isEqualTo(c);
    }

    @Test
    void aCategoryPrefixIsSplitOffTheMessage() {
        FailedCategory.Categorized c = FailedCategory.split("[e]\nmissing #include <string.h>");
        assertThat(c.category()).isEqualTo(FailedCategory.EASY);
        assertThat(c.message()).isEqualTo("missing #include <string.h>");
        assertThat(FailedCategory.split("[compiler-error] \tICE in gcc").message()).isEqualTo("ICE in gcc");
        assertThat(FailedCategory.split("plain message [e]").category()).isNull();
        assertThatThrownBy(() -> FailedCategory.split("[bogus] x")).hasMessageContaining("unknown failure category 'bogus'");
    }
}
