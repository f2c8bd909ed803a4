package io.nat64.core.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The boundaries of shared/style.md, as build failures: JNA only in core's tun package, no console output. */
class ArchitectureTest {
    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.nat64.core");
    }

    @Test
    void jnaIsUsedOnlyInTheTunPackage() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.nat64.core.tun..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.sun.jna..")
                .allowEmptyShould(true)
                .check(core);
    }

    @Test
    void coreNeverWritesToTheConsole() {
        noClasses()
                .should()
                .accessField(System.class, "out")
                .orShould()
                .accessField(System.class, "err")
                .check(core);
    }

    @Test
    void tablesAndStateMachineOwnNoThreadsAndReadNoClock() {
        noClasses()
                .that()
                .resideInAnyPackage("io.nat64.core.session..", "io.nat64.core.pool..", "io.nat64.core.packet..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("reactor..", "java.util.concurrent..")
                .orShould()
                .callMethod(System.class, "currentTimeMillis")
                .orShould()
                .callMethod(System.class, "nanoTime")
                .check(core);
    }

    @Test
    void coreUsesNoNettyRsocketJacksonOrPicocli() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.netty..", "io.rsocket..", "com.fasterxml.jackson..", "picocli..")
                .check(core);
    }
}
