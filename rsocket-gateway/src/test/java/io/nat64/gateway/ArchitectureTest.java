package io.nat64.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gateway's boundaries (shared/style.md), as build failures. */
class ArchitectureTest {
    private static JavaClasses gateway;

    @BeforeAll
    static void importGateway() {
        gateway = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.nat64.gateway");
    }

    @Test
    void noPicocliNoJnaNoConsole() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("picocli..", "com.sun.jna..")
                .orShould()
                .accessField(System.class, "out")
                .orShould()
                .accessField(System.class, "err")
                .check(gateway);
    }

    @Test
    void theBlockingClientAndThePayloadsStartNoEventLoop() {
        noClasses()
                .that()
                .haveSimpleNameStartingWith("BlockingGatewayClient")
                .or()
                .haveSimpleName("Json")
                .or()
                .haveSimpleName("Frames")
                .or()
                .resideInAPackage("io.nat64.gateway.api")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.netty..", "reactor..", "io.rsocket.core..", "io.rsocket.transport..")
                .check(gateway);
    }
}
