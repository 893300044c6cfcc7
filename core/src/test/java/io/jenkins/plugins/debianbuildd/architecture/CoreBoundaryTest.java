package io.jenkins.plugins.debianbuildd.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The boundary that keeps core a plain library (as analysis-model is to warnings-ng): no Jenkins types,
 * and the format layers below the domain layers that use them.
 */
@AnalyzeClasses(packages = "io.jenkins.plugins.debianbuildd", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreBoundaryTest {

    @ArchTest
    static final ArchRule noJenkinsTypesInCore = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("hudson..", "jenkins..", "org.kohsuke..", "org.jenkinsci..")
            .because("core is tested without Jenkins; the plugin module is the only place for Jenkins glue");

    @ArchTest
    static final ArchRule formatsStayBelowTheDomain = noClasses()
            .that().resideInAnyPackage("..debianbuildd.formats..", "..debianbuildd.version..", "..debianbuildd.relation..",
                    "..debianbuildd.arch..", "..debianbuildd.openpgp..", "..debianbuildd.exec..")
            .should().dependOnClassesThat().resideInAnyPackage("..debianbuildd.wannabuild..", "..debianbuildd.merge..",
                    "..debianbuildd.build..", "..debianbuildd.log..", "..debianbuildd.repo..", "..debianbuildd.incoming..",
                    "..debianbuildd.chroot..")
            .because("Debian formats are the foundation every feature uses, and use none of them");

    @ArchTest
    static final ArchRule versionsDependOnNothingElse = noClasses()
            .that().resideInAPackage("..debianbuildd.version..")
            .should().dependOnClassesThat().resideInAnyPackage("..debianbuildd.formats..", "..debianbuildd.relation..",
                    "..debianbuildd.archive..");

    @ArchTest
    static final ArchRule logAnalysisStandsAlone = noClasses()
            .that().resideInAPackage("..debianbuildd.log..")
            .should().dependOnClassesThat().resideInAnyPackage("..debianbuildd.build..", "..debianbuildd.chroot..",
                    "..debianbuildd.wannabuild..")
            .because("a Jenkins console annotator uses the log analyzer alone, on any log");

    @ArchTest
    static final ArchRule buildersDoNotKnowWannaBuild = noClasses()
            .that().resideInAnyPackage("..debianbuildd.build..", "..debianbuildd.chroot..")
            .should().dependOnClassesThat().resideInAnyPackage("..debianbuildd.wannabuild..", "..debianbuildd.merge..",
                    "..debianbuildd.repo..", "..debianbuildd.incoming..")
            .because("the daemon applies a build's Disposition to wanna-build; builders only build");

    @ArchTest
    static final ArchRule chrootsDoNotKnowBuilds = noClasses()
            .that().resideInAPackage("..debianbuildd.chroot..")
            .should().dependOnClassesThat().resideInAnyPackage("..debianbuildd.build..", "..debianbuildd.log..");
}
